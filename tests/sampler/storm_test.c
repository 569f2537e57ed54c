/* Robustness: a signal storm (1000 Hz, 8 threads at a time starting and
 * exiting, recursion deeper than the walk's cap) with snapshots, rate
 * changes, pauses and resets running concurrently (and snapshots and
 * series on another thread, whose profiles are built from the table's
 * pcs while resets drop them) must neither crash nor deadlock; a ring too
 * small for the rate counts drops and carries on. */
#include <pthread.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "base/rt_hooks.h"
#include "sampler/sampler.h"
#include "tests/sampler/workload.h"

static atomic_bool storm_over;

static void *storm_thread(void *p)
{
	int i = (int)(intptr_t)p;
	char job[16];
	rt_thread_enter("worker", i);
	snprintf(job, sizeof job, "deep%d", i % 3);
	rt_label_set("job", job);
	workload_deep(80 + 40 * (i % 4), 0.01);
	rt_thread_exit();
	return NULL;
}

static void *spawner(void *arg)
{
	(void)arg;
	while (!atomic_load(&storm_over)) {
		pthread_t t[8];
		for (int i = 0; i < 8; i++)
			pthread_create(&t[i], NULL, storm_thread, (void *)(intptr_t)i);
		for (int i = 0; i < 8; i++)
			pthread_join(t[i], NULL);
	}
	return NULL;
}

static void check_profile(const struct profile *p)
{
	for (size_t i = 0; i < p->n_samples; i++) {
		assert_true(p->samples[i].n_locs <= 64);
		assert_true(sample_value(p, &p->samples[i], 0) > 0);
	}
}

/* Snapshots of every shape, built while the main thread resets. */
static void *snapshotter(void *arg)
{
	static const int windows[] = { 0, 10, 300 };
	struct rt_error err;
	long *built = arg;
	for (int i = 0; !atomic_load(&storm_over); i++) {
		struct profile *p = i % 4 == 3
			? sampler_series(60, 5, SAMPLER_CPU, &err)
			: sampler_snapshot(windows[i % 3], i % 2 ? SAMPLER_CPU : SAMPLER_ALLOC, &err);
		if (!p)
			continue;
		for (size_t k = 0; k < p->n_samples; k++)
			if (p->samples[k].n_locs > 64)
				*built = -1000000;	/* checked by the main thread */
		profile_free(p);
		(*built)++;
	}
	return NULL;
}

static void test_storm(void **state)
{
	struct rt_error err;
	pthread_t sp;
	int rates[] = { 1000, 10, 500, 1000 };
	(void)state;

	assert_int_equal(sampler_start(&(struct sampler_opts){ .hz = 1000 }, &err), 0);
	atomic_store(&storm_over, false);
	pthread_create(&sp, NULL, spawner, NULL);
	pthread_t snap;
	long built = 0;
	pthread_create(&snap, NULL, snapshotter, &built);
	/* 3 s of storm, longer (up to 60 s) until some samples were kept:
	 * a loaded machine may give the storm threads little CPU. */
	struct sampler_stats st;
	double t0 = workload_wall();
	sampler_stats(&st);
	for (int round = 0;; round++) {
		double t = workload_wall() - t0;
		if (t >= 60 || (t >= 3.0 && st.samples > 10))
			break;
		struct profile *p = sampler_snapshot(round % 2 ? 1 : 0,
						     round % 3 ? SAMPLER_CPU : SAMPLER_ALLOC, &err);
		assert_non_null(p);
		check_profile(p);
		profile_free(p);
		assert_int_equal(sampler_set_rate(rates[round % 4], &err), 0);
		if (round % 5 == 1)
			sampler_pause();
		else
			sampler_resume();
		if (round % 17 == 16)
			sampler_reset();
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		sampler_stats(&st);
	}
	atomic_store(&storm_over, true);
	pthread_join(sp, NULL);
	pthread_join(snap, NULL);
	assert_true(built > 0);
	sampler_resume();

	struct profile *p = sampler_snapshot(0, SAMPLER_CPU, &err);
	assert_non_null(p);
	check_profile(p);
	sampler_stats(&st);
	printf("# storm: %llu samples kept, %llu dropped, %zu stacks\n",
	       (unsigned long long)st.samples, (unsigned long long)st.dropped,
	       p->n_samples);
	assert_true(st.samples > 10);
	assert_int_equal(st.threads, 0);	/* every exited thread was reclaimed */
	profile_free(p);
	sampler_stop();
}

static void test_ring_overflow_counted(void **state)
{
	struct rt_error err;
	int64_t lost = 0, lost_cpu = 0;
	(void)state;

	/* A 2-slot ring and an aggregator that never wakes during the test
	 * (it slept 5 s, which a loaded machine can outlast): most samples
	 * drop, and the snapshot does the only drain. */
	struct sampler_opts o = { .hz = 1000, .ring_slots = 2, .drain_ms = 3600 * 1000 };
	assert_int_equal(sampler_start(&o, &err), 0);
	workload_split(1, 1.5);
	struct profile *p = sampler_snapshot(0, SAMPLER_CPU, &err);
	assert_non_null(p);
	struct sampler_stats st;
	sampler_stats(&st);
	for (size_t i = 0; i < p->n_samples; i++) {
		const struct sample *s = &p->samples[i];
		if (s->n_locs == 1 && p->locations[sample_loc(p, s, 0)]->n_lines &&
		    !strcmp(p->locations[sample_loc(p, s, 0)]->lines[0].fn->name, "rtprof._LostRingFull"))
		{
			lost += sample_value(p, s, 0);
			lost_cpu += sample_value(p, s, 1);
		}
	}
	printf("# overflow: %llu kept, %llu dropped, %lld ns of CPU lost\n",
	       (unsigned long long)st.samples, (unsigned long long)st.dropped,
	       (long long)lost_cpu);
	/* Kept records are at most the ring's 2 slots (plus what the start-up
	 * drain caught).  1.5 s of CPU makes about 375 signals at the 250 Hz
	 * tick, a third of that on a machine busy enough to coalesce them. */
	assert_true(st.dropped > 50);
	assert_true(st.dropped > 2 * st.samples);
	assert_int_equal(lost, (int64_t)st.dropped);
	/* Each lost signal stood for 1 + its overruns periods of 1 ms. */
	assert_true(lost_cpu >= lost * 1000000);
	profile_free(p);
	sampler_stop();
}

/* CPU burnt inside a signal handler running on an alternate stack: the
 * sampler must not walk from there (only the leaf is recorded). */
static void on_usr1(int sig)
{
	(void)sig;
	workload_deep(3, 0.3);
}

static void *altstack_thread(void *arg)
{
	stack_t ss = { .ss_size = 1 << 16 };
	struct sigaction sa;
	(void)arg;
	ss.ss_sp = malloc(ss.ss_size);
	assert_non_null(ss.ss_sp);
	assert_int_equal(sigaltstack(&ss, NULL), 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	rt_thread_enter("worker", 0);
	pthread_kill(pthread_self(), SIGUSR1);
	rt_thread_exit();
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	free(ss.ss_sp);
	return NULL;
}

static void test_sigaltstack(void **state)
{
	struct rt_error err;
	pthread_t t;
	int64_t all = 0, leaf_only = 0;
	(void)state;
	assert_int_equal(sampler_start(&(struct sampler_opts){ .hz = 1000 }, &err), 0);
	pthread_create(&t, NULL, altstack_thread, NULL);
	pthread_join(t, NULL);
	struct profile *p = sampler_snapshot(0, SAMPLER_CPU, &err);
	assert_non_null(p);
	for (size_t i = 0; i < p->n_samples; i++) {
		all += sample_value(p, &p->samples[i], 0);
		if (p->samples[i].n_locs == 1)
			leaf_only += sample_value(p, &p->samples[i], 0);
	}
	printf("# sigaltstack: %lld samples, %lld leaf only\n", (long long)all,
	       (long long)leaf_only);
	assert_true(all > 0);
	if (!WORKLOAD_TSAN)	/* TSan runs handlers on its own terms */
		assert_true(leaf_only >= all * 9 / 10);
	profile_free(p);
	sampler_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_storm, workload_stop_sampler),
		cmocka_unit_test_teardown(test_ring_overflow_counted, workload_stop_sampler),
		cmocka_unit_test_teardown(test_sigaltstack, workload_stop_sampler),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
