/* blockprof: block profile.  The rt_hooks wrappers time blocking waits
 * (rt_cond_wait, rt_thread_join, contended rt_mutex_lock); we record the
 * waiting thread's stack with contentions/count and delay/nanoseconds,
 * like Go's block profile at SetBlockProfileRate(1): every wait, its
 * whole delay.  Internal to src/sampler. */
#ifndef RT_SAMPLER_BLOCKPROF_H
#define RT_SAMPLER_BLOCKPROF_H

#include <stdbool.h>
#include <stdint.h>

#include "sampler/stacktab.h"

/* Empties the table and turns the timing on.  0, or -1 (ENOMEM). */
int blockprof_start(int64_t epoch_ns);
/* On/off (rt_hooks_block_enable too).  A wait that began while off or
 * before the last reset counts only from the enable or reset. */
void blockprof_set_enabled(bool on);
void blockprof_reset(void);

/* The hook (any thread, never in a signal handler). */
void blockprof_blocked(int64_t start_ns, int64_t end_ns);

int blockprof_snapshot(int64_t now_sec, int64_t window, int64_t slot,
		       struct stacktab_copy *out);
/* Blocking waits recorded since the last reset. */
uint64_t blockprof_events(void);
size_t blockprof_bytes(void);	/* the table's memory (eventtab_bytes) */

#endif
