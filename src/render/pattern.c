/* pattern: stripes, gradient, rings, checkers, blends and nesting. */
#include "render/pattern.h"

struct pattern pattern_make(enum pattern_kind kind, struct color a,
			    struct color b)
{
	struct pattern p = { .kind = kind, .a = a, .b = b };
	p.m = p.minv = mat4_identity();
	return p;
}

void pattern_set_transform(struct pattern *p, const struct mat4 *m)
{
	p->m = *m;
	p->minv = mat4_inverse_of(m);
}

static struct color side(const struct pattern *nested, struct color c,
			 struct vec3 pp, bool cache)
{
	return nested ? pattern_at_object(nested, pp, cache) : c;
}

/* f is an integer (a floor); beyond 2^53 every double is even. */
static bool even(double f)
{
	if (fabs(f) > 9007199254740992.0)
		return true;
	return ((long long)f & 1) == 0;
}

struct color pattern_at(const struct pattern *p, struct vec3 pp, bool cache)
{
	switch (p->kind) {
	case PATTERN_STRIPES:
		return even(floor(pp.x)) ? side(p->pa, p->a, pp, cache)
					 : side(p->pb, p->b, pp, cache);
	case PATTERN_GRADIENT: {
		struct color a = side(p->pa, p->a, pp, cache);
		struct color b = side(p->pb, p->b, pp, cache);
		double f = pp.x - floor(pp.x);
		return color_add(a, color_scale(color_sub(b, a), f));
	}
	case PATTERN_RINGS:
		return even(floor(sqrt(pp.x * pp.x + pp.z * pp.z)))
			       ? side(p->pa, p->a, pp, cache)
			       : side(p->pb, p->b, pp, cache);
	case PATTERN_CHECKERS:
		return even(floor(pp.x) + floor(pp.y) + floor(pp.z))
			       ? side(p->pa, p->a, pp, cache)
			       : side(p->pb, p->b, pp, cache);
	case PATTERN_BLEND:
		return color_scale(color_add(side(p->pa, p->a, pp, cache),
					     side(p->pb, p->b, pp, cache)),
				   0.5);
	case PATTERN_TEST:
		return rgb(pp.x, pp.y, pp.z);
	case PATTERN_MAP:
		return p->map ? texture_map_at(p->map, pp) : p->a;
	}
	return p->a;
}

struct color pattern_at_object(const struct pattern *p, struct vec3 op,
			       bool cache)
{
	struct mat4 inv;
	const struct mat4 *minv = &p->minv;
	if (!cache) {
		inv = mat4_inverse_of(&p->m);
		minv = &inv;
	}
	return pattern_at(p, mat4_mul_point(minv, op), cache);
}
