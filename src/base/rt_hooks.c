/* rt_hooks: default no-op dispatch plus the exact allocation counter. */
#include "base/rt_hooks.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

static struct rt_hooks hooks;	/* written only while no worker runs */
static atomic_uint_fast64_t alloc_count;
static atomic_bool block_on;	/* time blocking waits for hooks.blocked */

void rt_hooks_install(const struct rt_hooks *h)
{
	if (h)
		hooks = *h;
	else
		hooks = (struct rt_hooks){ 0 };
}

void rt_thread_enter(const char *role, int index)
{
	if (hooks.thread_enter)
		hooks.thread_enter(role, index);
}

void rt_thread_exit(void)
{
	if (hooks.thread_exit)
		hooks.thread_exit();
}

void rt_label_set(const char *key, const char *value)
{
	if (hooks.label_set)
		hooks.label_set(key, value);
}

void *rt_alloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (p) {
		atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed);
		if (hooks.alloc)
			hooks.alloc(p, size);
	}
	return p;
}

void *rt_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p) {
		atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed);
		if (hooks.alloc)
			hooks.alloc(p, n * size);
	}
	return p;
}

void rt_free(void *ptr, size_t size)
{
	if (!ptr)
		return;
	if (hooks.free)
		hooks.free(ptr, size);
	free(ptr);
}

uint64_t rt_alloc_count(void)
{
	return atomic_load_explicit(&alloc_count, memory_order_relaxed);
}

int rt_mutex_init(struct rt_mutex *m)
{
	return pthread_mutex_init(&m->m, NULL);
}

void rt_mutex_destroy(struct rt_mutex *m)
{
	pthread_mutex_destroy(&m->m);
}

/* After a hook call that ends a function: no tail call, so the function
 * stays on the stack the hook walks and is the recorded leaf. */
#if defined(__GNUC__)
#define NO_TAIL_CALL() __asm__ volatile("" ::: "memory")
#else
#define NO_TAIL_CALL() ((void)0)
#endif

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Like Go, where a contended sync.Mutex counts in both the mutex and the
 * block profiles. */
void rt_mutex_lock(struct rt_mutex *m)
{
	if (pthread_mutex_trylock(&m->m) == 0)
		return;
	int64_t t0 = now_ns();
	pthread_mutex_lock(&m->m);
	int64_t t1 = now_ns();
	if (hooks.contended)
		hooks.contended(t1 - t0);
	if (hooks.blocked && atomic_load_explicit(&block_on, memory_order_relaxed))
		hooks.blocked(t0, t1);
	NO_TAIL_CALL();
}

void rt_mutex_unlock(struct rt_mutex *m)
{
	pthread_mutex_unlock(&m->m);
}

void rt_hooks_block_enable(bool on)
{
	atomic_store(&block_on, on);
}

/* The hooks are called from these functions themselves (not a helper, not
 * a tail call), so the recorded stack's leaf is rt_cond_wait or
 * rt_thread_join, as Go's is sync.(*Cond).Wait. */
void rt_cond_wait(pthread_cond_t *cv, struct rt_mutex *m)
{
	if (!atomic_load_explicit(&block_on, memory_order_relaxed)) {
		pthread_cond_wait(cv, &m->m);
		return;
	}
	int64_t t0 = now_ns();
	pthread_cond_wait(cv, &m->m);
	if (hooks.blocked)
		hooks.blocked(t0, now_ns());
	NO_TAIL_CALL();
}

int rt_thread_join(pthread_t t, void **ret)
{
	if (!atomic_load_explicit(&block_on, memory_order_relaxed))
		return pthread_join(t, ret);
	int64_t t0 = now_ns();
	int rc = pthread_join(t, ret);
	if (hooks.blocked)
		hooks.blocked(t0, now_ns());
	return rc;
}
