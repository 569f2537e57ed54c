/* output: where a report goes when it does not go to the screen: the file
 * of -output / `> f`, or pprof's numbered file (profile001.pb.gz) for binary
 * output at the prompt.  Saved files are written atomically. */
#ifndef RT_CONSOLE_OUTPUT_H
#define RT_CONSOLE_OUTPUT_H

#include <stddef.h>

#include "base/rt_error.h"

/* Writes buf to path: atomically (temp file + rename) for regular files
 * and new ones, in place for devices and pipes (/dev/null, /dev/stdout),
 * which must never be renamed over. */
int output_write_file(const char *path, const void *buf, size_t len,
		      struct rt_error *err);

/* pprof's newTempFile in the current directory: the first free
 * PREFIX001SUFFIX ... PREFIX9999SUFFIX, created exclusively.  The name is
 * stored in name. */
int output_write_numbered(const char *prefix, const char *suffix,
			  const void *buf, size_t len, char *name, size_t n,
			  struct rt_error *err);

/* Writes buf as the first free pprofNNN SUFFIX in pprof's folder for the
 * files it hands to viewers and keeps ($PPROF_TMPDIR, else ~/pprof, else
 * $TMPDIR or /tmp, made when missing); its path goes to name.  what names
 * the command in the error. */
int output_write_temp(const char *what, const char *suffix, const void *buf,
		      size_t len, char *name, size_t n, struct rt_error *err);

#endif
