/* sampler: rtprof's in-process profiler, the counterpart of Go's runtime
 * profiler.  It samples the CPU of registered worker threads with
 * per-thread CPU-time timers, samples allocations and records contended
 * locks and blocking waits, all through the rt_hooks seam (src/base/rt_hooks.h), and hands the
 * result to the reports as an ordinary struct profile.
 *
 * Typical use (batch, `rtprof -seconds=N -proto scene.yaml`):
 *	sampler_start(&(struct sampler_opts){ .hz = 100 }, &err);
 *	... create the render pool: each worker calls rt_thread_enter ...
 *	... render for N seconds ...
 *	struct profile *p = sampler_snapshot(0, SAMPLER_CPU, &err);
 *	... free the pool (workers call rt_thread_exit) ...
 *	sampler_stop();
 *	profile_write_file(p, path, &err);
 * Only threads that call rt_thread_enter after sampler_start are sampled
 * for CPU; allocations and contentions are recorded on any thread.  Labels
 * come from rt_label_set on the worker itself (worker=3, job=tile, ...),
 * like pprof.Do; rt_thread_enter's role and index make no label.
 *
 * Samples and CPU time: each timer signal is one sample (samples/count
 * 1), one draw of where the thread was.  Linux services per-thread
 * CPU-time timers at the scheduler tick (CONFIG_HZ, often 250), and a
 * busy machine (or a hypervisor that stops the vCPU) can let a thread's
 * CPU clock run several periods between two signals; the kernel reports
 * them as overruns, and the signal's cpu/nanoseconds is 1 + its overruns
 * times the period.  So CPU totals stay right at any rate, and the
 * samples count is the number of independent draws, the figure a split's
 * precision follows (as in Go, whose samples count is its signals).
 *
 * Thread-safety: every function may be called from any thread except
 * sampler_start and sampler_stop, which install and remove the hooks and
 * so must run while no worker runs (rt_hooks_install's rule).  Workers
 * never wait for the sampler: snapshots copy the aggregated rows of the
 * window (their pcs are shared: append-only, kept while a copy uses them)
 * under the aggregator's lock, which workers never take.  Memory follows
 * the distinct stacks: the last 120 s are kept second by second, older
 * seconds by the minute and by ten minutes (see sampler_window_step). */
#ifndef RT_SAMPLER_H
#define RT_SAMPLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rt_error.h"
#include "profile/profile.h"

#define SAMPLER_MIN_HZ 10
#define SAMPLER_MAX_HZ 1000
#define SAMPLER_DEFAULT_HZ 100
#define SAMPLER_DEFAULT_ALLOC_RATE (512 * 1024)
#define SAMPLER_MAX_WINDOW 3600	/* seconds of windowed history */

enum sampler_kind {
	SAMPLER_CPU,	/* samples/count, cpu/nanoseconds */
	SAMPLER_ALLOC,	/* alloc_objects, alloc_space, inuse_objects, inuse_space */
	SAMPLER_MUTEX,	/* contentions/count, delay/nanoseconds */
	SAMPLER_BLOCK,	/* contentions/count, delay/nanoseconds: blocking
			 * waits (rt_cond_wait, rt_thread_join, contended
			 * rt_mutex_lock), Go's block profile */
};

struct sampler_opts {
	int hz;			/* CPU samples per second of thread CPU time; 0: 100 */
	bool paused;		/* start paused (sampler_resume) */
	size_t ring_slots;	/* samples buffered per thread; 0: 256 */
	int drain_ms;		/* aggregator period; 0: 10 */
	int64_t alloc_rate;	/* mean bytes between sampled allocations;
				 * 0: 512 KiB; < 0: no allocation profile */
	bool no_mutex;		/* do not record contended locks */
	bool no_block;		/* do not time blocking waits */
};

struct sampler_stats {
	uint64_t samples;	/* CPU samples (timer signals) aggregated since start */
	uint64_t dropped;	/* CPU samples lost to full rings since start */
	uint64_t threads;	/* threads registered now */
	uint64_t alloc_sampled;	/* sampled allocations since the last reset */
	uint64_t contentions;	/* contended locks since the last reset */
	uint64_t blocked;	/* blocking waits since the last reset */
	int hz;
	bool running;		/* started and CPU sampling not paused */
	uint64_t kept_bytes;	/* memory of the tables of every kind (stacks,
				 * buckets, live objects): follows the distinct
				 * stacks, not the samples */
};

/* Installs the hooks, the SIGPROF handler and the aggregator thread, and
 * forgets any previous data.  0, or -1 with err filled. */
int sampler_start(const struct sampler_opts *o, struct rt_error *err);
/* Stops sampling and the aggregator after a last drain, removes the hooks
 * and frees the symbol caches.  The data stay readable by sampler_snapshot
 * until the next start. */
void sampler_stop(void);

/* Profiling on/off at run time: CPU timers are disarmed, allocations,
 * contentions and waits are not recorded while paused (a wait that began
 * while paused, or before a reset, counts from the resume or reset) (frees of sampled objects
 * still count, so inuse stays right).  The data are kept. */
void sampler_pause(void);
void sampler_resume(void);

/* 10..1000 Hz, applied to every registered thread at once.  Samples keep
 * the period they were taken at.  0, or -1 (out of range) with err. */
int sampler_set_rate(int hz, struct rt_error *err);
int sampler_rate(void);

/* Forgets every sample of every kind (label sets and the symbol cache
 * stay).  Profiles already returned are unaffected. */
void sampler_reset(void);

/* A consistent copy of the data as a new profile (free it with
 * profile_free): the last window_seconds seconds (capped at
 * SAMPLER_MAX_WINDOW; past 120 s starting on a step of
 * sampler_window_step, the profile's duration says the span), or
 * everything since the start/reset when window_seconds <= 0.  For SAMPLER_ALLOC the window applies to alloc_*,
 * while inuse_* are always current.  NULL with err on failure. */
struct profile *sampler_snapshot(int window_seconds, enum sampler_kind kind,
				 struct rt_error *err);

/* The last `seconds` seconds (at most 120: the seconds kept one by one)
 * as a series of slots of slot_seconds each,
 * aligned on multiples of slot_seconds since the start (the newest slot
 * still filling): a profile whose samples carry the numeric label
 * SAMPLER_SLOT_LABEL, the slot (0 the oldest), one sample per stack and
 * slot with values in it.  Window values only (inuse_* are 0).  For
 * per-slot shares such as the console's trend column. */
#define SAMPLER_SLOT_LABEL "rtprof_slot"
struct profile *sampler_series(int seconds, int slot_seconds,
			       enum sampler_kind kind, struct rt_error *err);

void sampler_stats(struct sampler_stats *st);

/* The step in seconds a window of that many seconds starts on: 1 up to
 * 120 s (exact), 60 up to 10 minutes, 600 past that.  Memory follows the
 * distinct stacks, not the run's length, because older seconds are kept
 * only at these steps. */
int sampler_window_step(int window_seconds);

/* "cpu", "alloc" (also "heap", "allocs"), "mutex" (also "contention"),
 * "block" (also "blocking"). */
int sampler_kind_parse(const char *s, enum sampler_kind *kind,
		       struct rt_error *err);
const char *sampler_kind_name(enum sampler_kind kind);

#endif
