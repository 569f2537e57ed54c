/* gz: zlib streams; concatenated gzip members are read as one, like Go. */
#include "profile/gz.h"


#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Inflates into out[0..cap) (out may be NULL: only count).  Returns the
 * total size produced, stopping early once it passes stop; -1 with err on
 * corrupt data. */
static int64_t inflate_pass(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			    size_t stop, struct rt_error *err)
{
	static uint8_t scratch[1 << 16];
	z_stream zs;
	size_t total = 0, in_left = n;
	int zr;

	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return rt_error_set(err, "decompressing profile: zlib init failed");
	zs.next_in = (Bytef *)in;
	for (;;) {
		if (zs.avail_in == 0 && in_left) {
			zs.avail_in = in_left > (1u << 30) ? (1u << 30) : (uInt)in_left;
			in_left -= zs.avail_in;
		}
		/* Into the caller's buffer while it has room, then into scratch
		 * (only counted). */
		uint8_t *dst = out && total < cap ? out + total : scratch;
		size_t room = out && total < cap ? cap - total : sizeof scratch;
		zs.next_out = dst;
		zs.avail_out = room > (1u << 30) ? (1u << 30) : (uInt)room;
		uInt before = zs.avail_out;
		zr = inflate(&zs, Z_NO_FLUSH);
		total += before - zs.avail_out;
		if (total > stop)
			break;
		if (zr == Z_STREAM_END) {
			if (zs.avail_in == 0 && in_left == 0)
				break;
			/* Another gzip member follows (Go reads them as one). */
			if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {
				inflateReset(&zs);
				continue;
			}
			zr = Z_DATA_ERROR;
		}
		if (zr == Z_BUF_ERROR && zs.avail_in == 0 && in_left == 0) {
			inflateEnd(&zs);
			return rt_error_set(err, "decompressing profile: unexpected EOF");
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			const char *msg = zs.msg ? zs.msg : "invalid gzip data";
			int rc = rt_error_set(err, "decompressing profile: %s", msg);
			inflateEnd(&zs);
			return rc;
		}
	}
	inflateEnd(&zs);
	return (int64_t)total;
}

int gz_inflate(const uint8_t *in, size_t n, size_t max, uint8_t **out,
	       size_t *out_len, struct rt_error *err)
{
	/* The gzip trailer's ISIZE (size mod 4 GiB of the last member) sizes
	 * the buffer; a file that lies about it, a gzip bomb, costs no more
	 * than that guess: what exceeds it is only counted. */
	size_t hint = 4096;
	if (n >= 18) {
		uint32_t isize = (uint32_t)in[n - 4] | (uint32_t)in[n - 3] << 8 |
				 (uint32_t)in[n - 2] << 16 | (uint32_t)in[n - 1] << 24;
		hint = isize;
	}
	if (hint > max)
		hint = 4096;	/* promises more than allowed: count first */
	uint8_t *buf = malloc(hint + 1);
	if (!buf)
		return rt_error_set(err, "out of memory");
	int64_t total = inflate_pass(in, n, buf, hint + 1, max, err);
	if (total < 0) {
		free(buf);
		return -1;
	}
	if ((size_t)total > max) {
		free(buf);
		return rt_error_set(err,
			"decompressing profile: larger than %zu MiB uncompressed "
			"(raise the limit with -max_decompressed=MiB)", max >> 20);
	}
	if ((size_t)total > hint + 1) {
		/* The guess was short: inflate again into a buffer of the size
		 * now known. */
		free(buf);
		buf = malloc((size_t)total + 1);
		if (!buf)
			return rt_error_set(err, "out of memory");
		if (inflate_pass(in, n, buf, (size_t)total + 1, max, err) < 0) {
			free(buf);
			return -1;
		}
	}
	*out = buf;
	*out_len = (size_t)total;
	return 0;
}

int gz_deflate(const uint8_t *in, size_t n, uint8_t **out, size_t *out_len,
	       struct rt_error *err)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, GZ_LEVEL, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return rt_error_set(err, "compressing profile: zlib init failed");
	size_t cap = deflateBound(&zs, n) + 64;
	uint8_t *buf = malloc(cap);
	if (!buf) {
		deflateEnd(&zs);
		return rt_error_set(err, "out of memory");
	}
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)n;
	zs.next_out = buf;
	zs.avail_out = (uInt)cap;
	int zr = deflate(&zs, Z_FINISH);
	size_t len = cap - zs.avail_out;
	deflateEnd(&zs);
	if (zr != Z_STREAM_END) {
		free(buf);
		return rt_error_set(err, "compressing profile failed");
	}
	*out = buf;
	*out_len = len;
	return 0;
}

const uint8_t gz_magic_head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };

/* zlib counts in 32 bits: longer inputs and outputs go in turns. */
#define GZ_TURN ((size_t)1 << 30)

void gz_piece_deflate(struct gz_piece *k)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	k->failed = true;
	k->len = 0;
	k->crc = (uint32_t)crc32_z(0, k->in, k->n);
	if (deflateInit2(&zs, GZ_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	size_t bound = deflateBound(&zs, k->n) + 64;
	if (k->cap < bound) {
		free(k->out);
		k->cap = 0;
		if (!(k->out = malloc(bound))) {
			deflateEnd(&zs);
			return;
		}
		k->cap = bound;
	}
	if (k->dict_n && deflateSetDictionary(&zs, k->dict, (uInt)k->dict_n) != Z_OK) {
		deflateEnd(&zs);
		return;
	}
	size_t fed = 0;
	for (;;) {
		if (zs.avail_in == 0 && fed < k->n) {
			size_t c = k->n - fed < GZ_TURN ? k->n - fed : GZ_TURN;
			zs.next_in = (Bytef *)(k->in + fed);
			zs.avail_in = (uInt)c;
			fed += c;
		}
		int flush = fed < k->n ? Z_NO_FLUSH : k->last ? Z_FINISH : Z_SYNC_FLUSH;
		size_t room = k->cap - k->len < GZ_TURN ? k->cap - k->len : GZ_TURN;
		zs.next_out = k->out + k->len;
		zs.avail_out = (uInt)room;
		int zr = deflate(&zs, flush);
		k->len += room - zs.avail_out;
		if (zr == Z_STREAM_ERROR)
			break;
		if (flush == Z_FINISH && zr == Z_STREAM_END) {
			k->failed = false;
			break;
		}
		/* a sync flush is done when it left room unused */
		if (flush == Z_SYNC_FLUSH && zs.avail_in == 0 && zs.avail_out != 0) {
			k->failed = false;
			break;
		}
		if (k->len == k->cap)
			break;	/* past deflateBound: cannot be */
	}
	deflateEnd(&zs);
}

void gz_piece_free(struct gz_piece *k)
{
	free(k->out);
	k->out = NULL;
	k->cap = k->len = 0;
}

uint32_t gz_crc_combine(uint32_t a, uint32_t b, size_t b_len)
{
	return (uint32_t)crc32_combine(a, b, (z_off_t)b_len);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

void gz_trailer(uint8_t out[8], uint32_t crc, size_t n)
{
	put_le32(out, crc);
	put_le32(out + 4, (uint32_t)n);	/* ISIZE: the length modulo 2^32 */
}

/* The piecewise reader.  A file is read 64 KiB at a time: the input of
 * zlib, or of the caller directly when the file is not gzip. */
#define GZ_READ_PIECE ((size_t)64 << 10)

void gz_reader_fd(struct gz_reader *r, int fd, size_t max_in, size_t max_out)
{
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->max_in = max_in;
	r->max_out = max_out;
}

void gz_reader_mem(struct gz_reader *r, const uint8_t *mem, size_t n, size_t max_out)
{
	memset(r, 0, sizeof *r);
	r->fd = -1;
	r->mem = mem;
	r->mem_len = n;
	r->max_out = max_out;
}

/* More input for zs when it has none: 1, 0 at the input's end, -1 on a
 * read error or past the file limit. */
static int pull(struct gz_reader *r)
{
	if (r->zs.avail_in)
		return 1;
	if (r->fd < 0) {
		size_t k = r->mem_len - r->mem_off;
		if (k == 0)
			return 0;
		if (k > (1u << 30))
			k = 1u << 30;
		r->zs.next_in = (Bytef *)(r->mem + r->mem_off);
		r->zs.avail_in = (uInt)k;
		r->mem_off += k;
		return 1;
	}
	if (!r->in && !(r->in = malloc(r->in_cap = GZ_READ_PIECE)))
		return -1;
	for (;;) {
		ssize_t n = read(r->fd, r->in, r->in_cap);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		r->read_in += (size_t)n;
		if (r->read_in > r->max_in)
			return -1;
		r->zs.next_in = r->in;
		r->zs.avail_in = (uInt)n;
		return 1;
	}
}

int gz_reader_is_gzip(struct gz_reader *r)
{
	if (r->started)
		return r->gzip;
	r->started = true;
	/* The first two bytes: in one read of a regular file, or the
	 * data is shorter than that. */
	int rc = pull(r);
	if (rc < 0)
		return -1;
	r->gzip = rc > 0 && r->zs.avail_in >= 2 && r->zs.next_in[0] == 0x1f &&
		  r->zs.next_in[1] == 0x8b;
	return r->gzip;
}

/* The data is not gzip: what pull read first, then straight from the
 * source. */
static ssize_t read_plain(struct gz_reader *r, uint8_t *out, size_t cap)
{
	if (!r->zs.avail_in && r->fd >= 0 && cap >= GZ_READ_PIECE) {
		for (;;) {
			ssize_t n = read(r->fd, out, cap);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return -1;
			r->read_in += (size_t)n;
			if (r->read_in > r->max_in)
				return -1;
			return n;
		}
	}
	int rc = pull(r);
	if (rc <= 0)
		return rc;
	size_t k = r->zs.avail_in < cap ? r->zs.avail_in : cap;
	memcpy(out, r->zs.next_in, k);
	r->zs.next_in += k;
	r->zs.avail_in -= (uInt)k;
	return (ssize_t)k;
}

ssize_t gz_reader_read(struct gz_reader *r, uint8_t *out, size_t cap)
{
	int g = gz_reader_is_gzip(r);
	if (g < 0)
		return -1;
	if (cap > (1u << 30))
		cap = 1u << 30;
	if (!g) {
		ssize_t n = read_plain(r, out, cap);
		if (n > 0 && (r->total += (size_t)n) > r->max_out)
			return -1;
		return n;
	}
	if (r->ended || cap == 0)
		return 0;
	if (!r->zinit) {
		if (inflateInit2(&r->zs, 15 + 16) != Z_OK)
			return -1;
		r->zinit = true;
	}
	r->zs.next_out = out;
	r->zs.avail_out = (uInt)cap;
	while (r->zs.avail_out) {
		int rc = pull(r);
		if (rc < 0)
			return -1;
		if (rc == 0)	/* the input ends inside a member */
			return -1;
		int zr = inflate(&r->zs, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			/* Another member, as Go reads them, or the end. */
			rc = pull(r);
			if (rc < 0)
				return -1;
			if (rc == 0) {
				r->ended = true;
				break;
			}
			if (r->zs.avail_in < 2 || r->zs.next_in[0] != 0x1f ||
			    r->zs.next_in[1] != 0x8b)
				return -1;
			inflateReset(&r->zs);
		} else if (zr != Z_OK && (zr != Z_BUF_ERROR || r->zs.avail_in)) {
			return -1;	/* corrupt, or (never) stuck with room on both sides */
		}
	}
	size_t n = cap - r->zs.avail_out;
	if ((r->total += n) > r->max_out)
		return -1;
	return (ssize_t)n;
}

void gz_reader_end(struct gz_reader *r)
{
	if (r->zinit)
		inflateEnd(&r->zs);
	free(r->in);
	memset(r, 0, sizeof *r);
	r->fd = -1;
}
