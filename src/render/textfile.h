/* textfile: reads a whole scene or mesh file into memory, with a size
 * limit, for the parsers in this folder.  Never prints. */
#ifndef RENDER_TEXTFILE_H
#define RENDER_TEXTFILE_H

#include <stddef.h>

#include "base/rt_error.h"

/* malloc'ed contents (NUL-terminated, *len excludes it); NULL on error. */
char *textfile_read(const char *path, size_t max, size_t *len,
		    struct rt_error *err);

#endif
