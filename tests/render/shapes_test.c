/* shapes_test: book ch. 5, 6 (normals), 9, 10, 12, 13, 15 (triangles) and
 * the bounding-box bonus chapter, with the book's values. */
#include "testutil.h"

#include <stdio.h>

static struct xs xs;

static struct shape mk(enum shape_kind k, struct mat4 m)
{
	struct shape s;
	shape_init(&s, k);
	shape_set_transform(&s, &m);
	return s;
}

static void local_hits(const struct shape *s, struct vec3 o, struct vec3 d)
{
	struct ray r = ray_make(o, d);
	xs.n = 0;
	shape_local_intersect(s, &r, &xs);
}

static void test_sphere_intersect(void **state)
{
	(void)state;
	struct shape s = mk(SHAPE_SPHERE, mat4_identity());
	local_hits(&s, v3(0, 0, -5), v3(0, 0, 1));
	assert_int_equal(xs.n, 2);
	assert_near(xs.v[0].t, 4);
	assert_near(xs.v[1].t, 6);
	assert_ptr_equal(xs.v[0].s, &s);
	local_hits(&s, v3(0, 1, -5), v3(0, 0, 1));
	assert_int_equal(xs.n, 2);
	assert_near(xs.v[0].t, 5);
	assert_near(xs.v[1].t, 5);
	local_hits(&s, v3(0, 2, -5), v3(0, 0, 1));
	assert_int_equal(xs.n, 0);
	local_hits(&s, v3(0, 0, 0), v3(0, 0, 1));
	assert_near(xs.v[0].t, -1);
	assert_near(xs.v[1].t, 1);
	local_hits(&s, v3(0, 0, 5), v3(0, 0, 1));
	assert_near(xs.v[0].t, -6);
	assert_near(xs.v[1].t, -4);

	s = mk(SHAPE_SPHERE, scaling(2, 2, 2));
	shape_hits(&s, ray_make(v3(0, 0, -5), v3(0, 0, 1)), &xs);
	assert_int_equal(xs.n, 2);
	assert_near(xs.v[0].t, 3);
	assert_near(xs.v[1].t, 7);
	s = mk(SHAPE_SPHERE, translation(5, 0, 0));
	shape_hits(&s, ray_make(v3(0, 0, -5), v3(0, 0, 1)), &xs);
	assert_int_equal(xs.n, 0);
	/* inverse_cache=off gives the same hits */
	s = mk(SHAPE_SPHERE, scaling(2, 2, 2));
	xs.n = 0;
	struct ray r = ray_make(v3(0, 0, -5), v3(0, 0, 1));
	shape_intersect(&s, &r, &xs, false);
	assert_near(xs.v[0].t, 3);
}

static void test_hit(void **state)
{
	(void)state;
	struct shape s = mk(SHAPE_SPHERE, mat4_identity());
	struct isect a[4] = { { 1, &s, 0, 0, 0 }, { 2, &s, 0, 0, 0 } };
	assert_int_equal(xs_hit(a, 2), 0);
	struct isect b[2] = { { -1, &s, 0, 0, 0 }, { 1, &s, 0, 0, 0 } };
	assert_int_equal(xs_hit(b, 2), 1);
	struct isect c[2] = { { -2, &s, 0, 0, 0 }, { -1, &s, 0, 0, 0 } };
	assert_int_equal(xs_hit(c, 2), -1);
	struct isect d[4] = { { 5, &s, 0, 0, 0 }, { 7, &s, 0, 0, 0 }, { -3, &s, 0, 0, 0 },
			      { 2, &s, 0, 0, 0 } };
	xs_sort(d, 4);
	assert_near(d[xs_hit(d, 4)].t, 2);
	/* long lists take the shell-sort path */
	struct isect e[100];
	for (int i = 0; i < 100; i++)
		e[i] = (struct isect){ (i * 37) % 100 - 50, &s, 0, 0, 0 };
	xs_sort(e, 100);
	for (int i = 1; i < 100; i++)
		assert_true(e[i - 1].t <= e[i].t);
}

static void test_transformed_shape(void **state)
{
	(void)state;
	struct shape s = mk(SHAPE_SPHERE, scaling(2, 2, 2));
	struct ray r = ray_make(v3(0, 0, -5), v3(0, 0, 1));
	struct ray local = ray_transform(&r, &s.minv);
	assert_vec(local.origin, 0, 0, -2.5);
	assert_vec(local.dir, 0, 0, 0.5);
	s = mk(SHAPE_SPHERE, translation(5, 0, 0));
	local = ray_transform(&r, &s.minv);
	assert_vec(local.origin, -5, 0, -5);
	assert_vec(local.dir, 0, 0, 1);
}

static void test_sphere_normals(void **state)
{
	(void)state;
	double k = sqrt(3) / 3;
	struct shape s = mk(SHAPE_SPHERE, mat4_identity());
	assert_vec(shape_normal_at(&s, v3(1, 0, 0), NULL, true), 1, 0, 0);
	assert_vec(shape_normal_at(&s, v3(0, 0, 1), NULL, true), 0, 0, 1);
	assert_vec(shape_normal_at(&s, v3(k, k, k), NULL, true), k, k, k);
	s = mk(SHAPE_SPHERE, translation(0, 1, 0));
	assert_vec(shape_normal_at(&s, v3(0, 1.70711, -0.70711), NULL, true), 0,
		   0.70711, -0.70711);
	struct mat4 sc = scaling(1, 0.5, 1), rz = rotation_z(M_PI / 5),
		    m = mat4_mul(&sc, &rz);
	s = mk(SHAPE_SPHERE, m);
	assert_vec(shape_normal_at(&s, v3(0, sqrt(2) / 2, -sqrt(2) / 2), NULL, true),
		   0, 0.97014, -0.24254);
	assert_vec(shape_normal_at(&s, v3(0, sqrt(2) / 2, -sqrt(2) / 2), NULL, false),
		   0, 0.97014, -0.24254);
	assert_vec(v3_reflect(v3(1, -1, 0), v3(0, 1, 0)), 1, 1, 0);
	assert_vec(v3_reflect(v3(0, -1, 0), v3(sqrt(2) / 2, sqrt(2) / 2, 0)), 1, 0, 0);
}

static void test_plane(void **state)
{
	(void)state;
	struct shape p = mk(SHAPE_PLANE, mat4_identity());
	assert_vec(shape_local_normal(&p, v3(0, 0, 0), NULL), 0, 1, 0);
	assert_vec(shape_local_normal(&p, v3(10, 0, -10), NULL), 0, 1, 0);
	assert_vec(shape_local_normal(&p, v3(-5, 0, 150), NULL), 0, 1, 0);
	local_hits(&p, v3(0, 10, 0), v3(0, 0, 1));
	assert_int_equal(xs.n, 0);
	local_hits(&p, v3(0, 0, 0), v3(0, 0, 1));
	assert_int_equal(xs.n, 0);
	local_hits(&p, v3(0, 1, 0), v3(0, -1, 0));
	assert_int_equal(xs.n, 1);
	assert_near(xs.v[0].t, 1);
	assert_ptr_equal(xs.v[0].s, &p);
	local_hits(&p, v3(0, -1, 0), v3(0, 1, 0));
	assert_int_equal(xs.n, 1);
	assert_near(xs.v[0].t, 1);
}

static void test_cube(void **state)
{
	(void)state;
	struct shape c = mk(SHAPE_CUBE, mat4_identity());
	struct { struct vec3 o, d; double t1, t2; } hits[] = {
		{ { 5, 0.5, 0 }, { -1, 0, 0 }, 4, 6 },	{ { -5, 0.5, 0 }, { 1, 0, 0 }, 4, 6 },
		{ { 0.5, 5, 0 }, { 0, -1, 0 }, 4, 6 },	{ { 0.5, -5, 0 }, { 0, 1, 0 }, 4, 6 },
		{ { 0.5, 0, 5 }, { 0, 0, -1 }, 4, 6 },	{ { 0.5, 0, -5 }, { 0, 0, 1 }, 4, 6 },
		{ { 0, 0.5, 0 }, { 0, 0, 1 }, -1, 1 },
	};
	for (unsigned i = 0; i < sizeof hits / sizeof hits[0]; i++) {
		local_hits(&c, hits[i].o, hits[i].d);
		assert_int_equal(xs.n, 2);
		assert_near(xs.v[0].t, hits[i].t1);
		assert_near(xs.v[1].t, hits[i].t2);
	}
	struct { struct vec3 o, d; } misses[] = {
		{ { -2, 0, 0 }, { 0.2673, 0.5345, 0.8018 } },
		{ { 0, -2, 0 }, { 0.8018, 0.2673, 0.5345 } },
		{ { 0, 0, -2 }, { 0.5345, 0.8018, 0.2673 } },
		{ { 2, 0, 2 }, { 0, 0, -1 } },
		{ { 0, 2, 2 }, { 0, -1, 0 } },
		{ { 2, 2, 0 }, { -1, 0, 0 } },
	};
	for (unsigned i = 0; i < sizeof misses / sizeof misses[0]; i++) {
		local_hits(&c, misses[i].o, misses[i].d);
		assert_int_equal(xs.n, 0);
	}
	struct { struct vec3 p, n; } normals[] = {
		{ { 1, 0.5, -0.8 }, { 1, 0, 0 } },  { { -1, -0.2, 0.9 }, { -1, 0, 0 } },
		{ { -0.4, 1, -0.1 }, { 0, 1, 0 } }, { { 0.3, -1, -0.7 }, { 0, -1, 0 } },
		{ { -0.6, 0.3, 1 }, { 0, 0, 1 } },  { { 0.4, 0.4, -1 }, { 0, 0, -1 } },
		{ { 1, 1, 1 }, { 1, 0, 0 } },	    { { -1, -1, -1 }, { -1, 0, 0 } },
	};
	for (unsigned i = 0; i < sizeof normals / sizeof normals[0]; i++)
		assert_vec(shape_local_normal(&c, normals[i].p, NULL), normals[i].n.x,
			   normals[i].n.y, normals[i].n.z);
}

static void test_cylinder(void **state)
{
	(void)state;
	struct shape c = mk(SHAPE_CYLINDER, mat4_identity());
	assert_true(isinf(c.cyl.min) && c.cyl.min < 0);
	assert_true(isinf(c.cyl.max) && c.cyl.max > 0);
	assert_false(c.cyl.closed);
	struct { struct vec3 o, d; } misses[] = {
		{ { 1, 0, 0 }, { 0, 1, 0 } }, { { 0, 0, 0 }, { 0, 1, 0 } },
		{ { 0, 0, -5 }, { 1, 1, 1 } } };
	for (int i = 0; i < 3; i++) {
		local_hits(&c, misses[i].o, v3_norm(misses[i].d));
		assert_int_equal(xs.n, 0);
	}
	struct { struct vec3 o, d; double t0, t1; } hits[] = {
		{ { 1, 0, -5 }, { 0, 0, 1 }, 5, 5 },
		{ { 0, 0, -5 }, { 0, 0, 1 }, 4, 6 },
		{ { 0.5, 0, -5 }, { 0.1, 1, 1 }, 6.80798, 7.08872 } };
	for (int i = 0; i < 3; i++) {
		local_hits(&c, hits[i].o, v3_norm(hits[i].d));
		assert_int_equal(xs.n, 2);
		assert_near(xs.v[0].t, hits[i].t0);
		assert_near(xs.v[1].t, hits[i].t1);
	}
	assert_vec(shape_local_normal(&c, v3(1, 0, 0), NULL), 1, 0, 0);
	assert_vec(shape_local_normal(&c, v3(0, 5, -1), NULL), 0, 0, -1);
	assert_vec(shape_local_normal(&c, v3(0, -2, 1), NULL), 0, 0, 1);
	assert_vec(shape_local_normal(&c, v3(-1, 1, 0), NULL), -1, 0, 0);

	c.cyl.min = 1;
	c.cyl.max = 2;
	struct { struct vec3 o, d; int n; } trunc[] = {
		{ { 0, 1.5, 0 }, { 0.1, 1, 0 }, 0 }, { { 0, 3, -5 }, { 0, 0, 1 }, 0 },
		{ { 0, 0, -5 }, { 0, 0, 1 }, 0 },    { { 0, 2, -5 }, { 0, 0, 1 }, 0 },
		{ { 0, 1, -5 }, { 0, 0, 1 }, 0 },    { { 0, 1.5, -2 }, { 0, 0, 1 }, 2 } };
	for (int i = 0; i < 6; i++) {
		local_hits(&c, trunc[i].o, v3_norm(trunc[i].d));
		assert_int_equal(xs.n, trunc[i].n);
	}
	c.cyl.closed = true;
	struct { struct vec3 o, d; } capped[] = {
		{ { 0, 3, 0 }, { 0, -1, 0 } }, { { 0, 3, -2 }, { 0, -1, 2 } },
		{ { 0, 4, -2 }, { 0, -1, 1 } }, { { 0, 0, -2 }, { 0, 1, 2 } },
		{ { 0, -1, -2 }, { 0, 1, 1 } } };
	for (int i = 0; i < 5; i++) {
		local_hits(&c, capped[i].o, v3_norm(capped[i].d));
		assert_int_equal(xs.n, 2);
	}
	struct { struct vec3 p, n; } caps[] = {
		{ { 0, 1, 0 }, { 0, -1, 0 } }, { { 0.5, 1, 0 }, { 0, -1, 0 } },
		{ { 0, 1, 0.5 }, { 0, -1, 0 } }, { { 0, 2, 0 }, { 0, 1, 0 } },
		{ { 0.5, 2, 0 }, { 0, 1, 0 } },	 { { 0, 2, 0.5 }, { 0, 1, 0 } } };
	for (int i = 0; i < 6; i++)
		assert_vec(shape_local_normal(&c, caps[i].p, NULL), caps[i].n.x,
			   caps[i].n.y, caps[i].n.z);
}

static void test_cone(void **state)
{
	(void)state;
	struct shape c = mk(SHAPE_CONE, mat4_identity());
	struct { struct vec3 o, d; double t0, t1; } hits[] = {
		{ { 0, 0, -5 }, { 0, 0, 1 }, 5, 5 },
		{ { 0, 0, -5 }, { 1, 1, 1 }, 8.66025, 8.66025 },
		{ { 1, 1, -5 }, { -0.5, -1, 1 }, 4.55006, 49.44994 } };
	for (int i = 0; i < 3; i++) {
		local_hits(&c, hits[i].o, v3_norm(hits[i].d));
		assert_int_equal(xs.n, 2);
		xs_sort(xs.v, xs.n);
		assert_near(xs.v[0].t, hits[i].t0);
		assert_near(xs.v[1].t, hits[i].t1);
	}
	local_hits(&c, v3(0, 0, -1), v3_norm(v3(0, 1, 1)));
	assert_int_equal(xs.n, 1);
	assert_near(xs.v[0].t, 0.35355);

	c.cyl.min = -0.5;
	c.cyl.max = 0.5;
	c.cyl.closed = true;
	struct { struct vec3 o, d; int n; } capped[] = {
		{ { 0, 0, -5 }, { 0, 1, 0 }, 0 },
		{ { 0, 0, -0.25 }, { 0, 1, 1 }, 2 },
		{ { 0, 0, -0.25 }, { 0, 1, 0 }, 4 } };
	for (int i = 0; i < 3; i++) {
		local_hits(&c, capped[i].o, v3_norm(capped[i].d));
		assert_int_equal(xs.n, capped[i].n);
	}
	struct shape u = mk(SHAPE_CONE, mat4_identity());
	assert_vec(shape_local_normal(&u, v3(0, 0, 0), NULL), 0, 0, 0);
	assert_vec(shape_local_normal(&u, v3(1, 1, 1), NULL), 1, -sqrt(2), 1);
	assert_vec(shape_local_normal(&u, v3(-1, -1, 0), NULL), -1, 1, 0);
}

static struct shape tri(void)
{
	struct shape t;
	shape_init(&t, SHAPE_TRIANGLE);
	shape_set_triangle(&t, v3(0, 1, 0), v3(-1, 0, 0), v3(1, 0, 0));
	return t;
}

static void test_triangle(void **state)
{
	(void)state;
	struct shape t = tri();
	assert_vec(t.tri.e1, -1, -1, 0);
	assert_vec(t.tri.e2, 1, -1, 0);
	assert_vec(t.tri.normal, 0, 0, -1);
	assert_vec(shape_local_normal(&t, v3(0, 0.5, 0), NULL), 0, 0, -1);
	assert_vec(shape_local_normal(&t, v3(-0.5, 0.75, 0), NULL), 0, 0, -1);
	assert_vec(shape_local_normal(&t, v3(0.5, 0.25, 0), NULL), 0, 0, -1);
	local_hits(&t, v3(0, -1, -2), v3(0, 1, 0));
	assert_int_equal(xs.n, 0);
	local_hits(&t, v3(1, 1, -2), v3(0, 0, 1));
	assert_int_equal(xs.n, 0);
	local_hits(&t, v3(-1, 1, -2), v3(0, 0, 1));
	assert_int_equal(xs.n, 0);
	local_hits(&t, v3(0, -1, -2), v3(0, 0, 1));
	assert_int_equal(xs.n, 0);
	local_hits(&t, v3(0, 0.5, -2), v3(0, 0, 1));
	assert_int_equal(xs.n, 1);
	assert_near(xs.v[0].t, 2);
}

static void test_smooth_triangle(void **state)
{
	(void)state;
	struct shape t = tri();
	t.kind = SHAPE_SMOOTH_TRIANGLE;
	t.tri.n1 = v3(0, 1, 0);
	t.tri.n2 = v3(-1, 0, 0);
	t.tri.n3 = v3(1, 0, 0);
	local_hits(&t, v3(-0.2, 0.3, -2), v3(0, 0, 1));
	assert_int_equal(xs.n, 1);
	assert_near(xs.v[0].u, 0.45);
	assert_near(xs.v[0].v, 0.25);
	struct isect h = { 1, &t, 0.45, 0.25, 0 };
	assert_vec(shape_normal_at(&t, v3(0, 0, 0), &h, true), -0.5547, 0.83205, 0);
}

static void test_bounds(void **state)
{
	(void)state;
	struct bbox b = bbox_empty();
	assert_true(isinf(b.min.x) && b.min.x > 0 && isinf(b.max.z) && b.max.z < 0);
	bbox_add_point(&b, v3(-5, 2, 0));
	bbox_add_point(&b, v3(7, 0, -3));
	assert_vec(b.min, -5, 0, -3);
	assert_vec(b.max, 7, 2, 0);
	struct shape s = mk(SHAPE_SPHERE, mat4_identity());
	b = shape_local_bounds(&s);
	assert_vec(b.min, -1, -1, -1);
	assert_vec(b.max, 1, 1, 1);
	s = mk(SHAPE_PLANE, mat4_identity());
	b = shape_local_bounds(&s);
	assert_true(isinf(b.min.x) && b.min.y == 0 && isinf(b.max.z));
	s = mk(SHAPE_CYLINDER, mat4_identity());
	b = shape_local_bounds(&s);
	assert_near(b.min.x, -1);
	assert_true(isinf(b.min.y) && isinf(b.max.y));
	s.cyl.min = -5;
	s.cyl.max = 3;
	b = shape_local_bounds(&s);
	assert_vec(b.min, -1, -5, -1);
	assert_vec(b.max, 1, 3, 1);
	s = mk(SHAPE_CONE, mat4_identity());
	b = shape_local_bounds(&s);
	assert_true(isinf(b.min.x) && isinf(b.max.y));
	s.cyl.min = -5;
	s.cyl.max = 3;
	b = shape_local_bounds(&s);
	assert_vec(b.min, -5, -5, -5);
	assert_vec(b.max, 5, 3, 5);
	shape_init(&s, SHAPE_TRIANGLE);
	shape_set_triangle(&s, v3(-3, 7, 2), v3(6, 2, -4), v3(2, -1, -1));
	b = shape_local_bounds(&s);
	assert_vec(b.min, -3, -1, -4);
	assert_vec(b.max, 6, 7, 2);

	struct bbox b1 = bbox_make(v3(-5, -2, 0), v3(7, 4, 4)),
		    b2 = bbox_make(v3(8, -7, -2), v3(14, 2, 8));
	bbox_merge(&b1, &b2);
	assert_vec(b1.min, -5, -7, -2);
	assert_vec(b1.max, 14, 4, 8);

	b = bbox_make(v3(5, -2, 0), v3(11, 4, 7));
	assert_true(bbox_contains_point(&b, v3(5, -2, 0)));
	assert_true(bbox_contains_point(&b, v3(8, 1, 3)));
	assert_false(bbox_contains_point(&b, v3(3, 0, 3)));
	assert_false(bbox_contains_point(&b, v3(8, 1, 8)));
	struct bbox in = bbox_make(v3(6, -1, 1), v3(10, 3, 6)),
		    out = bbox_make(v3(4, -3, -1), v3(10, 3, 6));
	assert_true(bbox_contains_box(&b, &in));
	assert_false(bbox_contains_box(&b, &out));

	struct mat4 rx = rotation_x(M_PI / 4), ry = rotation_y(M_PI / 4),
		    m = mat4_mul(&rx, &ry);
	b = bbox_make(v3(-1, -1, -1), v3(1, 1, 1));
	b = bbox_transform(&b, &m);
	assert_vec(b.min, -1.41421, -1.70711, -1.70711);
	assert_vec(b.max, 1.41421, 1.70711, 1.70711);

	struct mat4 t = translation(1, -3, 5), sc = scaling(0.5, 2, 4);
	s = mk(SHAPE_SPHERE, mat4_mul(&t, &sc));
	assert_vec(s.box.min, 0.5, -5, 1);
	assert_vec(s.box.max, 1.5, -1, 9);
}

static void test_bbox_ray_and_split(void **state)
{
	(void)state;
	struct bbox b = bbox_make(v3(-1, -1, -1), v3(1, 1, 1)), l, r;
	struct { struct vec3 o, d; bool hit; } rays[] = {
		{ { 5, 0.5, 0 }, { -1, 0, 0 }, true },	{ { -5, 0.5, 0 }, { 1, 0, 0 }, true },
		{ { 0.5, 5, 0 }, { 0, -1, 0 }, true },	{ { 0, 0.5, 0 }, { 0, 0, 1 }, true },
		{ { -2, 0, 0 }, { 2, 4, 6 }, false },	{ { 0, -2, 0 }, { 6, 2, 4 }, false },
		{ { 2, 0, 2 }, { 0, 0, -1 }, false },	{ { 2, 2, 0 }, { -1, 0, 0 }, false },
	};
	for (unsigned i = 0; i < sizeof rays / sizeof rays[0]; i++) {
		struct vec3 d = v3_norm(rays[i].d);
		struct vec3 inv = v3(1 / d.x, 1 / d.y, 1 / d.z);
		assert_int_equal(bbox_hit(&b, rays[i].o, inv, INFINITY), rays[i].hit);
	}
	b = bbox_make(v3(-1, -4, -5), v3(9, 6, 5));
	bbox_split(&b, &l, &r);
	assert_vec(l.min, -1, -4, -5);
	assert_vec(l.max, 4, 6, 5);
	assert_vec(r.min, 4, -4, -5);
	assert_vec(r.max, 9, 6, 5);
	b = bbox_make(v3(-1, -2, -3), v3(5, 3, 7));
	bbox_split(&b, &l, &r);
	assert_vec(l.max, 5, 3, 2);
	assert_vec(r.min, -1, -2, 2);
	assert_vec(r.max, 5, 3, 7);
}

static void test_patterns(void **state)
{
	(void)state;
	struct color W = rgb(1, 1, 1), B = rgb(0, 0, 0);
	struct pattern p = pattern_make(PATTERN_STRIPES, W, B);
	assert_color(pattern_at(&p, v3(0, 1, 0), true), 1, 1, 1);
	assert_color(pattern_at(&p, v3(0, 0, 2), true), 1, 1, 1);
	double xs_[] = { 0, 0.9, 1, -0.1, -1, -1.1 };
	double want[] = { 1, 1, 0, 0, 0, 1 };
	for (int i = 0; i < 6; i++)
		assert_near(pattern_at(&p, v3(xs_[i], 0, 0), true).r, want[i]);

	/* pattern space: object and pattern transforms */
	struct shape s = mk(SHAPE_SPHERE, scaling(2, 2, 2));
	assert_color(pattern_at_object(&p, shape_world_to_object(&s, v3(1.5, 0, 0), true),
				       true), 1, 1, 1);
	struct mat4 sc = scaling(2, 2, 2), tr = translation(0.5, 0, 0);
	struct pattern p2 = p;
	pattern_set_transform(&p2, &sc);
	struct shape id = mk(SHAPE_SPHERE, mat4_identity());
	assert_color(pattern_at_object(&p2, shape_world_to_object(&id, v3(1.5, 0, 0), true),
				       true), 1, 1, 1);
	pattern_set_transform(&p2, &tr);
	assert_color(pattern_at_object(&p2, shape_world_to_object(&s, v3(2.5, 0, 0), true),
				       true), 1, 1, 1);
	assert_color(pattern_at_object(&p2, shape_world_to_object(&s, v3(2.5, 0, 0), false),
				       false), 1, 1, 1);

	struct pattern t = pattern_make(PATTERN_TEST, W, B);
	assert_color(pattern_at_object(&t, shape_world_to_object(&s, v3(2, 3, 4), true),
				       true), 1, 1.5, 2);
	pattern_set_transform(&t, &sc);
	assert_color(pattern_at_object(&t, shape_world_to_object(&id, v3(2, 3, 4), true),
				       true), 1, 1.5, 2);
	struct mat4 tr2 = translation(0.5, 1, 1.5);
	pattern_set_transform(&t, &tr2);
	assert_color(pattern_at_object(&t, shape_world_to_object(&s, v3(2.5, 3, 3.5), true),
				       true), 0.75, 0.5, 0.25);

	struct pattern g = pattern_make(PATTERN_GRADIENT, W, B);
	assert_color(pattern_at(&g, v3(0, 0, 0), true), 1, 1, 1);
	assert_color(pattern_at(&g, v3(0.25, 0, 0), true), 0.75, 0.75, 0.75);
	assert_color(pattern_at(&g, v3(0.5, 0, 0), true), 0.5, 0.5, 0.5);
	assert_color(pattern_at(&g, v3(0.75, 0, 0), true), 0.25, 0.25, 0.25);

	struct pattern r = pattern_make(PATTERN_RINGS, W, B);
	assert_color(pattern_at(&r, v3(0, 0, 0), true), 1, 1, 1);
	assert_color(pattern_at(&r, v3(1, 0, 0), true), 0, 0, 0);
	assert_color(pattern_at(&r, v3(0, 0, 1), true), 0, 0, 0);
	assert_color(pattern_at(&r, v3(0.708, 0, 0.708), true), 0, 0, 0);

	struct pattern c = pattern_make(PATTERN_CHECKERS, W, B);
	struct vec3 pts[] = { { 0, 0, 0 }, { 0.99, 0, 0 }, { 1.01, 0, 0 },
			      { 0, 0.99, 0 }, { 0, 1.01, 0 }, { 0, 0, 0.99 },
			      { 0, 0, 1.01 } };
	double cw[] = { 1, 1, 0, 1, 0, 1, 0 };
	for (int i = 0; i < 7; i++)
		assert_near(pattern_at(&c, pts[i], true).r, cw[i]);

	/* nesting and blending (project extension) */
	struct pattern red = pattern_make(PATTERN_STRIPES, rgb(1, 0, 0), rgb(1, 0, 0));
	struct pattern nest = pattern_make(PATTERN_CHECKERS, W, B);
	nest.pb = &red;
	assert_color(pattern_at(&nest, v3(1.5, 0, 0), true), 1, 0, 0);
	struct pattern blend = pattern_make(PATTERN_BLEND, W, B);
	assert_color(pattern_at(&blend, v3(0, 0, 0), true), 0.5, 0.5, 0.5);
}

static void assert_uv(void (*map)(struct vec3, double *, double *), struct vec3 p,
		      double u, double v)
{
	double gu, gv;
	map(p, &gu, &gv);
	assert_near(gu, u);
	assert_near(gv, v);
}

static void test_texture_mapping(void **state)
{
	(void)state;
	struct color B = rgb(0, 0, 0), W = rgb(1, 1, 1);
	struct uv_pattern ch = { .kind = UV_CHECKERS, .width = 2, .height = 2, .a = B, .b = W };
	assert_color(uv_pattern_at(&ch, 0, 0), 0, 0, 0);
	assert_color(uv_pattern_at(&ch, 0.5, 0), 1, 1, 1);
	assert_color(uv_pattern_at(&ch, 0, 0.5), 1, 1, 1);
	assert_color(uv_pattern_at(&ch, 0.5, 0.5), 0, 0, 0);
	assert_color(uv_pattern_at(&ch, 1, 1), 0, 0, 0);

	double h = sqrt(2) / 2;
	assert_uv(spherical_map, v3(0, 0, -1), 0, 0.5);
	assert_uv(spherical_map, v3(1, 0, 0), 0.25, 0.5);
	assert_uv(spherical_map, v3(0, 0, 1), 0.5, 0.5);
	assert_uv(spherical_map, v3(-1, 0, 0), 0.75, 0.5);
	assert_uv(spherical_map, v3(0, 1, 0), 0.5, 1);
	assert_uv(spherical_map, v3(0, -1, 0), 0.5, 0);
	assert_uv(spherical_map, v3(h, h, 0), 0.25, 0.75);

	assert_uv(planar_map, v3(0.25, 0, 0.5), 0.25, 0.5);
	assert_uv(planar_map, v3(0.25, 0, -0.25), 0.25, 0.75);
	assert_uv(planar_map, v3(0.25, 0.5, -0.25), 0.25, 0.75);
	assert_uv(planar_map, v3(1.25, 0, 0.5), 0.25, 0.5);
	assert_uv(planar_map, v3(0.25, 0, -1.75), 0.25, 0.25);
	assert_uv(planar_map, v3(1, 0, -1), 0, 0);
	assert_uv(planar_map, v3(0, 0, 0), 0, 0);

	assert_uv(cylindrical_map, v3(0, 0, -1), 0, 0);
	assert_uv(cylindrical_map, v3(0, 0.5, -1), 0, 0.5);
	assert_uv(cylindrical_map, v3(0, 1, -1), 0, 0);
	assert_uv(cylindrical_map, v3(0.70711, 0.5, -0.70711), 0.125, 0.5);
	assert_uv(cylindrical_map, v3(1, 0.5, 0), 0.25, 0.5);
	assert_uv(cylindrical_map, v3(0.70711, 0.5, 0.70711), 0.375, 0.5);
	assert_uv(cylindrical_map, v3(0, -0.25, 1), 0.5, 0.75);
	assert_uv(cylindrical_map, v3(-0.70711, 0.5, 0.70711), 0.625, 0.5);
	assert_uv(cylindrical_map, v3(-1, 1.25, 0), 0.75, 0.25);
	assert_uv(cylindrical_map, v3(-0.70711, 0.5, -0.70711), 0.875, 0.5);

	struct uv_pattern al = { .kind = UV_ALIGN_CHECK, .main = rgb(1, 1, 1),
				 .ul = rgb(1, 0, 0), .ur = rgb(1, 1, 0),
				 .bl = rgb(0, 1, 0), .br = rgb(0, 1, 1) };
	assert_color(uv_pattern_at(&al, 0.5, 0.5), 1, 1, 1);
	assert_color(uv_pattern_at(&al, 0.1, 0.9), 1, 0, 0);
	assert_color(uv_pattern_at(&al, 0.9, 0.9), 1, 1, 0);
	assert_color(uv_pattern_at(&al, 0.1, 0.1), 0, 1, 0);
	assert_color(uv_pattern_at(&al, 0.9, 0.1), 0, 1, 1);

	struct { struct vec3 p; enum cube_face f; } faces[] = {
		{ { -1, 0.5, -0.25 }, FACE_LEFT }, { { 1.1, -0.75, 0.8 }, FACE_RIGHT },
		{ { 0.1, 0.6, 0.9 }, FACE_FRONT }, { { -0.7, 0, -2 }, FACE_BACK },
		{ { 0.5, 1, 0.9 }, FACE_UP },	   { { -0.2, -1.3, 1.1 }, FACE_DOWN } };
	for (int i = 0; i < 6; i++)
		assert_int_equal(cube_face_from_point(faces[i].p), faces[i].f);
	struct { enum cube_face f; struct vec3 p; double u, v; } uv[] = {
		{ FACE_FRONT, { -0.5, 0.5, 1 }, 0.25, 0.75 }, { FACE_FRONT, { 0.5, -0.5, 1 }, 0.75, 0.25 },
		{ FACE_BACK, { 0.5, 0.5, -1 }, 0.25, 0.75 },  { FACE_BACK, { -0.5, -0.5, -1 }, 0.75, 0.25 },
		{ FACE_LEFT, { -1, 0.5, -0.5 }, 0.25, 0.75 }, { FACE_LEFT, { -1, -0.5, 0.5 }, 0.75, 0.25 },
		{ FACE_RIGHT, { 1, 0.5, 0.5 }, 0.25, 0.75 },  { FACE_RIGHT, { 1, -0.5, -0.5 }, 0.75, 0.25 },
		{ FACE_UP, { -0.5, 1, -0.5 }, 0.25, 0.75 },   { FACE_UP, { 0.5, 1, 0.5 }, 0.75, 0.25 },
		{ FACE_DOWN, { -0.5, -1, 0.5 }, 0.25, 0.75 }, { FACE_DOWN, { 0.5, -1, -0.5 }, 0.75, 0.25 },
	};
	for (int i = 0; i < 12; i++) {
		double u, v;
		cube_uv(uv[i].f, uv[i].p, &u, &v);
		assert_near(u, uv[i].u);
		assert_near(v, uv[i].v);
	}

	/* image uv pattern over a PPM (the book's 10x10 gradient canvas) */
	char ppm[4096];
	int n = snprintf(ppm, sizeof ppm, "P3\n# gradient\n10 10\n10\n");
	for (int y = 0; y < 10; y++)
		for (int x = 0; x < 10; x++)
			n += snprintf(ppm + n, sizeof ppm - (size_t)n, "%d %d %d\n",
				      (x + y) % 10, (x + y) % 10, (x + y) % 10);
	struct canvas img;
	struct rt_error err;
	assert_int_equal(canvas_from_ppm(&img, ppm, (size_t)n, "g.ppm", &err), 0);
	struct uv_pattern ip = { .kind = UV_IMAGE, .image = &img };
	struct { double u, v, c; } px[] = { { 0, 0, 0.9 }, { 0.3, 0, 0.2 }, { 0.6, 0.3, 0.1 },
					    { 1, 1, 0.9 } };
	for (int i = 0; i < 4; i++) {
		double want = px[i].c;	/* within 8-bit rounding */
		struct color got = uv_pattern_at(&ip, px[i].u, px[i].v);
		if (fabs(got.r - want) > 0.01)
			fail_msg("image at (%g, %g) = %g, want %g", px[i].u, px[i].v, got.r, want);
	}
	canvas_free(&img);
	assert_int_equal(canvas_from_ppm(&img, "P3\n2 1\n255\n1 2 3", 17, "s.ppm", &err), -1);
	assert_string_equal(err.msg, "s.ppm: bad PPM: expected a number");
	assert_int_equal(canvas_from_ppm(&img, "P5\n", 3, "x.pgm", &err), -1);

	/* a map pattern through pattern_at */
	struct uv_pattern ch16 = { .kind = UV_CHECKERS, .width = 16, .height = 8, .a = B, .b = W };
	struct texture_map tm = { .mapping = MAP_SPHERICAL, .faces = { &ch16 } };
	struct pattern mp = pattern_make(PATTERN_MAP, W, B);
	mp.map = &tm;
	struct { struct vec3 p; double c; } sph[] = {
		{ { 0.4315, 0.4670, 0.7719 }, 1 },   { { -0.9654, 0.2552, -0.0534 }, 0 },
		{ { 0.1039, 0.7090, 0.6975 }, 1 },   { { -0.4986, -0.7856, -0.3663 }, 0 },
		{ { -0.0317, -0.9395, 0.3411 }, 0 }, { { 0.4809, -0.7721, 0.4154 }, 0 },
		{ { 0.0285, -0.9612, -0.2745 }, 0 }, { { -0.5734, -0.2162, -0.7903 }, 1 },
		{ { 0.7688, -0.1470, 0.6223 }, 0 },  { { -0.7652, 0.2175, 0.6060 }, 0 } };
	for (int i = 0; i < 10; i++)
		assert_near(pattern_at(&mp, sph[i].p, true).r, sph[i].c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sphere_intersect),
		cmocka_unit_test(test_hit),
		cmocka_unit_test(test_transformed_shape),
		cmocka_unit_test(test_sphere_normals),
		cmocka_unit_test(test_plane),
		cmocka_unit_test(test_cube),
		cmocka_unit_test(test_cylinder),
		cmocka_unit_test(test_cone),
		cmocka_unit_test(test_triangle),
		cmocka_unit_test(test_smooth_triangle),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_bbox_ray_and_split),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_texture_mapping),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xs_free(&xs);
	return rc;
}
