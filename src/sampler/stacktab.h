/* stacktab: interned stacks (pcs + label set) with their value totals and
 * the windowed values in tiers of buckets, so that memory and the cost of
 * a snapshot follow the distinct stacks, not the samples or the run's
 * length: the last STACKTAB_FINE seconds second by second (windows up to
 * that are exact, and so is a series), older seconds folded into 1-minute
 * buckets (windows up to 10 minutes start on a minute) and 10-minute ones
 * (up to STACKTAB_HISTORY), and everything since the start or reset in the
 * totals (`window all`).  One table per profile kind (cpu, alloc, mutex,
 * block).  Not thread-safe: the owner (the aggregator, or the mutex holder
 * for alloc/mutex/block) serialises. */
#ifndef RT_SAMPLER_STACKTAB_H
#define RT_SAMPLER_STACKTAB_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define STACKTAB_MAX_VALS 4
#define STACKTAB_WIN_VALS 2	/* values kept per bucket (the rest: totals only) */
#define STACKTAB_HISTORY 3600	/* seconds of windowed values; windows are capped here */
#define STACKTAB_FINE 120	/* the newest seconds kept one by one */
/* A few spare seconds: samples drained after a snapshot read the clock may
 * be a second or two newer than its `now`. */
#define STACKTAB_FINE_SLOTS (STACKTAB_FINE + 8)
/* Coarse levels, each a ring of buckets of `width` seconds for windows up
 * to `span` seconds: 60 s up to 600 s (12 buckets), 600 s up to the
 * history (8 buckets).  Folded seconds go to every level. */
#define STACKTAB_LEVELS 2
#define STACKTAB_COARSE_SLOTS (12 + 8)

/* The stacks' pcs, append-only and shared with the copies that point
 * into them: a reset gives the table a new store, and the old one goes
 * with the last copy freed. */
struct stacktab_pcs {
	atomic_int refs;	/* the table's, while it uses it, and each copy's */
	struct arena arena;
};

struct stacktab_entry {
	uint64_t *pcs;		/* in the table's pcs store */
	uint32_t n, labels, hash;
	uint32_t fine_cell;	/* cell of this stack in the fine bucket fine_sec */
	uint32_t coarse_cell[STACKTAB_LEVELS];	/* and in each level's bucket */
	int64_t fine_sec, coarse_key[STACKTAB_LEVELS];
	int64_t total[STACKTAB_MAX_VALS];
};

/* 24 bytes; cells carry only the windowed values. */
struct stacktab_cell {
	uint32_t stack;
	int64_t v[STACKTAB_WIN_VALS];
};

struct stacktab_bucket {
	int64_t key;		/* the second (fine) or second / the level's
				 * width (coarse); -1: unused */
	struct stacktab_cell *cells;
	uint32_t n, cap;
};

struct stacktab {
	size_t nvals;
	struct stacktab_pcs *pcs;
	size_t pcs_bytes;	/* pcs kept in the store */
	struct stacktab_entry *entries;
	uint32_t n, cap;
	uint32_t *index;	/* entry index + 1, 0 empty; open addressing */
	uint32_t index_cap;
	/* A second's values are in its fine bucket until a newer second
	 * takes the slot, then in one bucket of each coarse level: a window
	 * reads the fine ring and at most one level. */
	struct stacktab_bucket fine[STACKTAB_FINE_SLOTS];	/* by second % slots */
	struct stacktab_bucket coarse[STACKTAB_COARSE_SLOTS];	/* the levels' rings */
};

/* A stack's values, copied out so the table's lock can be released. */
struct stacktab_row {
	const uint64_t *pcs;	/* into the copy's pcs store */
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
	struct stacktab_pcs *pcs;	/* a reference, dropped by stacktab_copy_free */
	int64_t window;		/* seconds the win values cover: the window
				 * asked for, or more when it reaches past
				 * STACKTAB_FINE; 0: everything */
};

/* 0, or -1 (ENOMEM). */
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

/* Copies the stacks with values in seconds (now - window, now], win
 * summed over them; window <= 0 means everything (win = total).  Exact up
 * to STACKTAB_FINE seconds; a longer window (capped at STACKTAB_HISTORY)
 * starts at the boundary of stacktab_resolution(window) seconds at or
 * before its first second, so it may cover more: out->window says how
 * many seconds.  Stacks with values past STACKTAB_WIN_VALS (inuse_*) are
 * copied whatever the window.  Costs a pass over the stacks plus the
 * cells of the buckets read and the rows copied.  0 or -1 (ENOMEM). */
int stacktab_snapshot(const struct stacktab *t, int64_t now, int64_t window,
		      struct stacktab_copy *out);
/* A series: the last `window` seconds (capped at STACKTAB_FINE) cut into
 * slots of `slot` seconds aligned on multiples of `slot` (the newest one
 * still filling), one row per stack and slot with values in it; win holds
 * the slot's values and total is 0.  0 or -1 (ENOMEM). */
int stacktab_series(const struct stacktab *t, int64_t now, int64_t window,
		    int64_t slot, struct stacktab_copy *out);
void stacktab_copy_free(struct stacktab_copy *c);

/* The step in seconds a window of that many seconds starts on: 1 up to
 * STACKTAB_FINE, then 60, then 600. */
int64_t stacktab_resolution(int64_t window);

/* Bytes the table holds (stacks, index, pcs, buckets' cells), for the
 * benches and tests. */
size_t stacktab_bytes(const struct stacktab *t);

#endif
