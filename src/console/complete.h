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

#endif
