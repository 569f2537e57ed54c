/* workload: test programs for the sampler whose profile is known by
 * construction.  burn_70 and burn_30 run the same loop body, 7 and 3 units
 * per round, so their CPU split is 70/30.  Threads register through the
 * rt_hooks seam exactly as the renderer's workers do, and label themselves
 * worker=N. */
#ifndef RT_TESTS_SAMPLER_WORKLOAD_H
#define RT_TESTS_SAMPLER_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#define WORKLOAD_UNIT 4000	/* loop iterations per unit */

/* ThreadSanitizer defers asynchronous signals to its own safe points (the
 * next intercepted call) and drops those arriving while one is pending:
 * the handler gets the original registers, but by then the interrupted
 * frames may be gone, so only the leaf is sure, and the sample count per
 * function spreads about twice as wide. */
#if defined(__SANITIZE_THREAD__)
#define WORKLOAD_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define WORKLOAD_TSAN 1
#endif
#endif
#ifndef WORKLOAD_TSAN
#define WORKLOAD_TSAN 0
#endif

uint64_t burn_70(uint64_t x, long units);
uint64_t burn_30(uint64_t x, long units);

/* CPU time of the calling thread, in seconds. */
double workload_thread_cpu(void);
/* CLOCK_MONOTONIC, in seconds. */
double workload_wall(void);

/* Runs n threads, each doing 70/30 rounds until it has used cpu_seconds of
 * CPU; each registers as ("worker", i) and labels itself worker=i,
 * job=split. */
void workload_split(int n, double cpu_seconds);

/* Recurses depth frames deep, then burns about cpu_seconds. */
uint64_t workload_deep(int depth, double cpu_seconds);

/* Allocates n blocks of size bytes through rt_alloc from an inlined helper
 * (alloc_inline, inlined into alloc_outer); returns the blocks. */
void **alloc_outer(int n, size_t size);

/* Contends on one rt_mutex from n threads for about seconds. */
void workload_contend(int n, double seconds);

/* Blocking waits of known length.  A thread waits in wait_on_cond (an
 * rt_cond_wait) until the caller signals it hold_ms later; then the caller
 * waits in join_sleeper (an rt_thread_join) for a thread that sleeps
 * hold_ms.  With pause_ms > 0 the sampler is paused for pause_ms once the
 * waiter waits, and hold_ms run from the resume.  *resumed: when the hold
 * began, *woke: when the waiter's wait returned (workload_wall). */
void workload_block(int hold_ms, int pause_ms, double *resumed, double *woke);

/* A cmocka teardown: a failed assertion leaves the sampler running, so
 * the next test would start on a started sampler. */
int workload_stop_sampler(void **state);

#endif
