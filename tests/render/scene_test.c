/* scene_test: the YAML loader (spec §2 and §4.20): defines, extend,
 * transform order, materials, lights, camera, groups, OBJ, CSG, and the
 * exact error messages for bad input. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>

#include "render/mesh.h"
#include "render/scene.h"

#define FIXTURES RT_SRCDIR "/tests/render/scenes"

static struct scene sc;
static struct rt_error err;

static int load(const char *yaml)
{
	memset(&err, 0, sizeof err);
	return scene_load_string(&sc, yaml, strlen(yaml), "t.yaml", FIXTURES, &err);
}

#define CAMERA                                                                \
	"- add: camera\n  width: 10\n  height: 8\n  field-of-view: 0.785\n"   \
	"  from: [0, 0, -5]\n  to: [0, 0, 0]\n  up: [0, 1, 0]\n"

static void assert_mat(const struct mat4 *a, struct mat4 b)
{
	if (!mat4_equal(a, &b, 1e-9))
		fail_msg("matrices differ");
}

static void test_camera_and_lights(void **state)
{
	(void)state;
	assert_int_equal(load(CAMERA "- add: light\n  at: [-10, 10, -10]\n"
				     "  intensity: [1, 1, 1]\n"
				     "- add: light\n  corner: [-1, 2, 4]\n  uvec: [2, 0, 0]\n"
				     "  vvec: [0, 2, 0]\n  usteps: 10\n  vsteps: 10\n"
				     "  jitter: true\n  intensity: [1.5, 1.5, 1.5]\n"), 0);
	assert_int_equal(sc.camera.hsize, 10);
	assert_int_equal(sc.camera.vsize, 8);
	assert_true(fabs(sc.camera.fov - M_PI / 4) < 1e-3);	/* radians, not degrees */
	struct mat4 vt = view_transform(v3(0, 0, -5), v3(0, 0, 0), v3(0, 1, 0));
	assert_mat(&sc.camera.transform, vt);
	assert_int_equal(sc.world.nlights, 2);
	assert_vec(sc.world.lights[0].position, -10, 10, -10);
	assert_int_equal(sc.world.lights[1].samples, 100);
	assert_vec(sc.world.lights[1].uvec, 0.2, 0, 0);
	assert_true(sc.world.lights[1].jitter);
	assert_near(sc.world.lights[1].intensity.r, 1.5);
	assert_int_equal(sc.nwarnings, 0);
	scene_free(&sc);
	/* fallbacks: width/height 100, fov pi/3, up +y */
	assert_int_equal(load("- add: camera\n  from: [0, 0, -5]\n  to: [0, 0, 0]\n"), 0);
	assert_int_equal(sc.camera.hsize, 100);
	assert_near(sc.camera.fov, M_PI / 3);
	scene_free(&sc);
}

static void test_transform_order(void **state)
{
	(void)state;
	assert_int_equal(load(CAMERA
		"- define: standard-transform\n  value:\n"
		"    - [translate, 1, -1, 1]\n    - [scale, 0.5, 0.5, 0.5]\n"
		"- define: large-object\n  value:\n"
		"    - standard-transform\n    - [scale, 3.5, 3.5, 3.5]\n"
		"- add: cube\n  transform: [large-object]\n"
		"- add: plane\n  transform: [[rotate-x, 1.5708], [translate, 0, 0, 10]]\n"
		"- add: sphere\n  material:\n    pattern:\n      type: stripes\n"
		"      colors: [[1, 1, 1], [0, 0, 0]]\n"
		"      transform: [[scale, 0.25, 0.25, 0.25], [rotate-y, 1.5708]]\n"), 0);
	struct mat4 a = scaling(3.5, 3.5, 3.5), b = scaling(0.5, 0.5, 0.5),
		    c = translation(1, -1, 1), ab = mat4_mul(&a, &b);
	assert_mat(&sc.world.prims[0].m, mat4_mul(&ab, &c));
	struct mat4 t = translation(0, 0, 10), r = rotation_x(1.5708);
	assert_mat(&sc.world.prims[1].m, mat4_mul(&t, &r));
	struct mat4 ry = rotation_y(1.5708), s = scaling(0.25, 0.25, 0.25);
	assert_mat(&sc.world.prims[2].material->pattern->m, mat4_mul(&ry, &s));
	scene_free(&sc);
}

static void test_materials_extend(void **state)
{
	(void)state;
	assert_int_equal(load(CAMERA
		"- define: white-material\n  value:\n    color: [1, 1, 1]\n"
		"    diffuse: 0.7\n    ambient: 0.1\n    specular: 0.0\n    reflective: 0.1\n"
		"- define: blue-material\n  extend: white-material\n  value:\n"
		"    color: [0.537, 0.831, 0.914]\n"
		"- add: sphere\n  material: blue-material\n"
		"- add: sphere\n  material: { transparency: .75, refractive-index: 1.5 }\n"), 0);
	const struct material *m = sc.world.prims[0].material;
	assert_color(m->color, 0.537, 0.831, 0.914);
	assert_near(m->diffuse, 0.7);
	assert_near(m->ambient, 0.1);
	assert_near(m->specular, 0);
	assert_near(m->reflective, 0.1);
	assert_near(m->shininess, 200);
	m = sc.world.prims[1].material;
	assert_near(m->transparency, 0.75);
	assert_near(m->refractive_index, 1.5);
	assert_near(m->diffuse, 0.9);
	scene_free(&sc);
}

static void test_defined_objects(void **state)
{
	(void)state;
	assert_int_equal(load(CAMERA
		"- define: raw-bbox\n  value:\n    add: cube\n    shadow: false\n"
		"    transform:\n      - [translate, 1, 1, 1]\n      - [scale, 2, 2, 2]\n"
		"    material: { ambient: 0.2 }\n"
		"- define: bbox\n  value:\n    add: raw-bbox\n"
		"    transform: [[translate, 0, 5, 0]]\n"
		"- add: bbox\n  transform: [[rotate-y, 0.5]]\n"
		"- add: bbox\n  shadow: true\n  material: { ambient: 0.3 }\n"), 0);
	assert_int_equal(sc.world.nprims, 2);
	struct mat4 s = scaling(2, 2, 2), t = translation(1, 1, 1), u = translation(0, 5, 0),
		    ry = rotation_y(0.5), st = mat4_mul(&s, &t), ust = mat4_mul(&u, &st);
	assert_mat(&sc.world.prims[0].m, mat4_mul(&ry, &ust));
	assert_false(sc.world.prims[0].shadow);
	assert_near(sc.world.prims[0].material->ambient, 0.2);
	assert_mat(&sc.world.prims[1].m, ust);
	assert_true(sc.world.prims[1].shadow);
	assert_near(sc.world.prims[1].material->ambient, 0.3);
	scene_free(&sc);
}

static void test_groups_inherit(void **state)
{
	(void)state;
	assert_int_equal(load(CAMERA
		"- add: group\n  material: { color: [1, 0, 0] }\n"
		"  transform: [[translate, 0, 1, 0]]\n  children:\n"
		"    - add: sphere\n    - add: sphere\n      material: { color: [0, 1, 0] }\n"
		"      transform: [[translate, 3, 0, 0]]\n"
		"    - add: cylinder\n      min: -1\n      max: 2\n      closed: true\n"), 0);
	assert_int_equal(sc.world.nprims, 3);
	assert_color(sc.world.prims[0].material->color, 1, 0, 0);
	assert_color(sc.world.prims[1].material->color, 0, 1, 0);
	struct mat4 a = translation(0, 1, 0), b = translation(3, 0, 0);
	assert_mat(&sc.world.prims[1].m, mat4_mul(&a, &b));
	assert_near(sc.world.prims[2].cyl.min, -1);
	assert_near(sc.world.prims[2].cyl.max, 2);
	assert_true(sc.world.prims[2].cyl.closed);
	scene_free(&sc);
}

static void test_csg_and_obj(void **state)
{
	(void)state;
	assert_int_equal(load(CAMERA
		"- add: csg\n  op: difference\n  left:\n    type: cube\n"
		"  right:\n    type: cylinder\n    min: -0.26\n    max: 0.26\n    closed: true\n"
		"- add: obj\n  file: meshes/tetra.obj\n  material: { color: [0, 1, 0] }\n"), 0);
	assert_int_equal(sc.world.nprims, 2);
	int csg = 0, tris = 0;
	for (int i = 0; i < sc.world.nprims; i++) {
		const struct shape *s = &sc.world.prims[i];
		if (s->kind == SHAPE_CSG) {
			csg++;
			assert_int_equal(s->csg.op, CSG_DIFFERENCE);
			assert_int_equal(s->csg.kids[1].kind, SHAPE_CYLINDER);
		} else if (s->kind == SHAPE_MESH) {
			tris += s->mesh.m->ntris;
			assert_color(s->material->color, 0, 1, 0);
		}
	}
	assert_int_equal(csg, 1);
	assert_int_equal(tris, 4);
	scene_free(&sc);
}

/* An OBJ file named many times is read once: past a small budget of
 * world-space copies, placements share its triangles and differ only in
 * transform (and material). */
static void test_obj_instances(void **state)
{
	(void)state;
	char yaml[8192];
	int n = snprintf(yaml, sizeof yaml, "%s%s", CAMERA,
			 "- define: pawn\n  value:\n    add: obj\n"
			 "    file: ../../../scenes/meshes/pawn.obj\n");
	for (int i = 0; i < 40; i++)
		n += snprintf(yaml + n, sizeof yaml - (size_t)n,
			      "- add: pawn\n  transform: [[scale, %d, 1, 1], "
			      "[translate, %d, 0, 0]]\n", i % 2 ? -1 : 1, i + 1);
	assert_int_equal(load(yaml), 0);
	assert_int_equal(sc.world.nprims, 40);
	const struct mesh *shared = NULL;
	int nshared = 0, baked = 0;
	for (int i = 0; i < 40; i++) {
		const struct shape *s = &sc.world.prims[i];
		assert_int_equal(s->kind, SHAPE_MESH);
		assert_int_equal(s->mesh.m->ntris, 5248);
		assert_int_equal(s->mesh.m->uses, 40);
		if (s->xform) {	/* the loaded mesh itself, placed */
			assert_true(!shared || shared == s->mesh.m);
			shared = s->mesh.m;
			nshared++;
			assert_int_equal(s->mesh.flip, mat4_determinant(&s->m) < 0);
		} else {	/* a world-space copy */
			assert_ptr_not_equal(s->mesh.m, shared);
			baked++;
		}
	}
	assert_int_equal(baked, 100000 / 5248);
	assert_int_equal(nshared, 40 - baked);
	scene_free(&sc);
}

/* A mesh as a CSG operand counts every crossing of the line, behind the
 * ray's origin too: culling the octahedron's far side (t = -1.2) would
 * leave the ray "outside" it and keep the sphere's exit instead. */
static void test_obj_in_csg(void **state)
{
	(void)state;
	assert_int_equal(load(CAMERA "- add: csg\n  op: intersection\n  left:\n"
		"    type: obj\n    file: meshes/octa.obj\n  right:\n    type: sphere\n"
		"    transform: [[scale, 3, 3, 3]]\n"), 0);
	struct xs xs;
	struct ray r = ray_make(v3(0.1, 0.2, 0.5), v3(0, 0, 1));
	xs_init(&xs);
	world_intersect(&sc.world, &r, &xs, true);
	xs_sort(xs.v, xs.n);
	assert_int_equal(xs.n, 2);
	assert_near(xs.v[0].t, -1.2);
	assert_near(xs.v[1].t, 0.2);
	xs_free(&xs);
	scene_free(&sc);
}

/* A mesh with no faces loads with a warning, placed once or twice. */
static void test_obj_empty(void **state)
{
	(void)state;
	for (int uses = 1; uses <= 2; uses++) {
		assert_int_equal(load(uses == 1 ? CAMERA "- add: obj\n  file: meshes/empty.obj\n"
					    : CAMERA "- add: obj\n  file: meshes/empty.obj\n"
						     "- add: obj\n  file: meshes/empty.obj\n"), 0);
		assert_int_equal(sc.nwarnings, 1);
		assert_non_null(strstr(sc.warnings[0], "empty.obj has no faces"));
		struct xs xs;
		struct ray r = ray_make(v3(0, 0, -5), v3(0, 0, 1));
		xs_init(&xs);
		world_intersect(&sc.world, &r, &xs, true);
		assert_int_equal(xs.n, 0);
		xs_free(&xs);
		scene_free(&sc);
	}
}

static void test_spec_scenes(void **state)
{
	(void)state;
	assert_int_equal(scene_load(&sc, FIXTURES "/tabletop.yml", &err), 0);
	assert_int_equal(sc.camera.hsize, 160);
	assert_int_equal(sc.world.nprims, 4);
	assert_string_equal(sc.name, "tabletop");
	scene_free(&sc);
	assert_int_equal(scene_load(&sc, FIXTURES "/workshop.yml", &err), 0);
	assert_int_equal(sc.world.nlights, 1);
	assert_int_equal(sc.world.lights[0].samples, 16);
	assert_int_equal(sc.world.nshapes, 2 + 1 + 1 + 2 + 1 + 1 + 1);	/* a mesh is one */
	scene_free(&sc);
}

static void test_warnings(void **state)
{
	(void)state;
	assert_int_equal(load(CAMERA "- add: sphere\n  aa: 3\n  material: { glow: 1 }\n"), 0);
	assert_int_equal(sc.nwarnings, 2);
	assert_string_equal(sc.warnings[0], "t.yaml:9:3: ignoring unknown key 'aa'");
	assert_string_equal(sc.warnings[1], "t.yaml:10:15: ignoring unknown key 'glow'");
	scene_free(&sc);
}

static void test_errors(void **state)
{
	(void)state;
	struct { const char *yaml, *msg; } bad[] = {
		{ "- add: sphere\n", "t.yaml:1:1: the scene has no camera (add one with '- add: camera')" },
		{ "", "t.yaml:1:1: the scene is empty" },
		{ "add: camera\n", "t.yaml:1:1: a scene is a list of '- add:' and '- define:' items" },
		{ CAMERA "- add: sphere\n  transform: [[translate, 1, 2]]\n",
		  "t.yaml:9:15: 'translate' takes 3 numbers, not 2" },
		{ CAMERA "- add: sphere\n  material: { ambient: lots }\n",
		  "t.yaml:9:24: 'lots' is not a number" },
		{ CAMERA "- add: teapot\n", "t.yaml:8:8: unknown shape 'teapot' (a define must come before its use)" },
		{ CAMERA "- add: triangle\n",
		  "t.yaml:8:8: triangles come only from OBJ files (use add: obj)" },
		{ CAMERA "- add: sphere\n  material: shiny\n- define: shiny\n  value: { ambient: 1 }\n",
		  "t.yaml:9:13: unknown material 'shiny' (a define must come before its use)" },
		{ CAMERA "- define: a\n  extend: a\n  value: { ambient: 1 }\n",
		  "t.yaml:9:11: define 'a' extends itself" },
		{ CAMERA "- add: obj\n  file: nope.obj\n",
		  "t.yaml:9:9: cannot read " FIXTURES "/nope.obj: No such file or directory" },
		{ CAMERA "- add: sphere\n  transform: [[scale, 0, 1, 1]]\n",
		  "t.yaml:9:14: this transform cannot be inverted (a scale of 0?)" },
		{ CAMERA "- add: camera\n  width: -3\n  from: [0, 0, 0]\n  to: [0, 0, 1]\n",
		  "t.yaml:9:10: -3 is out of range (1..16384)" },
		{ CAMERA "- add: light\n  at: [1, 2]\n  intensity: [1, 1, 1]\n",
		  "t.yaml:9:7: expected a list of 3 numbers, like [1, 0, 0]" },
		{ CAMERA "- add: sphere\n  transform: [[translate, 1, 2, 3]\n",
		  "t.yaml:10:1: did not find expected ',' or ']' while parsing a flow sequence" },
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (load(bad[i].yaml) != -1)
			fail_msg("case %u loaded", i);
		assert_string_equal(err.msg, bad[i].msg);
	}
}

/* Every bundled scene in scenes/ loads cleanly, without warnings. */
static void test_bundled_scenes(void **state)
{
	(void)state;
	DIR *d = opendir(RT_SRCDIR "/scenes");
	struct dirent *de;
	int n = 0;
	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char path[1024];
		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml"))
			continue;
		snprintf(path, sizeof path, RT_SRCDIR "/scenes/%s", de->d_name);
		if (scene_load(&sc, path, &err) < 0)
			fail_msg("%s", err.msg);
		if (sc.nwarnings)
			fail_msg("%s", sc.warnings[0]);
		assert_true(sc.world.nprims > 0);
		scene_free(&sc);
		n++;
	}
	closedir(d);
	assert_true(n >= 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_camera_and_lights),
		cmocka_unit_test(test_transform_order),
		cmocka_unit_test(test_materials_extend),
		cmocka_unit_test(test_defined_objects),
		cmocka_unit_test(test_groups_inherit),
		cmocka_unit_test(test_csg_and_obj),
		cmocka_unit_test(test_obj_instances),
		cmocka_unit_test(test_obj_empty),
		cmocka_unit_test(test_obj_in_csg),
		cmocka_unit_test(test_spec_scenes),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bundled_scenes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
