/* sbuf: a growable byte buffer that reports print into; the caller decides
 * where the bytes go (stdout, a file, the console's pane). */
#ifndef RT_SBUF_H
#define RT_SBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct sbuf {
	char *data;
	size_t len, cap;
	int oom;	/* set once an append failed; later appends are no-ops */
	/* A sink (sbuf_set_sink) takes the bytes once flush_at are held, so
	 * that a long report streams; once it fails (it returns -1: a closed
	 * pipe) sink_failed is set and later appends are no-ops. */
	int (*sink)(void *arg, const void *data, size_t len);
	void *sink_arg;
	size_t flush_at;
	int sink_failed;
};

void sbuf_init(struct sbuf *b);
void sbuf_free(struct sbuf *b);
void sbuf_reset(struct sbuf *b);
void sbuf_add_slow(struct sbuf *b, const void *p, size_t n);
int sbuf_flush(struct sbuf *b);

/* Appends n bytes.  Inline for the common case (room, no failure, no
 * flush due): reports append millions of short pieces. */
static inline void sbuf_add(struct sbuf *b, const void *p, size_t n)
{
	if (n && !(b->oom | b->sink_failed) && b->len + n < b->cap) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		if (b->sink && b->len >= b->flush_at)
			sbuf_flush(b);
		return;
	}
	sbuf_add_slow(b, p, n);
}

static inline void sbuf_puts(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

static inline void sbuf_putc(struct sbuf *b, char c)
{
	sbuf_add(b, &c, 1);
}
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap);
/* From now on, hands the bytes to sink whenever flush_at are held (and
 * at sbuf_flush); positions in the buffer then no longer mean offsets in
 * the output, so only a writer that never goes back may set one. */
void sbuf_set_sink(struct sbuf *b, int (*sink)(void *arg, const void *data, size_t len),
		   void *arg, size_t flush_at);
/* sbuf_flush (above) hands what is held to the sink: 0, or -1 when the
 * sink failed (now or before). */
/* NUL-terminated view of the contents ("" when empty). */
const char *sbuf_str(struct sbuf *b);

#endif
