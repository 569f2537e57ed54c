/* sbuf: a growable byte buffer that reports print into; the caller decides
 * where the bytes go (stdout, a file, the console's pane). */
#ifndef RT_SBUF_H
#define RT_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf {
	char *data;
	size_t len, cap;
	int oom;	/* set once an append failed; later appends are no-ops */
};

void sbuf_init(struct sbuf *b);
void sbuf_free(struct sbuf *b);
void sbuf_reset(struct sbuf *b);
void sbuf_add(struct sbuf *b, const void *p, size_t n);
void sbuf_puts(struct sbuf *b, const char *s);
void sbuf_putc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap);
/* NUL-terminated view of the contents ("" when empty). */
const char *sbuf_str(struct sbuf *b);

#endif
