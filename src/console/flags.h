/* flags: rtprof's command line, parsed with Go's flag rules as pprof's is
 * (cli.go): -flag, --flag, -flag=value, -flag value (not for bools);
 * parsing stops at the first argument that is not a flag, or after "--".
 * Config flags come from the option table, output formats from the command
 * table, every other flag (sources, legacy, scene) from flags.c's table.
 * Never prints; --help text via flags_usage. */
#ifndef RT_CONSOLE_FLAGS_H
#define RT_CONSOLE_FLAGS_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/rt_error.h"
#include "base/sbuf.h"
#include "console/cmd.h"
#include "console/fetch.h"
#include "render/render_cli.h"
#include "report/report.h"
#include "sampler/sampler.h"

/* The scene flags, checked: how `rtprof [flags] scene.yaml` renders and
 * samples.  render.scene is NULL when the sources are profiles. */
struct scene_opts {
	struct render_cli_opts render;	/* the scene, -render, -threads,
					 * -jobs, -set, -size, -repeat */
	int hz;				/* -rate; 0: the sampler's default */
	enum sampler_kind kind;		/* -sample_kind */
	int window;			/* -window, seconds; 0: all */
	int seconds;			/* -seconds with an output format */
	const char *listen;		/* -listen=host:port, or NULL */
};

struct batch {
	struct report_config cfg;	/* defaults + config flags */
	const struct cmd_entry *cmd;	/* output format, or NULL: console */
	const char *cmd_arg;		/* -list=RE's RE */
	struct fetch_opts fetch;
	struct scene_opts scene;
	bool help, version;
	bool list_flags;		/* --list-flags: every flag's name */
	const char *tools;		/* -tools, else $PPROF_TOOLS; NULL: $PATH */
	bool usage_error;		/* the error is about flag syntax or
					 * missing sources: --help helps */
};

/* Errors are pprof's texts ("flag provided but not defined: -x",
 * "must set at most one output format", ...); messages that pprof prints
 * and goes on after (`Multiple value selections, ignoring -alloc_space`) go
 * into msg.  rtprof's own flags say "-threads=0: out of range (1 to 256)".
 * With --help, --version or --list-flags set, nothing else is checked. */
int flags_parse(int argc, char **argv, struct arena *a, struct batch *b,
		struct sbuf *msg, struct rt_error *err);

/* flags_parse for a command line that must render (-render=out.png ...
 * scene): *o points into argv.  For the render-only drivers (tests, bench);
 * rtprof itself calls flags_parse. */
int flags_parse_render(int argc, char **argv, struct render_cli_opts *o,
		       struct rt_error *err);

/* Checks text as a value of the int-valued scene flag name ("threads",
 * "rate", "window", "repeat", "seconds") exactly as the command line does,
 * with the table's range; "window" takes 10s, 2m, 90 or all (all: 0) and
 * gives seconds.  0 and *out set, or -1 with only the reason in err->msg
 * ("out of range (1 to 256)", "not a duration (like 10s, 2m or all)"):
 * the caller says where the text came from ("-threads=0: ", "threads 0: "). */
int flags_scene_value(const char *name, const char *text, int *out,
		      struct rt_error *err);

/* The text of `rtprof --help`: every flag, from the tables. */
void flags_usage(struct sbuf *out);

/* Every flag's name, one per line, sorted (`rtprof --list-flags`, for the
 * test that --help, the parser and the man page agree). */
void flags_list(struct sbuf *out);

#endif
