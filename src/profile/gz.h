/* gz: whole-buffer gzip in and out (zlib), with a cap on what inflating may
 * produce so a gzip bomb is an error, not an exhausted machine. */
#ifndef RT_GZ_H
#define RT_GZ_H

#include <stddef.h>
#include <stdint.h>

#include "base/rt_error.h"

#define GZ_DEFAULT_MAX ((size_t)1 << 30)

static inline int gz_is_gzip(const uint8_t *d, size_t n)
{
	return n >= 2 && d[0] == 0x1f && d[1] == 0x8b;
}

/* Inflates all gzip members of in[0..n).  On success *out is malloc'ed. */
int gz_inflate(const uint8_t *in, size_t n, size_t max, uint8_t **out,
	       size_t *out_len, struct rt_error *err);
/* Deflates in[0..n) into a malloc'ed gzip stream. */
int gz_deflate(const uint8_t *in, size_t n, uint8_t **out, size_t *out_len,
	       struct rt_error *err);

#endif
