/* ring: the single-producer/single-consumer queue between one worker
 * thread's SIGPROF handler (producer) and the aggregator (consumer).
 * The producer side is async-signal-safe: no locks, no allocation, only
 * lock-free atomics; a full ring counts a drop and never blocks.  All memory
 * is allocated by ring_init, outside the handler. */
#ifndef RT_SAMPLER_RING_H
#define RT_SAMPLER_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RING_MAX_DEPTH 64	/* frames kept per sample (deeper stacks are cut) */

struct ring_rec {
	uint32_t n;		/* frames in pcs, leaf first */
	uint32_t labels;	/* labelset id of the thread when sampled */
	int64_t time_ns;	/* CLOCK_MONOTONIC when sampled */
	int64_t cpu_ns;		/* CPU time it stands for: 1 + its timer
				 * overruns, times the period */
	uint32_t n_sp;		/* words copied from the interrupted stack pointer */
	uint64_t sp_words[4];	/* where a frameless leaf keeps its return address */
	uint64_t pcs[RING_MAX_DEPTH];
};

struct ring {
	_Alignas(64) atomic_uint_fast64_t head;	/* written by the producer only */
	_Alignas(64) atomic_uint_fast64_t tail;	/* written by the consumer only */
	_Alignas(64) atomic_uint_fast64_t drops;	/* written by the producer only */
	atomic_uint_fast64_t dropped_weight;		/* written by the producer only */
	uint64_t mask;
	struct ring_rec *recs;
};

/* slots is rounded up to a power of two (at least 2).  0, or -1 on ENOMEM. */
int ring_init(struct ring *r, size_t slots);
void ring_free(struct ring *r);

/* Producer: the slot to fill, or NULL when full: then one more record
 * is dropped, and `weight` more periods with it (a timer signal stands
 * for 1 + its overruns). */
static inline struct ring_rec *ring_reserve(struct ring *r, uint64_t weight)
{
	uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
	uint64_t t = atomic_load_explicit(&r->tail, memory_order_acquire);
	if (h - t > r->mask) {
		atomic_store_explicit(&r->dropped_weight,
			atomic_load_explicit(&r->dropped_weight, memory_order_relaxed) + weight,
			memory_order_relaxed);
		atomic_store_explicit(&r->drops,
			atomic_load_explicit(&r->drops, memory_order_relaxed) + 1,
			memory_order_release);
		return NULL;
	}
	return &r->recs[h & r->mask];
}

/* Producer: publishes the slot returned by ring_reserve. */
static inline void ring_commit(struct ring *r)
{
	uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
}

/* Consumer: the oldest record, or NULL when empty. */
static inline const struct ring_rec *ring_peek(struct ring *r)
{
	uint64_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint64_t h = atomic_load_explicit(&r->head, memory_order_acquire);
	return t == h ? NULL : &r->recs[t & r->mask];
}

/* Consumer: releases the record returned by ring_peek. */
static inline void ring_pop(struct ring *r)
{
	uint64_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	atomic_store_explicit(&r->tail, t + 1, memory_order_release);
}

/* Records dropped since ring_init. */
static inline uint64_t ring_drops(struct ring *r)
{
	return atomic_load_explicit(&r->drops, memory_order_acquire);
}

/* The weights of the dropped records, summed.  Read after ring_drops, it
 * covers every drop that counted (the producer adds the weight first),
 * and perhaps the weight of one drop not counted yet. */
static inline uint64_t ring_dropped_weight(struct ring *r)
{
	return atomic_load_explicit(&r->dropped_weight, memory_order_relaxed);
}

#endif
