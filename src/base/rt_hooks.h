/* rt_hooks: the tiny seam between the workload (src/render, src/workload)
 * and the profiler (src/sampler).  The renderer calls these functions; it
 * never includes a sampler header.  The sampler installs its callbacks with
 * rt_hooks_install; with none installed every hook is a cheap no-op.
 * Hooks may be called from any worker thread. */
#ifndef RT_HOOKS_H
#define RT_HOOKS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rt_hooks {
	/* A worker thread starts / ends (registers it for CPU sampling). */
	void (*thread_enter)(const char *role, int index);
	void (*thread_exit)(void);
	/* Sets (value != NULL) or clears a label on the calling thread. */
	void (*label_set)(const char *key, const char *value);
	/* Called for every rt_alloc/rt_free (the sampler samples them). */
	void (*alloc)(void *ptr, size_t size);
	void (*free)(void *ptr, size_t size);
	/* A contended rt_mutex_lock waited delay_ns. */
	void (*contended)(int64_t delay_ns);
	/* A blocking wait (rt_cond_wait, rt_thread_join, a contended
	 * rt_mutex_lock) ran from start_ns to end_ns (CLOCK_MONOTONIC); called
	 * on the thread that waited, only while rt_hooks_block_enable(true). */
	void (*blocked)(int64_t start_ns, int64_t end_ns);
};

/* Installs hooks (NULL uninstalls).  Call while no worker runs. */
void rt_hooks_install(const struct rt_hooks *h);

void rt_thread_enter(const char *role, int index);
void rt_thread_exit(void);
void rt_label_set(const char *key, const char *value);

/* The renderer's allocator: malloc/free plus hooks and an exact count of
 * allocations (rt_alloc_count), which gives "allocations per pixel". */
void *rt_alloc(size_t size);
void *rt_calloc(size_t n, size_t size);
void rt_free(void *ptr, size_t size);
uint64_t rt_alloc_count(void);

/* The project's mutex: times the wait when trylock fails. */
struct rt_mutex {
	pthread_mutex_t m;
};
int rt_mutex_init(struct rt_mutex *m);
void rt_mutex_destroy(struct rt_mutex *m);
void rt_mutex_lock(struct rt_mutex *m);
void rt_mutex_unlock(struct rt_mutex *m);

/* Blocking waits, timed for the block profile: pthread_cond_wait on m's
 * mutex and pthread_join.  While the timing is off (the default) each
 * costs one relaxed atomic load over the plain call. */
void rt_cond_wait(pthread_cond_t *cv, struct rt_mutex *m);
int rt_thread_join(pthread_t t, void **ret);
/* Turns the timing of blocking waits on or off (the sampler's block
 * profile); any thread. */
void rt_hooks_block_enable(bool on);

#endif
