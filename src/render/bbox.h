/* bbox: axis-aligned bounding boxes (bonus chapter "Bounding Boxes and
 * Hierarchies").  Infinite extents are legal (planes); any box with an
 * infinite side transforms to the all-infinite box, because 0 * inf would
 * otherwise poison the corners with NaN. */
#ifndef RENDER_BBOX_H
#define RENDER_BBOX_H

#include <stdbool.h>

#include "render/ray.h"

struct bbox {
	struct vec3 min, max;
};

struct bbox bbox_empty(void);
struct bbox bbox_infinite(void);
struct bbox bbox_make(struct vec3 min, struct vec3 max);
void bbox_add_point(struct bbox *b, struct vec3 p);
void bbox_merge(struct bbox *b, const struct bbox *other);
bool bbox_is_empty(const struct bbox *b);
bool bbox_is_infinite(const struct bbox *b);
bool bbox_contains_point(const struct bbox *b, struct vec3 p);
bool bbox_contains_box(const struct bbox *b, const struct bbox *inner);
struct bbox bbox_transform(const struct bbox *b, const struct mat4 *m);
/* Splits at the midpoint of the longest axis (x wins ties, then y). */
void bbox_split(const struct bbox *b, struct bbox *left, struct bbox *right);

static inline double bbox_min(double a, double b)
{
	return a < b ? a : b;
}

static inline double bbox_max(double a, double b)
{
	return a > b ? a : b;
}

/* Slab test against a ray given its origin and 1/direction: is any part of
 * the box within t in [0, tmax)?  Plain compares, not fmin/fmax: those are
 * library calls and this is the hottest loop of the renderer. */
static inline bool bbox_hit(const struct bbox *b, struct vec3 o, struct vec3 inv,
			    double tmax)
{
	double t1 = (b->min.x - o.x) * inv.x, t2 = (b->max.x - o.x) * inv.x;
	double lo = bbox_min(t1, t2), hi = bbox_max(t1, t2);
	t1 = (b->min.y - o.y) * inv.y;
	t2 = (b->max.y - o.y) * inv.y;
	lo = bbox_max(lo, bbox_min(t1, t2));
	hi = bbox_min(hi, bbox_max(t1, t2));
	t1 = (b->min.z - o.z) * inv.z;
	t2 = (b->max.z - o.z) * inv.z;
	lo = bbox_max(lo, bbox_min(t1, t2));
	hi = bbox_min(hi, bbox_max(t1, t2));
	return hi >= lo && hi >= 0 && lo < tmax;
}

#endif
