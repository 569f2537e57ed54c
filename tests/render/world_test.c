/* world_test: book ch. 6-8, 11, 14-16 and the bonus chapters (bounding
 * boxes, soft shadows) through the built, flattened world. */
#include "testutil.h"

#include "render/mesh.h"
#include "render/obj.h"

static const double H = 0.70710678118654757;	/* sqrt(2)/2 */

static struct color light1(struct vec3 eye, struct vec3 lpos, double in)
{
	struct shape s;
	struct material m = material_default();
	struct light l = light_point(lpos, rgb(1, 1, 1));
	shape_init(&s, SHAPE_SPHERE);
	return lighting(&m, &s, &l, v3(0, 0, 0), eye, v3(0, 0, -1), in, NULL, true);
}

static void test_lighting(void **state)
{
	(void)state;
	struct material m = material_default();
	assert_color(m.color, 1, 1, 1);
	assert_near(m.ambient, 0.1);
	assert_near(m.diffuse, 0.9);
	assert_near(m.specular, 0.9);
	assert_near(m.shininess, 200);
	assert_near(m.reflective, 0);
	assert_near(m.transparency, 0);
	assert_near(m.refractive_index, 1);
	assert_color(light1(v3(0, 0, -1), v3(0, 0, -10), 1), 1.9, 1.9, 1.9);
	assert_color(light1(v3(0, H, -H), v3(0, 0, -10), 1), 1.0, 1.0, 1.0);
	assert_color(light1(v3(0, 0, -1), v3(0, 10, -10), 1), 0.7364, 0.7364, 0.7364);
	assert_color(light1(v3(0, -H, -H), v3(0, 10, -10), 1), 1.6364, 1.6364, 1.6364);
	assert_color(light1(v3(0, 0, -1), v3(0, 0, 10), 1), 0.1, 0.1, 0.1);
	assert_color(light1(v3(0, 0, -1), v3(0, 0, -10), 0), 0.1, 0.1, 0.1);
}

static void test_lighting_pattern(void **state)
{
	(void)state;
	struct pattern p = pattern_make(PATTERN_STRIPES, rgb(1, 1, 1), rgb(0, 0, 0));
	struct material m = material_default();
	struct shape s;
	struct light l = light_point(v3(0, 0, -10), rgb(1, 1, 1));
	shape_init(&s, SHAPE_SPHERE);
	m.pattern = &p;
	m.ambient = 1;
	m.diffuse = 0;
	m.specular = 0;
	assert_color(lighting(&m, &s, &l, v3(0.9, 0, 0), v3(0, 0, -1), v3(0, 0, -1), 1,
			      NULL, true), 1, 1, 1);
	assert_color(lighting(&m, &s, &l, v3(1.1, 0, 0), v3(0, 0, -1), v3(0, 0, -1), 1,
			      NULL, true), 0, 0, 0);
}

static void test_default_world(void **state)
{
	(void)state;
	struct tw t;
	tw_default(&t);
	tw_build(&t, 1);
	assert_int_equal(t.w.nprims, 2);
	assert_color(t.w.prims[0].material->color, 0.8, 1.0, 0.6);
	struct xs *xs = tw_hits(&t, ray_make(v3(0, 0, -5), v3(0, 0, 1)));
	assert_int_equal(xs->n, 4);
	assert_near(xs->v[0].t, 4);
	assert_near(xs->v[1].t, 4.5);
	assert_near(xs->v[2].t, 5.5);
	assert_near(xs->v[3].t, 6);
	tw_free(&t);
}

static void test_prepare_computations(void **state)
{
	(void)state;
	struct shape s;
	struct comps c;
	shape_init(&s, SHAPE_SPHERE);
	struct ray r = ray_make(v3(0, 0, -5), v3(0, 0, 1));
	struct isect i = { 4, &s, 0, 0, 0 };
	prepare_computations(&i, 1, 0, &r, &c, true);
	assert_near(c.t, 4);
	assert_ptr_equal(c.s, &s);
	assert_vec(c.point, 0, 0, -1);
	assert_vec(c.eyev, 0, 0, -1);
	assert_vec(c.normalv, 0, 0, -1);
	assert_false(c.inside);
	r = ray_make(v3(0, 0, 0), v3(0, 0, 1));
	i.t = 1;
	prepare_computations(&i, 1, 0, &r, &c, true);
	assert_vec(c.point, 0, 0, 1);
	assert_vec(c.eyev, 0, 0, -1);
	assert_true(c.inside);
	assert_vec(c.normalv, 0, 0, -1);

	/* acne: over_point sits above the surface */
	struct mat4 tr = translation(0, 0, 1);
	shape_set_transform(&s, &tr);
	r = ray_make(v3(0, 0, -5), v3(0, 0, 1));
	i.t = 5;
	prepare_computations(&i, 1, 0, &r, &c, true);
	assert_true(c.over_point.z < -RT_EPS / 2);
	assert_true(c.point.z > c.over_point.z);

	/* under_point for refraction */
	struct material glass = material_default();
	glass.transparency = 1;
	glass.refractive_index = 1.5;
	s.material = &glass;
	prepare_computations(&i, 1, 0, &r, &c, true);
	assert_true(c.under_point.z > RT_EPS / 2);
	assert_true(c.point.z < c.under_point.z);

	/* reflectv */
	struct shape p;
	shape_init(&p, SHAPE_PLANE);
	r = ray_make(v3(0, 1, -1), v3(0, -H, H));
	struct isect ip = { sqrt(2), &p, 0, 0, 0 };
	prepare_computations(&ip, 1, 0, &r, &c, true);
	assert_vec(c.reflectv, 0, H, H);
}

static void test_shade_hit(void **state)
{
	(void)state;
	struct tw t;
	struct comps c;
	tw_default(&t);
	tw_build(&t, 1);
	struct ray r = ray_make(v3(0, 0, -5), v3(0, 0, 1));
	struct isect i = { 4, &t.w.prims[0], 0, 0, 0 };
	prepare_computations(&i, 1, 0, &r, &c, true);
	assert_color(shade_hit(&t.t, &c, 5), 0.38066, 0.47583, 0.2855);

	t.lights[0] = light_point(v3(0, 0.25, 0), rgb(1, 1, 1));
	r = ray_make(v3(0, 0, 0), v3(0, 0, 1));
	i = (struct isect){ 0.5, &t.w.prims[1], 0, 0, 0 };
	prepare_computations(&i, 1, 0, &r, &c, true);
	assert_color(shade_hit(&t.t, &c, 5), 0.90498, 0.90498, 0.90498);
	tw_free(&t);
}

static void test_color_at(void **state)
{
	(void)state;
	struct tw t;
	tw_default(&t);
	tw_build(&t, 1);
	struct ray r = ray_make(v3(0, 0, -5), v3(0, 1, 0));
	assert_color(color_at(&t.t, &r, 5), 0, 0, 0);
	r = ray_make(v3(0, 0, -5), v3(0, 0, 1));
	assert_color(color_at(&t.t, &r, 5), 0.38066, 0.47583, 0.2855);
	t.mat[0].ambient = 1;
	t.mat[1].ambient = 1;
	r = ray_make(v3(0, 0, 0.75), v3(0, 0, -1));
	struct color c = color_at(&t.t, &r, 5);
	assert_color(c, t.mat[1].color.r, t.mat[1].color.g, t.mat[1].color.b);
	/* alloc=naive and inverse_cache=off give the same color */
	t.mat[0].ambient = 0.1;
	t.mat[1].ambient = 0.1;
	t.t.pooled = false;
	t.t.cache = false;
	r = ray_make(v3(0, 0, -5), v3(0, 0, 1));
	assert_color(color_at(&t.t, &r, 5), 0.38066, 0.47583, 0.2855);
	tw_free(&t);
}

static void test_shadows(void **state)
{
	(void)state;
	struct tw t;
	tw_default(&t);
	tw_build(&t, 1);
	struct vec3 lp = t.lights[0].position;
	assert_false(is_shadowed(&t.t, lp, v3(0, 10, 0)));
	assert_true(is_shadowed(&t.t, lp, v3(10, -10, 10)));
	assert_false(is_shadowed(&t.t, lp, v3(-20, 20, -20)));
	assert_false(is_shadowed(&t.t, lp, v3(-2, 2, -2)));
	t.t.pooled = false;	/* the naive path agrees */
	assert_true(is_shadowed(&t.t, lp, v3(10, -10, 10)));
	assert_false(is_shadowed(&t.t, lp, v3(-2, 2, -2)));
	tw_free(&t);

	struct comps c;
	tw_init(&t);
	tw_add(&t, SHAPE_SPHERE, mat4_identity(), NULL);
	tw_add(&t, SHAPE_SPHERE, translation(0, 0, 10), NULL);
	t.lights[0] = light_point(v3(0, 0, -10), rgb(1, 1, 1));
	tw_build(&t, 1);
	struct ray r = ray_make(v3(0, 0, 5), v3(0, 0, 1));
	struct isect i = { 4, &t.w.prims[1], 0, 0, 0 };
	prepare_computations(&i, 1, 0, &r, &c, true);
	assert_color(shade_hit(&t.t, &c, 5), 0.1, 0.1, 0.1);
	tw_free(&t);
}

static void test_shadow_flag(void **state)
{
	(void)state;
	struct tw t;
	tw_default(&t);
	t.root->kids[0]->shadow = false;
	t.root->kids[1]->shadow = false;
	tw_build(&t, 1);
	assert_false(is_shadowed(&t.t, t.lights[0].position, v3(10, -10, 10)));
	/* still visible to camera rays */
	struct ray r = ray_make(v3(0, 0, -5), v3(0, 0, 1));
	assert_color(color_at(&t.t, &r, 5), 0.38066, 0.47583, 0.2855);
	tw_free(&t);
}

static void test_reflection(void **state)
{
	(void)state;
	struct tw t;
	struct comps c;
	tw_default(&t);
	struct material *pm = tw_material(&t);
	pm->reflective = 0.5;
	tw_add(&t, SHAPE_PLANE, translation(0, -1, 0), pm);
	tw_build(&t, 1);

	/* non-reflective surface */
	t.mat[1].ambient = 1;
	struct ray r = ray_make(v3(0, 0, 0), v3(0, 0, 1));
	struct isect i = { 1, &t.w.prims[1], 0, 0, 0 };
	prepare_computations(&i, 1, 0, &r, &c, true);
	assert_color(reflected_color(&t.t, &c, 5), 0, 0, 0);
	t.mat[1].ambient = 0.1;

	r = ray_make(v3(0, 0, -3), v3(0, -H, H));
	i = (struct isect){ sqrt(2), &t.w.prims[2], 0, 0, 0 };
	prepare_computations(&i, 1, 0, &r, &c, true);
	assert_color(reflected_color(&t.t, &c, 5), 0.19032, 0.2379, 0.14274);
	assert_color(shade_hit(&t.t, &c, 5), 0.87677, 0.92436, 0.82918);
	assert_color(reflected_color(&t.t, &c, 0), 0, 0, 0);
	tw_free(&t);

	/* mutually reflective planes terminate */
	tw_init(&t);
	struct material *mm = tw_material(&t);
	mm->reflective = 1;
	tw_add(&t, SHAPE_PLANE, translation(0, -1, 0), mm);
	tw_add(&t, SHAPE_PLANE, translation(0, 1, 0), mm);
	t.lights[0] = light_point(v3(0, 0, 0), rgb(1, 1, 1));
	tw_build(&t, 1);
	r = ray_make(v3(0, 0, 0), v3(0, 1, 0));
	(void)color_at(&t.t, &r, 5);
	tw_free(&t);
}

static void test_n1_n2(void **state)
{
	(void)state;
	struct shape a, b, c;
	struct material ma = material_default(), mb = ma, mc = ma;
	struct mat4 sa = scaling(2, 2, 2), tb = translation(0, 0, -0.25),
		    tc = translation(0, 0, 0.25);
	ma.transparency = mb.transparency = mc.transparency = 1;
	ma.refractive_index = 1.5;
	mb.refractive_index = 2.0;
	mc.refractive_index = 2.5;
	shape_init(&a, SHAPE_SPHERE);
	shape_init(&b, SHAPE_SPHERE);
	shape_init(&c, SHAPE_SPHERE);
	shape_set_transform(&a, &sa);
	shape_set_transform(&b, &tb);
	shape_set_transform(&c, &tc);
	a.material = &ma;
	b.material = &mb;
	c.material = &mc;
	struct ray r = ray_make(v3(0, 0, -4), v3(0, 0, 1));
	struct isect xs[6] = { { 2, &a, 0, 0, 0 },	   { 2.75, &b, 0, 0, 0 }, { 3.25, &c, 0, 0, 0 },
			       { 4.75, &b, 0, 0, 0 }, { 5.25, &c, 0, 0, 0 }, { 6, &a, 0, 0, 0 } };
	double n1[] = { 1.0, 1.5, 2.0, 2.5, 2.5, 1.5 }, n2[] = { 1.5, 2.0, 2.5, 2.5, 1.5, 1.0 };
	for (int i = 0; i < 6; i++) {
		struct comps cp;
		prepare_computations(xs, 6, i, &r, &cp, true);
		assert_near(cp.n1, n1[i]);
		assert_near(cp.n2, n2[i]);
	}
}

static void test_refraction(void **state)
{
	(void)state;
	struct tw t;
	struct comps c;
	tw_default(&t);
	tw_build(&t, 1);
	/* opaque */
	struct ray r = ray_make(v3(0, 0, -5), v3(0, 0, 1));
	struct isect xs[4] = { { 4, &t.w.prims[0], 0, 0, 0 }, { 6, &t.w.prims[0], 0, 0, 0 } };
	prepare_computations(xs, 2, 0, &r, &c, true);
	assert_color(refracted_color(&t.t, &c, 5), 0, 0, 0);
	/* maximum depth */
	t.mat[0].transparency = 1;
	t.mat[0].refractive_index = 1.5;
	prepare_computations(xs, 2, 0, &r, &c, true);
	assert_color(refracted_color(&t.t, &c, 0), 0, 0, 0);
	/* total internal reflection */
	r = ray_make(v3(0, 0, H), v3(0, 1, 0));
	xs[0] = (struct isect){ -H, &t.w.prims[0], 0, 0, 0 };
	xs[1] = (struct isect){ H, &t.w.prims[0], 0, 0, 0 };
	prepare_computations(xs, 2, 1, &r, &c, true);
	assert_color(refracted_color(&t.t, &c, 5), 0, 0, 0);
	tw_free(&t);

	/* refracted ray through the test pattern */
	struct pattern tp = pattern_make(PATTERN_TEST, rgb(0, 0, 0), rgb(0, 0, 0));
	tw_default(&t);
	t.mat[0].ambient = 1;
	t.mat[0].pattern = &tp;
	t.mat[1].transparency = 1;
	t.mat[1].refractive_index = 1.5;
	tw_build(&t, 1);
	r = ray_make(v3(0, 0, 0.1), v3(0, 1, 0));
	struct isect ys[4] = { { -0.9899, &t.w.prims[0], 0, 0, 0 },
			       { -0.4899, &t.w.prims[1], 0, 0, 0 },
			       { 0.4899, &t.w.prims[1], 0, 0, 0 },
			       { 0.9899, &t.w.prims[0], 0, 0, 0 } };
	prepare_computations(ys, 4, 2, &r, &c, true);
	assert_color(refracted_color(&t.t, &c, 5), 0, 0.99888, 0.04725);
	tw_free(&t);
}

static void floor_world(struct tw *t, double reflective)
{
	tw_default(t);
	struct material *fm = tw_material(t), *bm = tw_material(t);
	fm->transparency = 0.5;
	fm->refractive_index = 1.5;
	fm->reflective = reflective;
	bm->color = rgb(1, 0, 0);
	bm->ambient = 0.5;
	tw_add(t, SHAPE_PLANE, translation(0, -1, 0), fm);
	tw_add(t, SHAPE_SPHERE, translation(0, -3.5, -0.5), bm);
	tw_build(t, 1);
}

static void test_transparent_floor(void **state)
{
	(void)state;
	struct tw t;
	struct comps c;
	struct ray r = ray_make(v3(0, 0, -3), v3(0, -H, H));
	floor_world(&t, 0);
	struct isect i = { sqrt(2), &t.w.prims[2], 0, 0, 0 };
	prepare_computations(&i, 1, 0, &r, &c, true);
	assert_color(shade_hit(&t.t, &c, 5), 0.93642, 0.68642, 0.68642);
	tw_free(&t);
	floor_world(&t, 0.5);
	i.s = &t.w.prims[2];
	prepare_computations(&i, 1, 0, &r, &c, true);
	assert_color(shade_hit(&t.t, &c, 5), 0.93391, 0.69643, 0.69243);
	tw_free(&t);
}

static void test_schlick(void **state)
{
	(void)state;
	struct shape s;
	struct material g = material_default();
	struct comps c;
	g.transparency = 1;
	g.refractive_index = 1.5;
	shape_init(&s, SHAPE_SPHERE);
	s.material = &g;
	struct ray r = ray_make(v3(0, 0, H), v3(0, 1, 0));
	struct isect xs[2] = { { -H, &s, 0, 0, 0 }, { H, &s, 0, 0, 0 } };
	prepare_computations(xs, 2, 1, &r, &c, true);
	assert_near(schlick(&c), 1.0);
	r = ray_make(v3(0, 0, 0), v3(0, 1, 0));
	xs[0].t = -1;
	xs[1].t = 1;
	prepare_computations(xs, 2, 1, &r, &c, true);
	assert_near(schlick(&c), 0.04);
	r = ray_make(v3(0, 0.99, -2), v3(0, 0, 1));
	xs[0].t = 1.8589;
	prepare_computations(xs, 1, 0, &r, &c, true);
	assert_near(schlick(&c), 0.48873);
}

static void test_area_light(void **state)
{
	(void)state;
	struct light l = light_area(v3(0, 0, 0), v3(2, 0, 0), 4, v3(0, 0, 1), 2, false,
				    rgb(1, 1, 1));
	assert_vec(l.corner, 0, 0, 0);
	assert_vec(l.uvec, 0.5, 0, 0);
	assert_vec(l.vvec, 0, 0, 0.5);
	assert_int_equal(l.usteps, 4);
	assert_int_equal(l.vsteps, 2);
	assert_int_equal(l.samples, 8);
	assert_vec(l.position, 1, 0, 0.5);
	int uv[5][2] = { { 0, 0 }, { 1, 0 }, { 0, 1 }, { 2, 0 }, { 3, 1 } };
	struct vec3 centre[5] = { { 0.25, 0, 0.25 }, { 0.75, 0, 0.25 }, { 0.25, 0, 0.75 },
				  { 1.25, 0, 0.25 }, { 1.75, 0, 0.75 } };
	for (int i = 0; i < 5; i++)
		assert_vec(light_point_on(&l, uv[i][0], uv[i][1], NULL), centre[i].x,
			   centre[i].y, centre[i].z);
	l.jitter = true;
	double seq[] = { 0.3, 0.7 };
	struct jitter j = { .seq = seq, .nseq = 2 };
	struct vec3 jit[5] = { { 0.15, 0, 0.35 }, { 0.65, 0, 0.35 }, { 0.15, 0, 0.85 },
			       { 1.15, 0, 0.35 }, { 1.65, 0, 0.85 } };
	for (int i = 0; i < 5; i++)
		assert_vec(light_point_on(&l, uv[i][0], uv[i][1], &j), jit[i].x, jit[i].y,
			   jit[i].z);
}

static void test_intensity_at(void **state)
{
	(void)state;
	struct tw t;
	tw_default(&t);
	tw_build(&t, 1);
	struct vec3 lit[] = { { 0, 1.0001, 0 }, { -1.0001, 0, 0 }, { 0, 0, -1.0001 } };
	struct vec3 dark[] = { { 0, 0, 1.0001 }, { 1.0001, 0, 0 }, { 0, -1.0001, 0 },
			       { 0, 0, 0 } };
	for (int i = 0; i < 3; i++)
		assert_near(intensity_at(&t.t, &t.lights[0], lit[i]), 1.0);
	for (int i = 0; i < 4; i++)
		assert_near(intensity_at(&t.t, &t.lights[0], dark[i]), 0.0);

	/* area light, cell centres */
	struct light l = light_area(v3(-0.5, -0.5, -5), v3(1, 0, 0), 2, v3(0, 1, 0), 2,
				    false, rgb(1, 1, 1));
	struct vec3 pts[] = { { 0, 0, 2 }, { 1, -1, 2 }, { 1.5, 0, 2 }, { 1.25, 1.25, 3 },
			      { 0, 0, -2 } };
	double want[] = { 0.0, 0.25, 0.5, 0.75, 1.0 };
	for (int i = 0; i < 5; i++)
		assert_near(intensity_at(&t.t, &l, pts[i]), want[i]);
	/* jittered with the book's sequence */
	double seq[] = { 0.7, 0.3, 0.9, 0.1, 0.5 };
	double jwant[] = { 0.0, 0.5, 0.75, 0.75, 1.0 };
	l.jitter = true;
	for (int i = 0; i < 5; i++) {
		t.t.jit = (struct jitter){ .seq = seq, .nseq = 5 };
		assert_near(intensity_at(&t.t, &l, pts[i]), jwant[i]);
	}
	tw_free(&t);
}

static void test_lighting_intensity(void **state)
{
	(void)state;
	struct tw t;
	tw_default(&t);
	t.mat[0].ambient = 0.1;
	t.mat[0].diffuse = 0.9;
	t.mat[0].specular = 0;
	t.mat[0].color = rgb(1, 1, 1);
	t.lights[0] = light_point(v3(0, 0, -10), rgb(1, 1, 1));
	tw_build(&t, 1);
	double in[] = { 1, 0.5, 0 }, want[] = { 1, 0.55, 0.1 };
	for (int i = 0; i < 3; i++)
		assert_color(lighting(&t.mat[0], &t.w.prims[0], &t.lights[0], v3(0, 0, -1),
				      v3(0, 0, -1), v3(0, 0, -1), in[i], NULL, true),
			     want[i], want[i], want[i]);

	struct light l = light_area(v3(-0.5, -0.5, -5), v3(1, 0, 0), 2, v3(0, 1, 0), 2,
				    false, rgb(1, 1, 1));
	struct vec3 eye = v3(0, 0, -5);
	struct vec3 p1 = v3(0, 0, -1), p2 = v3(0, 0.7071, -0.7071);
	assert_color(lighting(&t.mat[0], &t.w.prims[0], &l, p1, v3_norm(v3_sub(eye, p1)),
			      p1, 1, NULL, true), 0.9965, 0.9965, 0.9965);
	assert_color(lighting(&t.mat[0], &t.w.prims[0], &l, p2, v3_norm(v3_sub(eye, p2)),
			      p2, 1, NULL, true), 0.62318, 0.62318, 0.62318);
	tw_free(&t);
}

static void test_groups(void **state)
{
	(void)state;
	struct tw t;
	tw_init(&t);
	tw_build(&t, 0);
	assert_int_equal(tw_hits(&t, ray_make(v3(0, 0, 0), v3(0, 0, 1)))->n, 0);
	tw_free(&t);

	tw_init(&t);
	tw_add(&t, SHAPE_SPHERE, mat4_identity(), NULL);
	tw_add(&t, SHAPE_SPHERE, translation(0, 0, -3), NULL);
	tw_add(&t, SHAPE_SPHERE, translation(5, 0, 0), NULL);
	tw_build(&t, 0);
	struct xs *xs = tw_hits(&t, ray_make(v3(0, 0, -5), v3(0, 0, 1)));
	assert_int_equal(xs->n, 4);
	assert_ptr_equal(xs->v[0].s, &t.w.prims[1]);
	assert_ptr_equal(xs->v[1].s, &t.w.prims[1]);
	assert_ptr_equal(xs->v[2].s, &t.w.prims[0]);
	assert_ptr_equal(xs->v[3].s, &t.w.prims[0]);
	tw_free(&t);

	tw_init(&t);
	struct mat4 s2 = scaling(2, 2, 2);
	node_set_transform(t.root, &s2);
	tw_add(&t, SHAPE_SPHERE, translation(5, 0, 0), NULL);
	tw_build(&t, 0);
	assert_int_equal(tw_hits(&t, ray_make(v3(10, 0, -10), v3(0, 0, 1)))->n, 2);
	tw_free(&t);

	/* world_to_object and normal_to_world through nested groups */
	tw_init(&t);
	struct node *g1 = t.root, *g2 = node_new_group(&t.a);
	struct node *s = node_new_shape(&t.a, SHAPE_SPHERE);
	struct mat4 ry = rotation_y(M_PI / 2), tr = translation(5, 0, 0);
	node_set_transform(g1, &ry);
	node_set_transform(g2, &s2);
	node_set_transform(s, &tr);
	node_add_child(&t.a, g1, g2);
	node_add_child(&t.a, g2, s);
	tw_build(&t, 0);
	assert_vec(shape_world_to_object(&t.w.prims[0], v3(-2, 0, -10), true), 0, 0, -1);
	tw_free(&t);

	tw_init(&t);
	g1 = t.root;
	g2 = node_new_group(&t.a);
	s = node_new_shape(&t.a, SHAPE_SPHERE);
	struct mat4 s123 = scaling(1, 2, 3);
	node_set_transform(g1, &ry);
	node_set_transform(g2, &s123);
	node_set_transform(s, &tr);
	node_add_child(&t.a, g1, g2);
	node_add_child(&t.a, g2, s);
	tw_build(&t, 0);
	double k = sqrt(3) / 3;
	assert_vec(shape_normal_to_world(&t.w.prims[0], v3(k, k, k), true), 0.2857,
		   0.4286, -0.8571);
	assert_vec(shape_normal_at(&t.w.prims[0], v3(1.7321, 1.1547, -5.5774), NULL, true),
		   0.2857, 0.4286, -0.8571);
	tw_free(&t);
}

static void test_group_bounds_and_divide(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct node *g = node_new_group(&a);
	struct node *s = node_new_shape(&a, SHAPE_SPHERE);
	struct node *c = node_new_shape(&a, SHAPE_CYLINDER);
	struct mat4 t1 = translation(2, 5, -3), sc2 = scaling(2, 2, 2),
		    t2 = translation(-4, -1, 4), sc3 = scaling(0.5, 1, 0.5);
	s->transform = mat4_mul(&t1, &sc2);
	c->shape.cyl.min = -2;
	c->shape.cyl.max = 2;
	c->transform = mat4_mul(&t2, &sc3);
	node_add_child(&a, g, s);
	node_add_child(&a, g, c);
	struct bbox b = node_bounds(g);
	assert_vec(b.min, -4.5, -3, -5);
	assert_vec(b.max, 4, 7, 4.5);

	/* partition_children */
	g = node_new_group(&a);
	struct node *s1 = node_new_shape(&a, SHAPE_SPHERE),
		    *s2 = node_new_shape(&a, SHAPE_SPHERE),
		    *s3 = node_new_shape(&a, SHAPE_SPHERE), *l, *r;
	s1->transform = translation(-2, 0, 0);
	s2->transform = translation(2, 0, 0);
	node_add_child(&a, g, s1);
	node_add_child(&a, g, s2);
	node_add_child(&a, g, s3);
	assert_int_equal(node_partition(&a, g, &l, &r), 0);
	assert_int_equal(g->nkids, 1);
	assert_ptr_equal(g->kids[0], s3);
	assert_int_equal(l->nkids, 1);
	assert_ptr_equal(l->kids[0], s1);
	assert_int_equal(r->nkids, 1);
	assert_ptr_equal(r->kids[0], s2);

	/* divide(g, 1) */
	g = node_new_group(&a);
	s1 = node_new_shape(&a, SHAPE_SPHERE);
	s2 = node_new_shape(&a, SHAPE_SPHERE);
	s3 = node_new_shape(&a, SHAPE_SPHERE);
	s1->transform = translation(-2, -2, 0);
	s2->transform = translation(-2, 2, 0);
	s3->transform = scaling(4, 4, 4);
	node_add_child(&a, g, s1);
	node_add_child(&a, g, s2);
	node_add_child(&a, g, s3);
	assert_int_equal(node_divide(&a, g, 1), 0);
	assert_int_equal(g->nkids, 2);
	assert_ptr_equal(g->kids[0], s3);
	struct node *sub = g->kids[1];
	assert_int_equal(sub->kind, NODE_GROUP);
	assert_int_equal(sub->nkids, 2);
	assert_int_equal(sub->kids[0]->nkids, 1);
	assert_ptr_equal(sub->kids[0]->kids[0], s1);
	assert_ptr_equal(sub->kids[1]->kids[0], s2);

	/* too few children: the subgroup is divided, g is not */
	g = node_new_group(&a);
	sub = node_new_group(&a);
	s1 = node_new_shape(&a, SHAPE_SPHERE);
	s2 = node_new_shape(&a, SHAPE_SPHERE);
	s3 = node_new_shape(&a, SHAPE_SPHERE);
	struct node *s4 = node_new_shape(&a, SHAPE_SPHERE);
	s1->transform = translation(-2, 0, 0);
	s2->transform = translation(2, 1, 0);
	s3->transform = translation(2, -1, 0);
	node_add_child(&a, sub, s1);
	node_add_child(&a, sub, s2);
	node_add_child(&a, sub, s3);
	node_add_child(&a, g, sub);
	node_add_child(&a, g, s4);
	assert_int_equal(node_divide(&a, g, 3), 0);
	assert_int_equal(g->nkids, 2);
	assert_ptr_equal(g->kids[0], sub);
	assert_ptr_equal(g->kids[1], s4);
	assert_int_equal(sub->nkids, 2);
	assert_ptr_equal(sub->kids[0]->kids[0], s1);
	assert_int_equal(sub->kids[1]->nkids, 2);
	assert_ptr_equal(sub->kids[1]->kids[0], s2);
	assert_ptr_equal(sub->kids[1]->kids[1], s3);
	arena_free(&a);
}

static void test_bvh_same_hits(void **state)
{
	(void)state;
	/* A divided world finds exactly the hits of the flat one. */
	struct tw flat, bvh;
	tw_init(&flat);
	tw_init(&bvh);
	for (int i = 0; i < 64; i++) {
		struct mat4 t = translation((i % 8) * 2.5 - 9, (i / 8) * 2.5 - 9, i % 3);
		tw_add(&flat, SHAPE_SPHERE, t, NULL);
		tw_add(&bvh, SHAPE_SPHERE, t, NULL);
	}
	node_divide(&bvh.a, bvh.root, 4);
	tw_build(&flat, 0);
	tw_build(&bvh, 0);
	assert_true(bvh.w.nnodes > 1);
	for (int i = 0; i < 200; i++) {
		double a = i * 0.37, b = i * 0.11;
		struct ray r = ray_make(v3(sin(a) * 3, cos(b) * 3, -20),
					v3_norm(v3(sin(a) * 0.3, cos(a) * 0.3, 1)));
		struct xs *x1 = tw_hits(&flat, r), *x2 = tw_hits(&bvh, r);
		assert_int_equal(x1->n, x2->n);
		for (int k = 0; k < x1->n; k++)
			assert_near(x1->v[k].t, x2->v[k].t);
	}
	tw_free(&flat);
	tw_free(&bvh);
}

static void test_csg(void **state)
{
	(void)state;
	bool rows[8][6] = {
		{ 1, 1, 1, 0, 1, 0 }, { 1, 1, 0, 1, 0, 1 }, { 1, 0, 1, 0, 1, 0 },
		{ 1, 0, 0, 1, 0, 1 }, { 0, 1, 1, 0, 1, 1 }, { 0, 1, 0, 0, 1, 1 },
		{ 0, 0, 1, 1, 0, 0 }, { 0, 0, 0, 1, 0, 0 },
	};
	for (int i = 0; i < 8; i++) {
		assert_int_equal(csg_allowed(CSG_UNION, rows[i][0], rows[i][1], rows[i][2]),
				 rows[i][3]);
		assert_int_equal(csg_allowed(CSG_INTERSECTION, rows[i][0], rows[i][1],
					     rows[i][2]), rows[i][4]);
		assert_int_equal(csg_allowed(CSG_DIFFERENCE, rows[i][0], rows[i][1],
					     rows[i][2]), rows[i][5]);
	}
	struct shape s1, s2;
	shape_init(&s1, SHAPE_SPHERE);
	shape_init(&s2, SHAPE_CUBE);
	struct { enum csg_op op; int x0, x1; } f[] = {
		{ CSG_UNION, 0, 3 }, { CSG_INTERSECTION, 1, 2 }, { CSG_DIFFERENCE, 0, 1 } };
	bool left[4] = { true, false, true, false };
	for (int i = 0; i < 3; i++) {
		struct isect xs[4] = { { 1, &s1, 0, 0, 0 }, { 2, &s2, 0, 0, 0 }, { 3, &s1, 0, 0, 0 },
				       { 4, &s2, 0, 0, 0 } };
		assert_int_equal(csg_filter(f[i].op, xs, left, 4), 2);
		assert_near(xs[0].t, f[i].x0 + 1);
		assert_near(xs[1].t, f[i].x1 + 1);
	}

	struct tw t;
	tw_init(&t);
	struct node *l = node_new_shape(&t.a, SHAPE_SPHERE),
		    *r = node_new_shape(&t.a, SHAPE_CUBE);
	node_add_child(&t.a, t.root, node_new_csg(&t.a, CSG_UNION, l, r));
	tw_build(&t, 0);
	assert_int_equal(t.w.prims[0].kind, SHAPE_CSG);
	assert_int_equal(tw_hits(&t, ray_make(v3(0, 2, -5), v3(0, 0, 1)))->n, 0);
	tw_free(&t);

	tw_init(&t);
	l = node_new_shape(&t.a, SHAPE_SPHERE);
	r = node_new_shape(&t.a, SHAPE_SPHERE);
	r->transform = translation(0, 0, 0.5);
	node_add_child(&t.a, t.root, node_new_csg(&t.a, CSG_UNION, l, r));
	tw_build(&t, 0);
	struct xs *xs = tw_hits(&t, ray_make(v3(0, 0, -5), v3(0, 0, 1)));
	assert_int_equal(xs->n, 2);
	assert_near(xs->v[0].t, 4);
	assert_ptr_equal(xs->v[0].s, &t.w.prims[0].csg.kids[0]);
	assert_near(xs->v[1].t, 6.5);
	assert_ptr_equal(xs->v[1].s, &t.w.prims[0].csg.kids[1]);
	tw_free(&t);

	/* difference with a group operand: cube minus two spheres */
	tw_init(&t);
	struct node *g = node_new_group(&t.a), *a1 = node_new_shape(&t.a, SHAPE_SPHERE),
		    *a2 = node_new_shape(&t.a, SHAPE_SPHERE);
	a1->transform = translation(0, 0, -1);
	a2->transform = translation(0, 0, 1);
	node_add_child(&t.a, g, a1);
	node_add_child(&t.a, g, a2);
	node_add_child(&t.a, t.root,
		       node_new_csg(&t.a, CSG_DIFFERENCE, node_new_shape(&t.a, SHAPE_CUBE), g));
	tw_build(&t, 0);
	xs = tw_hits(&t, ray_make(v3(0, 0, -5), v3(0, 0, 1)));
	/* The spheres cover the axis except where they touch (t = 5): the
	 * book's rule leaves that zero-thickness wall of the cube. */
	assert_int_equal(xs->n, 2);
	assert_near(xs->v[0].t, 5);
	assert_near(xs->v[1].t, 5);
	xs = tw_hits(&t, ray_make(v3(0.9, 0.9, -5), v3(0, 0, 1)));
	assert_int_equal(xs->n, 2);
	assert_near(xs->v[0].t, 4);
	tw_free(&t);
}

static const char *obj_text =
	"There was a young lady named Bright\n"
	"who traveled much faster than light.\n"
	"She set out one day\n"
	"in a relative way,\n"
	"and came back the previous night.\n"
	"v -1 1 0\nv -1.0000 0.5000 0.0000\nv 1 0 0\nv 1 1 0\n"
	"g FirstGroup\nf 1 2 3\ng SecondGroup\nf 1 3 4\n"
	"vn 0 0 1\nvn 0.707 0 -0.707\nvn 1 2 3\n"
	"f 1 2 3 4\n"
	"f 1//3 2//1 3//2\nf 1/0/3 2/102/1 3/14/2\n";

static bool v3_eq(struct vec3 a, struct vec3 b)
{
	return a.x == b.x && a.y == b.y && a.z == b.z;
}

/* The BVH reorders triangles: find one by its corners. */
static const struct mesh_tri *find_tri(const struct mesh *m, struct vec3 a,
				       struct vec3 b, struct vec3 c)
{
	for (int i = 0; i < m->ntris; i++) {
		const struct mesh_tri *t = &m->tris[i];
		if (v3_eq(m->pos[t->v[0]], a) && v3_eq(m->pos[t->v[1]], b) &&
		    v3_eq(m->pos[t->v[2]], c))
			return t;
	}
	return NULL;
}

static void test_obj(void **state)
{
	(void)state;
	struct arena a;
	struct obj_file f;
	struct rt_error err;
	const struct mesh_tri *t;
	arena_init(&a);
	assert_int_equal(obj_parse(&a, obj_text, strlen(obj_text), "t.obj", 100, &f, &err), 0);
	struct mesh *m = f.mesh;
	assert_int_equal(f.ignored, 5);
	assert_int_equal(m->npos, 4);
	assert_vec(m->pos[0], -1, 1, 0);
	assert_vec(m->pos[1], -1, 0.5, 0);
	assert_vec(m->pos[2], 1, 0, 0);
	assert_vec(m->pos[3], 1, 1, 0);
	assert_int_equal(m->nnrm, 3);
	assert_vec(m->nrm[1], 0.707, 0, -0.707);
	assert_int_equal(f.ngroups, 2);
	/* f 1 2 3; f 1 3 4; the fan of f 1 2 3 4: (1,2,3), (1,3,4); two smooth */
	assert_int_equal(m->ntris, 6);
	assert_non_null(t = find_tri(m, v3(-1, 1, 0), v3(-1, 0.5, 0), v3(1, 0, 0)));
	assert_non_null(t = find_tri(m, v3(-1, 1, 0), v3(1, 0, 0), v3(1, 1, 0)));
	assert_true(t->n[0] < 0);
	int smooth = 0;
	for (int i = 0; i < m->ntris; i++) {
		t = &m->tris[i];
		if (t->n[0] < 0)
			continue;
		smooth++;
		assert_vec(m->pos[t->v[0]], -1, 1, 0);
		assert_vec(m->nrm[t->n[0]], 1, 2, 3);
		assert_vec(m->nrm[t->n[1]], 0, 0, 1);
		assert_vec(m->nrm[t->n[2]], 0.707, 0, -0.707);
	}
	assert_int_equal(smooth, 2);
	for (int i = 0; i < m->ntris; i++)	/* flat: unit, from the edges */
		if (m->tris[i].n[0] < 0)
			assert_near(v3_len(mesh_normal(m, i, 0.2, 0.3)), 1);

	const char *fan = "v -1 1 0\nv -1 0 0\nv 1 0 0\nv 1 1 0\nv 0 2 0\nf 1 2 3 4 5\n";
	assert_int_equal(obj_parse(&a, fan, strlen(fan), "fan.obj", 100, &f, &err), 0);
	assert_int_equal(f.mesh->ntris, 3);
	assert_non_null(find_tri(f.mesh, v3(-1, 1, 0), v3(1, 1, 0), v3(0, 2, 0)));

	const char *bad = "v 1 2 3\nf 1 2 7\n";
	assert_int_equal(obj_parse(&a, bad, strlen(bad), "bad.obj", 100, &f, &err), -1);
	assert_string_equal(err.msg, "bad.obj:2: vertex index 2 out of range (1 vertices)");
	const char *badv = "v 1 x 3\n";
	assert_int_equal(obj_parse(&a, badv, strlen(badv), "bad.obj", 100, &f, &err), -1);
	assert_string_equal(err.msg, "bad.obj:1: expected three numbers");
	/* The triangle cap stops the parse at the first triangle past it. */
	const char *four = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 2 3\nf 1 2 3\nf 3 2 1\n";
	assert_int_equal(obj_parse(&a, four, strlen(four), "four.obj", 3, &f, &err), -1);
	assert_string_equal(err.msg, "four.obj:7: more than 3 triangles in the scene's "
			    "meshes (the triangle cap)");
	assert_int_equal(obj_parse(&a, fan, strlen(fan), "fan.obj", 4, &f, &err), -1);
	assert_string_equal(err.msg, "fan.obj:5: more than 4 vertices in the scene's "
			    "meshes (the triangle cap)");
	arena_free(&a);
}

/* A mesh placed once or several times hits the same points as the same
 * triangles would: baked to world space, or through its placement. */
static void test_mesh_instances(void **state)
{
	(void)state;
	struct arena a;
	struct obj_file f;
	struct rt_error err;
	struct xs xs;
	const char *tetra = "v 0 0 0\nv 1 0 0\nv 0.5 0 0.866\nv 0.5 0.816 0.289\n"
			    "f 1 2 3\nf 1 2 4\nf 2 3 4\nf 3 1 4\n";
	arena_init(&a);
	xs_init(&xs);
	assert_int_equal(obj_parse(&a, tetra, strlen(tetra), "t.obj", 100, &f, &err), 0);
	struct mat4 t = translation(0, 0, 5), mirror = scaling(-1, 1, 1);
	struct mat4 ws[2] = { t, mat4_mul(&t, &mirror) };
	for (int k = 0; k < 2; k++) {
		struct mesh *baked = mesh_bake(&a, f.mesh, &ws[k]);
		assert_non_null(baked);
		struct shape inst, once;
		shape_init(&inst, SHAPE_MESH);
		inst.mesh.m = f.mesh;
		shape_set_transform(&inst, &ws[k]);
		inst.mesh.flip = k == 1;	/* as world_build sets it */
		shape_init(&once, SHAPE_MESH);
		once.mesh.m = baked;
		once.box = shape_local_bounds(&once);
		assert_near(once.box.min.z, 5);
		assert_near(inst.box.max.z, 5.866);
		struct ray r = ray_make(v3(k ? -0.4 : 0.4, 0.2, 0), v3(0, 0, 1));
		xs.n = 0;
		shape_intersect(&inst, &r, &xs, true);
		shape_intersect(&once, &r, &xs, true);
		assert_int_equal(xs.n, 4);
		xs_sort(xs.v, xs.n);
		for (int h = 0; h < 4; h += 2) {
			assert_near(xs.v[h].t, xs.v[h + 1].t);
			struct vec3 p = ray_position(&r, xs.v[h].t);
			struct vec3 n0 = shape_normal_at(xs.v[h].s, p, &xs.v[h], true);
			struct vec3 n1 = shape_normal_at(xs.v[h + 1].s, p, &xs.v[h + 1], true);
			assert_vec(n0, n1.x, n1.y, n1.z);
		}
	}
	xs_free(&xs);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lighting),
		cmocka_unit_test(test_lighting_pattern),
		cmocka_unit_test(test_default_world),
		cmocka_unit_test(test_prepare_computations),
		cmocka_unit_test(test_shade_hit),
		cmocka_unit_test(test_color_at),
		cmocka_unit_test(test_shadows),
		cmocka_unit_test(test_shadow_flag),
		cmocka_unit_test(test_reflection),
		cmocka_unit_test(test_n1_n2),
		cmocka_unit_test(test_refraction),
		cmocka_unit_test(test_transparent_floor),
		cmocka_unit_test(test_schlick),
		cmocka_unit_test(test_area_light),
		cmocka_unit_test(test_intensity_at),
		cmocka_unit_test(test_lighting_intensity),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_group_bounds_and_divide),
		cmocka_unit_test(test_bvh_same_hits),
		cmocka_unit_test(test_csg),
		cmocka_unit_test(test_obj),
		cmocka_unit_test(test_mesh_instances),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
