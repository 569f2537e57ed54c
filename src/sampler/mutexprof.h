/* mutexprof: contention profile.  The rt_mutex wrapper reports each
 * contended lock with its wait; we record the caller's stack with
 * contentions/count and delay/nanoseconds, like Go's block/mutex profiles.
 * Internal to src/sampler. */
#ifndef RT_SAMPLER_MUTEXPROF_H
#define RT_SAMPLER_MUTEXPROF_H

#include <stdbool.h>
#include <stdint.h>

#include "sampler/stacktab.h"

int mutexprof_start(int64_t epoch_ns);
void mutexprof_set_enabled(bool on);
void mutexprof_reset(void);

/* The hook (any thread, never in a signal handler). */
void mutexprof_contended(int64_t delay_ns);

int mutexprof_snapshot(int64_t now_sec, int64_t window, int64_t slot,
		       struct stacktab_copy *out);
/* Contended locks recorded since the last reset. */
uint64_t mutexprof_events(void);
size_t mutexprof_bytes(void);	/* the table's memory (eventtab_bytes) */

#endif
