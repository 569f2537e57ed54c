/* rt_error: formatting of error messages; never prints. */
#include "base/rt_error.h"

#include <stdio.h>
#include <string.h>

int rt_error_vset(struct rt_error *err, const char *fmt, va_list ap)
{
	if (err)
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	return -1;
}

int rt_error_set(struct rt_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rt_error_vset(err, fmt, ap);
	va_end(ap);
	return -1;
}

void rt_error_prefix(struct rt_error *err, const char *fmt, ...)
{
	char prefix[1024], old[sizeof err->msg];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	size_t n = strlen(prefix);
	if (n > sizeof err->msg - 3)
		n = sizeof err->msg - 3;
	memcpy(err->msg, prefix, n);
	memcpy(err->msg + n, ": ", 2);
	size_t m = strlen(old);
	if (m > sizeof err->msg - n - 3)
		m = sizeof err->msg - n - 3;
	memcpy(err->msg + n + 2, old, m);
	err->msg[n + 2 + m] = '\0';
}
