/* stacktab: interned stacks (pcs + label set) with their value totals and
 * per-second buckets, so a sliding window is a sum of the last N buckets.
 * One table per profile kind (cpu, alloc, mutex, block).  Not thread-safe: the
 * owner (the aggregator, or the mutex holder for alloc/mutex) serialises. */
#ifndef RT_SAMPLER_STACKTAB_H
#define RT_SAMPLER_STACKTAB_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define STACKTAB_MAX_VALS 4
#define STACKTAB_WIN_VALS 2	/* values kept per second (the rest: totals only) */
#define STACKTAB_HISTORY 3600	/* seconds of buckets kept; windows are capped here */

struct stacktab_entry {
	uint64_t *pcs;		/* in the table's arena */
	uint32_t n, labels, hash;
	uint32_t last_cell;	/* cell of this stack in bucket last_sec */
	int64_t last_sec;
	int64_t total[STACKTAB_MAX_VALS];
};

/* 24 bytes: an hour of history at 2000 new cells a second is 170 MB, so
 * cells carry only the windowed values. */
struct stacktab_cell {
	uint32_t stack;
	int64_t v[STACKTAB_WIN_VALS];
};

struct stacktab_bucket {
	int64_t sec;		/* -1: unused */
	struct stacktab_cell *cells;
	uint32_t n, cap;
};

struct stacktab {
	size_t nvals;
	struct arena arena;
	struct stacktab_entry *entries;
	uint32_t n, cap;
	uint32_t *index;	/* entry index + 1, 0 empty; open addressing */
	uint32_t index_cap;
	struct stacktab_bucket *buckets;	/* STACKTAB_HISTORY of them */
};

/* A stack's values, copied out so the table's lock can be released. */
struct stacktab_row {
	const uint64_t *pcs;	/* into the copy's pool */
	uint32_t n, labels;
	int64_t win[STACKTAB_MAX_VALS];		/* summed over the window (values
						 * past STACKTAB_WIN_VALS: totals) */
	int64_t total[STACKTAB_MAX_VALS];	/* since the last reset */
	uint32_t slot;		/* series rows: 1 + the slot (oldest first);
				 * 0 in a plain snapshot */
};

struct stacktab_copy {
	struct stacktab_row *rows;
	size_t n;
	uint64_t *pool;
};

int stacktab_init(struct stacktab *t, size_t nvals);
void stacktab_free(struct stacktab *t);
/* Forgets every stack and value (keeps the allocations for reuse). */
void stacktab_reset(struct stacktab *t);

/* The index of the stack (interning it), or -1 when out of memory. */
int64_t stacktab_intern(struct stacktab *t, const uint64_t *pcs, uint32_t n,
			uint32_t labels);
/* Adds v[0..nvals) to stack idx at second sec (seconds since the
 * sampler's epoch).  -1 when out of memory (the totals still count). */
int stacktab_add(struct stacktab *t, uint32_t idx, int64_t sec,
		 const int64_t *v);

/* Copies every stack with win summed over seconds (now - window, now];
 * window <= 0 means everything (win = total).  0 or -1 (ENOMEM). */
int stacktab_snapshot(const struct stacktab *t, int64_t now, int64_t window,
		      struct stacktab_copy *out);
/* A series: the last `window` seconds cut into slots of `slot` seconds
 * aligned on multiples of `slot` (the newest one still filling), one row
 * per stack and slot with values in it; win holds the slot's values and
 * total is 0.  0 or -1 (ENOMEM). */
int stacktab_series(const struct stacktab *t, int64_t now, int64_t window,
		    int64_t slot, struct stacktab_copy *out);
void stacktab_copy_free(struct stacktab_copy *c);

#endif
