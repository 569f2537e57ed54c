/* engine: the driver thread, frame publication and snapshots. */
#include "render/engine.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/rt_hooks.h"
#include "render/render.h"

struct engine {
	const struct scene *sc;
	engine_progress_fn cb;
	void *cb_arg;
	pthread_t driver;
	bool started;

	struct rt_mutex mu;
	pthread_cond_t cv;	/* state changes: pause, settings, frames, quit */
	/* (mu) */
	bool quit, paused;
	struct engine_settings pending;	/* applied at the next frame */
	struct engine_settings active;
	struct engine_progress last;	/* published after each frame */
	unsigned mark;		/* job mark of the frame in progress */
	struct canvas front;	/* last completed frame */

	/* driver thread */
	struct render_pool *pool;
	struct canvas back;	/* workers write their jobs' pixels */

	/* shared with workers and readers */
	atomic_uint *job_done;	/* job k == mark: its back pixels are final */
	atomic_long pixels;	/* pixels done in the frame in progress */
	atomic_bool stop;	/* cancel the frame in flight */
};

_Static_assert(sizeof ((struct engine_progress *)0)->error ==
		       sizeof ((struct rt_error *)0)->msg,
	       "progress.error holds a whole rt_error message");

struct engine_settings engine_settings_default(void)
{
	return (struct engine_settings){ .threads = 0,
					 .jobs = JOBS_TILE,
					 .sw = switches_default() };
}

struct engine *engine_new(const struct scene *sc, const struct engine_settings *s,
			  engine_progress_fn cb, void *cb_arg, struct rt_error *err)
{
	int w = sc->camera.hsize, h = sc->camera.vsize;
	struct engine *e = rt_calloc(1, sizeof *e);
	if (!e) {
		rt_error_set(err, "out of memory starting the render engine");
		return NULL;
	}
	rt_mutex_init(&e->mu);
	pthread_cond_init(&e->cv, NULL);
	e->sc = sc;
	e->cb = cb;
	e->cb_arg = cb_arg;
	e->pending = e->active = *s;
	e->last.width = w;
	e->last.height = h;
	e->job_done = rt_calloc((size_t)w * h, sizeof *e->job_done);
	if (!e->job_done || canvas_init(&e->front, w, h, err) < 0 ||
	    canvas_init(&e->back, w, h, err) < 0) {
		rt_error_set(err, "out of memory for a %dx%d engine", w, h);
		engine_free(e);
		return NULL;
	}
	return e;
}

static bool settings_need_new_pool(const struct engine *e,
				   const struct engine_settings *s)
{
	int want = s->threads > 0 ? s->threads : render_cpu_count();
	return !e->pool || render_pool_threads(e->pool) != want;
}

/* Driver: one frame with the settings in s; returns false if cancelled. */
static bool driver_frame(struct engine *e, const struct engine_settings *s,
			 unsigned long frame, unsigned mark,
			 struct render_stats *st, struct rt_error *err)
{
	struct camera cam = scene_camera_at(e->sc, (int)frame);
	struct render_request rq = { .scene = e->sc, .camera = &cam, .sw = s->sw,
				     .jobs = s->jobs, .out = &e->back,
				     .job_done = e->job_done, .job_mark = mark,
				     .pixels_done = &e->pixels, .stop = &e->stop };
	if (settings_need_new_pool(e, s)) {
		render_pool_free(e->pool);
		e->pool = render_pool_new(s->threads, err);
		if (!e->pool)
			return false;
	}
	if (render_pool_frame(e->pool, &rq, st, err) < 0)
		return false;
	return !st->cancelled;
}

static void publish(struct engine *e, const struct render_stats *st)
{
	struct engine_progress *p = &e->last;
	long px = (long)p->width * p->height;
	memcpy(e->front.rgb, e->back.rgb, (size_t)px * 3);
	p->frame++;
	p->frame_seconds = st->seconds;
	p->rows_per_sec = st->seconds > 0 ? p->height / st->seconds : 0;
	p->rays_per_sec = st->seconds > 0 ? st->rays / st->seconds : 0;
	p->allocs_per_pixel = (double)st->allocs / px;
}

static void *driver_main(void *arg)
{
	struct engine *e = arg;
	struct engine_progress snap;

	rt_mutex_lock(&e->mu);
	for (;;) {
		while (!e->quit && (e->paused || (e->active.max_frames &&
						  e->last.frame >= e->active.max_frames)))
			rt_cond_wait(&e->cv, &e->mu);
		if (e->quit)
			break;
		e->active = e->pending;
		struct engine_settings s = e->active;
		unsigned long frame = e->last.frame;
		unsigned mark = ++e->mark ? e->mark : ++e->mark;	/* never 0 */
		atomic_store(&e->pixels, 0);
		atomic_store(&e->stop, false);
		rt_mutex_unlock(&e->mu);

		struct render_stats st = { 0 };
		struct rt_error err = { { 0 } };
		bool done = driver_frame(e, &s, frame, mark, &st, &err);

		rt_mutex_lock(&e->mu);
		if (!done && err.msg[0]) {
			/* the pool could not start or the frame failed: idle */
			e->paused = true;
			memcpy(e->last.error, err.msg, sizeof e->last.error);
		}
		if (!done)
			continue;
		publish(e, &st);
		snap = e->last;
		snap.settings = e->active;
		pthread_cond_broadcast(&e->cv);
		if (e->cb) {
			rt_mutex_unlock(&e->mu);
			e->cb(&snap, e->cb_arg);
			rt_mutex_lock(&e->mu);
		}
	}
	rt_mutex_unlock(&e->mu);
	render_pool_free(e->pool);
	e->pool = NULL;
	return NULL;
}

int engine_start(struct engine *e, struct rt_error *err)
{
	if (e->started)
		return 0;
	if (pthread_create(&e->driver, NULL, driver_main, e))
		return rt_error_set(err, "cannot start the render engine thread");
	e->started = true;
	return 0;
}

void engine_configure(struct engine *e, const struct engine_settings *s)
{
	rt_mutex_lock(&e->mu);
	e->pending = *s;
	pthread_cond_broadcast(&e->cv);
	rt_mutex_unlock(&e->mu);
}

void engine_pause(struct engine *e)
{
	rt_mutex_lock(&e->mu);
	e->paused = true;
	atomic_store(&e->stop, true);
	rt_mutex_unlock(&e->mu);
}

void engine_resume(struct engine *e)
{
	rt_mutex_lock(&e->mu);
	e->paused = false;
	e->last.error[0] = 0;
	pthread_cond_broadcast(&e->cv);
	rt_mutex_unlock(&e->mu);
}

void engine_progress(struct engine *e, struct engine_progress *out)
{
	rt_mutex_lock(&e->mu);
	*out = e->last;
	out->settings = e->active;
	out->paused = e->paused;
	out->running = e->started && !e->quit && !e->paused &&
		       !(e->active.max_frames && e->last.frame >= e->active.max_frames);
	long px = atomic_load_explicit(&e->pixels, memory_order_relaxed);
	out->rows_done = out->running ? (int)(px / out->width) : 0;
	rt_mutex_unlock(&e->mu);
}

void engine_wait_frames(struct engine *e, unsigned long frames)
{
	rt_mutex_lock(&e->mu);
	while (e->started && !e->quit && e->last.frame < frames)
		rt_cond_wait(&e->cv, &e->mu);
	rt_mutex_unlock(&e->mu);
}

int engine_snapshot(struct engine *e, struct canvas *out, struct rt_error *err)
{
	int w = e->last.width, h = e->last.height;
	if (out->width != w || out->height != h)
		return rt_error_set(err, "snapshot needs a %dx%d canvas", w, h);
	/* Holding mu keeps the driver from starting another frame, so a job
	 * marked with the current mark is not rewritten while we copy it. */
	rt_mutex_lock(&e->mu);
	memcpy(out->rgb, e->front.rgb, (size_t)w * h * 3);
	enum job_kind k = e->active.jobs;
	int n = render_job_count(k, w, h);
	for (int j = 0; j < n; j++) {
		if (atomic_load_explicit(&e->job_done[j], memory_order_acquire) != e->mark)
			continue;
		int x0, y0, x1, y1;
		render_job_rect(k, w, h, j, &x0, &y0, &x1, &y1);
		for (int y = y0; y < y1; y++)
			memcpy(out->rgb + ((size_t)y * w + x0) * 3,
			       e->back.rgb + ((size_t)y * w + x0) * 3, (size_t)(x1 - x0) * 3);
	}
	rt_mutex_unlock(&e->mu);
	return 0;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	if (e->started) {
		rt_mutex_lock(&e->mu);
		e->quit = true;
		atomic_store(&e->stop, true);
		pthread_cond_broadcast(&e->cv);
		rt_mutex_unlock(&e->mu);
		rt_thread_join(e->driver, NULL);
	}
	rt_mutex_destroy(&e->mu);
	pthread_cond_destroy(&e->cv);
	canvas_free(&e->front);
	canvas_free(&e->back);
	rt_free(e->job_done, (size_t)e->last.width * e->last.height * sizeof *e->job_done);
	rt_free(e, sizeof *e);
}
