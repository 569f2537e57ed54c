/* complete: Tab completion of a prompt line, as pprof's newCompleter:
 * one word completes to the only command or option it starts; after a
 * report command the last word completes to the only function name that
 * contains it ("-word" keeps its dash); `help x` completes x. */
#ifndef RT_CONSOLE_COMPLETE_H
#define RT_CONSOLE_COMPLETE_H

#include "base/arena.h"
#include "profile/profile.h"

/* Returns the completed line (in a), or line itself when nothing fits. */
const char *console_complete(const char *line, const struct profile *p,
			     struct arena *a);

/* The terminal console's completion, bash style: every candidate for the
 * line's last word (commands, options and their values, live commands'
 * values, renderer switches from switches_describe's text (NULL: not
 * live), function names after a report command or focus=...), and the
 * line completed as far as they agree (a single one whole). */
struct completion {
	const char *line;
	const char **cands;	/* sorted, in a */
	size_t n;
};

void console_complete_all(const char *line, const struct profile *p, const char *switches,
			  struct arena *a, struct completion *out);

#endif
