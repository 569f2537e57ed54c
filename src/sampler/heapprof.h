/* heapprof: sampled allocation profile, Go's MemProfileRate design.  The
 * rt_alloc hook samples on average one allocation per `rate` bytes
 * (exponentially distributed gaps, per thread), records its stack and size,
 * and the rt_free hook retires sampled objects from the in-use totals.
 * Values per stack: alloc_objects, alloc_space, inuse_objects, inuse_space
 * (raw sampled counts; the profile builder applies Go's unsampling).
 * Internal to src/sampler. */
#ifndef RT_SAMPLER_HEAPPROF_H
#define RT_SAMPLER_HEAPPROF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sampler/stacktab.h"

/* rate <= 0 disables sampling.  0 or -1 (ENOMEM). */
int heapprof_start(int64_t rate, int64_t epoch_ns);
/* Sampling off/on (frees of sampled objects are still retired). */
void heapprof_set_enabled(bool on);
void heapprof_reset(void);

/* The hooks (called on any thread, never in a signal handler). */
void heapprof_alloc(void *ptr, size_t size);
void heapprof_free(void *ptr, size_t size);

/* Copies the table (see stacktab_snapshot, or stacktab_series when slot
 * > 0); *rate gets the sampling rate the samples were taken at. */
int heapprof_snapshot(int64_t now_sec, int64_t window, int64_t slot,
		      struct stacktab_copy *out, int64_t *rate);
/* Sampled allocations since the last reset. */
uint64_t heapprof_sampled(void);
/* The table's and the live objects' memory. */
size_t heapprof_bytes(void);

#endif
