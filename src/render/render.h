/* render: a pool of worker threads that renders frames of a loaded scene.
 * A frame is cut into jobs (pixels, lines or 16x16 tiles) handed out by an
 * atomic counter; each pixel's color depends only on the scene, the
 * switches and (x, y), so the image is bit-identical for any thread count
 * and job kind.  Workers keep their intersection lists between frames, so
 * alloc=pooled frames allocate nothing once warm.
 *
 * Threads: render_pool_* functions are called by one controlling thread;
 * the workers only read the request and write their own jobs' pixels. */
#ifndef RENDER_RENDER_H
#define RENDER_RENDER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/rt_error.h"
#include "render/canvas.h"
#include "render/scene.h"
#include "render/shade.h"
#include "render/switches.h"

struct render_request {
	const struct scene *scene;
	const struct camera *camera;	/* NULL: the scene's camera */
	struct render_switches sw;
	enum job_kind jobs;
	struct canvas *out;		/* camera-sized */
	atomic_uint *job_done;		/* optional: job k stores job_mark */
	unsigned job_mark;		/*   (release) when its pixels are in */
	atomic_long *pixels_done;	/* optional: pixels finished, live */
	atomic_bool *stop;		/* optional: cancel between jobs */
};

struct render_stats {
	double seconds;		/* wall time of the frame */
	uint64_t rays;		/* primary + secondary + shadow */
	uint64_t allocs;	/* rt_alloc calls during the frame */
	long pixels;		/* pixels finished */
	bool cancelled;
};

/* The one range of worker threads: -threads, the console's threads
 * command, and one per CPU all stay inside it. */
#define RENDER_MIN_THREADS 1
#define RENDER_MAX_THREADS 256

struct render_pool;

/* threads <= 0: one per online CPU (at most RENDER_MAX_THREADS). NULL on
 * error. */
struct render_pool *render_pool_new(int threads, struct rt_error *err);
int render_pool_threads(const struct render_pool *p);
/* Renders one frame; blocks until done or cancelled. */
int render_pool_frame(struct render_pool *p, const struct render_request *rq,
		      struct render_stats *st, struct rt_error *err);
void render_pool_free(struct render_pool *p);

/* Job geometry: count, and the pixel rectangle [x0,x1) x [y0,y1) of job k. */
int render_job_count(enum job_kind k, int width, int height);
void render_job_rect(enum job_kind k, int width, int height, int job, int *x0,
		     int *y0, int *x1, int *y1);

/* One pixel on the calling thread (tests and the single-threaded path). */
struct color render_pixel(struct trace *t, const struct camera *cam, int x,
			  int y, int aa);

/* Online CPUs (at least 1). */
int render_cpu_count(void);

#endif
