/* rt_error: the one way a library layer reports failure to its caller.
 * Library code fills it and returns; only main and the console print. */
#ifndef RT_ERROR_H
#define RT_ERROR_H

#include <stdarg.h>

struct rt_error {
	char msg[512];
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
