/* bbox: construction, merging, containment, transforms and splitting. */
#include "render/bbox.h"

struct bbox bbox_make(struct vec3 min, struct vec3 max)
{
	return (struct bbox){ min, max };
}

struct bbox bbox_empty(void)
{
	return bbox_make(v3(INFINITY, INFINITY, INFINITY),
			 v3(-INFINITY, -INFINITY, -INFINITY));
}

struct bbox bbox_infinite(void)
{
	return bbox_make(v3(-INFINITY, -INFINITY, -INFINITY),
			 v3(INFINITY, INFINITY, INFINITY));
}

void bbox_add_point(struct bbox *b, struct vec3 p)
{
	b->min = v3(fmin(b->min.x, p.x), fmin(b->min.y, p.y), fmin(b->min.z, p.z));
	b->max = v3(fmax(b->max.x, p.x), fmax(b->max.y, p.y), fmax(b->max.z, p.z));
}

void bbox_merge(struct bbox *b, const struct bbox *o)
{
	if (bbox_is_empty(o))
		return;
	bbox_add_point(b, o->min);
	bbox_add_point(b, o->max);
}

bool bbox_is_empty(const struct bbox *b)
{
	return b->min.x > b->max.x || b->min.y > b->max.y || b->min.z > b->max.z;
}

bool bbox_is_infinite(const struct bbox *b)
{
	return isinf(b->min.x) || isinf(b->min.y) || isinf(b->min.z) ||
	       isinf(b->max.x) || isinf(b->max.y) || isinf(b->max.z);
}

bool bbox_contains_point(const struct bbox *b, struct vec3 p)
{
	return p.x >= b->min.x && p.x <= b->max.x && p.y >= b->min.y &&
	       p.y <= b->max.y && p.z >= b->min.z && p.z <= b->max.z;
}

bool bbox_contains_box(const struct bbox *b, const struct bbox *inner)
{
	return bbox_contains_point(b, inner->min) &&
	       bbox_contains_point(b, inner->max);
}

struct bbox bbox_transform(const struct bbox *b, const struct mat4 *m)
{
	if (bbox_is_empty(b))
		return *b;
	if (bbox_is_infinite(b))
		return bbox_infinite();
	struct bbox r = bbox_empty();
	for (int i = 0; i < 8; i++) {
		struct vec3 c = v3(i & 1 ? b->max.x : b->min.x,
				   i & 2 ? b->max.y : b->min.y,
				   i & 4 ? b->max.z : b->min.z);
		bbox_add_point(&r, mat4_mul_point(m, c));
	}
	return r;
}

void bbox_split(const struct bbox *b, struct bbox *left, struct bbox *right)
{
	double dx = b->max.x - b->min.x, dy = b->max.y - b->min.y,
	       dz = b->max.z - b->min.z;
	double g = fmax(dx, fmax(dy, dz));
	struct vec3 mid0 = b->max, mid1 = b->min;

	if (g == dx) {
		mid0.x = mid1.x = b->min.x + dx / 2;
	} else if (g == dy) {
		mid0.y = mid1.y = b->min.y + dy / 2;
	} else {
		mid0.z = mid1.z = b->min.z + dz / 2;
	}
	*left = bbox_make(b->min, mid0);
	*right = bbox_make(mid1, b->max);
}
