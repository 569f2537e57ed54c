/* live: glue between the console, the sampler and the engine.  The scene
 * and the engine live as long as the session; snapshots are made on demand
 * and freed when the console releases them. */
#include "console/live.h"

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

struct live {
	struct scene scene;
	bool scene_loaded;
	struct engine *engine;
	struct engine_settings settings;
	enum sampler_kind kind;
	int window;		/* seconds; 0: all */
	struct profile *base;	/* diff base, or NULL */
	uint64_t seen_samples;	/* stats at the last changed() */
	uint64_t seen_allocs, seen_contentions;
	double refresh;
	char scene_path[4096];
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
	snprintf(l->scene_path, sizeof l->scene_path, "%s", o->scene_path);
	l->refresh = 1.0;
	l->window = o->window > 0 ? o->window : 0;
	if (scene_load(&l->scene, o->scene_path, err) < 0)
		goto fail;
	l->scene_loaded = true;
	l->settings = engine_settings_default();
	if (o->threads > 0)
		l->settings.threads = o->threads;
	if (o->jobs && jobs_parse(o->jobs, &l->settings.jobs, err) < 0)
		goto fail;
	for (size_t i = 0; i < o->n_sets; i++)
		if (switches_set(&l->settings.sw, o->sets[i], err) < 0)
			goto fail;
	l->kind = SAMPLER_CPU;
	if (o->kind && sampler_kind_parse(o->kind, &l->kind, err) < 0)
		goto fail;
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
	profile_set_label(b, "pprof::base", "true");
	profile_scale(b, -1);
	struct profile *both[2] = { p, b };
	struct profile *m = NULL;
	if (profile_scale_units(both, 2, err) == 0)
		m = profile_merge(both, 2, err);
	profile_free(p);
	profile_free(b);
	return m;
}

struct profile *live_snapshot(struct live *l, struct rt_error *err)
{
	struct profile *p = sampler_snapshot(l->window, l->kind, err);
	if (!p)
		return NULL;
	if (l->base)
		return with_base(l, p, err);
	return p;
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

void live_status(struct live *l, char *buf, size_t n)
{
	struct engine_progress p;
	struct sampler_stats st;
	engine_progress(l->engine, &p);
	sampler_stats(&st);
	int pct = p.height ? p.rows_done * 100 / p.height : 0;
	char window[32];
	if (l->window)
		snprintf(window, sizeof window, "window %ds", l->window);
	else
		snprintf(window, sizeof window, "window all");
	int threads = p.settings.threads;
	if (threads <= 0)
		threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
	snprintf(buf, n,
		 "frame %lu %d%%  %.0f rows/s  %.2f allocs/px  %d threads  jobs=%s  %s %dHz  %s  %s%s  %llu samples, %llu dropped",
		 p.frame + 1, pct, p.rows_per_sec, p.allocs_per_pixel, threads,
		 jobs_name(p.settings.jobs), sampler_kind_name(l->kind), st.hz, window,
		 p.paused ? "paused" : "running", l->base ? "  diff vs base" : "",
		 (unsigned long long)st.samples, (unsigned long long)st.dropped);
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
		       st.contentions != l->seen_contentions;
	l->seen_samples = st.samples;
	l->seen_allocs = st.alloc_sampled;
	l->seen_contentions = st.contentions;
	return changed;
}

double live_refresh(struct live *l)
{
	return l->refresh;
}

void live_run_for(struct live *l, double seconds)
{
	double end = now() + seconds;
	while (now() < end) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	(void)l;
}

void live_file_prefix(struct live *l, char *buf, size_t n)
{
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
	(void)live;
	sampler_reset();
}

static void op_set_window(void *live, int seconds)
{
	struct live *l = live;
	l->window = seconds > SAMPLER_MAX_WINDOW ? SAMPLER_MAX_WINDOW : seconds;
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
	l->kind = k;
	*name = sampler_kind_name(k);
	profile_free(l->base);	/* a base of another kind means nothing */
	l->base = NULL;
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

static int op_set_base(void *live, bool on, struct rt_error *err)
{
	struct live *l = live;
	struct profile *b = NULL;
	if (on && !(b = sampler_snapshot(l->window, l->kind, err)))
		return -1;
	profile_free(l->base);
	l->base = b;
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
	l->refresh = seconds;
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
	.set_base = op_set_base,
	.save_picture = op_save_picture,
	.set_refresh = op_set_refresh,
};
