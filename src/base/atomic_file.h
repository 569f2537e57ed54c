/* atomic_file: every file rtprof saves is written to a temp file in the same
 * folder, fsync'ed, then renamed over the target, so a crash or a full disk
 * never leaves a half-written file where the user expects theirs.  A file
 * written over keeps its mode. */
#ifndef RT_ATOMIC_FILE_H
#define RT_ATOMIC_FILE_H

#include <stddef.h>

#include "base/rt_error.h"

/* Writes buf to path atomically.  With exclusive, fails if path exists. */
int atomic_file_write(const char *path, const void *buf, size_t len,
		      int exclusive, struct rt_error *err);

/* Removes the temp files of the writes under way, for a handler of a
 * signal that ends the process (async-signal-safe: only unlink). */
void atomic_file_remove_temps(void);

#endif
