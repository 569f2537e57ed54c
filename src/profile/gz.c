/* gz: zlib streams; concatenated gzip members are read as one, like Go. */
#include "profile/gz.h"

#include "base/runner.h"

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
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
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

/* gz_deflate_on's pieces: pigz's way.  Each piece is deflated alone, with
 * the 32 KiB before it as its dictionary (what one stream would still see
 * of them), all but the last ended on a byte boundary by a sync flush, so
 * that the raw pieces join into one deflate stream; their CRCs combine.
 * The header is the one zlib writes. */
#define GZ_PIECE_MIN ((size_t)1 << 20)
#define GZ_MAX_PIECES 8
#define GZ_WINDOW ((size_t)32 << 10)

struct deflate_piece {
	const uint8_t *in;	/* the whole input */
	size_t lo, hi;		/* this piece */
	bool last;
	uint8_t *out;
	size_t len;
	uLong crc;
	bool failed;
};

static void deflate_piece(void *arg, size_t i)
{
	struct deflate_piece *k = (struct deflate_piece *)arg + i;
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	k->crc = crc32_z(0, k->in + k->lo, k->hi - k->lo);
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		k->failed = true;
		return;
	}
	size_t dict = k->lo < GZ_WINDOW ? k->lo : GZ_WINDOW;
	size_t cap = deflateBound(&zs, k->hi - k->lo) + 64;
	if ((dict && deflateSetDictionary(&zs, k->in + k->lo - dict, (uInt)dict) != Z_OK) ||
	    !(k->out = malloc(cap))) {
		deflateEnd(&zs);
		k->failed = true;
		return;
	}
	zs.next_in = (Bytef *)(k->in + k->lo);
	zs.avail_in = (uInt)(k->hi - k->lo);
	zs.next_out = k->out;
	zs.avail_out = (uInt)cap;
	int zr = deflate(&zs, k->last ? Z_FINISH : Z_SYNC_FLUSH);
	k->len = cap - zs.avail_out;
	k->failed = k->last ? zr != Z_STREAM_END : zr != Z_OK || zs.avail_in != 0;
	deflateEnd(&zs);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

int gz_deflate_on(const uint8_t *in, size_t n, const struct runner *r, uint8_t **out,
		  size_t *out_len, struct rt_error *err)
{
	size_t pieces = runner_pieces(r, n, GZ_PIECE_MIN);
	if (pieces > GZ_MAX_PIECES)
		pieces = GZ_MAX_PIECES;
	/* a piece's length must fit zlib's 32-bit counts */
	if (pieces < 2 || n / pieces >= (1u << 30))
		return gz_deflate(in, n, out, out_len, err);
	struct deflate_piece k[GZ_MAX_PIECES];
	size_t per = n / pieces, total = 10 + 8;
	for (size_t i = 0; i < pieces; i++)
		k[i] = (struct deflate_piece){ .in = in, .lo = i * per,
					       .hi = i + 1 == pieces ? n : (i + 1) * per,
					       .last = i + 1 == pieces };
	runner_run(r, pieces, deflate_piece, k);
	int rc = 0;
	for (size_t i = 0; i < pieces; i++) {
		if (k[i].failed)
			rc = rt_error_set(err, "compressing profile failed");
		total += k[i].len;
	}
	uint8_t *buf = rc == 0 ? malloc(total) : NULL;
	if (rc == 0 && !buf)
		rc = rt_error_set(err, "out of memory");
	if (rc == 0) {
		static const uint8_t head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
		size_t at = sizeof head;
		uLong crc = k[0].crc;
		memcpy(buf, head, sizeof head);
		for (size_t i = 0; i < pieces; i++) {
			memcpy(buf + at, k[i].out, k[i].len);
			at += k[i].len;
			if (i)
				crc = crc32_combine(crc, k[i].crc, (z_off_t)(k[i].hi - k[i].lo));
		}
		put_le32(buf + at, (uint32_t)crc);
		put_le32(buf + at + 4, (uint32_t)n);
		*out = buf;
		*out_len = total;
	}
	for (size_t i = 0; i < pieces; i++)
		free(k[i].out);
	return rc;
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
