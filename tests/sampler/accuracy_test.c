/* Accuracy: two functions whose CPU split is 70/30 by construction, on two
 * threads, must come out 70/30 within 3 percentage points.  Each sample is
 * a draw at a random phase of the 70/30 cycle, so the error is binomial:
 * 6 s of CPU per thread at 250 Hz (~3000 samples) puts 3 points at 3.6
 * standard deviations (3 s gave 2.5: an occasional failure).  Nothing here
 * depends on wall time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sampler/sampler.h"
#include "tests/sampler/workload.h"

/* The outermost function of a sample's leaf location (burn_* itself, not
 * the inlined loop): the view of `go tool pprof -noinlines`. */
static const char *leaf_function(const struct profile *p, const struct sample *s)
{
	const struct location *leaf = s->n_locs ? p->locations[s->locs[0]] : NULL;
	if (!leaf || !leaf->n_lines)
		return "";
	return leaf->lines[leaf->n_lines - 1].fn->name;
}

/* Under ThreadSanitizer (see workload.h) the split spreads about twice as
 * wide (sd ~2 points): the test still runs the sampler for races, with a
 * looser bound. */
#define SPLIT_TOLERANCE (WORKLOAD_TSAN ? 6.0 : 3.0)

static void test_split_70_30(void **state)
{
	struct rt_error err;
	int64_t a = 0, b = 0, all = 0;
	(void)state;

	assert_int_equal(sampler_start(&(struct sampler_opts){ .hz = 250 }, &err), 0);
	workload_split(2, 6.0);
	struct profile *p = sampler_snapshot(0, SAMPLER_CPU, &err);
	sampler_stop();
	assert_non_null(p);
	for (size_t i = 0; i < p->n_samples; i++) {
		const struct sample *s = &p->samples[i];
		all += s->values[0];
		if (!strcmp(leaf_function(p, s), "burn_70"))
			a += s->values[0];
		else if (!strcmp(leaf_function(p, s), "burn_30"))
			b += s->values[0];
	}
	double pa = 100.0 * (double)a / (double)(a + b);
	printf("# samples %lld, in burn_*: %lld, burn_70 %.2f%%, burn_30 %.2f%%\n",
	       (long long)all, (long long)(a + b), pa, 100 - pa);
	/* 2 threads x 6 s x 250 Hz = 3000 expected. */
	assert_true(a + b >= 2500);
	assert_true(a + b >= all * 9 / 10);
	assert_true(pa >= 70.0 - SPLIT_TOLERANCE && pa <= 70.0 + SPLIT_TOLERANCE);
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_split_70_30, workload_stop_sampler),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
