/* gz: zlib streams; concatenated gzip members are read as one, like Go. */
#include "profile/gz.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int gz_inflate(const uint8_t *in, size_t n, size_t max, uint8_t **out,
	       size_t *out_len, struct rt_error *err)
{
	z_stream zs;
	size_t cap = n * 4 + 4096, len = 0;
	uint8_t *buf;
	int zr = Z_OK;

	if (max > SIZE_MAX / 2)
		max = SIZE_MAX / 2;	/* max + 1 must not wrap to 0 */
	if (cap > max + 1)
		cap = max + 1;
	buf = malloc(cap);
	if (!buf)
		return rt_error_set(err, "out of memory");
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 15 + 16) != Z_OK) {
		free(buf);
		return rt_error_set(err, "decompressing profile: zlib init failed");
	}
	zs.next_in = (Bytef *)in;
	zs.avail_in = 0;
	size_t in_left = n;
	for (;;) {
		if (zs.avail_in == 0 && in_left) {
			zs.avail_in = in_left > (1u << 30) ? (1u << 30) : (uInt)in_left;
			in_left -= zs.avail_in;
		}
		if (len == cap) {
			if (cap > max) {
				zr = Z_MEM_ERROR;
				break;
			}
			size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			uint8_t *nb = realloc(buf, ncap);
			if (!nb) {
				inflateEnd(&zs);
				free(buf);
				return rt_error_set(err, "out of memory");
			}
			buf = nb;
			cap = ncap;
		}
		size_t room = cap - len;
		zs.next_out = buf + len;
		zs.avail_out = room > (1u << 30) ? (1u << 30) : (uInt)room;
		uInt before = zs.avail_out;
		zr = inflate(&zs, Z_NO_FLUSH);
		len += before - zs.avail_out;
		if (zr == Z_STREAM_END) {
			if (zs.avail_in == 0 && in_left == 0)
				break;
			/* Another gzip member follows; trailing zeros are not one. */
			if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {
				inflateReset(&zs);
				continue;
			}
			zr = Z_DATA_ERROR;
			break;
		}
		if (zr == Z_BUF_ERROR && zs.avail_in == 0 && in_left == 0) {
			zr = Z_BUF_ERROR;
			break;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR)
			break;
		if (len > max) {
			zr = Z_MEM_ERROR;
			break;
		}
	}
	inflateEnd(&zs);
	if (zr == Z_STREAM_END && len <= max) {
		*out = buf;
		*out_len = len;
		return 0;
	}
	free(buf);
	if (zr == Z_MEM_ERROR || len > max)
		return rt_error_set(err,
			"decompressing profile: larger than %zu MiB uncompressed "
			"(raise the limit with -max_decompressed=MiB)", max >> 20);
	if (zr == Z_BUF_ERROR)
		return rt_error_set(err, "decompressing profile: unexpected EOF");
	return rt_error_set(err, "decompressing profile: %s",
			    zs.msg ? zs.msg : "invalid gzip data");
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
