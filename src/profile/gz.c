/* gz: zlib streams; concatenated gzip members are read as one, like Go. */
#include "profile/gz.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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
