/* workload: CPU, allocation and lock workloads with known profiles. */
#include "tests/sampler/workload.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/rt_hooks.h"
#include "sampler/sampler.h"

/* The same dependent xorshift chain in both functions: equal cost per unit. */
static inline __attribute__((always_inline)) uint64_t spin(uint64_t x, long units)
{
	for (long i = 0; i < units * WORKLOAD_UNIT; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

__attribute__((noinline, aligned(64))) uint64_t burn_70(uint64_t x, long units)
{
	return spin(x, units);
}

__attribute__((noinline, aligned(64))) uint64_t burn_30(uint64_t x, long units)
{
	return spin(x, units);
}

double workload_thread_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct split_arg {
	int index;
	double cpu_seconds;
	uint64_t out;
};

static void *split_thread(void *p)
{
	struct split_arg *a = p;
	uint64_t x = 88172645463325252ULL + (uint64_t)a->index;
	char idx[16];
	snprintf(idx, sizeof idx, "%d", a->index);
	rt_thread_enter("worker", a->index);
	rt_label_set("worker", idx);
	rt_label_set("job", "split");
	double t0 = workload_thread_cpu();
	while (workload_thread_cpu() - t0 < a->cpu_seconds) {
		x = burn_70(x, 7);
		x = burn_30(x, 3);
	}
	rt_label_set("job", NULL);
	rt_thread_exit();
	a->out = x;
	return NULL;
}

void workload_split(int n, double cpu_seconds)
{
	pthread_t tids[64];
	struct split_arg args[64];
	if (n > 64)
		n = 64;
	for (int i = 0; i < n; i++) {
		args[i] = (struct split_arg){ i, cpu_seconds, 0 };
		pthread_create(&tids[i], NULL, split_thread, &args[i]);
	}
	for (int i = 0; i < n; i++)
		pthread_join(tids[i], NULL);
}

__attribute__((noinline)) uint64_t workload_deep(int depth, double cpu_seconds)
{
	if (depth > 0)
		return workload_deep(depth - 1, cpu_seconds) + 1;
	uint64_t x = 2463534242ULL;
	double t0 = workload_thread_cpu();
	while (workload_thread_cpu() - t0 < cpu_seconds)
		x = burn_70(x, 1);
	return x;
}

static inline __attribute__((always_inline)) void *alloc_inline(size_t size)
{
	return rt_alloc(size);
}

__attribute__((noinline)) void **alloc_outer(int n, size_t size)
{
	void **v = malloc((size_t)n * sizeof *v);
	for (int i = 0; v && i < n; i++)
		v[i] = alloc_inline(size);
	return v;
}

struct contend_arg {
	struct rt_mutex *m;
	double seconds;
	long *counter;
};

double workload_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static __attribute__((noinline)) void hold_lock(struct contend_arg *a)
{
	rt_mutex_lock(a->m);
	(*a->counter)++;
	burn_30(1, 5);
	rt_mutex_unlock(a->m);
}

static void *contend_thread(void *p)
{
	struct contend_arg *a = p;
	double t0 = workload_wall();
	while (workload_wall() - t0 < a->seconds)
		hold_lock(a);
	return NULL;
}

void workload_contend(int n, double seconds)
{
	pthread_t tids[16];
	struct rt_mutex m;
	long counter = 0;
	struct contend_arg a = { &m, seconds, &counter };
	if (n > 16)
		n = 16;
	rt_mutex_init(&m);
	for (int i = 0; i < n; i++)
		pthread_create(&tids[i], NULL, contend_thread, &a);
	for (int i = 0; i < n; i++)
		pthread_join(tids[i], NULL);
	rt_mutex_destroy(&m);
}

struct block_arg {
	struct rt_mutex m;
	pthread_cond_t cv;
	int waiting, go;	/* (m) */
	double woke;
	int sleep_ms;
};

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) != 0)
		;
}

static __attribute__((noinline)) void wait_on_cond(struct block_arg *a)
{
	rt_mutex_lock(&a->m);
	a->waiting = 1;	/* m is held until the wait releases it */
	while (!a->go)
		rt_cond_wait(&a->cv, &a->m);
	a->woke = workload_wall();
	rt_mutex_unlock(&a->m);
}

static void *block_waiter(void *p)
{
	wait_on_cond(p);
	return NULL;
}

static void *block_sleeper(void *p)
{
	sleep_ms(((struct block_arg *)p)->sleep_ms);
	return NULL;
}

static __attribute__((noinline)) void join_sleeper(pthread_t t)
{
	rt_thread_join(t, NULL);
	__asm__ volatile("" ::: "memory");	/* no tail call: stay on the stack */
}

void workload_block(int hold_ms, int pause_ms, double *resumed, double *woke)
{
	struct block_arg a = { .sleep_ms = hold_ms };
	pthread_t waiter, sleeper;
	int waiting = 0;

	rt_mutex_init(&a.m);
	pthread_cond_init(&a.cv, NULL);
	if (pthread_create(&waiter, NULL, block_waiter, &a) != 0)
		abort();
	while (!waiting) {
		rt_mutex_lock(&a.m);
		waiting = a.waiting;
		rt_mutex_unlock(&a.m);
		if (!waiting)
			sleep_ms(1);
	}
	if (pause_ms > 0) {
		sampler_pause();
		sleep_ms(pause_ms);
		*resumed = workload_wall();
		sampler_resume();
	} else {
		*resumed = workload_wall();
	}
	sleep_ms(hold_ms);
	rt_mutex_lock(&a.m);
	a.go = 1;
	pthread_cond_signal(&a.cv);
	rt_mutex_unlock(&a.m);
	pthread_join(waiter, NULL);
	*woke = a.woke;
	if (pthread_create(&sleeper, NULL, block_sleeper, &a) != 0)
		abort();
	join_sleeper(sleeper);
	pthread_cond_destroy(&a.cv);
	rt_mutex_destroy(&a.m);
}

int workload_stop_sampler(void **state)
{
	(void)state;
	sampler_stop();
	return 0;
}
