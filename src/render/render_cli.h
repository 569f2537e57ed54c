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
 * Errors are one line, "rtprof: ...", and the return value is 1. */
#ifndef RENDER_RENDER_CLI_H
#define RENDER_RENDER_CLI_H

/* argv[0] is the program name; the -render= flag is among argv. Returns
 * the process exit code. */
int render_cli(int argc, char **argv);

#endif
