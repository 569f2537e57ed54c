/* eventtab: a stack table behind a mutex, for the profiles recorded by
 * hooks on any thread (allocations, contentions): stack walk outside the
 * lock, one short critical section per event.  Never used in a signal
 * handler (the CPU profile goes through the rings instead). */
#ifndef RT_SAMPLER_EVENTTAB_H
#define RT_SAMPLER_EVENTTAB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sampler/stacktab.h"

struct eventtab {
	pthread_mutex_t mu;
	struct stacktab tab;	/* guarded by mu */
	bool ready;		/* guarded by mu */
	uint64_t events;	/* guarded by mu: events since start/reset */
	int64_t epoch_ns;	/* set by eventtab_start before the hooks run */
};

#define EVENTTAB_INIT { .mu = PTHREAD_MUTEX_INITIALIZER }

/* Creates the table (first time) or empties it.  0, or -1 (ENOMEM). */
int eventtab_start(struct eventtab *t, size_t nvals, int64_t epoch_ns);
void eventtab_reset(struct eventtab *t);
uint64_t eventtab_events(struct eventtab *t);
/* stacktab_bytes of the table, under the lock. */
size_t eventtab_bytes(struct eventtab *t);
/* stacktab_snapshot, or stacktab_series when slot > 0, under the lock */
int eventtab_snapshot(struct eventtab *t, int64_t now_sec, int64_t window,
		      int64_t slot, struct stacktab_copy *out);

/* The current second, counted from the epoch. */
int64_t eventtab_second(const struct eventtab *t);

/* Records one event with values v at stack pcs (walked by the caller, so
 * that the stack starts at its frame) and the calling thread's labels,
 * taking t->mu. */
void eventtab_record(struct eventtab *t, const uint64_t *pcs, uint32_t n,
		     const int64_t *v);

/* Under t->mu: records one event with values v at stack pcs; returns the
 * stack's index, or -1 when the table is not ready or out of memory. */
int64_t eventtab_record_locked(struct eventtab *t, const uint64_t *pcs,
			       uint32_t n, uint32_t labels, const int64_t *v);

#endif
