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
/* The level rtprof writes at: gzip's best speed, the level Go's runtime
 * writes its own profiles at (runtime/pprof's proto.go).  pprof's writer
 * uses the default level, whose files are about 3% smaller and take about
 * one and a half times as long to make. */
#define GZ_LEVEL Z_BEST_SPEED

/* Deflates in[0..n) into a malloc'ed gzip stream. */
int gz_deflate(const uint8_t *in, size_t n, uint8_t **out, size_t *out_len,
	       struct rt_error *err);

/* Deflating in pieces, pigz's way, so that pieces can be deflated at once
 * on several threads and still make one gzip stream: each piece is
 * deflated alone with the 32 KiB before it as its dictionary (what one
 * stream would still see of them), every piece but the last ends on a byte
 * boundary (a sync flush) so that the raw pieces join into one deflate
 * stream, and their CRCs combine.  The stream is gz_magic_head, the
 * pieces' out in order, then gz_trailer. */
#define GZ_DICT ((size_t)32 << 10)
struct gz_piece {
	const uint8_t *in;	/* this piece */
	size_t n;
	const uint8_t *dict;	/* up to GZ_DICT bytes just before it */
	size_t dict_n;
	bool last;
	uint8_t *out;		/* kept from piece to piece, grown as needed */
	size_t cap, len;
	uint32_t crc;		/* of in[0..n) */
	bool failed;		/* out of memory, or zlib refused */
};
void gz_piece_deflate(struct gz_piece *k);
void gz_piece_free(struct gz_piece *k);
extern const uint8_t gz_magic_head[10];
/* The CRC of a's bytes followed by b_len bytes whose CRC is b. */
uint32_t gz_crc_combine(uint32_t a, uint32_t b, size_t b_len);
/* The 8 bytes that end a stream of n bytes whose CRC is crc. */
void gz_trailer(uint8_t out[8], uint32_t crc, size_t n);

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
