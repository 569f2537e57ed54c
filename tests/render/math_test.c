/* math_test: book ch. 1-4 (tuples, canvas, matrices, transforms) and the
 * camera of ch. 7, with the book's values. */
#include "testutil.h"

#include <stdlib.h>

#include "render/camera.h"
#include "render/canvas.h"

static void test_tuples(void **state)
{
	(void)state;
	struct vec3 p = v3(3, 2, 1), q = v3(5, 6, 7);
	assert_vec(v3_sub(p, q), -2, -4, -6);	/* point - point = vector */
	assert_vec(v3_add(v3(3, -2, 5), v3(-2, 3, 1)), 1, 1, 6);
	assert_vec(v3_neg(v3(1, -2, 3)), -1, 2, -3);
	assert_vec(v3_scale(v3(1, -2, 3), 3.5), 3.5, -7, 10.5);
	assert_near(v3_len(v3(1, 2, 3)), sqrt(14));
	assert_vec(v3_norm(v3(4, 0, 0)), 1, 0, 0);
	assert_vec(v3_norm(v3(1, 2, 3)), 0.26726, 0.53452, 0.80178);
	assert_near(v3_len(v3_norm(v3(1, 2, 3))), 1);
	assert_near(v3_dot(v3(1, 2, 3), v3(2, 3, 4)), 20);
	assert_vec(v3_cross(v3(1, 2, 3), v3(2, 3, 4)), -1, 2, -1);
	assert_vec(v3_cross(v3(2, 3, 4), v3(1, 2, 3)), 1, -2, 1);
}

static void test_colors(void **state)
{
	(void)state;
	assert_color(color_add(rgb(0.9, 0.6, 0.75), rgb(0.7, 0.1, 0.25)), 1.6, 0.7, 1.0);
	assert_color(color_sub(rgb(0.9, 0.6, 0.75), rgb(0.7, 0.1, 0.25)), 0.2, 0.5, 0.5);
	assert_color(color_scale(rgb(0.2, 0.3, 0.4), 2), 0.4, 0.6, 0.8);
	assert_color(color_mul(rgb(1, 0.2, 0.4), rgb(0.9, 1, 0.1)), 0.9, 0.2, 0.04);
}

static void test_canvas_ppm(void **state)
{
	(void)state;
	struct canvas c;
	size_t len;
	assert_int_equal(canvas_init(&c, 5, 3, NULL), 0);
	for (int i = 0; i < 5 * 3 * 3; i++)
		assert_int_equal(c.rgb[i], 0);
	canvas_write(&c, 0, 0, rgb(1.5, 0, 0));
	canvas_write(&c, 2, 1, rgb(0, 0.5, 0));
	canvas_write(&c, 4, 2, rgb(-0.5, 0, 1));
	char *ppm = canvas_to_ppm(&c, &len);
	assert_string_equal(ppm, "P3\n5 3\n255\n"
				 "255 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
				 "0 0 0 0 0 0 0 128 0 0 0 0 0 0 0\n"
				 "0 0 0 0 0 0 0 0 0 0 0 0 0 0 255\n");
	free(ppm);
	canvas_free(&c);

	/* Long lines split at 70 characters. */
	assert_int_equal(canvas_init(&c, 10, 2, NULL), 0);
	for (int y = 0; y < 2; y++)
		for (int x = 0; x < 10; x++)
			canvas_write(&c, x, y, rgb(1, 0.8, 0.6));
	ppm = canvas_to_ppm(&c, &len);
	assert_string_equal(ppm, "P3\n10 2\n255\n"
		"255 204 153 255 204 153 255 204 153 255 204 153 255 204 153 255 204\n"
		"153 255 204 153 255 204 153 255 204 153 255 204 153\n"
		"255 204 153 255 204 153 255 204 153 255 204 153 255 204 153 255 204\n"
		"153 255 204 153 255 204 153 255 204 153 255 204 153\n");
	assert_int_equal(ppm[len - 1], '\n');
	free(ppm);
	canvas_free(&c);
}

static struct mat4 M(const double v[16])
{
	struct mat4 m;
	memcpy(m.m, v, sizeof m.m);
	return m;
}

static void test_matrix_basics(void **state)
{
	(void)state;
	double m2[4] = { 1, 5, -3, 2 };
	assert_near(mat_determinant(m2, 2), 17);
	double m3[9] = { 1, 2, 6, -5, 8, -4, 2, 6, 4 };
	assert_near(mat_cofactor(m3, 3, 0, 0), 56);
	assert_near(mat_cofactor(m3, 3, 0, 1), 12);
	assert_near(mat_cofactor(m3, 3, 0, 2), -46);
	assert_near(mat_determinant(m3, 3), -196);
	double m3b[9] = { 3, 5, 0, 2, -1, -7, 6, -1, 5 };
	assert_near(mat_minor(m3b, 3, 1, 0), 25);
	assert_near(mat_cofactor(m3b, 3, 1, 0), -25);
	double a[16] = { -2, -8, 3, 5, -3, 1, 7, 3, 1, 2, -9, 6, -6, 7, 7, -9 };
	assert_near(mat_cofactor(a, 4, 0, 0), 690);
	assert_near(mat_cofactor(a, 4, 0, 1), 447);
	assert_near(mat_cofactor(a, 4, 0, 2), 210);
	assert_near(mat_cofactor(a, 4, 0, 3), 51);
	assert_near(mat_determinant(a, 4), -4071);
	double inv[16] = { 6, 4, 4, 4, 5, 5, 7, 6, 4, -9, 3, -7, 9, 1, 7, -6 };
	struct mat4 mi = M(inv), out;
	assert_near(mat4_determinant(&mi), -2120);
	assert_true(mat4_inverse(&mi, &out));
	double sing[16] = { -4, 2, -2, -3, 9, 6, 2, 6, 0, -5, 1, -5, 0, 0, 0, 0 };
	struct mat4 ms = M(sing);
	assert_near(mat4_determinant(&ms), 0);
	assert_false(mat4_inverse(&ms, &out));
	struct mat4 id = mat4_identity(), t = mat4_transpose(&id);
	assert_true(mat4_equal(&t, &id, 1e-12));
	double tv[16] = { 0, 9, 3, 0, 9, 8, 0, 8, 1, 8, 5, 3, 0, 0, 5, 8 };
	double tt[16] = { 0, 9, 1, 0, 9, 8, 8, 0, 3, 0, 5, 5, 0, 8, 3, 8 };
	struct mat4 tm = M(tv), want = M(tt);
	t = mat4_transpose(&tm);
	assert_true(mat4_equal(&t, &want, 1e-12));
}

static void test_matrix_inverse(void **state)
{
	(void)state;
	double av[16] = { -5, 2, 6, -8, 1, -5, 1, 8, 7, 7, -6, -7, 1, -3, 7, 4 };
	struct mat4 a = M(av), b;
	assert_near(mat4_determinant(&a), 532);
	assert_near(mat_cofactor(av, 4, 2, 3), -160);
	assert_near(mat_cofactor(av, 4, 3, 2), 105);
	assert_true(mat4_inverse(&a, &b));
	assert_near(b.m[3][2], -160.0 / 532);
	assert_near(b.m[2][3], 105.0 / 532);
	double want[16] = { 0.21805, 0.45113, 0.24060, -0.04511, -0.80827, -1.45677,
			    -0.44361, 0.52068, -0.07895, -0.22368, -0.05263, 0.19737,
			    -0.52256, -0.81391, -0.30075, 0.30639 };
	struct mat4 w = M(want);
	assert_true(mat4_equal(&b, &w, 1e-4));
	double cv[16] = { 3, -9, 7, 3, 3, -8, 2, -9, -4, 4, 4, 1, -6, 5, -1, 1 };
	double dv[16] = { 8, 2, 2, 2, 3, -1, 7, 0, 7, 0, 5, 4, 6, -2, 0, 5 };
	struct mat4 c = M(cv), d = M(dv), cd = mat4_mul(&c, &d), dinv, back;
	assert_true(mat4_inverse(&d, &dinv));
	back = mat4_mul(&cd, &dinv);
	assert_true(mat4_equal(&back, &c, 1e-9));
}

static void test_matrix_multiply(void **state)
{
	(void)state;
	double av[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 7, 6, 5, 4, 3, 2 };
	double bv[16] = { -2, 1, 2, 3, 3, 2, 1, -1, 4, 3, 6, 5, 1, 2, 7, 8 };
	double pv[16] = { 20, 22, 50, 48, 44, 54, 114, 108, 40, 58, 110, 102,
			  16, 26, 46, 42 };
	struct mat4 a = M(av), b = M(bv), p = M(pv), r = mat4_mul(&a, &b);
	assert_true(mat4_equal(&r, &p, 1e-12));
	double tv[16] = { 1, 2, 3, 4, 2, 4, 4, 2, 8, 6, 4, 1, 0, 0, 0, 1 };
	struct mat4 t = M(tv);
	assert_vec(mat4_mul_point(&t, v3(1, 2, 3)), 18, 24, 33);
}

static void test_transforms(void **state)
{
	(void)state;
	struct mat4 t = translation(5, -3, 2), inv = mat4_inverse_of(&t);
	assert_vec(mat4_mul_point(&t, v3(-3, 4, 5)), 2, 1, 7);
	assert_vec(mat4_mul_point(&inv, v3(-3, 4, 5)), -8, 7, 3);
	assert_vec(mat4_mul_vec(&t, v3(-3, 4, 5)), -3, 4, 5);
	struct mat4 s = scaling(2, 3, 4);
	assert_vec(mat4_mul_point(&s, v3(-4, 6, 8)), -8, 18, 32);
	assert_vec(mat4_mul_vec(&s, v3(-4, 6, 8)), -8, 18, 32);
	struct mat4 si = mat4_inverse_of(&s);
	assert_vec(mat4_mul_vec(&si, v3(-4, 6, 8)), -2, 2, 2);
	struct mat4 refl = scaling(-1, 1, 1);
	assert_vec(mat4_mul_point(&refl, v3(2, 3, 4)), -2, 3, 4);
	double h = sqrt(2) / 2;
	struct mat4 rx = rotation_x(M_PI / 4), rxf = rotation_x(M_PI / 2);
	assert_vec(mat4_mul_point(&rx, v3(0, 1, 0)), 0, h, h);
	assert_vec(mat4_mul_point(&rxf, v3(0, 1, 0)), 0, 0, 1);
	struct mat4 rxi = mat4_inverse_of(&rx);
	assert_vec(mat4_mul_point(&rxi, v3(0, 1, 0)), 0, h, -h);
	struct mat4 ry = rotation_y(M_PI / 4), rz = rotation_z(M_PI / 4);
	assert_vec(mat4_mul_point(&ry, v3(0, 0, 1)), h, 0, h);
	assert_vec(mat4_mul_point(&rz, v3(0, 1, 0)), -h, h, 0);
	struct { double a[6]; double x, y, z; } shear[] = {
		{ { 1, 0, 0, 0, 0, 0 }, 5, 3, 4 }, { { 0, 1, 0, 0, 0, 0 }, 6, 3, 4 },
		{ { 0, 0, 1, 0, 0, 0 }, 2, 5, 4 }, { { 0, 0, 0, 1, 0, 0 }, 2, 7, 4 },
		{ { 0, 0, 0, 0, 1, 0 }, 2, 3, 6 }, { { 0, 0, 0, 0, 0, 1 }, 2, 3, 7 },
	};
	for (int i = 0; i < 6; i++) {
		struct mat4 sh = shearing(shear[i].a[0], shear[i].a[1], shear[i].a[2],
					  shear[i].a[3], shear[i].a[4], shear[i].a[5]);
		assert_vec(mat4_mul_point(&sh, v3(2, 3, 4)), shear[i].x, shear[i].y,
			   shear[i].z);
	}
	struct mat4 A = rotation_x(M_PI / 2), B = scaling(5, 5, 5),
		    C = translation(10, 5, 7);
	struct vec3 p = v3(1, 0, 1);
	p = mat4_mul_point(&A, p);
	assert_vec(p, 1, -1, 0);
	p = mat4_mul_point(&B, p);
	assert_vec(p, 5, -5, 0);
	p = mat4_mul_point(&C, p);
	assert_vec(p, 15, 0, 7);
	struct mat4 cb = mat4_mul(&C, &B), cba = mat4_mul(&cb, &A);
	assert_vec(mat4_mul_point(&cba, v3(1, 0, 1)), 15, 0, 7);
}

static void test_view_transform(void **state)
{
	(void)state;
	struct mat4 v = view_transform(v3(0, 0, 0), v3(0, 0, -1), v3(0, 1, 0));
	struct mat4 id = mat4_identity(), want;
	assert_true(mat4_equal(&v, &id, 1e-9));
	v = view_transform(v3(0, 0, 0), v3(0, 0, 1), v3(0, 1, 0));
	want = scaling(-1, 1, -1);
	assert_true(mat4_equal(&v, &want, 1e-9));
	v = view_transform(v3(0, 0, 8), v3(0, 0, 0), v3(0, 1, 0));
	want = translation(0, 0, -8);
	assert_true(mat4_equal(&v, &want, 1e-9));
	v = view_transform(v3(1, 3, 2), v3(4, -2, 8), v3(1, 1, 0));
	double w[16] = { -0.50709, 0.50709, 0.67612, -2.36643, 0.76772, 0.60609,
			 0.12122, -2.82843, -0.35857, 0.59761, -0.71714, 0, 0, 0, 0, 1 };
	want = M(w);
	assert_true(mat4_equal(&v, &want, 1e-4));
}

static void test_rays(void **state)
{
	(void)state;
	struct ray r = ray_make(v3(2, 3, 4), v3(1, 0, 0));
	assert_vec(ray_position(&r, 0), 2, 3, 4);
	assert_vec(ray_position(&r, 1), 3, 3, 4);
	assert_vec(ray_position(&r, -1), 1, 3, 4);
	assert_vec(ray_position(&r, 2.5), 4.5, 3, 4);
	struct ray r2 = ray_make(v3(1, 2, 3), v3(0, 1, 0));
	struct mat4 t = translation(3, 4, 5), s = scaling(2, 3, 4);
	struct ray a = ray_transform(&r2, &t), b = ray_transform(&r2, &s);
	assert_vec(a.origin, 4, 6, 8);
	assert_vec(a.dir, 0, 1, 0);
	assert_vec(b.origin, 2, 6, 12);
	assert_vec(b.dir, 0, 3, 0);
}

static void test_camera(void **state)
{
	(void)state;
	struct camera c;
	camera_init(&c, 160, 120, M_PI / 2);
	assert_int_equal(c.hsize, 160);
	assert_int_equal(c.vsize, 120);
	assert_true(mat4_is_identity(&c.transform));
	camera_init(&c, 200, 125, M_PI / 2);
	assert_near(c.pixel_size, 0.01);
	camera_init(&c, 125, 200, M_PI / 2);
	assert_near(c.pixel_size, 0.01);
	camera_init(&c, 201, 101, M_PI / 2);
	struct ray r = camera_ray(&c, 100.5, 50.5, true);
	assert_vec(r.origin, 0, 0, 0);
	assert_vec(r.dir, 0, 0, -1);
	r = camera_ray(&c, 0.5, 0.5, true);
	assert_vec(r.dir, 0.66519, 0.33259, -0.66851);
	struct mat4 ry = rotation_y(M_PI / 4), tr = translation(0, -2, 5),
		    xf = mat4_mul(&ry, &tr);
	camera_set_transform(&c, &xf);
	r = camera_ray(&c, 100.5, 50.5, true);
	assert_vec(r.origin, 0, 2, -5);
	assert_vec(r.dir, sqrt(2) / 2, 0, -sqrt(2) / 2);
	r = camera_ray(&c, 100.5, 50.5, false);	/* inverse_cache=off agrees */
	assert_vec(r.origin, 0, 2, -5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tuples),
		cmocka_unit_test(test_colors),
		cmocka_unit_test(test_canvas_ppm),
		cmocka_unit_test(test_matrix_basics),
		cmocka_unit_test(test_matrix_inverse),
		cmocka_unit_test(test_matrix_multiply),
		cmocka_unit_test(test_transforms),
		cmocka_unit_test(test_view_transform),
		cmocka_unit_test(test_rays),
		cmocka_unit_test(test_camera),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
