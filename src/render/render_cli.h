/* render_cli: the batch command that renders one scene to a PNG.
 *
 *   rtprof -render=out.png [-threads=N] [-jobs=pixel|line|tile]
 *          [-set=KEY=VALUE]... [-size=WxH] [-repeat=N] scene.yaml
 *
 * Prints scene warnings and then one line of figures (time, rays/s,
 * allocations per pixel) to stderr.  With -repeat=N it renders N frames
 * (the first warms the pools) and reports the last one and the fastest.
 * -size= overrides the camera's image size, keeping its view.
 * Errors are one line, "rtprof: ...", and the return value is 1. */
#ifndef RENDER_RENDER_CLI_H
#define RENDER_RENDER_CLI_H

/* argv[0] is the program name; the -render= flag is among argv. Returns
 * the process exit code. */
int render_cli(int argc, char **argv);

#endif
