/* threads: the registry of sampled threads, their per-thread CPU timers
 * (timer_create on CLOCK_THREAD_CPUTIME_ID, delivered with SIGEV_THREAD_ID)
 * and the SIGPROF handler that walks the interrupted stack into the
 * thread's ring.  Per-thread labels live here too, since the handler stamps
 * them on each sample.  Internal to src/sampler. */
#ifndef RT_SAMPLER_THREADS_H
#define RT_SAMPLER_THREADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sampler/stacktab.h"

/* The synthetic pc of samples lost to a full ring (never real text). */
#define THREADS_LOST_PC 1

static inline int64_t threads_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Installs the SIGPROF handler (once per process; it stays installed so a
 * late pending signal can never take the default action) and sets the
 * rate and ring size used by threads registered from now on. */
int threads_start(int hz, size_t ring_slots, bool enabled);
/* Deletes every live thread's timer; registered structs stay until their
 * thread calls threads_exit or the next drain after it did. */
void threads_stop(void);

/* Called on the thread itself (rt_thread_enter / rt_thread_exit). */
int threads_enter(void);
void threads_exit(void);

/* The calling thread's label set (any thread, registered or not). */
void threads_label_set(const char *key, const char *value);
uint32_t threads_labels(void);
/* The calling thread's stack [lo, hi) for walks outside the handler. */
bool threads_stack_bounds(uintptr_t *lo, uintptr_t *hi);
/* A hook's view of its caller's stack: the return addresses (minus one)
 * above frame fp, which must be the hook's own live frame. */
uint32_t threads_walk_here(uint64_t *pcs, size_t max, uintptr_t fp);

int threads_set_rate(int hz);
int threads_rate(void);
void threads_set_enabled(bool on);
bool threads_enabled(void);
size_t threads_count(void);

struct threads_drain_stats {
	uint64_t kept, dropped;
};
/* Aggregator: moves every ring's records into tab (seconds counted from
 * epoch_ns), turns new drops into THREADS_LOST_PC samples and frees the
 * structs of threads that exited.  The caller serialises drains. */
void threads_drain(struct stacktab *tab, int64_t epoch_ns,
		   struct threads_drain_stats *st);

#endif
