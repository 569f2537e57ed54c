/* gz: whole-buffer gzip in and out (zlib), with a cap on what inflating may
 * produce so a gzip bomb is an error, not an exhausted machine; and a reader
 * that hands out a file's or a buffer's bytes a piece at a time, inflated
 * when they are gzip, so that neither the file nor its inflated bytes need
 * be in memory whole. */
#ifndef RT_GZ_H
#define RT_GZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <zlib.h>

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
/* The same, in pieces run on r when it runs more than one at once (NULL:
 * gz_deflate): one gzip stream all the same, within a fraction of a
 * percent of gz_deflate's size. */
struct runner;
int gz_deflate_on(const uint8_t *in, size_t n, const struct runner *r, uint8_t **out,
		  size_t *out_len, struct rt_error *err);

/* The piecewise reader.  It only says that something went wrong (a read
 * error, corrupt or truncated gzip data, a limit passed), never what:
 * its caller reads the data whole again for the message. */
struct gz_reader {
	int fd;			/* the file read, or -1: mem */
	const uint8_t *mem;
	size_t mem_len, mem_off;
	uint8_t *in;		/* the file's bytes not yet inflated */
	size_t in_cap;
	size_t max_in, read_in;	/* the file's bytes: limit, read so far */
	size_t max_out, total;	/* the data's bytes: limit, given out */
	bool started, gzip, zinit, ended;
	z_stream zs;
};

/* Reads fd (not closed by the reader), or mem[0..n); at most max_in bytes
 * of a file, at most max_out bytes of data. */
void gz_reader_fd(struct gz_reader *r, int fd, size_t max_in, size_t max_out);
void gz_reader_mem(struct gz_reader *r, const uint8_t *mem, size_t n, size_t max_out);
/* Whether the data is gzip: the first bytes are read to tell; -1 on a
 * read error. */
int gz_reader_is_gzip(struct gz_reader *r);
/* Up to cap of the data's next bytes into out: how many, 0 at the end,
 * -1 when something went wrong. */
ssize_t gz_reader_read(struct gz_reader *r, uint8_t *out, size_t cap);
void gz_reader_end(struct gz_reader *r);

#endif
