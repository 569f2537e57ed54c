/* live: the live session behind `rtprof scene.yaml`: a loaded scene rendered
 * frame after frame by the engine's workers, profiled by the sampler, and
 * offered to the console as a profile_source of fresh snapshots.  The live
 * commands (pause, threads, set, base, ...) act on it.  All functions are
 * called from the console's thread; the engine and the sampler own their
 * own threads. */
#ifndef RT_CONSOLE_LIVE_H
#define RT_CONSOLE_LIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/rt_error.h"
#include "console/console.h"
#include "render/switches.h"
#include "sampler/sampler.h"

/* Checked values (src/console/flags.c did the checking): live_start
 * parses nothing. */
struct live_opts {
	const char *scene_path;
	int threads;		/* 0: one per CPU */
	enum job_kind jobs;
	struct render_switches sw;
	int hz;			/* 0: the sampler's default */
	enum sampler_kind kind;
	int window;		/* seconds, 0: all */
};

struct live;

/* Loads the scene, starts the sampler, then the renderer. */
struct live *live_start(const struct live_opts *o, struct rt_error *err);
/* Stops the renderer, then the sampler; frees. NULL is fine. */
void live_stop(struct live *l);

/* Snapshots of the current kind and window (minus the base, if set). */
struct profile_source live_source(struct live *l);
/* The newest snapshot, for batch use (free with profile_free). */
struct profile *live_snapshot(struct live *l, struct rt_error *err);

/* The status line's fields (at most max), for the terminal's thread. */
size_t live_status(struct live *l, struct status_field *f, size_t max);
int live_image(struct live *l, int *w, int *h, unsigned char **rgb);
bool live_changed(struct live *l);
double live_refresh(struct live *l);
/* Lets the session run for seconds; progress (may be NULL) is called
 * every 100 ms with the seconds done. */
void live_run_for(struct live *l, double seconds,
		  void (*progress)(double done, double total, void *arg), void *arg);

/* The scene's warnings (unknown keys...), "rtprof: warning: ..." lines. */
void live_warnings(struct live *l, struct sbuf *out);

/* "rtprof.<scene>.<kind>." for the numbered files proto writes.  buf must
 * last as long as the session: `profile KIND` rewrites it with the new
 * kind (both on the console's thread). */
void live_file_prefix(struct live *l, char *buf, size_t n);

/* What the live commands (src/console/cmd-pause.c, ...) call, with a
 * struct live as their first argument. */
extern const struct live_ops live_session_ops;

#endif
