/* mutexprof: every contended rt_mutex_lock is recorded (contention is
 * already a slow path, so a short mutex here costs little next to the
 * wait). */
#include "sampler/mutexprof.h"

#include <stdatomic.h>
#include <stdbool.h>

#include "sampler/eventtab.h"
#include "sampler/ring.h"
#include "sampler/threads.h"

static struct eventtab events = EVENTTAB_INIT;
static atomic_bool on;

int mutexprof_start(int64_t epoch_ns)
{
	int rc = eventtab_start(&events, 2, epoch_ns);
	atomic_store(&on, rc == 0);
	return rc;
}

void mutexprof_set_enabled(bool enable)
{
	atomic_store(&on, enable);
}

void mutexprof_reset(void)
{
	eventtab_reset(&events);
}

void mutexprof_contended(int64_t delay_ns)
{
	uint64_t pcs[RING_MAX_DEPTH];
	int64_t v[2] = { 1, delay_ns };

	if (!atomic_load_explicit(&on, memory_order_relaxed))
		return;
	uint32_t n = threads_walk_here(pcs, RING_MAX_DEPTH,
				       (uintptr_t)__builtin_frame_address(0));
	eventtab_record(&events, pcs, n, v);
}

int mutexprof_snapshot(int64_t now_sec, int64_t window, int64_t slot,
		       struct stacktab_copy *out)
{
	return eventtab_snapshot(&events, now_sec, window, slot, out);
}

uint64_t mutexprof_events(void)
{
	return eventtab_events(&events);
}

size_t mutexprof_bytes(void)
{
	return eventtab_bytes(&events);
}
