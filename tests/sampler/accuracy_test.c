/* Accuracy: two functions whose CPU split is 70/30 by construction, on two
 * threads, must come out 70/30 within 3 percentage points of the samples.
 * Each sample is a draw at a random phase of the 70/30 cycle, so the error
 * is binomial: 3000 draws put 3 points at 3.6 standard deviations (1500
 * gave 2.5: an occasional failure).
 *
 * The draws are the timer signals, not the CPU time: on a busy machine (or
 * when the hypervisor stops the vCPU) the kernel lets a thread's CPU clock
 * run many periods between two signals and reports them as overruns, so
 * 6 s of CPU per thread at 250 Hz has given as few as 1000 signals, some
 * standing for 200 periods.  Weighting each draw by its CPU time would
 * leave the split resting on a few hundred effective draws; counting
 * signals keeps it binomial, and the workload runs until 3000 are in.
 * Nothing here depends on wall time. */
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
	const struct location *leaf = s->n_locs ? p->locations[sample_loc(p, s, 0)] : NULL;
	if (!leaf || !leaf->n_lines)
		return "";
	return leaf->lines[leaf->n_lines - 1].fn->name;
}

/* Under ThreadSanitizer (see workload.h) the split spreads about twice as
 * wide (sd ~2 points): the test still runs the sampler for races, with a
 * looser bound. */
#define SPLIT_TOLERANCE (WORKLOAD_TSAN ? 6.0 : 3.0)

#define DRAWS 3000
#define CHUNK_CPU_SECONDS 1.5
#define MAX_CPU_SECONDS 45.0	/* per thread: six times the idle need */

static void test_split_70_30(void **state)
{
	struct rt_error err;
	struct sampler_stats st;
	int64_t a = 0, b = 0, all = 0;
	double cpu = 0;
	(void)state;

	assert_int_equal(sampler_start(&(struct sampler_opts){ .hz = 250 }, &err), 0);
	do {
		workload_split(2, CHUNK_CPU_SECONDS);
		cpu += CHUNK_CPU_SECONDS;
		sampler_stats(&st);
	} while (st.samples < DRAWS && cpu < MAX_CPU_SECONDS);
	struct profile *p = sampler_snapshot(0, SAMPLER_CPU, &err);
	sampler_stop();
	assert_non_null(p);
	for (size_t i = 0; i < p->n_samples; i++) {
		const struct sample *s = &p->samples[i];
		all += sample_value(p, s, 0);
		if (!strcmp(leaf_function(p, s), "burn_70"))
			a += sample_value(p, s, 0);
		else if (!strcmp(leaf_function(p, s), "burn_30"))
			b += sample_value(p, s, 0);
	}
	double pa = 100.0 * (double)a / (double)(a + b);
	printf("# %.1f s of CPU a thread, samples %lld, in burn_*: %lld, "
	       "burn_70 %.2f%%, burn_30 %.2f%%\n",
	       cpu, (long long)all, (long long)(a + b), pa, 100 - pa);
	/* Nearly every draw lands in burn_* (the rest is the loop's clock
	 * reads). */
	assert_true(a + b >= DRAWS * 9 / 10);
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
