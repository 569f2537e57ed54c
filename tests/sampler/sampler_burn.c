/* sampler-burn: the 70/30 workload as a program, for checking the sampler
 * by hand (go tool pprof), against perf, and for the overhead bench.
 *
 *   sampler-burn [-hz N] [-threads N] [-seconds S | -rounds R] [-off]
 *                [-o cpu.pb.gz]
 *
 * -seconds: each thread burns S seconds of CPU (default 3).
 * -rounds: each thread does R fixed rounds instead, and the wall time is
 *  printed (the overhead bench compares it with and without sampling).
 * -off: no sampler at all.  Prints the split the sampler measured. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/rt_hooks.h"
#include "profile/profile_io.h"
#include "sampler/sampler.h"
#include "tests/sampler/workload.h"

static long rounds;

/* CPU time of the whole process (workers, aggregator, handler). */
static double process_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *rounds_thread(void *p)
{
	uint64_t x = 88172645463325252ULL + (uintptr_t)p;
	rt_thread_enter("worker", (int)(intptr_t)p);
	for (long i = 0; i < rounds; i++) {
		x = burn_70(x, 7);
		x = burn_30(x, 3);
	}
	rt_thread_exit();
	return (void *)(uintptr_t)(x & 1);
}

static void run_rounds(int n)
{
	pthread_t t[64];
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, rounds_thread, (void *)(intptr_t)i);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

/* Flat share of each burn function among samples whose leaf is one. */
static void print_split(const struct profile *p)
{
	int64_t a = 0, b = 0, total = 0;
	for (size_t i = 0; i < p->n_samples; i++) {
		const struct sample *s = &p->samples[i];
		total += sample_value(p, s, 0);
		const struct location *leaf = s->n_locs ? p->locations[sample_loc(p, s, 0)] : NULL;
		if (!leaf || !leaf->n_lines)
			continue;
		const char *f = leaf->lines[leaf->n_lines - 1].fn->name;
		if (!strcmp(f, "burn_70"))
			a += sample_value(p, s, 0);
		else if (!strcmp(f, "burn_30"))
			b += sample_value(p, s, 0);
	}
	printf("samples %lld burn_70 %.2f%% burn_30 %.2f%% (of all: %.2f%% %.2f%%)\n",
	       (long long)total, a + b ? 100.0 * a / (a + b) : 0,
	       a + b ? 100.0 * b / (a + b) : 0, total ? 100.0 * a / total : 0,
	       total ? 100.0 * b / total : 0);
}

int main(int argc, char **argv)
{
	int hz = 100, threads = 2, off = 0;
	double seconds = 3;
	const char *out = NULL;
	struct rt_error err;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "-off"))
			off = 1;
		else if (v && !strcmp(a, "-hz"))
			hz = atoi(argv[++i]);
		else if (v && !strcmp(a, "-threads"))
			threads = atoi(argv[++i]);
		else if (v && !strcmp(a, "-seconds"))
			seconds = atof(argv[++i]);
		else if (v && !strcmp(a, "-rounds"))
			rounds = atol(argv[++i]);
		else if (v && !strcmp(a, "-o"))
			out = argv[++i];
		else {
			fprintf(stderr, "usage: %s [-hz N] [-threads N] [-seconds S | -rounds R] [-off] [-o file]\n",
				argv[0]);
			return 2;
		}
	}
	if (!off && sampler_start(&(struct sampler_opts){ .hz = hz }, &err) < 0) {
		fprintf(stderr, "sampler-burn: %s\n", err.msg);
		return 1;
	}
	double t0 = workload_wall(), c0 = process_cpu();
	if (rounds > 0)
		run_rounds(threads);
	else
		workload_split(threads, seconds);
	double t1 = workload_wall(), c1 = process_cpu();
	printf("wall %.6f s\ncpu %.6f s\n", t1 - t0, c1 - c0);
	if (off)
		return 0;
	struct profile *p = sampler_snapshot(0, SAMPLER_CPU, &err);
	sampler_stop();
	if (!p) {
		fprintf(stderr, "sampler-burn: %s\n", err.msg);
		return 1;
	}
	struct sampler_stats st;
	sampler_stats(&st);
	print_split(p);
	printf("kept %llu dropped %llu\n", (unsigned long long)st.samples,
	       (unsigned long long)st.dropped);
	if (out && profile_write_file(p, out, &err) < 0) {
		fprintf(stderr, "sampler-burn: %s: %s\n", out, err.msg);
		profile_free(p);
		return 1;
	}
	profile_free(p);
	return 0;
}
