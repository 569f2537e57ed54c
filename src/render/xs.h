/* xs: the intersection list of one ray.  A render thread owns one and
 * reuses it for every ray (alloc=pooled: it only grows, between uses, so a
 * steady-state frame allocates nothing); alloc=naive makes a fresh list per
 * ray, as the talk's Go tracer did.  Growth goes through rt_alloc so the
 * profiler counts it. */
#ifndef RENDER_XS_H
#define RENDER_XS_H

#include <stdbool.h>

struct shape;

struct isect {
	double t;
	const struct shape *s;	/* the primitive hit (never a group) */
	double u, v;		/* barycentrics for smooth triangles */
	int tri;		/* SHAPE_MESH: the triangle hit */
};

struct xs {
	struct isect *v;
	int n, cap;
	bool oom;	/* a push was dropped: out of memory */
};

void xs_init(struct xs *xs);
void xs_free(struct xs *xs);
/* Makes room for at least cap entries; -1 when out of memory. */
int xs_reserve(struct xs *xs, int cap);

static inline void xs_push(struct xs *xs, double t, const struct shape *s,
			   double u, double v)
{
	if (xs->n == xs->cap && xs_reserve(xs, xs->cap ? xs->cap * 2 : 16) < 0) {
		xs->oom = true;
		return;
	}
	xs->v[xs->n++] = (struct isect){ t, s, u, v, 0 };
}

static inline void xs_push_tri(struct xs *xs, double t, const struct shape *s,
			       double u, double v, int tri)
{
	if (xs->n == xs->cap && xs_reserve(xs, xs->cap ? xs->cap * 2 : 16) < 0) {
		xs->oom = true;
		return;
	}
	xs->v[xs->n++] = (struct isect){ t, s, u, v, tri };
}

/* Sorts by t without a callback (insertion sort; shell sort when long). */
void xs_sort(struct isect *v, int n);
/* Index of the lowest non-negative t in a sorted list, or -1. */
int xs_hit(const struct isect *v, int n);

#endif
