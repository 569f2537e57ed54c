/* textfile: whole-file reads with a size cap. */
#include "render/textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *textfile_read(const char *path, size_t max, size_t *len,
		    struct rt_error *err)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!fp) {
		rt_error_set(err, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			char *nb = cap > max + 4096 ? NULL : realloc(buf, cap + 1);
			if (!nb) {
				rt_error_set(err, cap > max + 4096 ? "%s: larger than %zu MiB"
								   : "%s: out of memory",
					     path, max >> 20);
				goto fail;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	if (ferror(fp)) {
		rt_error_set(err, "cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	fclose(fp);
	buf[n] = 0;
	*len = n;
	return buf;
fail:
	free(buf);
	fclose(fp);
	return NULL;
}
