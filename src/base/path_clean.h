/* path_clean: Go's filepath.Clean (lexical: collapse //, /./, x/.., drop
 * a trailing /), which pprof applies to every source file name. */
#ifndef RT_PATH_CLEAN_H
#define RT_PATH_CLEAN_H

#include "base/arena.h"

/* Writes the cleaned path into out (not path itself), which has room for
 * strlen(path) + 2 bytes. */
void path_clean_to(char *out, const char *path);
/* Returns the cleaned copy of path in a (or NULL when out of memory). */
char *path_clean(struct arena *a, const char *path);

#endif
