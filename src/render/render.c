/* render: the worker pool, job split and per-pixel sampling. */
#include "render/render.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/rt_hooks.h"
#include "workload/cpuloader.h"

struct worker {
	struct render_pool *pool;
	int index;
	pthread_t tid;
	struct trace tr;	/* owned by this worker */
	double debt;		/* cpuloader seconds owed (this worker) */
	/* Keeps this worker's per-ray counters (tr.rays, tr.jit, tr.xs) off
	 * the next worker's cache lines: false sharing costs scaling. */
	char pad[128];
};

struct render_pool {
	int n;
	struct worker *w;
	struct rt_mutex mu;	/* rt_mutex: the profiler sees contention */
	struct rt_mutex shared;	/* lock=shared: job hand-out and pixel writes */
	pthread_cond_t start_cv, done_cv;
	unsigned long gen;	/* frame generation (mu) */
	int finished;		/* workers done with gen (mu) */
	bool quit;		/* (mu) */
	const struct render_request *rq;	/* (mu) read-only during a frame */
	int njobs, aa;		/* set with rq */
	double share;
	atomic_int next;	/* next job to hand out */
	atomic_long pixels;	/* pixels finished this frame */
};

int render_cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < RENDER_MIN_THREADS ? RENDER_MIN_THREADS :
	       n > RENDER_MAX_THREADS ? RENDER_MAX_THREADS : (int)n;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int render_job_count(enum job_kind k, int w, int h)
{
	switch (k) {
	case JOBS_PIXEL:
		return w * h;
	case JOBS_LINE:
		return h;
	case JOBS_TILE:
		return ((w + RENDER_TILE - 1) / RENDER_TILE) *
		       ((h + RENDER_TILE - 1) / RENDER_TILE);
	}
	return 0;
}

void render_job_rect(enum job_kind k, int w, int h, int job, int *x0, int *y0,
		     int *x1, int *y1)
{
	int tx;
	switch (k) {
	case JOBS_PIXEL:
		*x0 = job % w;
		*y0 = job / w;
		*x1 = *x0 + 1;
		*y1 = *y0 + 1;
		return;
	case JOBS_LINE:
		*x0 = 0;
		*x1 = w;
		*y0 = job;
		*y1 = job + 1;
		return;
	case JOBS_TILE:
		tx = (w + RENDER_TILE - 1) / RENDER_TILE;
		*x0 = job % tx * RENDER_TILE;
		*y0 = job / tx * RENDER_TILE;
		*x1 = *x0 + RENDER_TILE < w ? *x0 + RENDER_TILE : w;
		*y1 = *y0 + RENDER_TILE < h ? *y0 + RENDER_TILE : h;
		return;
	}
}

struct color render_pixel(struct trace *t, const struct camera *cam, int x,
			  int y, int aa)
{
	if (aa <= 1) {
		jitter_reset(&t->jit, (uint64_t)x, (uint64_t)y, 0);
		struct ray r = camera_ray(cam, x + 0.5, y + 0.5, t->cache);
		return color_at(t, &r, t->max_depth);
	}
	struct color sum = { 0, 0, 0 };
	for (int j = 0; j < aa; j++)
		for (int i = 0; i < aa; i++) {
			jitter_reset(&t->jit, (uint64_t)x, (uint64_t)y,
				     (uint64_t)(j * aa + i));
			struct ray r = camera_ray(cam, x + (i + 0.5) / aa,
						  y + (j + 0.5) / aa, t->cache);
			sum = color_add(sum, color_at(t, &r, t->max_depth));
		}
	return color_scale(sum, 1.0 / (aa * aa));
}

/* Runs the talk's demo load so it takes `share` of this worker's time. */
static void pay_cpuloader(struct worker *w, double job_seconds, double share)
{
	w->debt += job_seconds * share / (1 - share);
	if (w->debt < 0.002)
		return;
	rt_label_set("job", "cpuloader");
	double t0 = now();
	CPU(w->debt);
	w->debt -= now() - t0;
	rt_label_set("job", jobs_name(w->pool->rq->jobs));
}

static void run_jobs(struct worker *w)
{
	struct render_pool *p = w->pool;
	const struct render_request *rq = p->rq;
	const struct camera *cam = rq->camera ? rq->camera : &rq->scene->camera;
	struct trace *t = &w->tr;
	int width = rq->out->width, height = rq->out->height;

	t->w = &rq->scene->world;
	t->cache = rq->sw.inverse_cache;
	t->pooled = rq->sw.alloc_pooled;
	t->max_depth = rq->sw.max_depth;
	t->shadows = rq->sw.shadows;
	t->rays = 0;
	rt_label_set("scene", rq->scene->name);
	rt_label_set("job", jobs_name(rq->jobs));
	for (;;) {
		if (rq->stop && atomic_load_explicit(rq->stop, memory_order_relaxed))
			break;
		bool shared = rq->sw.shared_lock;
		if (shared)	/* the classic mistake the mutex profile shows */
			rt_mutex_lock(&p->shared);
		int k = atomic_fetch_add_explicit(&p->next, 1, memory_order_relaxed);
		if (shared)
			rt_mutex_unlock(&p->shared);
		if (k >= p->njobs)
			break;
		int x0, y0, x1, y1;
		double t0 = p->share > 0 ? now() : 0;
		render_job_rect(rq->jobs, width, height, k, &x0, &y0, &x1, &y1);
		for (int y = y0; y < y1; y++)
			for (int x = x0; x < x1; x++) {
				struct color c = render_pixel(t, cam, x, y, p->aa);
				if (shared)
					rt_mutex_lock(&p->shared);
				canvas_write(rq->out, x, y, c);
				if (shared)
					rt_mutex_unlock(&p->shared);
			}
		if (rq->job_done)
			atomic_store_explicit(&rq->job_done[k], rq->job_mark,
					      memory_order_release);
		atomic_fetch_add_explicit(&p->pixels, (long)(x1 - x0) * (y1 - y0),
					  memory_order_relaxed);
		if (rq->pixels_done)
			atomic_fetch_add_explicit(rq->pixels_done,
						  (long)(x1 - x0) * (y1 - y0),
						  memory_order_relaxed);
		if (p->share > 0)
			pay_cpuloader(w, now() - t0, p->share);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct render_pool *p = w->pool;
	char idx[16];
	unsigned long seen = 0;

	rt_thread_enter("render", w->index);
	snprintf(idx, sizeof idx, "%d", w->index);
	rt_label_set("worker", idx);
	rt_mutex_lock(&p->mu);
	for (;;) {
		while (p->gen == seen && !p->quit)
			rt_cond_wait(&p->start_cv, &p->mu);	/* the job queue */
		if (p->quit)
			break;
		seen = p->gen;
		rt_mutex_unlock(&p->mu);
		run_jobs(w);
		rt_mutex_lock(&p->mu);
		if (++p->finished == p->n)
			pthread_cond_signal(&p->done_cv);
	}
	rt_mutex_unlock(&p->mu);
	rt_label_set("job", NULL);
	rt_label_set("scene", NULL);
	rt_label_set("worker", NULL);
	rt_thread_exit();
	return NULL;
}

static void pool_stop(struct render_pool *p, int started)
{
	rt_mutex_lock(&p->mu);
	p->quit = true;
	pthread_cond_broadcast(&p->start_cv);
	rt_mutex_unlock(&p->mu);
	for (int i = 0; i < started; i++) {
		rt_thread_join(p->w[i].tid, NULL);
		trace_free(&p->w[i].tr);
	}
}

struct render_pool *render_pool_new(int threads, struct rt_error *err)
{
	struct render_pool *p = rt_calloc(1, sizeof *p);
	struct render_switches sw = switches_default();
	pthread_attr_t attr;

	if (threads <= 0)
		threads = render_cpu_count();
	if (!p || !(p->w = rt_calloc((size_t)threads, sizeof *p->w))) {
		rt_free(p, sizeof *p);
		rt_error_set(err, "out of memory starting %d render threads", threads);
		return NULL;
	}
	p->n = threads;
	rt_mutex_init(&p->mu);
	rt_mutex_init(&p->shared);
	pthread_cond_init(&p->start_cv, NULL);
	pthread_cond_init(&p->done_cv, NULL);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 2u << 20);	/* recursion depth is bounded */
	for (int i = 0; i < threads; i++) {
		p->w[i].pool = p;
		p->w[i].index = i;
		trace_init(&p->w[i].tr, NULL, &sw);
		if (pthread_create(&p->w[i].tid, &attr, worker_main, &p->w[i])) {
			trace_free(&p->w[i].tr);
			pool_stop(p, i);
			pthread_attr_destroy(&attr);
			rt_free(p->w, (size_t)p->n * sizeof *p->w);
			rt_free(p, sizeof *p);
			rt_error_set(err, "cannot start render thread %d", i);
			return NULL;
		}
	}
	pthread_attr_destroy(&attr);
	return p;
}

int render_pool_threads(const struct render_pool *p)
{
	return p->n;
}

int render_pool_frame(struct render_pool *p, const struct render_request *rq,
		      struct render_stats *st, struct rt_error *err)
{
	const struct scene *sc = rq->scene;
	const struct camera *cam = rq->camera ? rq->camera : &sc->camera;

	if (rq->out->width != cam->hsize || rq->out->height != cam->vsize)
		return rt_error_set(err, "image is %dx%d but the camera is %dx%d",
				    rq->out->width, rq->out->height, cam->hsize,
				    cam->vsize);
	uint64_t a0 = rt_alloc_count();
	double t0 = now();
	rt_mutex_lock(&p->mu);
	p->rq = rq;
	p->njobs = render_job_count(rq->jobs, cam->hsize, cam->vsize);
	p->aa = rq->sw.aa > 0 ? rq->sw.aa : sc->aa;
	p->share = rq->sw.cpuloader >= 0 ? rq->sw.cpuloader : sc->cpuloader;
	atomic_store(&p->next, 0);
	atomic_store(&p->pixels, 0);
	p->finished = 0;
	p->gen++;
	pthread_cond_broadcast(&p->start_cv);
	while (p->finished < p->n)
		rt_cond_wait(&p->done_cv, &p->mu);	/* the frame barrier */
	p->rq = NULL;
	memset(st, 0, sizeof *st);
	for (int i = 0; i < p->n; i++)
		st->rays += p->w[i].tr.rays;
	rt_mutex_unlock(&p->mu);
	st->seconds = now() - t0;
	st->allocs = rt_alloc_count() - a0;
	st->pixels = atomic_load(&p->pixels);
	st->cancelled = st->pixels < (long)cam->hsize * cam->vsize;
	return 0;
}

void render_pool_free(struct render_pool *p)
{
	if (!p)
		return;
	pool_stop(p, p->n);
	rt_mutex_destroy(&p->mu);
	rt_mutex_destroy(&p->shared);
	pthread_cond_destroy(&p->start_cv);
	pthread_cond_destroy(&p->done_cv);
	rt_free(p->w, (size_t)p->n * sizeof *p->w);
	rt_free(p, sizeof *p);
}
