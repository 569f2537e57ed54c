/* flags: rtprof's command line, parsed with Go's flag rules as pprof's is
 * (cli.go): -flag, --flag, -flag=value, -flag value (not for bools);
 * parsing stops at the first argument that is not a flag, or after "--".
 * Config flags come from the option table, output formats from the command
 * table.  Never prints; --help text via flags_usage. */
#ifndef RT_CONSOLE_FLAGS_H
#define RT_CONSOLE_FLAGS_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/rt_error.h"
#include "base/sbuf.h"
#include "console/cmd.h"
#include "console/fetch.h"
#include "report/report.h"

struct batch {
	struct report_config cfg;	/* defaults + config flags */
	const struct cmd_entry *cmd;	/* output format, or NULL: console */
	const char *cmd_arg;		/* -list=RE's RE */
	struct fetch_opts fetch;
	bool help, version;
	const char *render;		/* -render=..., for scene files */
	int seconds;			/* -seconds, -1 unset */
	bool usage_error;		/* the error is about flag syntax or
					 * missing sources: --help helps */
};

/* Errors are pprof's texts ("flag provided but not defined: -x",
 * "must set at most one output format", ...); messages that pprof prints
 * and goes on after (`Multiple value selections, ignoring -alloc_space`) go
 * into msg.  With --help or --version set, nothing else is checked. */
int flags_parse(int argc, char **argv, struct arena *a, struct batch *b,
		struct sbuf *msg, struct rt_error *err);

/* Checks text as a value of the int-valued scene flag name ("threads",
 * "rate", "window", "repeat") as the command line does; window takes
 * 10s, 2m, 90 or all (0).  On error err holds the reason alone ("out of
 * range (1 to 256)"): callers say which flag or command it was. */
int flags_scene_value(const char *name, const char *text, int *out,
		      struct rt_error *err);

/* The text of `rtprof --help`. */
void flags_usage(struct sbuf *out);

#endif
