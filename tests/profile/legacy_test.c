/* legacy_test: the legacy-format reader's parts that the goldens cannot
 * pin down alone.  The matcher follows Go's leftmost-first submatches
 * (backtracking into a greedy run, an optional group left out, the
 * leftmost start) and stays linear on 64 KiB runs that a plain
 * backtracker takes quadratic time over (it did, before the run caches);
 * and profile_parse gives each family's values as pprof computes them. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "profile/profile_io.h"
#include "profile/profile_legacy_match.h"

static int failures;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		failures++; \
		printf("FAIL %s:%d: ", __FILE__, __LINE__); \
		printf(__VA_ARGS__); \
		printf("\n"); \
	} \
} while (0)

/* Group k of the last match equals want. */
static void group_is(const char *s, const struct lm_caps *c, int k, const char *want)
{
	size_t n;
	const char *g = lm_group(s, c, k, &n);
	CHECK(n == strlen(want) && memcmp(g, want, n) == 0, "group %d of \"%s\" is \"%.*s\", want \"%s\"",
	      k, s, (int)n, g, want);
}

/* contentionSampleRE: (\d+) *(\d+) @([ x0-9a-f]*) */
static const struct lm_node contention[] = {
	LM_OPEN_(1), LM_C(LMC_DIGIT, 1, 1), LM_CLOSE_(1), LM_C(LMC_SP, 0, 1),
	LM_OPEN_(2), LM_C(LMC_DIGIT, 1, 1), LM_CLOSE_(2), LM_L(" @"),
	LM_OPEN_(3), LM_C(LMC_ADDRS, 0, 1), LM_CLOSE_(3),
};
/* ^\s*(?:0x)?([[:xdigit:]]+)[\s-]?\s*(?:0x)?([[:xdigit:]]+):?(?:\s+(\S+))?x$ */
static const struct lm_node range[] = {
	LM_C(LMC_SPACE, 0, 1), LM_OPT_, LM_L("0x"), LM_END_,
	LM_OPEN_(1), LM_C(LMC_XDIGIT, 1, 1), LM_CLOSE_(1),
	LM_C(LMC_SEP, 0, 0), LM_C(LMC_SPACE, 0, 1), LM_OPT_, LM_L("0x"), LM_END_,
	LM_OPEN_(2), LM_C(LMC_XDIGIT, 1, 1), LM_CLOSE_(2), LM_OPT_, LM_L(":"), LM_END_,
	LM_OPT_, LM_C(LMC_SPACE, 1, 1), LM_OPEN_(3), LM_C(LMC_NONSPACE, 1, 1), LM_CLOSE_(3), LM_END_,
	LM_L("x"), LM_EOL_,
};
/* (-?\d+): */
static const struct lm_node signed_count[] = {
	LM_OPEN_(1), LM_OPT_, LM_L("-"), LM_END_, LM_C(LMC_DIGIT, 1, 1), LM_CLOSE_(1), LM_L(":"),
};

static void test_submatches(void)
{
	struct lm_caps c;
	const char *s = "123 @ 0x1";
	CHECK(LM_FIND(contention, false, s, strlen(s), &c) == 1, "no match in \"%s\"", s);
	group_is(s, &c, 1, "12");	/* the first run gives back one digit */
	group_is(s, &c, 2, "3");
	group_is(s, &c, 3, " 0x1");
	s = "77 5 @ 0x2";
	CHECK(LM_FIND(contention, false, s, strlen(s), &c) == 1, "no match in \"%s\"", s);
	group_is(s, &c, 1, "77");
	group_is(s, &c, 2, "5");
	s = "40008000x";	/* no separator: the first run gives back one digit */
	CHECK(LM_FIND(range, true, s, strlen(s), &c) == 1, "no match in \"%s\"", s);
	group_is(s, &c, 1, "4000800");
	group_is(s, &c, 2, "0");
	group_is(s, &c, 3, "");
	s = "0x10-0x20 /bin/ax";
	CHECK(LM_FIND(range, true, s, strlen(s), &c) == 1, "no match in \"%s\"", s);
	group_is(s, &c, 1, "10");
	group_is(s, &c, 2, "20");
	group_is(s, &c, 3, "/bin/a");
	s = "a5-7: x";	/* leftmost start: "5-" fails, "-7:" matches */
	CHECK(LM_FIND(signed_count, false, s, strlen(s), &c) == 1, "no match in \"%s\"", s);
	group_is(s, &c, 1, "-7");
	s = "1 @";
	CHECK(LM_FIND(contention, false, s, strlen(s), &c) == 0, "\"%s\" matched", s);
}

static void test_linear(void)
{
	static char line[65535 + 2];
	struct lm_caps c;
	clock_t t0 = clock();
	/* Runs a backtracker walks once per start and once per give-back. */
	const char fill[] = { 'a', '1', ' ' };
	for (int f = 0; f < 3; f++) {
		memset(line, fill[f], sizeof line - 2);
		line[sizeof line - 2] = 'z';
		for (int rep = 0; rep < 3; rep++) {
			CHECK(LM_FIND(range, true, line, sizeof line - 1, &c) == 0, "long line matched");
			CHECK(LM_FIND(contention, false, line, sizeof line - 1, &c) == 0, "long line matched");
			CHECK(LM_FIND(signed_count, false, line, sizeof line - 1, &c) == 0, "long line matched");
		}
	}
	double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
	/* Linear: milliseconds.  Quadratic: minutes. */
	CHECK(s < 5.0, "27 matches on 64 KiB lines took %.1f s", s);
}

static struct profile *parse(const char *text)
{
	struct rt_error err = { { 0 } };
	struct profile *p = profile_parse((const uint8_t *)text, strlen(text), NULL, &err);
	CHECK(p != NULL, "\"%.30s...\" refused: %s", text, err.msg);
	return p;
}

static void test_families(void)
{
	/* Contention: count scaled by the period, delay by period/GHz. */
	struct profile *p = parse("--- mutex:\ncycles/second=2000000000\nsampling period=5\n"
				  "1000000 3 @ 0x400100 0x400200\n");
	if (p) {
		CHECK(p->n_samples == 1 && sample_value(p, &p->samples[0], 0) == 15 &&
		      sample_value(p, &p->samples[0], 1) == 2500000, "mutex values %lld %lld",
		      (long long)sample_value(p, &p->samples[0], 0), (long long)sample_value(p, &p->samples[0], 1));
		CHECK(strcmp(p->drop_frames, "RecordLockProfileData|(base::)?RecordLockProfileData.*|"
			     "(base::)?SubmitMutexProfileData.*|(base::)?SubmitSpinLockProfileData.*|"
			     "(base::Mutex::)?AwaitCommon.*|(base::Mutex::)?Unlock.*|"
			     "(base::Mutex::)?UnlockSlow.*|(base::Mutex::)?ReaderUnlock.*|"
			     "(base::MutexLock::)?~MutexLock.*|(Mutex::)?AwaitCommon.*|"
			     "(Mutex::)?Unlock.*|(Mutex::)?UnlockSlow.*|(Mutex::)?ReaderUnlock.*|"
			     "(MutexLock::)?~MutexLock.*|(SpinLock::)?Unlock.*|"
			     "(SpinLock::)?SlowUnlock.*|(SpinLockHolder::)?~SpinLockHolder.*") == 0,
		      "mutex drop_frames %s", p->drop_frames);
		/* Every frame is a return address: one less; a fake mapping. */
		CHECK(p->locations[sample_loc(p, &p->samples[0], 0)]->address == 0x4000ff && p->n_mappings == 1 &&
		      p->mappings[0]->limit == UINT64_MAX, "mutex locations/mappings");
		profile_free(p);
	}
	/* heapz_v2: count/size scaled by 1/(1-exp(-avg/rate)). */
	p = parse("heap profile: 1: 512 [ 1: 512] @ heapz_v2/524288\n1: 512 [ 1: 512] @ 0x1\n");
	if (p) {
		CHECK(p->n_sample_types == 2 && sample_value(p, &p->samples[0], 0) == 1024 &&
		      sample_value(p, &p->samples[0], 1) == 524544, "heap values %lld %lld",
		      (long long)sample_value(p, &p->samples[0], 0), (long long)sample_value(p, &p->samples[0], 1));
		CHECK(sample_n_labels(p, &p->samples[0]) == 1 && strcmp(sample_labels(p, &p->samples[0])[0].key, "bytes") == 0 &&
		      sample_labels(p, &p->samples[0])[0].num == 512, "heap bytes label");
		profile_free(p);
	}
	/* Java heap: values swapped, functions from the location lines,
	 * addresses cleared. */
	p = parse("--- heapz 1 ---\nformat = java\nresolution = bytes\n"
		  " 1048576 2 @ 0xa 0xb\n0xa com.x.F.g (F.java:7)\n0xb VM\n");
	if (p) {
		CHECK(p->n_locations == 2 && p->locations[0]->address == 0 &&
		      p->locations[0]->n_lines == 1 &&
		      strcmp(p->locations[0]->lines[0].fn->name, "com.x.F.g") == 0 &&
		      strcmp(p->locations[0]->lines[0].fn->filename, "F.java") == 0 &&
		      p->locations[0]->lines[0].line == 7 &&
		      strcmp(p->locations[1]->lines[0].fn->name, "VM") == 0, "java locations");
		CHECK(strcmp(p->sample_types[1].unit, "bytes") == 0 &&
		      sample_labels(p, &p->samples[0])[0].num == 524288, "java heap types/label");
		profile_free(p);
	}
}

int main(void)
{
	test_submatches();
	test_linear();
	test_families();
	if (failures) {
		printf("%d failures\n", failures);
		return 1;
	}
	printf("legacy_test: ok\n");
	return 0;
}
