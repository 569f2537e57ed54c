/* tui: the ncurses console.  It only draws and reads keys: every line the
 * user enters goes to the console (src/console), whose output it shows;
 * live information (status, the picture, whether a newer profile exists)
 * comes through the hooks, so ui/ knows nothing of the sampler or the
 * renderer.  Owns the terminal while it runs and always gives it back:
 * on quit, errors and every signal that ends it (INT, TERM, HUP, QUIT;
 * SEGV, BUS, ABRT, FPE with what is safe in a signal handler). */
#ifndef RT_TUI_H
#define RT_TUI_H

#include <signal.h>
#include <stdbool.h>

#include "console/console.h"

struct tui_hooks {
	/* The status line's fields (at most max); how many were filled. */
	size_t (*status)(void *arg, struct status_field *f, size_t max);
	/* The picture in progress: 0 with a malloc'ed w*h*3 RGB buffer, or -1
	 * when there is none (a saved profile). */
	int (*image)(void *arg, int *w, int *h, unsigned char **rgb);
	/* Whether the report should be re-run (a newer snapshot exists). */
	bool (*changed)(void *arg);
	/* Seconds between refreshes of the report pane. */
	double (*refresh_seconds)(void *arg);
	void *arg;
};

/* The signals the terminal's thread handles (job control, resize,
 * termination).  Threads started before the console (the renderer's,
 * the sampler's) should start with them blocked, so that ncurses' own
 * handlers (Ctrl-Z, resize) always run on the terminal's thread. */
void tui_signals(sigset_t *set);

/* Runs the console until quit.  hooks may be NULL (a saved profile).
 * Returns the exit status: 0, 1 on error, or 128+N when signal N (INT,
 * TERM, HUP, QUIT; Ctrl-C and Ctrl-\ are those) ended it, with the
 * terminal given back: the caller cleans up, then ends by signal N so
 * that its parent sees it (a shell loop stops on Ctrl-C). */
int tui_run(struct console *c, const struct tui_hooks *hooks, const char *title);

#endif
