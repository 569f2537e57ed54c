/* heapprof: allocation sampling.  The fast path of rt_free is one relaxed
 * load of a counting filter indexed by the pointer's hash: only pointers
 * that may have been sampled take the mutex.  The live-object table shares
 * the event table's mutex; the per-thread sampling state is thread-local. */
#include "sampler/heapprof.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "sampler/eventtab.h"
#include "sampler/ring.h"
#include "sampler/threads.h"

#define FILTER_SIZE 65536

struct live_obj {
	uint64_t ptr;	/* 0: empty slot */
	uint32_t stack;
	int64_t size;
};

static struct eventtab events = EVENTTAB_INIT;
static struct live_obj *live;		/* guarded by events.mu; open addressing */
static size_t live_cap, live_n;		/* guarded by events.mu */
static int64_t profile_rate;		/* guarded by events.mu: the rate samples were taken at */
static atomic_llong rate;
static atomic_ushort filter[FILTER_SIZE];	/* sampled live pointers per hash */

/* Owned by each thread: bytes until its next sample, and its generator. */
static _Thread_local int64_t next_sample = -1;
static _Thread_local uint64_t rng_state;

static size_t ptr_hash(uint64_t p)
{
	return (size_t)idmap_mix(p);
}

/* A draw from the exponential distribution with mean r (Go's nextSample). */
static int64_t draw_gap(int64_t r)
{
	if (!rng_state)
		rng_state = idmap_mix((uintptr_t)&rng_state ^ (uint64_t)threads_now_ns()) | 1;
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	double u = ((rng_state >> 11) + 1) * (1.0 / 9007199254740993.0);	/* (0,1] */
	double g = -log(u) * (double)r;
	return g > 4e18 ? (int64_t)4e18 : (int64_t)g;
}

/* Under events.mu: forgets every live object. */
static void live_clear(void)
{
	if (live)
		memset(live, 0, live_cap * sizeof *live);
	live_n = 0;
	for (size_t i = 0; i < FILTER_SIZE; i++)
		atomic_store_explicit(&filter[i], 0, memory_order_relaxed);
}

int heapprof_start(int64_t r, int64_t epoch_ns)
{
	int rc = eventtab_start(&events, 4, epoch_ns);
	pthread_mutex_lock(&events.mu);
	live_clear();
	profile_rate = r;
	atomic_store(&rate, rc == 0 ? r : 0);
	pthread_mutex_unlock(&events.mu);
	return rc;
}

void heapprof_set_enabled(bool on)
{
	pthread_mutex_lock(&events.mu);
	atomic_store(&rate, on ? profile_rate : 0);
	pthread_mutex_unlock(&events.mu);
}

void heapprof_reset(void)
{
	eventtab_reset(&events);
	pthread_mutex_lock(&events.mu);
	live_clear();
	pthread_mutex_unlock(&events.mu);
}

/* Under events.mu. */
static int live_grow(void)
{
	size_t cap = live_cap ? live_cap * 2 : 1024;
	struct live_obj *n = calloc(cap, sizeof *n);
	if (!n)
		return -1;
	for (size_t i = 0; i < live_cap; i++) {
		if (!live[i].ptr)
			continue;
		size_t j = ptr_hash(live[i].ptr) & (cap - 1);
		while (n[j].ptr)
			j = (j + 1) & (cap - 1);
		n[j] = live[i];
	}
	free(live);
	live = n;
	live_cap = cap;
	return 0;
}

/* Under events.mu. */
static int live_put(uint64_t p, uint32_t stack, int64_t size)
{
	if ((live_n + 1) * 2 > live_cap && live_grow() < 0)
		return -1;
	size_t i = ptr_hash(p) & (live_cap - 1);
	while (live[i].ptr && live[i].ptr != p)
		i = (i + 1) & (live_cap - 1);
	if (!live[i].ptr)
		live_n++;
	live[i] = (struct live_obj){ p, stack, size };
	return 0;
}

/* Under events.mu.  Removes p (backward-shift deletion); false if absent. */
static bool live_take(uint64_t p, struct live_obj *out)
{
	if (!live_cap)
		return false;
	size_t mask = live_cap - 1, i = ptr_hash(p) & mask;
	while (live[i].ptr && live[i].ptr != p)
		i = (i + 1) & mask;
	if (!live[i].ptr)
		return false;
	*out = live[i];
	live_n--;
	for (size_t j = (i + 1) & mask; live[j].ptr; j = (j + 1) & mask) {
		size_t home = ptr_hash(live[j].ptr) & mask;
		/* Move j into the hole at i when its home is not in (i, j]. */
		if (((j - home) & mask) >= ((j - i) & mask)) {
			live[i] = live[j];
			i = j;
		}
	}
	live[i].ptr = 0;
	return true;
}

static void record(void *ptr, size_t size, uintptr_t fp)
{
	uint64_t pcs[RING_MAX_DEPTH];
	uint32_t n = threads_walk_here(pcs, RING_MAX_DEPTH, fp);
	int64_t v[4] = { 1, (int64_t)size, 1, (int64_t)size };
	uint32_t labels = threads_labels();

	pthread_mutex_lock(&events.mu);
	int64_t idx = eventtab_record_locked(&events, pcs, n, labels, v);
	if (idx >= 0 && live_put((uintptr_t)ptr, (uint32_t)idx, (int64_t)size) == 0)
		atomic_fetch_add_explicit(&filter[ptr_hash((uintptr_t)ptr) % FILTER_SIZE],
					  1, memory_order_relaxed);
	pthread_mutex_unlock(&events.mu);
}

void heapprof_alloc(void *ptr, size_t size)
{
	int64_t r = atomic_load_explicit(&rate, memory_order_relaxed);
	if (r <= 0 || !ptr)
		return;
	if (next_sample < 0)
		next_sample = draw_gap(r);
	if ((int64_t)size < next_sample) {
		next_sample -= (int64_t)size;
		return;
	}
	next_sample = draw_gap(r);
	record(ptr, size, (uintptr_t)__builtin_frame_address(0));
}

void heapprof_free(void *ptr, size_t size)
{
	struct live_obj o;
	size_t h = ptr_hash((uintptr_t)ptr) % FILTER_SIZE;
	(void)size;
	if (!ptr || !atomic_load_explicit(&filter[h], memory_order_relaxed))
		return;
	pthread_mutex_lock(&events.mu);
	if (live_take((uintptr_t)ptr, &o)) {
		int64_t v[4] = { 0, 0, -1, -o.size };
		stacktab_add(&events.tab, o.stack, eventtab_second(&events), v);
		atomic_fetch_sub_explicit(&filter[h], 1, memory_order_relaxed);
	}
	pthread_mutex_unlock(&events.mu);
}

int heapprof_snapshot(int64_t now_sec, int64_t window, int64_t slot,
		      struct stacktab_copy *out, int64_t *r)
{
	pthread_mutex_lock(&events.mu);
	*r = profile_rate;
	pthread_mutex_unlock(&events.mu);
	return eventtab_snapshot(&events, now_sec, window, slot, out);
}

uint64_t heapprof_sampled(void)
{
	return eventtab_events(&events);
}

size_t heapprof_bytes(void)
{
	size_t n = eventtab_bytes(&events);
	pthread_mutex_lock(&events.mu);
	n += live_cap * sizeof *live;
	pthread_mutex_unlock(&events.mu);
	return n;
}
