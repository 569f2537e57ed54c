/* render_cli: the batch command that renders one scene to a PNG.
 *
 *   rtprof -render=out.png [-threads=N] [-jobs=pixel|line|tile]
 *          [-set=KEY=VALUE]... [-size=WxH] [-repeat=N] scene.yaml
 *
 * Prints scene warnings ("rtprof: warning: FILE:L:C: ...") and then one
 * line of figures to stderr, a format scripts parse (bench/):
 *   rtprof: NAME WxH: T s/frame, R Mrays/s, A allocs/pixel (N threads,
 *           jobs=J, inverse_cache=on|off, alloc=pooled|naive) -> OUT
 * and with -repeat=N (N > 1) a second one for the fastest frame:
 *   rtprof: best of N: T s/frame, R Mrays/s, A allocs/pixel, C cpu-s/frame
 * (C: process CPU time per frame, all threads: comparable on a busy host)
 * -repeat=N renders N frames (the first warms the pools); the first line
 * then describes the last frame.
 * -size= overrides the camera's image size, keeping its view.
 * Errors are one line, "rtprof: ...", and the return value is 1.
 * The flags are parsed by the one flag parser (src/console/flags.c), which
 * checks them against the ranges below; render_cli only renders. */
#ifndef RENDER_RENDER_CLI_H
#define RENDER_RENDER_CLI_H

#include "render/switches.h"

#define RENDER_CLI_MAX_SIDE 16384	/* -size: each side 1..this */
#define RENDER_CLI_MAX_REPEAT 10000	/* -repeat: 1..this */

struct render_cli_opts {
	const char *out;		/* -render=FILE.png; NULL: not rendering */
	const char *scene;		/* the scene file */
	int threads;			/* 0: one per CPU */
	enum job_kind jobs;
	struct render_switches sw;	/* switches_default() with each -set */
	int width, height;		/* -size=WxH; 0: the camera's */
	int repeat;			/* frames to render, >= 1 */
};

/* Loads o->scene, renders o->repeat frames and saves the last to o->out.
 * Returns the process exit code. */
int render_cli(const struct render_cli_opts *o);

#endif
