/* console: pprof's interactive driver without its I/O.  A line goes in
 * (`top 5 -cum`, `nodecount=3`, `:`), report bytes and messages come out in
 * two sbufs; the piped loop, batch mode and the TUI decide where they go.
 * The profile comes from a profile_source, so the same console works over a
 * saved file and over the live sampler's snapshots.
 * All of a console's state is owned by the thread that calls it. */
#ifndef RT_CONSOLE_H
#define RT_CONSOLE_H

#include <stdbool.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/rt_error.h"
#include "base/sbuf.h"
#include "console/cmd.h"
#include "profile/profile.h"
#include "report/report.h"

/* Where the console gets the profile for each command: a saved profile
 * returns the same one every time; the live console returns the newest
 * snapshot and frees it on release. */
struct profile_source {
	const struct profile *(*acquire)(void *arg, struct rt_error *err);
	void (*release)(void *arg, const struct profile *p);	/* may be NULL */
	void *arg;
};

/* The live session as its commands see it (src/console/live.c implements
 * it over the renderer and the sampler).  Values arrive checked by the
 * command's entry; what only the session can check (a switch name, a
 * rate the timer refuses) comes back as -1 with the reason in err. */
struct live_ops {
	void (*pause)(void *live, bool paused);
	void (*reset)(void *live);
	void (*set_window)(void *live, int seconds);	/* 0: all */
	int (*set_rate)(void *live, int hz, struct rt_error *err);
	/* "cpu", "alloc", "mutex" or "block" (or an alias the sampler knows, whose
	 * name goes into *name); drops the diff base */
	int (*set_kind)(void *live, const char *kind, const char **name,
			struct rt_error *err);
	void (*set_threads)(void *live, int n);
	int (*set_jobs)(void *live, const char *jobs, struct rt_error *err);
	int (*set_switch)(void *live, const char *key_value, struct rt_error *err);
	/* every switch, its value and what it allows, a line each */
	void (*describe_switches)(void *live, struct sbuf *out);
	/* on: the current profile becomes the diff base (*seconds: how much
	 * time it covers); off: none */
	int (*set_base)(void *live, bool on, double *seconds, struct rt_error *err);
	int (*save_picture)(void *live, const char *png_path, struct rt_error *err);
	void (*set_refresh)(void *live, double seconds);
	/* The last `seconds` of the current kind in slots (sampler_series):
	 * the trend column's data.  NULL with err on failure. */
	struct profile *(*series)(void *live, int seconds, int slot_seconds,
				  struct rt_error *err);
};

/* A field of the live console's status line.  The screen keeps them in
 * order and drops the lowest priorities first when the line is too
 * narrow; a field is shown whole or not at all. */
struct status_field {
	char text[96];
	int priority;	/* higher stays longer */
};

/* What a command asks of the screen (cmd_entry.screen); the terminal
 * console reads and clears console.screen_requests after each line. */
enum cmd_screen {
	CMD_SCREEN_IMAGE = 1 << 0,	/* the picture pane: toggle it, */
	CMD_SCREEN_IMAGE_ON = 1 << 2,	/* or show it, */
	CMD_SCREEN_IMAGE_OFF = 1 << 3,	/* or hide it */
	CMD_SCREEN_FREEZE = 1 << 1,	/* stop or restart the refresh */
	CMD_SCREEN_VIEW = 1 << 4,	/* draw console.view (flame, sandwich) */
};

/* What a view command (flame, sandwich) hands the terminal: trees to
 * draw rather than text.  Filled by the command, owned by whoever set
 * console.view. */
struct console_view {
	enum { VIEW_NONE, VIEW_FLAME, VIEW_SANDWICH } kind;
	struct flame tree;	/* flame: the call tree; sandwich: the callees */
	struct flame callers;	/* sandwich: the callers, the function first */
	char title[256];	/* the sandwich's regexp */
	char sample_type[64], sample_unit[32];
};

void console_view_free(struct console_view *v);

struct console {
	struct report_config cfg;	/* pprof's currentConfig */
	struct arena strings;		/* option values set so far */
	struct profile_source src;
	bool interactive;		/* pprof's interactiveMode: binary output
					 * goes to a file, not the screen */
	void *live;			/* the live session (sampler, renderer)
					 * that CMD_LIVE commands drive; NULL
					 * over a saved profile */
	const struct live_ops *live_ops; /* set together with live */
	bool screen;			/* a terminal console shows the output:
					 * CMD_SCREEN commands can run */
	unsigned screen_requests;	/* enum cmd_screen bits asked so far */
	/* Prefix of numbered files for binary output at the prompt: NULL is
	 * pprof's "profile" (profile001.pb.gz); the live console names them
	 * after the scene and kind and says "Saved profile in FILE". */
	const char *file_prefix;
	struct rt_error no_profile;	/* why the last acquire gave nothing */
	/* Where reports describe their rows (the TUI's selection), or NULL.
	 * Holds the rows of what the last command left in out; reset by
	 * every console_exec_line. */
	struct report_items *items;
	/* Where view commands put their trees (the terminal's worker sets
	 * it); NULL: there is no screen to draw them on. */
	struct console_view *view;
};

/* cfg: the starting options (from flags), copied; its strings must outlive
 * the console. */
void console_init(struct console *c, const struct profile_source *src,
		  const struct report_config *cfg, bool interactive);
void console_free(struct console *c);

/* A profile_source over one profile that lives longer than the console. */
struct profile_source console_static_source(const struct profile *p);

/* pprof's greetings: profile labels, the "No samples were found" hint and
 * the `Entering interactive mode` line, into msg. */
void console_greeting(struct console *c, struct sbuf *msg);

/* The active filters of the console's options ("focus=x hide=y"), for
 * the status line; "" when none. */
void console_filters(const struct console *c, struct sbuf *out);

/* Executes one input line exactly as pprof's interactive loop does:
 * shortcuts, `name=value`, o/options, help, quit, report commands with
 * their words.  Errors are printed into msg (pprof goes on after them);
 * returns CMD_RETURN_QUIT for quit/exit/q. */
enum cmd_retval console_exec_line(struct console *c, const char *line,
				  struct sbuf *out, struct sbuf *msg);

/* Runs one command with a ready config (batch mode, the TUI's refresh):
 * exec, then -output/awayFromTTY routing.  Report bytes that stay for the
 * screen are left in out; warnings and "Generating report in F" go to msg. */
enum cmd_retval console_run(struct console *c, const struct cmd_entry *e,
			    const char *name, const char *arg,
			    struct report_config *cfg, int argc, char **argv,
			    const struct profile *p, struct sbuf *out,
			    struct sbuf *msg, struct rt_error *err);

/* The piped loop: prompts on out, reads lines from in until EOF or quit,
 * report bytes to out, messages to errf.  A line longer than the prompt
 * line cap is refused with one line on errf, and reading goes on. */
#define CONSOLE_MAX_LINE 65536
int console_loop(struct console *c, FILE *in, FILE *out, FILE *errf);

#endif
