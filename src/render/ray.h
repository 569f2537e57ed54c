/* ray: an origin and a direction (book ch. 5).  Directions are never
 * renormalized after a transform, so t values mean the same in world and
 * object space. */
#ifndef RENDER_RAY_H
#define RENDER_RAY_H

#include "render/matrix.h"

struct ray {
	struct vec3 origin, dir;
};

static inline struct ray ray_make(struct vec3 o, struct vec3 d)
{
	return (struct ray){ o, d };
}

static inline struct vec3 ray_position(const struct ray *r, double t)
{
	return v3_add(r->origin, v3_scale(r->dir, t));
}

static inline struct ray ray_transform(const struct ray *r, const struct mat4 *m)
{
	return ray_make(mat4_mul_point(m, r->origin), mat4_mul_vec(m, r->dir));
}

#endif
