/* fuzz_test: a deterministic mutation run over the reader.  Mutants of a
 * rich profile's protobuf bytes (bit flips, byte changes, varint bytes
 * inserted, slices deleted or duplicated, truncation) must each either be
 * refused with one non-empty line, or parse into a valid profile whose
 * values survive encode -> parse (a fixpoint from the second trip on), that
 * merges with itself into doubled totals, and that every text report
 * handles without failing silently; and that the one-pass reader gives the
 * same profile or the same refusal as reading the data whole.  Fixed seed, so a failure is
 * reproducible: it prints the iteration and writes the mutant to
 * /tmp/rtprof-fuzz-fail.pb.  Under ASan/UBSan this is the stress part of the
 * corpus.  For longer hunts: RTPROF_FUZZ_SEED=N, RTPROF_FUZZ_ITERATIONS=N
 * (which also lifts the time limit), RTPROF_FUZZ_INPUT=FILE to mutate that
 * profile instead of the built-in one.  (Its first finds: a memcpy from
 * NULL in the reader, signed overflow in report sums, memcpy/qsort of NULL
 * in -peek and -tags; all fixed.) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/sbuf.h"
#include "profile/gz.h"
#include "profile/profile_io.h"
#include "profile/profile_merge.h"
#include "report/report.h"
#include "tiny_profile.h"

#define ITERATIONS 60000
#define TIME_LIMIT_S 8.0

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t below(size_t n)
{
	return n ? (size_t)(next() % n) : 0;
}

/* One to four random edits of buf[0..*n) (capacity cap). */
static void mutate(uint8_t *buf, size_t *n, size_t cap)
{
	static const uint8_t interesting[] = { 0x00, 0x01, 0x7f, 0x80, 0xff, 0x08,
					       0x0a, 0x10, 0x12, 0x22, 0x2a, 0x32 };
	int edits = 1 + (int)below(4);
	for (int e = 0; e < edits && *n; e++) {
		size_t at = below(*n);
		switch (below(7)) {
		case 0:
			buf[at] ^= (uint8_t)(1u << below(8));
			break;
		case 1:
			buf[at] = interesting[below(sizeof interesting)];
			break;
		case 2:
			buf[at] = (uint8_t)next();
			break;
		case 3: {	/* insert a long varint run */
			size_t k = 1 + below(11);
			if (*n + k > cap)
				break;
			memmove(buf + at + k, buf + at, *n - at);
			memset(buf + at, 0xff, k - 1);
			buf[at + k - 1] = 0x01;
			*n += k;
			break;
		}
		case 4: {	/* delete a slice */
			size_t k = 1 + below(*n - at < 16 ? *n - at : 16);
			memmove(buf + at, buf + at + k, *n - at - k);
			*n -= k;
			break;
		}
		case 5: {	/* duplicate a slice */
			size_t k = 1 + below(*n - at < 32 ? *n - at : 32);
			if (*n + k > cap)
				break;
			memmove(buf + at + k, buf + at, *n - at);
			*n += k;
			break;
		}
		default:
			*n = at;	/* truncate */
			break;
		}
	}
}

static int report_ok(const struct profile *p, enum report_cmd cmd,
		     const char *name, const char *regex, const char *granularity)
{
	struct report_config c;
	struct sbuf out, warn;
	struct rt_error err = { "" };
	report_config_default(&c);
	if (granularity)
		c.granularity = granularity;
	sbuf_init(&out);
	sbuf_init(&warn);
	int rc = report_generate(p, cmd, name, regex, &c, &out, &warn, NULL, &err);
	int ok = rc == 0 || err.msg[0] != '\0';
	if (!ok)
		printf("%s failed without a message\n", name);
	sbuf_free(&out);
	sbuf_free(&warn);
	return ok;
}

/* Every text report once on a parsed mutant: none may crash or fail
 * without saying why. */
static int reports_ok(const struct profile *p)
{
	return report_ok(p, REPORT_TOP, "top", NULL, NULL) &&
	       report_ok(p, REPORT_TOP, "top", NULL, "addresses") &&
	       report_ok(p, REPORT_RAW, "raw", NULL, NULL) &&
	       report_ok(p, REPORT_TRACES, "traces", NULL, NULL) &&
	       report_ok(p, REPORT_TAGS, "tags", NULL, NULL) &&
	       report_ok(p, REPORT_PEEK, "peek", ".", "lines") &&
	       report_ok(p, REPORT_TREE, "tree", NULL, NULL) &&
	       report_ok(p, REPORT_TOPPROTO, "topproto", NULL, NULL) &&
	       report_ok(p, REPORT_PROTO, "proto", NULL, NULL);
}

static struct profile *reparse(const struct profile *p)
{
	uint8_t *enc;
	size_t en;
	struct rt_error err = { "" };
	if (profile_encode(p, &enc, &en, &err) < 0) {
		printf("encode failed: %s\n", err.msg);
		return NULL;
	}
	struct profile *q = profile_parse(enc, en, NULL, &err);
	if (!q)
		printf("re-parse of the encoded mutant failed: %s\n", err.msg);
	free(enc);
	return q;
}

static int same_samples(const struct profile *p, const struct profile *q)
{
	if (p->n_samples != q->n_samples || p->n_sample_types != q->n_sample_types)
		return 0;
	for (size_t i = 0; i < p->n_samples; i++)
		for (size_t j = 0; j < p->n_sample_types; j++)
			if (sample_value(p, &p->samples[i], j) != sample_value(q, &q->samples[i], j))
				return 0;
	return 1;
}

/* Sum of values of type i, wrapping like Go's int64. */
static uint64_t value_sum(const struct profile *p, size_t i)
{
	uint64_t sum = 0;
	for (size_t s = 0; s < p->n_samples; s++)
		sum += (uint64_t)sample_value(p, &p->samples[s], i);
	return sum;
}

/* Merging a profile with itself: valid, and every total doubles. */
static int merge_ok(struct profile *p)
{
	struct profile *ps[] = { p, p };
	struct rt_error err = { "" };
	struct profile *m = profile_merge(ps, 2, &err);
	if (!m) {
		printf("merge with itself failed: %s\n", err.msg);
		return 0;
	}
	int ok = profile_check_valid(m, &err) == 0;
	if (!ok)
		printf("merged profile invalid: %s\n", err.msg);
	for (size_t i = 0; ok && i < p->n_sample_types; i++)
		if (value_sum(m, i) != 2 * value_sum(p, i)) {
			printf("merge with itself: total of type %zu not doubled\n", i);
			ok = 0;
		}
	profile_free(m);
	return ok;
}

/* 0 when the mutant is handled correctly; otherwise prints why.  A parsed
 * mutant need not survive one encode -> parse unchanged: like pprof, a
 * string label whose value is "" (a second "" in the string table) is
 * written as index 0 and then dropped.  It must be a fixpoint after that. */
static int check_one(const uint8_t *buf, size_t n, int *parsed)
{
	struct rt_error err = { "" }, werr = { "" };
	struct profile_read_opts whole = { .whole = true };
	struct profile *p = profile_parse(buf, n, NULL, &err);
	/* The one-pass reader gives what the whole read gives, or gives up
	 * to it: the same profile, the same refusal. */
	struct profile *w = profile_parse(buf, n, &whole, &werr);
	char same[256] = "";
	if (!p != !w || (!p && strcmp(err.msg, werr.msg)) ||
	    (p && !tiny_identical(p, w, same, sizeof same))) {
		printf("one pass and whole differ: %s / %s %s\n", p ? "parsed" : err.msg,
		       w ? "parsed" : werr.msg, same);
		profile_free(p);
		profile_free(w);
		return -1;
	}
	profile_free(w);
	if (!p) {
		if (err.msg[0] == '\0' || strchr(err.msg, '\n')) {
			printf("refused with a bad message: \"%s\"\n", err.msg);
			return -1;
		}
		return 0;
	}
	(*parsed)++;
	int rc = 0;
	struct rt_error verr = { "" };
	struct profile *q = NULL, *r = NULL;
	char why[256] = "";
	if (profile_check_valid(p, &verr) < 0) {
		printf("parsed but invalid: %s\n", verr.msg);
		rc = -1;
	} else if (!(q = reparse(p)) || !(r = reparse(q))) {
		rc = -1;
	} else if (!same_samples(p, q)) {
		printf("encode -> parse changed sample values\n");
		rc = -1;
	} else if (!tiny_equal(q, r, why, sizeof why)) {
		printf("encode -> parse is not a fixpoint: %s\n", why);
		rc = -1;
	} else if (!merge_ok(p) || !reports_ok(p)) {
		rc = -1;
	}
	profile_free(r);
	profile_free(q);
	profile_free(p);
	return rc;
}

int main(void)
{
	struct profile *base = tiny_rich();
	uint8_t *gz, *raw;
	size_t gn, rn;
	struct rt_error err = { "" };
	struct timespec t0, t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	const char *seed = getenv("RTPROF_FUZZ_SEED");
	const char *iters = getenv("RTPROF_FUZZ_ITERATIONS");
	long iterations = iters ? atol(iters) : ITERATIONS;
	double limit = iters ? 1e9 : TIME_LIMIT_S;
	if (seed && strtoull(seed, NULL, 0))
		rng = strtoull(seed, NULL, 0);
	const char *input = getenv("RTPROF_FUZZ_INPUT");
	if (input) {
		profile_free(base);
		base = profile_read_file(input, NULL, &err);
	}
	if (!base || profile_encode(base, &gz, &gn, &err) < 0 ||
	    gz_inflate(gz, gn, GZ_DEFAULT_MAX, &raw, &rn, &err) < 0) {
		printf("FAIL: cannot make the seed profile: %s\n", err.msg);
		return 1;
	}
	size_t cap = rn * 4 + 64;
	uint8_t *buf = malloc(cap);
	if (!buf)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int parsed = 0, i;
	for (i = 0; i < iterations; i++) {
		size_t n = rn;
		memcpy(buf, raw, rn);
		mutate(buf, &n, cap);
		int failed;
		if (i % 8 == 7) {	/* now and then through gzip */
			uint8_t *z;
			size_t zn;
			if (gz_deflate(buf, n, &z, &zn, &err) < 0)
				return 1;
			failed = check_one(z, zn, &parsed);
			free(z);
		} else {
			failed = check_one(buf, n, &parsed);
		}
		if (failed) {
			FILE *f = fopen("/tmp/rtprof-fuzz-fail.pb", "wb");
			if (f) {
				fwrite(buf, 1, n, f);
				fclose(f);
			}
			printf("FAIL at iteration %d (mutant in /tmp/rtprof-fuzz-fail.pb)\n", i);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 > limit) {
			printf("time limit: stopping early\n");
			i++;
			break;
		}
	}
	printf("%d mutants: %d parsed and round-tripped, %d refused cleanly\n", i,
	       parsed, i - parsed);
	free(buf);
	free(raw);
	free(gz);
	profile_free(base);
	return 0;
}
