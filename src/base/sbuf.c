/* sbuf: doubling growth; always keeps room for a terminating NUL. */
#include "base/sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sbuf_init(struct sbuf *b)
{
	memset(b, 0, sizeof *b);
}

void sbuf_free(struct sbuf *b)
{
	free(b->data);
	sbuf_init(b);
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static int sbuf_reserve(struct sbuf *b, size_t n)
{
	if (b->oom || b->sink_failed)
		return -1;
	if (b->len + n + 1 <= b->cap)
		return 0;
	size_t ncap = b->cap ? b->cap : 256;
	while (ncap < b->len + n + 1)
		ncap *= 2;
	char *nd = realloc(b->data, ncap);
	if (!nd) {
		b->oom = 1;
		return -1;
	}
	b->data = nd;
	b->cap = ncap;
	return 0;
}

void sbuf_add_slow(struct sbuf *b, const void *p, size_t n)
{
	if (n == 0 || sbuf_reserve(b, n) < 0)
		return;	/* (p may be NULL when there is nothing to add) */
	sbuf_add(b, p, n);	/* now there is room: sbuf_add's own path */
}

void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || sbuf_reserve(b, (size_t)n) < 0)
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	if (b->sink && b->len >= b->flush_at)
		sbuf_flush(b);
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sbuf_vprintf(b, fmt, ap);
	va_end(ap);
}

void sbuf_set_sink(struct sbuf *b, int (*sink)(void *arg, const void *data, size_t len),
		   void *arg, size_t flush_at)
{
	b->sink = sink;
	b->sink_arg = arg;
	b->flush_at = flush_at;
}

int sbuf_flush(struct sbuf *b)
{
	if (b->sink_failed)
		return -1;
	if (!b->sink || !b->len)
		return 0;
	if (b->sink(b->sink_arg, b->data, b->len) < 0) {
		b->sink_failed = 1;
		sbuf_reset(b);
		return -1;
	}
	sbuf_reset(b);
	return 0;
}

const char *sbuf_str(struct sbuf *b)
{
	return b->data ? b->data : "";
}
