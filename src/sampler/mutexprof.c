/* mutexprof: every contended rt_mutex_lock is recorded (contention is
 * already a slow path, so a short mutex here costs little next to the
 * wait).  The table is guarded by mu. */
#include "sampler/mutexprof.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#include "sampler/fpwalk.h"
#include "sampler/ring.h"
#include "sampler/threads.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct stacktab tab;	/* guarded by mu */
static bool ready;		/* guarded by mu */
static uint64_t n_events;	/* guarded by mu */
static int64_t epoch;		/* set by mutexprof_start before hooks run */
static atomic_bool on;

int mutexprof_start(int64_t epoch_ns)
{
	int rc = 0;
	pthread_mutex_lock(&mu);
	if (!ready) {
		rc = stacktab_init(&tab, 2);
		ready = rc == 0;
	} else {
		stacktab_reset(&tab);
	}
	n_events = 0;
	epoch = epoch_ns;
	atomic_store(&on, ready);
	pthread_mutex_unlock(&mu);
	return rc;
}

void mutexprof_stop(void)
{
	atomic_store(&on, false);
}

void mutexprof_reset(void)
{
	pthread_mutex_lock(&mu);
	if (ready)
		stacktab_reset(&tab);
	n_events = 0;
	pthread_mutex_unlock(&mu);
}

void mutexprof_contended(int64_t delay_ns)
{
	uint64_t pcs[RING_MAX_DEPTH];
	uintptr_t lo, hi, fp = (uintptr_t)__builtin_frame_address(0);
	uint32_t n = 0;

	if (!atomic_load_explicit(&on, memory_order_relaxed))
		return;
	if (threads_stack_bounds(&lo, &hi))
		n = (uint32_t)fpwalk(pcs, RING_MAX_DEPTH, fp, fp, hi);
	int64_t v[2] = { 1, delay_ns };
	int64_t sec = (threads_now_ns() - epoch) / 1000000000;
	uint32_t labels = threads_labels();
	pthread_mutex_lock(&mu);
	int64_t idx = stacktab_intern(&tab, pcs, n, labels);
	if (idx >= 0) {
		stacktab_add(&tab, (uint32_t)idx, sec, v);
		n_events++;
	}
	pthread_mutex_unlock(&mu);
}

int mutexprof_snapshot(int64_t now_sec, int64_t window,
		       struct stacktab_copy *out)
{
	int rc = 0;
	pthread_mutex_lock(&mu);
	if (ready)
		rc = stacktab_snapshot(&tab, now_sec, window, out);
	else
		memset(out, 0, sizeof *out);
	pthread_mutex_unlock(&mu);
	return rc;
}

uint64_t mutexprof_events(void)
{
	pthread_mutex_lock(&mu);
	uint64_t n = n_events;
	pthread_mutex_unlock(&mu);
	return n;
}
