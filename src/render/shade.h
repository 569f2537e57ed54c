/* shade: from a ray to a color (book ch. 6-8, 11, bonus soft shadows).
 * struct trace is one render thread's private state: the world it reads,
 * the case-study switches, its pooled intersection list, its jitter and
 * its ray counter.  Owned by exactly one thread; never shared. */
#ifndef RENDER_SHADE_H
#define RENDER_SHADE_H

#include <stdint.h>

#include "render/switches.h"
#include "render/world.h"

struct trace {
	const struct world *w;
	bool cache;		/* inverse_cache=on */
	bool pooled;		/* alloc=pooled */
	int max_depth;
	bool shadows;		/* shadows=off: every light fully visible */
	struct xs xs;		/* the pooled list (alloc=pooled) */
	struct jitter jit;
	uint64_t rays;		/* primary + secondary + shadow rays cast */
};

void trace_init(struct trace *t, const struct world *w,
		const struct render_switches *sw);
void trace_free(struct trace *t);

/* Everything shading needs about one hit (book's prepare_computations). */
struct comps {
	double t;
	const struct shape *s;
	struct vec3 point, over_point, under_point, eyev, normalv, reflectv;
	bool inside;
	double n1, n2;		/* refractive indices; 1, 1 for opaque hits */
};

/* xs must be sorted; hit indexes it. */
void prepare_computations(const struct isect *xs, int n, int hit,
			  const struct ray *r, struct comps *c, bool cache);
double schlick(const struct comps *c);

/* Phong lighting for one light; intensity in [0, 1] is the unshadowed
 * fraction (0 = in shadow: ambient only). */
struct color lighting(const struct material *m, const struct shape *s,
		      const struct light *l, struct vec3 point, struct vec3 eyev,
		      struct vec3 normalv, double intensity, struct jitter *j,
		      bool cache);
bool is_shadowed(struct trace *t, struct vec3 light_pos, struct vec3 point);
double intensity_at(struct trace *t, const struct light *l, struct vec3 point);

/* Sorted hits of r.  alloc=pooled: in t's own list; alloc=naive: in a
 * fresh heap list set up in *naive.  Free with trace_release. */
struct xs *trace_intersect(struct trace *t, const struct ray *r,
			   struct xs *naive);
void trace_release(struct trace *t, struct xs *xs);

struct color shade_hit(struct trace *t, const struct comps *c, int remaining);
struct color color_at(struct trace *t, const struct ray *r, int remaining);
struct color reflected_color(struct trace *t, const struct comps *c,
			     int remaining);
struct color refracted_color(struct trace *t, const struct comps *c,
			     int remaining);

#endif
