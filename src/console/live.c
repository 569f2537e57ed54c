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

static int parse_int(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < -1000000 || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

/* "10s", "10", "2m", "all" -> seconds (0: all). */
static int parse_window(const char *s, int *out)
{
	if (!strcmp(s, "all")) {
		*out = 0;
		return 0;
	}
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || v < 0)
		return -1;
	if (!strcmp(end, "m"))
		v *= 60;
	else if (*end && strcmp(end, "s"))
		return -1;
	*out = v > SAMPLER_MAX_WINDOW ? SAMPLER_MAX_WINDOW : (int)v;
	return 0;
}

int live_command(void *live, const char *name, int argc, char **argv,
		 struct sbuf *msg, struct rt_error *err)
{
	struct live *l = live;
	const char *arg = argc > 0 ? argv[0] : NULL;
	if (!strcmp(name, "pause")) {
		engine_pause(l->engine);
		sampler_pause();
		sbuf_puts(msg, "rendering and sampling paused (resume to go on)\n");
	} else if (!strcmp(name, "resume")) {
		engine_resume(l->engine);
		sampler_resume();
		sbuf_puts(msg, "rendering and sampling resumed\n");
	} else if (!strcmp(name, "reset")) {
		sampler_reset();
		sbuf_puts(msg, "samples dropped: profiles start from now\n");
	} else if (!strcmp(name, "window")) {
		int w;
		if (!arg || parse_window(arg, &w) < 0)
			return rt_error_set(err, "usage: window 10s|2m|all");
		l->window = w;
		if (w)
			sbuf_printf(msg, "reports show the last %d seconds\n", w);
		else
			sbuf_puts(msg, "reports show everything since the start or reset\n");
	} else if (!strcmp(name, "rate")) {
		int hz;
		if (!arg || parse_int(arg, &hz) < 0)
			return rt_error_set(err, "usage: rate HZ (%d..%d)", SAMPLER_MIN_HZ, SAMPLER_MAX_HZ);
		if (sampler_set_rate(hz, err) < 0)
			return -1;
		sbuf_printf(msg, "CPU sampling at %d Hz\n", hz);
	} else if (!strcmp(name, "profile")) {
		enum sampler_kind k;
		if (!arg)
			return rt_error_set(err, "usage: profile cpu|alloc|mutex");
		if (sampler_kind_parse(arg, &k, err) < 0)
			return -1;
		l->kind = k;
		profile_free(l->base);
		l->base = NULL;
		sbuf_printf(msg, "reports show the %s profile\n", sampler_kind_name(k));
	} else if (!strcmp(name, "threads")) {
		int n;
		if (!arg || parse_int(arg, &n) < 0 || n < 1 || n > 256)
			return rt_error_set(err, "usage: threads N (1..256)");
		l->settings.threads = n;
		engine_configure(l->engine, &l->settings);
		sbuf_printf(msg, "%d render threads from the next frame\n", n);
	} else if (!strcmp(name, "jobs")) {
		if (!arg)
			return rt_error_set(err, "usage: jobs pixel|line|tile");
		if (jobs_parse(arg, &l->settings.jobs, err) < 0)
			return -1;
		engine_configure(l->engine, &l->settings);
		sbuf_printf(msg, "jobs=%s from the next frame\n", jobs_name(l->settings.jobs));
	} else if (!strcmp(name, "set")) {
		if (!arg)
			return rt_error_set(err, "usage: set inverse_cache=on|off, set alloc=naive|pooled");
		if (switches_set(&l->settings.sw, arg, err) < 0)
			return -1;
		engine_configure(l->engine, &l->settings);
		sbuf_printf(msg, "%s from the next frame\n", arg);
	} else if (!strcmp(name, "base")) {
		if (arg && !strcmp(arg, "off")) {
			profile_free(l->base);
			l->base = NULL;
			sbuf_puts(msg, "diff base removed\n");
			return 0;
		}
		struct profile *b = sampler_snapshot(l->window, l->kind, err);
		if (!b)
			return -1;
		profile_free(l->base);
		l->base = b;
		sbuf_puts(msg, "reports now show the difference from this moment's profile (base off to stop)\n");
	} else if (!strcmp(name, "save")) {
		if (!arg)
			return rt_error_set(err, "usage: save FILE.png");
		struct canvas c;
		struct engine_progress p;
		engine_progress(l->engine, &p);
		if (canvas_init(&c, p.width, p.height, err) < 0)
			return -1;
		int rc = engine_snapshot(l->engine, &c, err);
		if (rc == 0)
			rc = canvas_save_png(&c, arg, err);
		canvas_free(&c);
		if (rc < 0)
			return -1;
		sbuf_printf(msg, "Saved picture in %s\n", arg);
	} else if (!strcmp(name, "refresh")) {
		double s;
		if (!arg || sscanf(arg, "%lf", &s) != 1 || s < 0.1 || s > 3600)
			return rt_error_set(err, "usage: refresh SECONDS (0.1..3600)");
		l->refresh = s;
		sbuf_printf(msg, "report pane refreshed every %g s\n", s);
	} else {
		return rt_error_set(err, "unknown live command %s", name);
	}
	return 0;
}
