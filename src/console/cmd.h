/* cmd: the one command table, tmux style.  Each src/console/cmd-NAME.c
 * exports a struct cmd_entry; cmd-table.c lists them.  Batch flags (-top),
 * the prompt (top 5 -cum), help, completion and the man page's list all
 * read the table, so a command exists in every way in or in none.
 * A command's exec writes its report into ctx->out and user-facing
 * messages into ctx->msg; it never prints, exits or touches a terminal. */
#ifndef RT_CONSOLE_CMD_H
#define RT_CONSOLE_CMD_H

#include <stdbool.h>

#include "base/rt_error.h"
#include "base/sbuf.h"
#include "profile/profile.h"
#include "report/report.h"

struct console;
struct cmd_entry;

enum cmd_flags {
	CMD_REPORT = 1 << 0,	/* pprof report command: also a batch flag */
	CMD_PARAM = 1 << 1,	/* needs one argument (list/peek regexp) */
	CMD_BINARY = 1 << 2,	/* binary output: kept away from the prompt
				 * (pprof's awayFromTTY) */
	CMD_SESSION = 1 << 3,	/* help, options, quit: not a report */
	CMD_LIVE = 1 << 4,	/* needs the live sampler (pause, threads...) */
	CMD_NO_PROFILE = 1 << 5, /* runs without a profile */
	CMD_UNSUPPORTED = 1 << 6, /* pprof has it, rtprof does not (yet) */
	CMD_OWN = 1 << 7,	/* rtprof's, not pprof's: piped help, which
				 * stays pprof's, leaves it out */
	CMD_VIEW = 1 << 8,	/* draws trees, not text (flame, sandwich);
				 * the terminal refreshes it like a report */
	CMD_STREAM = 1 << 9,	/* written in order, never revisited (traces,
				 * raw, callgrind, proto): batch output
				 * streams */
	CMD_RAW = 1 << 10,	/* bytes, not text: a stream of them goes out
				 * as it is (proto's gzip), where a text
				 * report's escaped NUL bytes are restored */
};

/* Argument specs (cmd_entry.args): "" none; "R" one regexp (report
 * commands, checked by cmdline.c); for session commands "A" exactly one
 * word, "a" at most one, "*" any; checked before exec runs. */

enum cmd_retval {
	CMD_RETURN_NORMAL,
	CMD_RETURN_ERROR,	/* message in err */
	CMD_RETURN_QUIT,
};

/* One run of a command. */
struct cmd_ctx {
	struct console *con;		/* session state: options, profile source */
	const struct profile *p;	/* the snapshot this command reports on */
	struct report_config *cfg;	/* this run's options (a copy: the
					 * command's own args do not persist) */
	const char *name;		/* the command as resolved ("top") */
	const char *arg;		/* CMD_PARAM argument, else NULL */
	int argc;			/* the words after the command (for */
	char **argv;			/* session commands such as help) */
	struct sbuf *out;		/* report bytes (stdout, pane or file) */
	struct sbuf *msg;		/* messages for the user (pprof's
					 * ui.Print/PrintErr: stderr when piped) */
	struct report_items *items;	/* rows of the report, or NULL */
};

typedef enum cmd_retval (*cmd_exec_fn)(const struct cmd_entry *self,
				       struct cmd_ctx *ctx,
				       struct rt_error *err);

struct cmd_entry {
	const char *name;
	const char *alias;	/* space-separated other names, or NULL */
	const char *help_name;	/* how `help` lists it ("o/options"), or NULL */
	const char *args;	/* argument spec: "" none, "R" one regexp */
	const char *description;/* pprof's one line */
	const char *usage;	/* pprof's usage lines, "" if none */
	enum report_cmd report;	/* for CMD_REPORT */
	const char *suffix;	/* CMD_BINARY: file name suffix at the prompt */
	unsigned flags;
	unsigned screen;	/* enum cmd_screen: what the screen must do */
	cmd_exec_fn exec;
};

/* The live console's own commands (cmd-pause.c, ...). */
#define CMD_LIVE_FLAGS (CMD_LIVE | CMD_SESSION | CMD_NO_PROFILE)

/* An argument's error in console syntax: "threads 0: <err's reason>". */
enum cmd_retval cmd_arg_error(const struct cmd_entry *self, const struct cmd_ctx *ctx,
			      struct rt_error *err);

/* The table, in listing order, NULL-terminated. */
extern const struct cmd_entry *const cmd_table[];

/* The command named (or aliased) name, or NULL. */
const struct cmd_entry *cmd_find(const char *name);

/* The command or option name nearest to word (a typo's fix), or NULL. */
const char *cmd_nearest(const char *word);

/* pprof's command.help(name): description, "  Usage:", usage lines. */
void cmd_help_text(const struct cmd_entry *e, struct sbuf *out);

/* The help listing of commands and options (pprof's usage()): with
 * command_line, as `rtprof --help` shows them ("-top"), else as `help`. */
void cmd_usage(bool command_line, struct sbuf *out);

/* cmd_usage at the prompt without the commands rtprof does not have yet
 * (the terminal and live consoles; piped help stays pprof's). */
void cmd_usage_working(struct sbuf *out);

/* Exec functions shared by several entries. */
enum cmd_retval cmd_report_exec(const struct cmd_entry *self,
				struct cmd_ctx *ctx, struct rt_error *err);
/* The viewers (web, eog, evince, gv, kcachegrind): the file pprof would
 * open, written to -output or pprof's temp folder and named on msg. */
enum cmd_retval cmd_viewer_exec(const struct cmd_entry *self,
				struct cmd_ctx *ctx, struct rt_error *err);

/* Help texts built the way pprof's reportHelp/listHelp build them. */
#define CMD_REPORT_USAGE(c) \
	c " [n] [focus_regex]* [-ignore_regex]* [-cum] >f\n" \
	"Include up to n samples\n" \
	"Include samples matching focus_regex, and exclude ignore_regex.\n" \
	"-cum sorts the output by cumulative weight\n" \
	"Optionally save the report on the file f"
#define CMD_GRAPH_USAGE(c) \
	c " [n] [focus_regex]* [-ignore_regex]* >f\n" \
	"Include up to n samples\n" \
	"Include samples matching focus_regex, and exclude ignore_regex.\n" \
	"Optionally save the report on the file f"
#define CMD_VIEWER_USAGE(c) \
	c " [n] [focus_regex]* [-ignore_regex]*\n" \
	"Include up to n samples\n" \
	"Include samples matching focus_regex, and exclude ignore_regex."
#define CMD_LIST_USAGE(c) \
	c "<func_regex|address> [-focus_regex]* [-ignore_regex]*\n" \
	"Include functions matching func_regex, or including the address specified.\n" \
	"Include samples matching focus_regex, and exclude ignore_regex."
#define CMD_LIST_REDIRECT_USAGE(c) \
	c "<func_regex|address> [-focus_regex]* [-ignore_regex]* >f\n" \
	"Include functions matching func_regex, or including the address specified.\n" \
	"Include samples matching focus_regex, and exclude ignore_regex.\n" \
	"Optionally save the report on the file f"

#endif
