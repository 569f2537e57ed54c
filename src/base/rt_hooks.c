/* rt_hooks: default no-op dispatch plus the exact allocation counter. */
#include "base/rt_hooks.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

static struct rt_hooks hooks;	/* written only while no worker runs */
static atomic_uint_fast64_t alloc_count;

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

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void rt_mutex_lock(struct rt_mutex *m)
{
	if (pthread_mutex_trylock(&m->m) == 0)
		return;
	int64_t t0 = now_ns();
	pthread_mutex_lock(&m->m);
	if (hooks.contended)
		hooks.contended(now_ns() - t0);
}

void rt_mutex_unlock(struct rt_mutex *m)
{
	pthread_mutex_unlock(&m->m);
}
