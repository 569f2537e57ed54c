/* bomb_test: a gzip bomb under the *default* cap (1 GiB).  The bomb is
 * made here (1 MiB that inflates to 1 GiB + 16 MiB of zeros), so nothing
 * big is committed; the small-cap variant is in the corpus.  The parse runs
 * in a child whose peak RSS must stay far below the cap: refusing a bomb
 * must not cost the 1 GiB it promises to protect (the inflater counts what
 * exceeds the cap instead of keeping it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "profile/gz.h"
#include "profile/profile_io.h"

#define CHUNK ((size_t)1 << 20)
#define N_CHUNKS 1040		/* 1040 MiB > GZ_DEFAULT_MAX */
#define RSS_LIMIT_MIB 256

static int add(uint8_t **buf, size_t *len, size_t *cap, const void *p, size_t n)
{
	if (*len + n > *cap) {
		size_t ncap = (*len + n) * 2;
		uint8_t *nb = realloc(*buf, ncap);
		if (!nb)
			return -1;
		*buf = nb;
		*cap = ncap;
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	return 0;
}

/* Raw deflate of one CHUNK of zeros after a preset "\0": only back
 * references, ending byte-aligned (sync flush), so it can be repeated
 * after any run of zeros and means CHUNK more zeros each time. */
static int zero_chunk(uint8_t **out, size_t *n)
{
	z_stream zs;
	uint8_t *in = calloc(1, CHUNK), *o = malloc(CHUNK);
	memset(&zs, 0, sizeof zs);
	if (!in || !o || deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		goto fail;
	deflateSetDictionary(&zs, (const Bytef *)"", 1);
	zs.next_in = in;
	zs.avail_in = CHUNK;
	zs.next_out = o;
	zs.avail_out = CHUNK;
	if (deflate(&zs, Z_SYNC_FLUSH) != Z_OK || zs.avail_in != 0)
		goto fail;
	*n = CHUNK - zs.avail_out;
	*out = o;
	deflateEnd(&zs);
	free(in);
	return 0;
fail:
	deflateEnd(&zs);
	free(in);
	free(o);
	return -1;
}

/* gzip header, a stored block holding one 0, N_CHUNKS zero chunks, a final
 * empty stored block, CRC-32 and size: a valid 1 GiB + 16 MiB member. */
static int make_bomb(uint8_t **out, size_t *len)
{
	static const uint8_t head[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255,
					0, 1, 0, 0xfe, 0xff, 0 };
	static const uint8_t tail[] = { 1, 0, 0, 0xff, 0xff };
	uint8_t *chunk, *buf = NULL;
	size_t n, cap = 0;
	*len = 0;
	if (zero_chunk(&chunk, &n) < 0)
		return -1;
	int rc = add(&buf, len, &cap, head, sizeof head);
	for (int i = 0; i < N_CHUNKS && rc == 0; i++)
		rc = add(&buf, len, &cap, chunk, n);
	uLong crc = crc32(0, (const Bytef *)"", 1);
	uint8_t *zeros = calloc(1, CHUNK);
	if (!zeros)
		rc = -1;
	uLong ccrc = zeros ? crc32(0, zeros, CHUNK) : 0;
	for (int i = 0; i < N_CHUNKS; i++)
		crc = crc32_combine(crc, ccrc, CHUNK);
	uint64_t size = 1 + (uint64_t)N_CHUNKS * CHUNK;
	uint8_t trailer[8];
	for (int i = 0; i < 4; i++) {
		trailer[i] = (uint8_t)(crc >> (8 * i));
		trailer[4 + i] = (uint8_t)(size >> (8 * i));
	}
	if (rc == 0)
		rc = add(&buf, len, &cap, tail, sizeof tail);
	if (rc == 0)
		rc = add(&buf, len, &cap, trailer, sizeof trailer);
	free(zeros);
	free(chunk);
	if (rc < 0) {
		free(buf);
		return -1;
	}
	*out = buf;
	return 0;
}

/* The check itself, in the child: refused with the cap's message, and peak
 * RSS under RSS_LIMIT_MIB. */
static int child(const uint8_t *bomb, size_t n)
{
	struct rt_error err = { "" };
	struct rusage ru;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct profile *p = profile_parse(bomb, n, NULL, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	long rss_mib = ru.ru_maxrss / 1024;
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("default cap: %s; peak RSS %ld MiB; %.2f s\n",
	       p ? "(parsed!)" : err.msg, rss_mib, secs);
	if (p) {
		profile_free(p);
		return 1;
	}
	if (!strstr(err.msg, "larger than 1024 MiB uncompressed")) {
		printf("FAIL: expected the 1024 MiB cap message\n");
		return 1;
	}
	if (rss_mib >= RSS_LIMIT_MIB) {
		printf("FAIL: refusing a bomb took %ld MiB of memory (limit %d MiB): "
		       "the inflater should count, not keep, what exceeds the cap\n",
		       rss_mib, RSS_LIMIT_MIB);
		return 1;
	}
	return 0;
}

int main(void)
{
	uint8_t *bomb, *small;
	size_t n, small_n;
	struct rt_error err = { "" };

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (make_bomb(&bomb, &n) < 0) {
		printf("FAIL: cannot build the bomb\n");
		return 1;
	}
	printf("bomb: %zu bytes -> %llu bytes\n", n,
	       (unsigned long long)(1 + (uint64_t)N_CHUNKS * CHUNK));

	/* The bomb is a valid gzip: with a raised cap of 2 GiB the inflater
	 * would accept it; check its first 2 MiB with gz_inflate and a cap. */
	if (gz_inflate(bomb, n, (size_t)2 << 20, &small, &small_n, &err) == 0 ||
	    !strstr(err.msg, "larger than 2 MiB")) {
		printf("FAIL: 2 MiB cap: %s\n", err.msg);
		return 1;
	}
	printf("2 MiB cap: %s\n", err.msg);

	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		_exit(child(bomb, n));
	int st;
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st)) {
		printf("FAIL: the child crashed (status %d)\n", st);
		return 1;
	}
	free(bomb);
	return WEXITSTATUS(st);
}
