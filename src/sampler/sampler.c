/* sampler: the public face of src/sampler.  Owns the aggregator thread,
 * which drains every worker's ring into the CPU stack table every few
 * milliseconds, and turns the tables into profiles on demand.
 * Never called from a signal handler; never prints. */
#include "sampler/sampler.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "base/rt_hooks.h"
#include "sampler/blockprof.h"
#include "sampler/build.h"
#include "sampler/fpwalk.h"
#include "sampler/heapprof.h"
#include "sampler/labelset.h"
#include "sampler/leafcfi.h"
#include "sampler/mutexprof.h"
#include "sampler/stacktab.h"
#include "sampler/symbolize.h"
#include "sampler/threads.h"

/* The aggregator's state: guarded by mu, which workers never take. */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	struct stacktab cpu;
	bool have_tab;
	int64_t epoch_ns;		/* CLOCK_MONOTONIC at start: second 0 */
	int64_t since_mono, since_real;	/* start or last reset */
	struct threads_drain_stats counts;
	int drain_ms;
	bool no_mutex, no_block;	/* set by sampler_start */
	bool stop_req;
	bool agg_running;
	pthread_t agg;
} S = { .mu = PTHREAD_MUTEX_INITIALIZER };

#define AGG_IDLE_MS 100	/* the aggregator's longest sleep when nothing comes */

static atomic_bool started;	/* between sampler_start and sampler_stop */

static int64_t real_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Under S.mu. */
static void drain_locked(void)
{
	if (S.have_tab)
		threads_drain(&S.cpu, S.epoch_ns, &S.counts);
}

static void *aggregator(void *arg)
{
	int wait_ms = S.drain_ms;
	(void)arg;
	pthread_mutex_lock(&S.mu);
	while (!S.stop_req) {
		struct timespec ts;
		uint64_t before = S.counts.kept + S.counts.dropped;
		drain_locked();
		/* Idle (paused, no workers): back off to AGG_IDLE_MS.  Timers
		 * fire at most at the kernel tick, so a ring of 256 lasts longer. */
		if (S.counts.kept + S.counts.dropped == before)
			wait_ms = wait_ms * 2 > AGG_IDLE_MS ? AGG_IDLE_MS : wait_ms * 2;
		else
			wait_ms = S.drain_ms;
		if (wait_ms < S.drain_ms)
			wait_ms = S.drain_ms;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += (long)wait_ms * 1000000;
		ts.tv_sec += ts.tv_nsec / 1000000000;
		ts.tv_nsec %= 1000000000;
		pthread_cond_timedwait(&S.wake, &S.mu, &ts);
	}
	drain_locked();
	pthread_mutex_unlock(&S.mu);
	return NULL;
}

/* The hooks: thin adapters from rt_hooks to the modules.  role and index
 * make no label: workloads label themselves (worker=3), as with pprof.Do. */
static void hook_thread_enter(const char *role, int index)
{
	(void)role;
	(void)index;
	threads_enter();
}

static const struct rt_hooks hooks = {
	.thread_enter = hook_thread_enter,
	.thread_exit = threads_exit,
	.label_set = threads_label_set,
	.alloc = heapprof_alloc,
	.free = heapprof_free,
	.contended = mutexprof_contended,
	.blocked = blockprof_blocked,
};

static int start_aggregator(int drain_ms, struct rt_error *err)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&S.wake, &ca);
	pthread_condattr_destroy(&ca);
	S.drain_ms = drain_ms > 0 ? drain_ms : 10;
	S.stop_req = false;
	int rc = pthread_create(&S.agg, NULL, aggregator, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&S.wake);
		return rt_error_set(err, "sampler: cannot start the aggregator: %s",
				    strerror(rc));
	}
	S.agg_running = true;
	return 0;
}

static int start_tables(const struct sampler_opts *o, struct rt_error *err)
{
	int64_t rate = o->alloc_rate ? o->alloc_rate : SAMPLER_DEFAULT_ALLOC_RATE;

	if (labelset_init() < 0 || fpwalk_init_text() < 0)
		return rt_error_set(err, "sampler: out of memory");
	pthread_mutex_lock(&S.mu);
	if (S.have_tab)
		stacktab_reset(&S.cpu);
	else if (stacktab_init(&S.cpu, 2) == 0)
		S.have_tab = true;
	S.epoch_ns = S.since_mono = threads_now_ns();
	S.since_real = real_ns();
	memset(&S.counts, 0, sizeof S.counts);
	S.no_mutex = o->no_mutex;
	S.no_block = o->no_block;
	bool ok = S.have_tab;
	int64_t epoch = S.epoch_ns;
	pthread_mutex_unlock(&S.mu);
	if (!ok || heapprof_start(rate < 0 ? 0 : rate, epoch) < 0 ||
	    mutexprof_start(epoch) < 0 || blockprof_start(epoch) < 0)
		return rt_error_set(err, "sampler: out of memory");
	if (o->no_mutex || o->paused)
		mutexprof_set_enabled(false);
	if (o->no_block || o->paused)
		blockprof_set_enabled(false);
	if (o->paused)
		heapprof_set_enabled(false);
	return 0;
}

int sampler_start(const struct sampler_opts *opts, struct rt_error *err)
{
	struct sampler_opts o = opts ? *opts : (struct sampler_opts){ 0 };
	int hz = o.hz ? o.hz : SAMPLER_DEFAULT_HZ;

	if (atomic_load(&started))
		return rt_error_set(err, "sampler: already started");
	if (hz < SAMPLER_MIN_HZ || hz > SAMPLER_MAX_HZ)
		return rt_error_set(err, "sampler: rate %d Hz is out of range (%d..%d)",
				    hz, SAMPLER_MIN_HZ, SAMPLER_MAX_HZ);
	if (start_tables(&o, err) < 0)
		return -1;
	if (threads_start(hz, o.ring_slots, !o.paused) < 0)
		return rt_error_set(err, "sampler: cannot install the SIGPROF handler: %s",
				    strerror(errno));
	if (start_aggregator(o.drain_ms, err) < 0) {
		threads_stop();
		return -1;
	}
	rt_hooks_install(&hooks);
	atomic_store(&started, true);
	return 0;
}

void sampler_stop(void)
{
	if (!atomic_exchange(&started, false))
		return;
	blockprof_set_enabled(false);
	rt_hooks_install(NULL);
	threads_stop();
	heapprof_set_enabled(false);
	mutexprof_set_enabled(false);
	pthread_mutex_lock(&S.mu);
	S.stop_req = true;
	pthread_cond_signal(&S.wake);
	pthread_mutex_unlock(&S.mu);
	if (S.agg_running) {
		pthread_join(S.agg, NULL);
		pthread_cond_destroy(&S.wake);
		S.agg_running = false;
	}
	/* The libdwfl sessions and their caches go; a snapshot taken after
	 * the stop opens them again.  leafcfi belongs to whoever holds S.mu
	 * (a snapshot may be draining); sym_shutdown takes sym's own lock.
	 * Label sets stay: threads keep their set's id, and so do the data
	 * still readable here. */
	pthread_mutex_lock(&S.mu);
	leafcfi_shutdown();
	pthread_mutex_unlock(&S.mu);
	sym_shutdown();
}

void sampler_pause(void)
{
	if (!atomic_load(&started))
		return;
	threads_set_enabled(false);
	heapprof_set_enabled(false);
	mutexprof_set_enabled(false);
	blockprof_set_enabled(false);
}

void sampler_resume(void)
{
	if (!atomic_load(&started))
		return;
	threads_set_enabled(true);
	heapprof_set_enabled(true);
	pthread_mutex_lock(&S.mu);
	bool mutex = !S.no_mutex, block = !S.no_block;
	pthread_mutex_unlock(&S.mu);
	mutexprof_set_enabled(mutex);
	blockprof_set_enabled(block);
}

int sampler_set_rate(int hz, struct rt_error *err)
{
	if (hz < SAMPLER_MIN_HZ || hz > SAMPLER_MAX_HZ)
		return rt_error_set(err, "sampler: rate %d Hz is out of range (%d..%d)",
				    hz, SAMPLER_MIN_HZ, SAMPLER_MAX_HZ);
	return threads_set_rate(hz);
}

int sampler_rate(void)
{
	return threads_rate();
}

void sampler_reset(void)
{
	pthread_mutex_lock(&S.mu);
	drain_locked();
	if (S.have_tab)
		stacktab_reset(&S.cpu);
	S.since_mono = threads_now_ns();
	S.since_real = real_ns();
	pthread_mutex_unlock(&S.mu);
	heapprof_reset();
	mutexprof_reset();
	blockprof_reset();
}

/* The time span a snapshot covers: the window, bounded by the last reset. */
static void span(int window, int64_t now_mono, int64_t since_mono,
		 int64_t since_real, struct build_spec *spec)
{
	int64_t from = since_mono;
	if (window > 0 && now_mono - (int64_t)window * 1000000000 > from)
		from = now_mono - (int64_t)window * 1000000000;
	spec->time_nanos = since_real + (from - since_mono);
	spec->duration_nanos = now_mono - from;
}

static const char *const alloc_trim[] = { "rt_alloc", "rt_calloc", NULL };

static int copy_cpu(int64_t now_sec, int window, int slot,
		    struct stacktab_copy *c, struct build_spec *spec)
{
	int rc = 0;
	int hz = threads_rate();
	*spec = (struct build_spec){
		.n_types = 2,
		.types = { "samples", "cpu" },
		.units = { "count", "nanoseconds" },
		.period_type = "cpu",
		.period_unit = "nanoseconds",
		.period = 1000000000LL / (hz > 0 ? hz : 1),
	};
	pthread_mutex_lock(&S.mu);
	drain_locked();
	if (S.have_tab)
		rc = slot > 0 ? stacktab_series(&S.cpu, now_sec, window, slot, c)
			      : stacktab_snapshot(&S.cpu, now_sec, window, c);
	else
		memset(c, 0, sizeof *c);
	pthread_mutex_unlock(&S.mu);
	return rc;
}

static int copy_alloc(int64_t now_sec, int window, int slot,
		      struct stacktab_copy *c, struct build_spec *spec)
{
	int64_t rate;
	*spec = (struct build_spec){
		.n_types = 4,
		.types = { "alloc_objects", "alloc_space", "inuse_objects", "inuse_space" },
		.units = { "count", "bytes", "count", "bytes" },
		.use_total = { 0, 0, 1, 1 },
		.period_type = "space",
		.period_unit = "bytes",
		.trim = alloc_trim,
	};
	int rc = heapprof_snapshot(now_sec, window, slot, c, &rate);
	spec->period = rate;
	spec->heap_rate = rate;
	return rc;
}

/* Go's mutex and block profiles have the same header (runtime/pprof's
 * printCountCycleProfile): period type contentions/count, period 1. */
static int copy_delays(int64_t now_sec, int window, int slot, bool block,
		       struct stacktab_copy *c, struct build_spec *spec)
{
	*spec = (struct build_spec){
		.n_types = 2,
		.types = { "contentions", "delay" },
		.units = { "count", "nanoseconds" },
		.period_type = "contentions",
		.period_unit = "count",
		.period = 1,
	};
	return block ? blockprof_snapshot(now_sec, window, slot, c)
		     : mutexprof_snapshot(now_sec, window, slot, c);
}

static struct profile *snapshot(int window_seconds, int slot_seconds,
				enum sampler_kind kind, struct rt_error *err)
{
	struct stacktab_copy c;
	struct build_spec spec;
	int64_t now = threads_now_ns(), since_mono, since_real, epoch;
	int rc;

	pthread_mutex_lock(&S.mu);
	epoch = S.epoch_ns;
	since_mono = S.since_mono;
	since_real = S.since_real;
	pthread_mutex_unlock(&S.mu);
	if (!since_mono) {	/* never started: an empty profile */
		since_mono = epoch = now;
		since_real = real_ns();
	}
	int64_t now_sec = (now - epoch) / 1000000000;
	if (window_seconds > SAMPLER_MAX_WINDOW)
		window_seconds = SAMPLER_MAX_WINDOW;
	switch (kind) {
	case SAMPLER_CPU:
		rc = copy_cpu(now_sec, window_seconds, slot_seconds, &c, &spec);
		break;
	case SAMPLER_ALLOC:
		rc = copy_alloc(now_sec, window_seconds, slot_seconds, &c, &spec);
		break;
	case SAMPLER_MUTEX:
		rc = copy_delays(now_sec, window_seconds, slot_seconds, false, &c, &spec);
		break;
	case SAMPLER_BLOCK:
		rc = copy_delays(now_sec, window_seconds, slot_seconds, true, &c, &spec);
		break;
	default:
		rt_error_set(err, "sampler: unknown profile kind %d", (int)kind);
		return NULL;
	}
	if (rc < 0) {
		rt_error_set(err, "sampler: out of memory copying the samples");
		return NULL;
	}
	/* A window past STACKTAB_FINE covers whole coarse buckets: the
	 * header says the span the values cover. */
	span(c.window > window_seconds ? (int)c.window : window_seconds, now, since_mono,
	     since_real, &spec);
	spec.slot_label = SAMPLER_SLOT_LABEL;
	struct profile *p = build_profile(&c, &spec, err);
	stacktab_copy_free(&c);
	/* Like Go's allocs profile: reports show allocated bytes unless asked
	 * for inuse_* (what is still live). */
	if (p && kind == SAMPLER_ALLOC)
		p->default_sample_type = profile_str(p, "alloc_space");
	return p;
}

struct profile *sampler_snapshot(int window_seconds, enum sampler_kind kind,
				 struct rt_error *err)
{
	return snapshot(window_seconds, 0, kind, err);
}

struct profile *sampler_series(int seconds, int slot_seconds,
			       enum sampler_kind kind, struct rt_error *err)
{
	if (seconds <= 0 || slot_seconds <= 0) {
		rt_error_set(err, "sampler: a series needs seconds and slot seconds > 0");
		return NULL;
	}
	return snapshot(seconds, slot_seconds, kind, err);
}

void sampler_stats(struct sampler_stats *st)
{
	memset(st, 0, sizeof *st);
	pthread_mutex_lock(&S.mu);
	st->samples = S.counts.kept;
	st->dropped = S.counts.dropped;
	st->kept_bytes = S.have_tab ? stacktab_bytes(&S.cpu) : 0;
	pthread_mutex_unlock(&S.mu);
	st->kept_bytes += heapprof_bytes() + mutexprof_bytes() + blockprof_bytes();
	st->threads = threads_count();
	st->hz = threads_rate();
	st->running = atomic_load(&started) && threads_enabled();
	st->alloc_sampled = heapprof_sampled();
	st->contentions = mutexprof_events();
	st->blocked = blockprof_events();
}

int sampler_window_step(int window_seconds)
{
	return (int)stacktab_resolution(window_seconds);
}

int sampler_kind_parse(const char *s, enum sampler_kind *kind,
		       struct rt_error *err)
{
	static const struct {
		const char *name;
		enum sampler_kind kind;
	} names[] = {
		{ "cpu", SAMPLER_CPU },
		{ "alloc", SAMPLER_ALLOC },
		{ "allocs", SAMPLER_ALLOC },
		{ "heap", SAMPLER_ALLOC },
		{ "mutex", SAMPLER_MUTEX },
		{ "contention", SAMPLER_MUTEX },
		{ "block", SAMPLER_BLOCK },
		{ "blocking", SAMPLER_BLOCK },
	};
	for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(s, names[i].name)) {
			*kind = names[i].kind;
			return 0;
		}
	return rt_error_set(err, "unknown sample kind \"%s\": use cpu, alloc, mutex or block",
			    s ? s : "");
}

const char *sampler_kind_name(enum sampler_kind kind)
{
	switch (kind) {
	case SAMPLER_CPU:
		return "cpu";
	case SAMPLER_ALLOC:
		return "alloc";
	case SAMPLER_MUTEX:
		return "mutex";
	case SAMPLER_BLOCK:
		return "block";
	}
	return "?";
}
