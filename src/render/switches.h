/* switches: the per-frame render settings, including the talk's case-study
 * switches.  Copied into each frame; never changed while a frame renders. */
#ifndef RENDER_SWITCHES_H
#define RENDER_SWITCHES_H

#include <stdbool.h>

#include "base/rt_error.h"
#include "base/sbuf.h"

enum job_kind { JOBS_PIXEL, JOBS_LINE, JOBS_TILE };

#define RENDER_TILE 16	/* tile edge in pixels (jobs=tile) */

struct render_switches {
	bool inverse_cache;	/* off: recompute inverse(M) on every use */
	bool alloc_pooled;	/* off (naive): heap list per ray */
	int max_depth;		/* reflection/refraction recursion (book: 5) */
	int aa;			/* supersampling: aa x aa per pixel; 0: scene's */
	bool shadows;		/* off: skip shadow rays */
	double cpuloader;	/* share of worker time in CPU(); <0: scene's */
	bool shared_lock;	/* workers take jobs and write pixels under one
				 * lock: the mutex profile's story */
};

/* inverse_cache=on, alloc=pooled, depth 5, aa and cpuloader from the
 * scene, shadows on. */
struct render_switches switches_default(void);
/* Applies KEY=VALUE (inverse_cache=on|off, alloc=pooled|naive, depth=N,
 * aa=N, shadows=on|off, cpuloader=SHARE, lock=none|shared).  err holds
 * the reason only ("alloc=fast: value must be pooled or naive"): the
 * caller prefixes it ("-set=" on the command line). */
int switches_set(struct render_switches *sw, const char *kv,
		 struct rt_error *err);
/* Every switch with its value and what it allows, a line each; or with
 * changed_only the "key=value" of those not at their defaults. */
void switches_describe(const struct render_switches *sw, bool changed_only,
		       struct sbuf *out);
/* "pixel" / "line" / "tile"; err: the reason only, for the caller to
 * prefix ("-jobs=row: "). */
int jobs_parse(const char *s, enum job_kind *out, struct rt_error *err);
const char *jobs_name(enum job_kind k);

#endif
