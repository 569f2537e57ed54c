/* path_clean: Go's filepath.Clean (lexical: collapse //, /./, x/.., drop
 * a trailing /), which pprof applies to every source file name. */
#ifndef RT_PATH_CLEAN_H
#define RT_PATH_CLEAN_H

#include "base/arena.h"

/* Returns the cleaned copy of path in a (or NULL when out of memory). */
char *path_clean(struct arena *a, const char *path);

#endif
