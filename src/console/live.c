/* live: glue between the console, the sampler and the engine.  The scene
 * and the engine live as long as the session; snapshots are made on demand
 * and freed when the console releases them. */
#include "console/live.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "profile/profile_merge.h"
#include "render/canvas.h"
#include "render/engine.h"
#include "render/scene.h"
#include "render/switches.h"
#include "sampler/sampler.h"

/* Owned by the console's thread (the worker), which runs the commands
 * and takes the snapshots; the terminal's thread reads window, kind,
 * base and refresh for the status line, so their writes and that read
 * hold mu. */
struct live {
	pthread_mutex_t mu;
	struct scene scene;
	bool scene_loaded;
	struct engine *engine;
	struct engine_settings settings;
	enum sampler_kind kind;
	int window;		/* seconds; 0: all */
	struct profile *base;	/* diff base, or NULL */
	double base_taken;	/* when (now()) */
	uint64_t samples_at_reset, dropped_at_reset;	/* for the status line */
	uint64_t seen_samples;	/* stats at the last changed() */
	uint64_t seen_allocs, seen_contentions, seen_blocked;
	double refresh;
	char scene_path[4096];
	char *prefix;		/* live_file_prefix's buffer, or NULL */
	size_t prefix_n;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct live *live_start(const struct live_opts *o, struct rt_error *err)
{
	struct live *l = calloc(1, sizeof *l);
	if (!l) {
		rt_error_set(err, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&l->mu, NULL);
	snprintf(l->scene_path, sizeof l->scene_path, "%s", o->scene_path);
	l->refresh = 1.0;
	l->window = o->window > 0 ? o->window : 0;
	if (scene_load(&l->scene, o->scene_path, err) < 0)
		goto fail;
	l->scene_loaded = true;
	l->settings = engine_settings_default();
	l->settings.threads = o->threads;
	l->settings.jobs = o->jobs;
	l->settings.sw = o->sw;
	l->kind = o->kind;
	struct sampler_opts so = { .hz = o->hz };
	if (sampler_start(&so, err) < 0)
		goto fail;
	l->engine = engine_new(&l->scene, &l->settings, NULL, NULL, err);
	if (!l->engine || engine_start(l->engine, err) < 0) {
		engine_free(l->engine);
		l->engine = NULL;
		sampler_stop();
		goto fail;
	}
	return l;
fail:
	if (l->scene_loaded)
		scene_free(&l->scene);
	pthread_mutex_destroy(&l->mu);
	free(l);
	return NULL;
}

void live_stop(struct live *l)
{
	if (!l)
		return;
	engine_free(l->engine);
	sampler_stop();
	profile_free(l->base);
	scene_free(&l->scene);
	pthread_mutex_destroy(&l->mu);
	free(l);
}

/* The diff against the base: pprof's -diff_base (base negated, labelled
 * pprof::base=true, merged). */
static struct profile *with_base(struct live *l, struct profile *p, struct rt_error *err)
{
	struct profile *b = profile_copy(l->base);
	if (!b) {
		profile_free(p);
		rt_error_set(err, "out of memory");
		return NULL;
	}
	struct profile *both[2] = { p, b };
	struct profile *m = NULL;
	if (profile_set_label(b, "pprof::base", "true") < 0 || profile_scale(b, -1) < 0)
		rt_error_set(err, "out of memory");
	else if (profile_scale_units(both, 2, err) == 0)
		m = profile_merge(both, 2, err);
	profile_free(p);
	profile_free(b);
	return m;
}

/* Appends a comment (shown in the report's header). */
static int add_comment(struct profile *p, const char *text)
{
	const char *c = profile_str(p, text);
	const char **v = arena_alloc(&p->arena, (p->n_comments + 2) * sizeof *v);
	if (!c || !v)
		return -1;
	if (p->n_comments)
		memcpy(v, p->comments, p->n_comments * sizeof *v);
	v[p->n_comments++] = c;
	v[p->n_comments] = NULL;
	p->comments = v;
	return 0;
}

/* Like with like: the current side is the time since the base was taken
 * (within the window), scaled to the base's own duration, so that a
 * switch's effect is not drowned by how long each side lasted. */
static struct profile *diff_snapshot(struct live *l, struct rt_error *err)
{
	int since = (int)ceil(now() - l->base_taken);
	if (since < 1)
		since = 1;
	int window = l->window > 0 && l->window < since ? l->window : since;
	struct profile *p = sampler_snapshot(window, l->kind, err);
	if (!p)
		return NULL;
	double cur = (double)p->duration_nanos / 1e9, base = (double)l->base->duration_nanos / 1e9;
	if (cur > 0 && base > 0 && profile_scale(p, base / cur) < 0) {
		profile_free(p);
		rt_error_set(err, "out of memory");
		return NULL;
	}
	struct profile *m = with_base(l, p, err);
	char note[160];
	snprintf(note, sizeof note, "Diff: the last %.1fs scaled to the base's %.1fs, minus the base "
		 "(taken %.0fs ago)", cur, base, now() - l->base_taken);
	if (m && add_comment(m, note) < 0) {
		profile_free(m);
		rt_error_set(err, "out of memory");
		return NULL;
	}
	return m;
}

struct profile *live_snapshot(struct live *l, struct rt_error *err)
{
	if (l->base)
		return diff_snapshot(l, err);
	return sampler_snapshot(l->window, l->kind, err);
}

static const struct profile *src_acquire(void *arg, struct rt_error *err)
{
	return live_snapshot(arg, err);
}

static void src_release(void *arg, const struct profile *p)
{
	(void)arg;
	profile_free((struct profile *)p);
}

struct profile_source live_source(struct live *l)
{
	struct profile_source s = { src_acquire, src_release, l };
	return s;
}

static size_t field(struct status_field *f, size_t n, size_t max, int priority,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static size_t field(struct status_field *f, size_t n, size_t max, int priority,
		    const char *fmt, ...)
{
	if (n >= max)
		return n;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f[n].text, sizeof f[n].text, fmt, ap);
	va_end(ap);
	f[n].priority = priority;
	return n + 1;
}

/* What a user acts on first (paused, kind and rate, window, base,
 * switches), then counts, then the renderer's figures. */
size_t live_status(struct live *l, struct status_field *f, size_t max)
{
	struct engine_progress p;
	struct sampler_stats st;
	engine_progress(l->engine, &p);
	sampler_stats(&st);
	pthread_mutex_lock(&l->mu);
	int win = l->window;
	enum sampler_kind kind = l->kind;
	bool base = l->base != NULL;
	double base_seconds = base ? (double)l->base->duration_nanos / 1e9 : 0;
	double since = base ? now() - l->base_taken : 0;
	int win_now = l->window;
	uint64_t samples = st.samples - l->samples_at_reset;
	uint64_t dropped = st.dropped - l->dropped_at_reset;
	pthread_mutex_unlock(&l->mu);
	size_t n = 0;
	if (p.error[0])
		n = field(f, n, max, 99, "%s", p.error);
	if (l->scene.nwarnings) {	/* set at load, never changed: no lock */
		/* "FILE:L:C: what": the file's name only, the path is long. */
		const char *w = l->scene.warnings[0], *colon = strstr(w, ": ");
		const char *slash = w;
		for (const char *c = w; *c && (!colon || c < colon); c++)
			if (*c == '/')
				slash = c + 1;
		n = field(f, n, max, 88, "%d scene warning%s: %s", l->scene.nwarnings,
			  l->scene.nwarnings > 1 ? "s" : "", slash);
	}
	if (p.paused)
		n = field(f, n, max, 98, "PAUSED");
	if (kind == SAMPLER_CPU)
		n = field(f, n, max, 95, "cpu %dHz", st.hz);
	else
		n = field(f, n, max, 95, "%s", sampler_kind_name(kind));
	int step = win ? sampler_window_step(win) : 1;
	if (win && step > 1)	/* older seconds are kept by the step */
		n = field(f, n, max, 90, "window %ds (%dm steps)", win, step / 60);
	else if (win)
		n = field(f, n, max, 90, "window %ds", win);
	else
		n = field(f, n, max, 90, "window all");
	if (base) {
		/* What the diff compares (see diff_snapshot). */
		if (win_now > 0 && win_now < since)
			since = win_now;
		n = field(f, n, max, 92, "diff: last %.0fs scaled to the base's %.0fs", since,
			  base_seconds);
	}
	struct sbuf sw;
	sbuf_init(&sw);
	switches_describe(&p.settings.sw, true, &sw);
	if (sw.len)
		n = field(f, n, max, 85, "%s", sbuf_str(&sw));
	sbuf_free(&sw);
	if (kind == SAMPLER_CPU)
		n = field(f, n, max, 75, "%llu samples", (unsigned long long)samples);
	else if (kind == SAMPLER_ALLOC)
		n = field(f, n, max, 75, "%llu allocs sampled", (unsigned long long)st.alloc_sampled);
	else if (kind == SAMPLER_BLOCK)
		n = field(f, n, max, 75, "%llu waits", (unsigned long long)st.blocked);
	else
		n = field(f, n, max, 75, "%llu contentions", (unsigned long long)st.contentions);
	if (kind == SAMPLER_MUTEX && !p.settings.sw.shared_lock)	/* what would fill it */
		n = field(f, n, max, 89, "%s: set lock=shared makes the workers share one",
			  st.contentions ? "few locks contended" : "no lock contended yet");
	if (kind == SAMPLER_CPU && dropped)
		n = field(f, n, max, 74, "%llu dropped", (unsigned long long)dropped);
	int pct = p.height ? p.rows_done * 100 / p.height : 0;
	n = field(f, n, max, 60, "frame %lu %d%%", p.frame + 1, pct);
	if (!p.paused)
		n = field(f, n, max, 50, "%.0f rows/s", p.rows_per_sec);
	if (kind == SAMPLER_ALLOC)
		n = field(f, n, max, 55, "%.2f allocs/px", p.allocs_per_pixel);
	int threads = p.settings.threads;
	if (threads <= 0)
		threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
	n = field(f, n, max, 40, "%d thread%s", threads, threads == 1 ? "" : "s");
	n = field(f, n, max, 45, "jobs=%s", jobs_name(p.settings.jobs));
	/* What the sampler keeps, for the wide terminal (and make soak). */
	n = field(f, n, max, 30, "sampler %.1f MB", (double)st.kept_bytes / 1048576.0);
	return n;
}

int live_image(struct live *l, int *w, int *h, unsigned char **rgb)
{
	struct canvas c;
	struct rt_error err;
	struct engine_progress p;
	engine_progress(l->engine, &p);
	if (canvas_init(&c, p.width, p.height, &err) < 0)
		return -1;
	if (engine_snapshot(l->engine, &c, &err) < 0) {
		canvas_free(&c);
		return -1;
	}
	/* The caller frees with free(): hand over a plain copy, and give the
	 * canvas back through its own allocator (the profiler counts it). */
	size_t n = (size_t)c.width * (size_t)c.height * 3;
	*rgb = malloc(n ? n : 1);
	if (!*rgb) {
		canvas_free(&c);
		return -1;
	}
	memcpy(*rgb, c.rgb, n);
	*w = c.width;
	*h = c.height;
	canvas_free(&c);
	return 0;
}

bool live_changed(struct live *l)
{
	struct sampler_stats st;
	sampler_stats(&st);
	bool changed = st.samples != l->seen_samples || st.alloc_sampled != l->seen_allocs ||
		       st.contentions != l->seen_contentions || st.blocked != l->seen_blocked;
	l->seen_samples = st.samples;
	l->seen_allocs = st.alloc_sampled;
	l->seen_contentions = st.contentions;
	l->seen_blocked = st.blocked;
	return changed;
}

double live_refresh(struct live *l)
{
	return l->refresh;
}

void live_run_for(struct live *l, double seconds,
		  void (*progress)(double done, double total, void *arg), void *arg)
{
	double start = now(), end = start + seconds;
	while (now() < end) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		if (progress)
			progress(now() - start < seconds ? now() - start : seconds, seconds, arg);
	}
	(void)l;
}

void live_warnings(struct live *l, struct sbuf *out)
{
	for (int i = 0; i < l->scene.nwarnings; i++)
		sbuf_printf(out, "rtprof: warning: %s\n", l->scene.warnings[i]);
}

void live_file_prefix(struct live *l, char *buf, size_t n)
{
	l->prefix = buf;
	l->prefix_n = n;
	snprintf(buf, n, "rtprof.%s.%s.", l->scene.name, sampler_kind_name(l->kind));
}

/* ---- the live_ops the live commands call ---- */

static void op_pause(void *live, bool paused)
{
	struct live *l = live;
	if (paused) {
		engine_pause(l->engine);
		sampler_pause();
	} else {
		engine_resume(l->engine);
		sampler_resume();
	}
}

static void op_reset(void *live)
{
	struct live *l = live;
	struct sampler_stats st;
	sampler_reset();
	sampler_stats(&st);	/* the status line counts from here */
	pthread_mutex_lock(&l->mu);
	l->samples_at_reset = st.samples;
	l->dropped_at_reset = st.dropped;
	pthread_mutex_unlock(&l->mu);
}

static void op_set_window(void *live, int seconds)
{
	struct live *l = live;
	pthread_mutex_lock(&l->mu);
	l->window = seconds > SAMPLER_MAX_WINDOW ? SAMPLER_MAX_WINDOW : seconds;
	pthread_mutex_unlock(&l->mu);
}

static int op_set_rate(void *live, int hz, struct rt_error *err)
{
	(void)live;
	return sampler_set_rate(hz, err);
}

static int op_set_kind(void *live, const char *kind, const char **name,
		       struct rt_error *err)
{
	struct live *l = live;
	enum sampler_kind k;
	if (sampler_kind_parse(kind, &k, err) < 0)
		return -1;
	pthread_mutex_lock(&l->mu);
	l->kind = k;
	struct profile *old = l->base;	/* a base of another kind means nothing */
	l->base = NULL;
	pthread_mutex_unlock(&l->mu);
	profile_free(old);
	*name = sampler_kind_name(k);
	if (l->prefix)	/* saved files name the kind they hold */
		live_file_prefix(l, l->prefix, l->prefix_n);
	return 0;
}

static void op_set_threads(void *live, int n)
{
	struct live *l = live;
	l->settings.threads = n;
	engine_configure(l->engine, &l->settings);
}

static int op_set_jobs(void *live, const char *jobs, struct rt_error *err)
{
	struct live *l = live;
	if (jobs_parse(jobs, &l->settings.jobs, err) < 0)
		return -1;
	engine_configure(l->engine, &l->settings);
	return 0;
}

static int op_set_switch(void *live, const char *key_value, struct rt_error *err)
{
	struct live *l = live;
	if (switches_set(&l->settings.sw, key_value, err) < 0)
		return -1;
	engine_configure(l->engine, &l->settings);
	return 0;
}

static void op_describe_switches(void *live, struct sbuf *out)
{
	struct live *l = live;
	switches_describe(&l->settings.sw, false, out);
}

static int op_set_base(void *live, bool on, double *seconds, struct rt_error *err)
{
	struct live *l = live;
	struct profile *b = NULL;
	if (on && !(b = sampler_snapshot(l->window, l->kind, err)))
		return -1;
	pthread_mutex_lock(&l->mu);
	struct profile *old = l->base;
	l->base = b;
	l->base_taken = now();
	pthread_mutex_unlock(&l->mu);
	*seconds = b ? (double)b->duration_nanos / 1e9 : 0;
	profile_free(old);
	return 0;
}

static int op_save_picture(void *live, const char *png_path, struct rt_error *err)
{
	struct live *l = live;
	struct canvas c;
	struct engine_progress p;
	engine_progress(l->engine, &p);
	if (canvas_init(&c, p.width, p.height, err) < 0)
		return -1;
	int rc = engine_snapshot(l->engine, &c, err);
	if (rc == 0)
		rc = canvas_save_png(&c, png_path, err);
	canvas_free(&c);
	return rc;
}

static void op_set_refresh(void *live, double seconds)
{
	struct live *l = live;
	pthread_mutex_lock(&l->mu);
	l->refresh = seconds;
	pthread_mutex_unlock(&l->mu);
}

static struct profile *op_series(void *live, int seconds, int slot_seconds,
				 struct rt_error *err)
{
	struct live *l = live;
	return sampler_series(seconds, slot_seconds, l->kind, err);
}

const struct live_ops live_session_ops = {
	.pause = op_pause,
	.reset = op_reset,
	.set_window = op_set_window,
	.set_rate = op_set_rate,
	.set_kind = op_set_kind,
	.set_threads = op_set_threads,
	.set_jobs = op_set_jobs,
	.set_switch = op_set_switch,
	.describe_switches = op_describe_switches,
	.set_base = op_set_base,
	.save_picture = op_save_picture,
	.set_refresh = op_set_refresh,
	.series = op_series,
};
