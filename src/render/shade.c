/* shade: Phong lighting, shadows, reflection, refraction and Schlick. */
#include "render/shade.h"

#include <string.h>

void trace_init(struct trace *t, const struct world *w,
		const struct render_switches *sw)
{
	memset(t, 0, sizeof *t);
	t->w = w;
	t->cache = sw->inverse_cache;
	t->pooled = sw->alloc_pooled;
	t->max_depth = sw->max_depth;
	t->shadows = sw->shadows;
	xs_init(&t->xs);
}

void trace_free(struct trace *t)
{
	xs_free(&t->xs);
}

#define MAX_CONTAINERS 32

static double container_index(const struct isect *const *c, int n)
{
	return n ? c[n - 1]->s->material->refractive_index : 1.0;
}

/* The book's containers walk: which media does the ray leave and enter?
 * A mesh's triangles stay separate objects here, as the book has them. */
static void find_n1_n2(const struct isect *xs, int hit, struct comps *c)
{
	const struct isect *cont[MAX_CONTAINERS];
	int n = 0;

	for (int i = 0; i <= hit; i++) {
		if (i == hit)
			c->n1 = container_index(cont, n);
		int j = 0;
		while (j < n && (cont[j]->s != xs[i].s || cont[j]->tri != xs[i].tri))
			j++;
		if (j < n) {
			memmove(&cont[j], &cont[j + 1], (size_t)(n - j - 1) * sizeof *cont);
			n--;
		} else if (n < MAX_CONTAINERS) {
			cont[n++] = &xs[i];
		}
		if (i == hit)
			c->n2 = container_index(cont, n);
	}
}

void prepare_computations(const struct isect *xs, int n, int hit,
			  const struct ray *r, struct comps *c, bool cache)
{
	(void)n;
	c->t = xs[hit].t;
	c->s = xs[hit].s;
	c->point = ray_position(r, c->t);
	c->eyev = v3_neg(r->dir);
	c->normalv = shape_normal_at(c->s, c->point, &xs[hit], cache);
	c->inside = v3_dot(c->normalv, c->eyev) < 0;
	if (c->inside)
		c->normalv = v3_neg(c->normalv);
	c->reflectv = v3_reflect(r->dir, c->normalv);
	c->over_point = v3_add(c->point, v3_scale(c->normalv, RT_EPS));
	c->under_point = v3_sub(c->point, v3_scale(c->normalv, RT_EPS));
	/* n1/n2 only feed refraction and Schlick, both off for opaque hits. */
	if (c->s->material->transparency > 0)
		find_n1_n2(xs, hit, c);
	else
		c->n1 = c->n2 = 1;
}

double schlick(const struct comps *c)
{
	double cosv = v3_dot(c->eyev, c->normalv);
	if (c->n1 > c->n2) {
		double n = c->n1 / c->n2;
		double sin2_t = n * n * (1 - cosv * cosv);
		if (sin2_t > 1)
			return 1;
		cosv = sqrt(1 - sin2_t);
	}
	double r0 = (c->n1 - c->n2) / (c->n1 + c->n2);
	r0 *= r0;
	double k = 1 - cosv;
	return r0 + (1 - r0) * k * k * k * k * k;
}

struct color lighting(const struct material *m, const struct shape *s,
		      const struct light *l, struct vec3 point, struct vec3 eyev,
		      struct vec3 normalv, double intensity, struct jitter *j,
		      bool cache)
{
	struct color base = m->color;
	if (m->pattern)
		base = pattern_at_object(m->pattern,
					 shape_world_to_object(s, point, cache), cache);
	struct color eff = color_mul(base, l->intensity);
	struct color ambient = color_scale(eff, m->ambient);
	if (intensity <= 0)
		return ambient;
	struct color sum = { 0, 0, 0 };
	for (int v = 0; v < l->vsteps; v++)
		for (int u = 0; u < l->usteps; u++) {
			struct vec3 lp = light_point_on(l, u, v, j);
			struct vec3 lightv = v3_norm(v3_sub(lp, point));
			double ldn = v3_dot(lightv, normalv);
			if (ldn < 0)
				continue;
			sum = color_add(sum, color_scale(eff, m->diffuse * ldn));
			struct vec3 refl = v3_reflect(v3_neg(lightv), normalv);
			double rde = v3_dot(refl, eyev);
			if (rde > 0 && m->specular > 0)
				sum = color_add(sum, color_scale(l->intensity,
								 m->specular * pow(rde, m->shininess)));
		}
	return color_add(ambient, color_scale(sum, intensity / l->samples));
}

struct xs *trace_intersect(struct trace *t, const struct ray *r,
			   struct xs *naive)
{
	struct xs *xs = &t->xs;
	if (!t->pooled) {
		xs = naive;
		xs_init(xs);
		xs_reserve(xs, 4);
	}
	xs->n = 0;
	world_intersect(t->w, r, xs, t->cache);
	xs_sort(xs->v, xs->n);
	return xs;
}

void trace_release(struct trace *t, struct xs *xs)
{
	if (xs != &t->xs)
		xs_free(xs);
}

bool is_shadowed(struct trace *t, struct vec3 light_pos, struct vec3 point)
{
	struct vec3 v = v3_sub(light_pos, point);
	double dist = v3_len(v);
	struct ray r = ray_make(point, v3_scale(v, 1.0 / dist));

	t->rays++;
	if (t->pooled) {
		t->xs.n = 0;
		return world_occluded(t->w, &r, dist, &t->xs, t->cache);
	}
	struct xs naive, *xs = trace_intersect(t, &r, &naive);
	bool shadowed = false;
	for (int i = 0; i < xs->n; i++)
		if (xs->v[i].t >= 0 && xs->v[i].s->shadow) {
			shadowed = xs->v[i].t < dist;
			break;
		}
	trace_release(t, xs);
	return shadowed;
}

double intensity_at(struct trace *t, const struct light *l, struct vec3 point)
{
	int lit = 0;
	for (int v = 0; v < l->vsteps; v++)
		for (int u = 0; u < l->usteps; u++)
			if (!is_shadowed(t, light_point_on(l, u, v, &t->jit), point))
				lit++;
	return (double)lit / l->samples;
}

struct color shade_hit(struct trace *t, const struct comps *c, int remaining)
{
	const struct material *m = c->s->material;
	struct color surface = { 0, 0, 0 };

	for (int i = 0; i < t->w->nlights; i++) {
		const struct light *l = &t->w->lights[i];
		double in = t->shadows ? intensity_at(t, l, c->over_point) : 1;
		surface = color_add(surface, lighting(m, c->s, l, c->over_point,
						      c->eyev, c->normalv, in,
						      &t->jit, t->cache));
	}
	struct color refl = reflected_color(t, c, remaining);
	struct color refr = refracted_color(t, c, remaining);
	if (m->reflective > 0 && m->transparency > 0) {
		double r = schlick(c);
		return color_add(surface, color_add(color_scale(refl, r),
						    color_scale(refr, 1 - r)));
	}
	return color_add(surface, color_add(refl, refr));
}

struct color color_at(struct trace *t, const struct ray *r, int remaining)
{
	struct xs naive, *xs;
	struct comps c;

	t->rays++;
	xs = trace_intersect(t, r, &naive);
	int hit = xs_hit(xs->v, xs->n);
	if (hit < 0) {
		trace_release(t, xs);
		return rgb(0, 0, 0);
	}
	prepare_computations(xs->v, xs->n, hit, r, &c, t->cache);
	trace_release(t, xs);
	return shade_hit(t, &c, remaining);
}

struct color reflected_color(struct trace *t, const struct comps *c,
			     int remaining)
{
	double k = c->s->material->reflective;
	if (remaining <= 0 || k == 0)
		return rgb(0, 0, 0);
	struct ray r = ray_make(c->over_point, c->reflectv);
	return color_scale(color_at(t, &r, remaining - 1), k);
}

struct color refracted_color(struct trace *t, const struct comps *c,
			     int remaining)
{
	double k = c->s->material->transparency;
	if (remaining <= 0 || k == 0)
		return rgb(0, 0, 0);
	double ratio = c->n1 / c->n2;
	double cos_i = v3_dot(c->eyev, c->normalv);
	double sin2_t = ratio * ratio * (1 - cos_i * cos_i);
	if (sin2_t > 1)
		return rgb(0, 0, 0);
	double cos_t = sqrt(1 - sin2_t);
	struct vec3 dir = v3_sub(v3_scale(c->normalv, ratio * cos_i - cos_t),
				 v3_scale(c->eyev, ratio));
	struct ray r = ray_make(c->under_point, dir);
	return color_scale(color_at(t, &r, remaining - 1), k);
}
