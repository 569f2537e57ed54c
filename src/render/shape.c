/* shape: local intersections and normals of every primitive, the
 * world-space wrappers, and CSG filtering. */
#include "render/shape.h"

#include <float.h>
#include <string.h>

#include "render/mesh.h"

void shape_init(struct shape *s, enum shape_kind kind)
{
	static const struct material def = { .color = { 1, 1, 1 },
					     .ambient = 0.1,
					     .diffuse = 0.9,
					     .specular = 0.9,
					     .shininess = 200,
					     .refractive_index = 1 };
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->shadow = true;
	s->material = &def;
	s->m = s->minv = s->normal_m = mat4_identity();
	if (kind == SHAPE_CYLINDER || kind == SHAPE_CONE) {
		s->cyl.min = -INFINITY;
		s->cyl.max = INFINITY;
	}
	s->box = shape_local_bounds(s);
}

void shape_set_transform(struct shape *s, const struct mat4 *m)
{
	s->m = *m;
	s->minv = mat4_inverse_of(m);
	s->normal_m = mat4_transpose(&s->minv);
	s->xform = !mat4_is_identity(m);
	struct bbox local = shape_local_bounds(s);
	s->box = s->kind == SHAPE_CSG ? local : bbox_transform(&local, m);
}

void shape_set_triangle(struct shape *s, struct vec3 p1, struct vec3 p2,
			struct vec3 p3)
{
	s->tri.p1 = p1;
	s->tri.p2 = p2;
	s->tri.p3 = p3;
	s->tri.e1 = v3_sub(p2, p1);
	s->tri.e2 = v3_sub(p3, p1);
	s->tri.normal = v3_norm(v3_cross(s->tri.e2, s->tri.e1));
	struct bbox local = shape_local_bounds(s);
	s->box = bbox_transform(&local, &s->m);
}

struct bbox shape_local_bounds(const struct shape *s)
{
	struct bbox b;
	double a;

	switch (s->kind) {
	case SHAPE_SPHERE:
	case SHAPE_CUBE:
		return bbox_make(v3(-1, -1, -1), v3(1, 1, 1));
	case SHAPE_PLANE:
		return bbox_make(v3(-INFINITY, 0, -INFINITY),
				 v3(INFINITY, 0, INFINITY));
	case SHAPE_CYLINDER:
		return bbox_make(v3(-1, s->cyl.min, -1), v3(1, s->cyl.max, 1));
	case SHAPE_CONE:
		a = fmax(fabs(s->cyl.min), fabs(s->cyl.max));
		return bbox_make(v3(-a, s->cyl.min, -a), v3(a, s->cyl.max, a));
	case SHAPE_TRIANGLE:
	case SHAPE_SMOOTH_TRIANGLE:
		b = bbox_empty();
		bbox_add_point(&b, s->tri.p1);
		bbox_add_point(&b, s->tri.p2);
		bbox_add_point(&b, s->tri.p3);
		return b;
	case SHAPE_CSG:
		b = bbox_empty();
		for (int i = 0; i < s->csg.nleft + s->csg.nright; i++)
			bbox_merge(&b, &s->csg.kids[i].box);
		return b;
	case SHAPE_MESH:
		return s->mesh.m ? mesh_bounds(s->mesh.m) : bbox_empty();
	}
	return bbox_empty();
}

static void sphere_intersect(const struct shape *s, const struct ray *r,
			     struct xs *xs)
{
	struct vec3 o = r->origin, d = r->dir;
	double a = v3_dot(d, d), b = 2 * v3_dot(d, o), c = v3_dot(o, o) - 1;
	double disc = b * b - 4 * a * c;
	if (disc < 0)
		return;
	double sq = sqrt(disc);
	xs_push(xs, (-b - sq) / (2 * a), s, 0, 0);
	xs_push(xs, (-b + sq) / (2 * a), s, 0, 0);
}

static void plane_intersect(const struct shape *s, const struct ray *r,
			    struct xs *xs)
{
	if (fabs(r->dir.y) < RT_EPS)
		return;
	xs_push(xs, -r->origin.y / r->dir.y, s, 0, 0);
}

static void check_axis(double origin, double dir, double lo, double hi,
		       double *tmin, double *tmax)
{
	double a = lo - origin, b = hi - origin, t0, t1;
	if (fabs(dir) >= RT_EPS) {
		t0 = a / dir;
		t1 = b / dir;
	} else {
		t0 = a * INFINITY;
		t1 = b * INFINITY;
	}
	if (t0 > t1) {
		double t = t0;
		t0 = t1;
		t1 = t;
	}
	*tmin = t0;
	*tmax = t1;
}

static void cube_intersect(const struct shape *s, const struct ray *r,
			   struct xs *xs)
{
	double x0, x1, y0, y1, z0, z1;
	check_axis(r->origin.x, r->dir.x, -1, 1, &x0, &x1);
	check_axis(r->origin.y, r->dir.y, -1, 1, &y0, &y1);
	check_axis(r->origin.z, r->dir.z, -1, 1, &z0, &z1);
	double tmin = bbox_max(x0, bbox_max(y0, z0));
	double tmax = bbox_min(x1, bbox_min(y1, z1));
	if (tmin > tmax)
		return;
	xs_push(xs, tmin, s, 0, 0);
	xs_push(xs, tmax, s, 0, 0);
}

/* Is the point at t within radius of the y axis (a cap's disc)? */
static bool check_cap(const struct ray *r, double t, double radius)
{
	double x = r->origin.x + t * r->dir.x, z = r->origin.z + t * r->dir.z;
	return x * x + z * z <= radius * radius;
}

static void caps_intersect(const struct shape *s, const struct ray *r,
			   struct xs *xs, bool cone)
{
	if (!s->cyl.closed || fabs(r->dir.y) < RT_EPS)
		return;
	double t = (s->cyl.min - r->origin.y) / r->dir.y;
	if (check_cap(r, t, cone ? fabs(s->cyl.min) : 1))
		xs_push(xs, t, s, 0, 0);
	t = (s->cyl.max - r->origin.y) / r->dir.y;
	if (check_cap(r, t, cone ? fabs(s->cyl.max) : 1))
		xs_push(xs, t, s, 0, 0);
}

static void push_in_limits(const struct shape *s, const struct ray *r,
			   double t, struct xs *xs)
{
	double y = r->origin.y + t * r->dir.y;
	if (s->cyl.min < y && y < s->cyl.max)
		xs_push(xs, t, s, 0, 0);
}

/* Roots of a t^2 + b t + c = 0 that fall within the y limits. */
static void roots_in_limits(const struct shape *s, const struct ray *r,
			    double a, double b, double c, struct xs *xs)
{
	double disc = b * b - 4 * a * c;
	if (disc < 0)
		return;
	double sq = sqrt(disc);
	double t0 = (-b - sq) / (2 * a), t1 = (-b + sq) / (2 * a);
	push_in_limits(s, r, t0 < t1 ? t0 : t1, xs);
	push_in_limits(s, r, t0 < t1 ? t1 : t0, xs);
}

static void cylinder_intersect(const struct shape *s, const struct ray *r,
			       struct xs *xs)
{
	struct vec3 o = r->origin, d = r->dir;
	double a = d.x * d.x + d.z * d.z;
	if (fabs(a) >= RT_EPS)
		roots_in_limits(s, r, a, 2 * o.x * d.x + 2 * o.z * d.z,
				o.x * o.x + o.z * o.z - 1, xs);
	caps_intersect(s, r, xs, false);
}

static void cone_intersect(const struct shape *s, const struct ray *r,
			   struct xs *xs)
{
	struct vec3 o = r->origin, d = r->dir;
	double a = d.x * d.x - d.y * d.y + d.z * d.z;
	double b = 2 * o.x * d.x - 2 * o.y * d.y + 2 * o.z * d.z;
	double c = o.x * o.x - o.y * o.y + o.z * o.z;
	if (fabs(a) >= RT_EPS)
		roots_in_limits(s, r, a, b, c, xs);
	else if (fabs(b) >= RT_EPS)	/* parallel to one half: one hit */
		push_in_limits(s, r, -c / (2 * b), xs);
	caps_intersect(s, r, xs, true);
}

static void triangle_intersect(const struct shape *s, const struct ray *r,
			       struct xs *xs)
{
	double t, u, v;
	if (mesh_triangle_hit(s->tri.p1, s->tri.e1, s->tri.e2, r, &t, &u, &v))
		xs_push(xs, t, s, u, v);
}

static void csg_intersect(const struct shape *s, const struct ray *r,
			  struct xs *xs, bool cache);

void shape_local_intersect(const struct shape *s, const struct ray *r,
			   struct xs *xs)
{
	switch (s->kind) {
	case SHAPE_SPHERE:
		sphere_intersect(s, r, xs);
		break;
	case SHAPE_PLANE:
		plane_intersect(s, r, xs);
		break;
	case SHAPE_CUBE:
		cube_intersect(s, r, xs);
		break;
	case SHAPE_CYLINDER:
		cylinder_intersect(s, r, xs);
		break;
	case SHAPE_CONE:
		cone_intersect(s, r, xs);
		break;
	case SHAPE_TRIANGLE:
	case SHAPE_SMOOTH_TRIANGLE:
		triangle_intersect(s, r, xs);
		break;
	case SHAPE_CSG:
		csg_intersect(s, r, xs, true);
		break;
	case SHAPE_MESH:
		if (s->mesh.in_csg)
			mesh_intersect_all(s->mesh.m, s, r, xs);
		else
			mesh_intersect(s->mesh.m, s, r, xs);
		break;
	}
}

static struct vec3 cube_normal(struct vec3 p)
{
	double ax = fabs(p.x), ay = fabs(p.y), az = fabs(p.z);
	double maxc = fmax(ax, fmax(ay, az));
	if (maxc == ax)
		return v3(p.x, 0, 0);
	if (maxc == ay)
		return v3(0, p.y, 0);
	return v3(0, 0, p.z);
}

static struct vec3 cylinder_normal(const struct shape *s, struct vec3 p)
{
	double dist = p.x * p.x + p.z * p.z;
	if (dist < 1 && p.y >= s->cyl.max - RT_EPS)
		return v3(0, 1, 0);
	if (dist < 1 && p.y <= s->cyl.min + RT_EPS)
		return v3(0, -1, 0);
	return v3(p.x, 0, p.z);
}

static struct vec3 cone_normal(const struct shape *s, struct vec3 p)
{
	double dist = p.x * p.x + p.z * p.z;
	if (p.y >= s->cyl.max - RT_EPS && dist < s->cyl.max * s->cyl.max)
		return v3(0, 1, 0);
	if (p.y <= s->cyl.min + RT_EPS && dist < s->cyl.min * s->cyl.min)
		return v3(0, -1, 0);
	double y = sqrt(dist);
	return v3(p.x, p.y > 0 ? -y : y, p.z);
}

struct vec3 shape_local_normal(const struct shape *s, struct vec3 p,
			       const struct isect *hit)
{
	switch (s->kind) {
	case SHAPE_SPHERE:
		return p;
	case SHAPE_PLANE:
		return v3(0, 1, 0);
	case SHAPE_CUBE:
		return cube_normal(p);
	case SHAPE_CYLINDER:
		return cylinder_normal(s, p);
	case SHAPE_CONE:
		return cone_normal(s, p);
	case SHAPE_TRIANGLE:
		return s->tri.normal;
	case SHAPE_SMOOTH_TRIANGLE:
		if (!hit)
			return s->tri.normal;
		return v3_add(v3_add(v3_scale(s->tri.n2, hit->u),
				     v3_scale(s->tri.n3, hit->v)),
			      v3_scale(s->tri.n1, 1 - hit->u - hit->v));
	case SHAPE_MESH: {
		struct vec3 n = mesh_normal(s->mesh.m, hit ? hit->tri : 0,
					    hit ? hit->u : 0, hit ? hit->v : 0);
		return s->mesh.flip && s->mesh.m->tris[hit ? hit->tri : 0].n[0] < 0
			       ? v3_neg(n) : n;
	}
	case SHAPE_CSG:
		break;
	}
	return v3(0, 1, 0);
}

void shape_intersect(const struct shape *s, const struct ray *r, struct xs *xs,
		     bool cache)
{
	if (s->kind == SHAPE_CSG) {
		csg_intersect(s, r, xs, cache);
		return;
	}
	if (!s->xform) {
		shape_local_intersect(s, r, xs);
		return;
	}
	struct mat4 inv;
	const struct mat4 *minv = &s->minv;
	if (!cache) {
		inv = mat4_inverse_of(&s->m);
		minv = &inv;
	}
	struct ray local = ray_transform(r, minv);
	shape_local_intersect(s, &local, xs);
}

struct vec3 shape_world_to_object(const struct shape *s, struct vec3 p,
				  bool cache)
{
	if (!s->xform)
		return p;
	if (!cache) {
		struct mat4 inv = mat4_inverse_of(&s->m);
		return mat4_mul_point(&inv, p);
	}
	return mat4_mul_point(&s->minv, p);
}

struct vec3 shape_normal_to_world(const struct shape *s, struct vec3 n,
				  bool cache)
{
	if (!s->xform)
		return v3_norm(n);
	if (!cache) {
		struct mat4 inv = mat4_inverse_of(&s->m);
		struct mat4 nm = mat4_transpose(&inv);
		return v3_norm(mat4_mul_vec(&nm, n));
	}
	return v3_norm(mat4_mul_vec(&s->normal_m, n));
}

struct vec3 shape_normal_at(const struct shape *s, struct vec3 world_point,
			    const struct isect *hit, bool cache)
{
	struct vec3 lp = shape_world_to_object(s, world_point, cache);
	return shape_normal_to_world(s, shape_local_normal(s, lp, hit), cache);
}

bool csg_allowed(enum csg_op op, bool lhit, bool inl, bool inr)
{
	switch (op) {
	case CSG_UNION:
		return (lhit && !inr) || (!lhit && !inl);
	case CSG_INTERSECTION:
		return (lhit && inr) || (!lhit && inl);
	case CSG_DIFFERENCE:
		return (lhit && !inr) || (!lhit && inl);
	}
	return false;
}

int csg_filter(enum csg_op op, struct isect *v, const bool *is_left, int n)
{
	bool inl = false, inr = false;
	int k = 0;
	for (int i = 0; i < n; i++) {
		bool lhit = is_left[i];
		if (csg_allowed(op, lhit, inl, inr))
			v[k++] = v[i];
		if (lhit)
			inl = !inl;
		else
			inr = !inr;
	}
	return k;
}

/* Intersects both operands into the tail of xs, then merges the two sorted
 * runs through the CSG rule back into place.  No allocation beyond the
 * list's own growth. */
static void csg_intersect(const struct shape *s, const struct ray *r,
			  struct xs *xs, bool cache)
{
	int base = xs->n;
	for (int i = 0; i < s->csg.nleft; i++)
		shape_intersect(&s->csg.kids[i], r, xs, cache);
	int mid = xs->n;
	for (int i = s->csg.nleft; i < s->csg.nleft + s->csg.nright; i++)
		shape_intersect(&s->csg.kids[i], r, xs, cache);
	int end = xs->n;
	if (end == base)
		return;
	if (xs_reserve(xs, end + (end - base)) < 0) {
		xs->oom = true;
		xs->n = base;
		return;
	}
	xs_sort(xs->v + base, mid - base);
	xs_sort(xs->v + mid, end - mid);
	int i = base, j = mid, k = end;
	bool inl = false, inr = false;
	while (i < mid || j < end) {
		bool lhit = j >= end || (i < mid && xs->v[i].t <= xs->v[j].t);
		struct isect h = lhit ? xs->v[i++] : xs->v[j++];
		if (csg_allowed(s->csg.op, lhit, inl, inr))
			xs->v[k++] = h;
		if (lhit)
			inl = !inl;
		else
			inr = !inr;
	}
	memmove(xs->v + base, xs->v + end, (size_t)(k - end) * sizeof *xs->v);
	xs->n = base + (k - end);
}
