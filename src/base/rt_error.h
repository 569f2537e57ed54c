/* rt_error: the one way a library layer reports failure to its caller.
 * Library code fills it and returns; only main and the console print. */
#ifndef RT_ERROR_H
#define RT_ERROR_H

#include <stdarg.h>

/* Room for a message naming two full paths (a scene and the file it
 * loads), as long as paths get: a cut message would lose its end. */
#define RT_ERROR_MAX 4096

struct rt_error {
	char msg[RT_ERROR_MAX];
};

/* Formats into err (if err is non-NULL). Always returns -1 so callers can
 * write `return rt_error_set(err, ...)`. */
int rt_error_set(struct rt_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int rt_error_vset(struct rt_error *err, const char *fmt, va_list ap);
/* Prefixes the existing message with "PREFIX: ". */
void rt_error_prefix(struct rt_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
