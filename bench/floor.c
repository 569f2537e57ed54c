/* floor: the least any reader of a .pb.gz must do, for `make bench`:
 * inflate the file and walk its protobuf framing once (every field of the
 * Profile message and every field of the messages inside it, packed
 * varints counted) without building anything, a window of the inflated
 * bytes at a time, as rtprof's reader does.  rtprof's time and memory
 * are printed as multiples of these.
 * Usage: floor FILE.pb.gz   prints "SECONDS INFLATED_BYTES FIELDS" */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A varint at *p (before end); 0 past the end or when too long. */
static int varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t x = 0;
	for (int shift = 0; shift < 64 && *p < end; shift += 7) {
		uint8_t b = *(*p)++;
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 1;
		}
	}
	return 0;
}

/* Walks the fields of one message; depth 0 also walks the messages in it.
 * Returns the number of fields and packed values seen, -1 if malformed. */
static long walk(const uint8_t *p, const uint8_t *end, int depth)
{
	long n = 0;
	while (p < end) {
		uint64_t key, v;
		if (!varint(&p, end, &key))
			return -1;
		n++;
		switch (key & 7) {
		case 0:
			if (!varint(&p, end, &v))
				return -1;
			break;
		case 1: p += 8; break;
		case 5: p += 4; break;
		case 2: {
			if (!varint(&p, end, &v) || v > (uint64_t)(end - p))
				return -1;
			const uint8_t *q = p, *qe = p + v;
			if (depth == 0) {
				long k = walk(q, qe, 1);
				if (k < 0) {	/* a string or packed varints */
					for (k = 0; q < qe && varint(&q, qe, &v); k++)
						;
				}
				n += k;
			} else {	/* packed varints (location ids, values) */
				while (q < qe && varint(&q, qe, &v))
					n++;
			}
			p = qe;
			break;
		}
		default:
			return -1;
		}
	}
	return p == end ? n : -1;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: floor FILE.pb.gz\n");
		return 2;
	}
	double t0 = now();
	gzFile gz = gzopen(argv[1], "rb");
	if (!gz) {
		perror(argv[1]);
		return 1;
	}
	/* A window of the inflated bytes, walked a top-level field at a
	 * time as they come (no reader need hold them all): a field cut by
	 * the window's end moves to its start, the window grows for a field
	 * larger than it. */
	size_t cap = 256 << 10, have = 0, len = 0;
	uint8_t *buf = malloc(cap);
	long fields = 0;
	bool eof = false;
	while (buf && fields >= 0) {
		if (!eof && have < cap) {
			int r = gzread(gz, buf + have, (unsigned)(cap - have));
			if (r < 0)
				return 1;
			eof = r == 0;
			have += (size_t)r;
			len += (size_t)r;
		}
		const uint8_t *p = buf, *end = buf + have;
		size_t need = 0;
		while (p < end) {
			const uint8_t *q = p;
			uint64_t key, v;
			if (!varint(&q, end, &key)) {
				need = 11;
				break;
			}
			if ((key & 7) == 2) {
				if (!varint(&q, end, &v)) {
					need = 21;
					break;
				}
				if (v > (uint64_t)(end - q)) {
					need = (size_t)(q - p) + v;
					break;
				}
				q += v;
			} else if ((key & 7) == 0) {
				if (!varint(&q, end, &v)) {
					need = 21;
					break;
				}
			} else {
				q += (key & 7) == 1 ? 8 : 4;
				if (q > end) {
					need = 21;
					break;
				}
			}
			long k = walk(p, q, 0);
			if (k < 0) {
				fields = -1;
				break;
			}
			fields += k;
			p = q;
		}
		if (fields < 0)
			break;
		have = (size_t)(end - p);
		memmove(buf, p, have);
		if (eof) {
			if (have)
				fields = -1;
			break;
		}
		if (need > cap) {
			uint8_t *nb = realloc(buf, need);
			if (!nb)
				return 1;
			buf = nb;
			cap = need;
		}
	}
	gzclose(gz);
	printf("%.3f %zu %ld\n", now() - t0, len, fields);
	free(buf);
	return fields < 0;
}
