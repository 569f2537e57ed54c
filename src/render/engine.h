/* engine: continuous rendering for the live console.  One driver thread
 * renders frame after frame of a loaded scene through a worker pool (see
 * render.h), optionally orbiting the camera (scene `frames:`).  Any thread
 * may pause, resume, reconfigure, read progress or take a snapshot of the
 * image; the engine owns all the threads it starts and joins them in
 * engine_free.
 *
 * Threads and ownership:
 *   - driver thread: owns the pool, the back buffer between frames, and
 *     applies settings; publishes results under the engine mutex.
 *   - workers: write only their own jobs' pixels of the back buffer.
 *   - callers: touch engine state only through these functions (mutex),
 *     the progress callback runs on the driver thread without the mutex.
 * No shared mutable struct is read without the mutex or an atomic, so the
 * engine is ThreadSanitizer clean.
 *
 * Use:
 *   struct engine_settings s = engine_settings_default();
 *   struct engine *e = engine_new(&scene, &s, NULL, NULL, &err);
 *   engine_start(e, &err);
 *   ... engine_progress(e, &p); engine_snapshot(e, &canvas); ...
 *   engine_configure(e, &s);  // threads/jobs/switches for the next frame
 *   engine_pause(e); engine_resume(e);
 *   engine_free(e);           // cancels the frame in flight, joins
 * The scene must outlive the engine. */
#ifndef RENDER_ENGINE_H
#define RENDER_ENGINE_H

#include <stdbool.h>

#include "base/rt_error.h"
#include "render/canvas.h"
#include "render/scene.h"
#include "render/switches.h"

struct engine_settings {
	int threads;		/* <= 0: one per online CPU */
	enum job_kind jobs;
	struct render_switches sw;
	unsigned long max_frames;	/* stop after this many; 0: forever */
};

struct engine_progress {
	unsigned long frame;	/* frames completed */
	int width, height;
	int rows_done;		/* of the frame in progress (pixels / width) */
	bool paused, running;	/* running: the driver has work to do */
	/* figures of the last completed frame */
	double frame_seconds, rows_per_sec, rays_per_sec, allocs_per_pixel;
	/* settings in effect for the frame in progress */
	struct engine_settings settings;
	/* set when the engine paused itself on an error (e.g. no threads) */
	char error[RT_ERROR_MAX];
};

/* Called on the driver thread after every completed frame. */
typedef void (*engine_progress_fn)(const struct engine_progress *p, void *arg);

struct engine;

/* inverse_cache on, alloc pooled, jobs=tile, one thread per CPU. */
struct engine_settings engine_settings_default(void);

/* Creates a stopped engine for sc (NULL on error). cb may be NULL. */
struct engine *engine_new(const struct scene *sc, const struct engine_settings *s,
			  engine_progress_fn cb, void *cb_arg, struct rt_error *err);
/* Starts the driver and the workers. */
int engine_start(struct engine *e, struct rt_error *err);
/* New settings take effect at the next frame (threads restart the pool). */
void engine_configure(struct engine *e, const struct engine_settings *s);
/* Pause cancels the frame in flight between jobs; resume renders it anew. */
void engine_pause(struct engine *e);
void engine_resume(struct engine *e);
void engine_progress(struct engine *e, struct engine_progress *out);
/* Blocks until `frames` frames are complete (returns at once if the
 * engine was never started; waits through pauses). */
void engine_wait_frames(struct engine *e, unsigned long frames);
/* Copies the picture: the last completed frame, overlaid with the jobs
 * already finished in the frame in progress.  out must be camera-sized. */
int engine_snapshot(struct engine *e, struct canvas *out, struct rt_error *err);
/* Cancels the frame in flight, joins every thread, frees. NULL is fine. */
void engine_free(struct engine *e);

#endif
