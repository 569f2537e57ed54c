/* blockprof: every timed blocking wait is recorded (a thread that waits
 * has time to spare: a stack walk and a short mutex cost little next to
 * the wait). */
#include "sampler/blockprof.h"

#include <stdatomic.h>
#include <stdbool.h>

#include "base/rt_hooks.h"
#include "sampler/eventtab.h"
#include "sampler/ring.h"
#include "sampler/threads.h"

static struct eventtab events = EVENTTAB_INIT;
static atomic_bool on;
/* CLOCK_MONOTONIC of the last enable or reset: waits count from here. */
static atomic_int_fast64_t since_ns;

int blockprof_start(int64_t epoch_ns)
{
	int rc = eventtab_start(&events, 2, epoch_ns);
	atomic_store(&since_ns, threads_now_ns());
	atomic_store(&on, rc == 0);
	rt_hooks_block_enable(rc == 0);
	return rc;
}

void blockprof_set_enabled(bool enable)
{
	if (enable && !atomic_load(&on))
		atomic_store(&since_ns, threads_now_ns());
	atomic_store(&on, enable);
	rt_hooks_block_enable(enable);
}

void blockprof_reset(void)
{
	atomic_store(&since_ns, threads_now_ns());
	eventtab_reset(&events);
}

void blockprof_blocked(int64_t start_ns, int64_t end_ns)
{
	uint64_t pcs[RING_MAX_DEPTH];

	if (!atomic_load_explicit(&on, memory_order_relaxed))
		return;
	int64_t since = atomic_load_explicit(&since_ns, memory_order_relaxed);
	if (start_ns < since)
		start_ns = since;
	if (end_ns <= start_ns)
		return;
	int64_t v[2] = { 1, end_ns - start_ns };
	uint32_t n = threads_walk_here(pcs, RING_MAX_DEPTH,
				       (uintptr_t)__builtin_frame_address(0));
	eventtab_record(&events, pcs, n, v);
}

int blockprof_snapshot(int64_t now_sec, int64_t window, int64_t slot,
		       struct stacktab_copy *out)
{
	return eventtab_snapshot(&events, now_sec, window, slot, out);
}

uint64_t blockprof_events(void)
{
	return eventtab_events(&events);
}

size_t blockprof_bytes(void)
{
	return eventtab_bytes(&events);
}
