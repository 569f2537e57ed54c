/* render_test: the threaded renderer.  Images must be bit-identical for
 * every thread count, job split and case-study switch, match the committed
 * golden PNGs exactly, and pooled frames must allocate nothing once warm. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "render/render.h"

#define SRC RT_SRCDIR "/tests/render"

static const char *const golden[] = { "tabletop", "workshop", "shapes", "textures" };

static void render(const struct scene *sc, int threads, enum job_kind jobs,
		   struct render_switches sw, struct canvas *out,
		   struct render_stats *st)
{
	struct rt_error err;
	struct render_pool *p = render_pool_new(threads, &err);
	struct render_request rq = { .scene = sc, .sw = sw, .jobs = jobs, .out = out };
	assert_non_null(p);
	assert_int_equal(render_pool_frame(p, &rq, st, &err), 0);
	render_pool_free(p);
}

static void test_default_world_render(void **state)
{
	(void)state;
	struct tw t;
	struct scene sc;
	struct canvas img;
	struct render_stats st;
	int threads[] = { 1, 2, 3, 8 };

	tw_default(&t);
	tw_build(&t, 1);
	memset(&sc, 0, sizeof sc);
	sc.world = t.w;
	sc.aa = 1;
	camera_init(&sc.camera, 11, 11, M_PI / 2);
	struct mat4 vt = view_transform(v3(0, 0, -5), v3(0, 0, 0), v3(0, 1, 0));
	camera_set_transform(&sc.camera, &vt);
	assert_color(render_pixel(&t.t, &sc.camera, 5, 5, 1), 0.38066, 0.47583, 0.2855);
	for (int i = 0; i < 4; i++)
		for (int j = JOBS_PIXEL; j <= JOBS_TILE; j++) {
			assert_int_equal(canvas_init(&img, 11, 11, NULL), 0);
			render(&sc, threads[i], (enum job_kind)j, switches_default(), &img, &st);
			uint8_t *p = img.rgb + (5 * 11 + 5) * 3;
			assert_int_equal(p[0], color_byte(0.38066));
			assert_int_equal(p[1], color_byte(0.47583));
			assert_int_equal(p[2], color_byte(0.2855));
			assert_int_equal(st.pixels, 121);
			assert_false(st.cancelled);
			canvas_free(&img);
		}
	tw_free(&t);
}

static void load_scene(struct scene *sc, const char *name)
{
	char path[512];
	struct rt_error err;
	snprintf(path, sizeof path, SRC "/scenes/%s.yml", name);
	if (scene_load(sc, path, &err) < 0)
		fail_msg("%s", err.msg);
}

/* Every thread count x job kind x switch gives the golden image. */
static void test_golden_images(void **state)
{
	(void)state;
	struct { int threads; enum job_kind jobs; const char *set; } runs[] = {
		{ 1, JOBS_TILE, NULL },		  { 2, JOBS_PIXEL, NULL },
		{ 3, JOBS_LINE, NULL },		  { 8, JOBS_TILE, NULL },
		{ 2, JOBS_LINE, "inverse_cache=off" }, { 3, JOBS_TILE, "alloc=naive" },
	};
	for (unsigned g = 0; g < sizeof golden / sizeof golden[0]; g++) {
		struct scene sc;
		struct canvas want, img;
		struct render_stats st;
		struct rt_error err;
		char path[512];
		load_scene(&sc, golden[g]);
		snprintf(path, sizeof path, SRC "/golden/%s.png", golden[g]);
		if (canvas_load_png(&want, path, &err) < 0)
			fail_msg("%s", err.msg);
		assert_int_equal(want.width, sc.camera.hsize);
		assert_int_equal(want.height, sc.camera.vsize);
		for (unsigned r = 0; r < sizeof runs / sizeof runs[0]; r++) {
			struct render_switches sw = switches_default();
			if (runs[r].set)
				assert_int_equal(switches_set(&sw, runs[r].set, &err), 0);
			assert_int_equal(canvas_init(&img, want.width, want.height, NULL), 0);
			render(&sc, runs[r].threads, runs[r].jobs, sw, &img, &st);
			if (memcmp(img.rgb, want.rgb, (size_t)want.width * want.height * 3))
				fail_msg("%s differs from golden with %d threads, jobs=%s, %s",
					 golden[g], runs[r].threads, jobs_name(runs[r].jobs),
					 runs[r].set ? runs[r].set : "defaults");
			assert_true(st.rays >= (uint64_t)want.width * want.height);
			canvas_free(&img);
		}
		canvas_free(&want);
		scene_free(&sc);
	}
}

static void test_steady_state_allocations(void **state)
{
	(void)state;
	struct scene sc;
	struct canvas img;
	struct render_stats st;
	struct rt_error err;
	load_scene(&sc, "tabletop");
	assert_int_equal(canvas_init(&img, sc.camera.hsize, sc.camera.vsize, NULL), 0);
	struct render_pool *p = render_pool_new(2, &err);
	struct render_request rq = { .scene = &sc, .sw = switches_default(),
				     .jobs = JOBS_PIXEL, .out = &img };
	assert_int_equal(render_pool_frame(p, &rq, &st, &err), 0);	/* warm-up */
	assert_int_equal(render_pool_frame(p, &rq, &st, &err), 0);
	assert_int_equal(st.allocs, 0);
	rq.sw.alloc_pooled = false;
	assert_int_equal(render_pool_frame(p, &rq, &st, &err), 0);
	assert_true(st.allocs >= (uint64_t)st.pixels);	/* one list per ray at least */
	render_pool_free(p);
	canvas_free(&img);
	scene_free(&sc);
}

static void test_cancel(void **state)
{
	(void)state;
	struct scene sc;
	struct canvas img;
	struct render_stats st;
	struct rt_error err;
	atomic_bool stop = true;
	load_scene(&sc, "tabletop");
	assert_int_equal(canvas_init(&img, sc.camera.hsize, sc.camera.vsize, NULL), 0);
	struct render_pool *p = render_pool_new(3, &err);
	struct render_request rq = { .scene = &sc, .sw = switches_default(),
				     .jobs = JOBS_LINE, .out = &img, .stop = &stop };
	assert_int_equal(render_pool_frame(p, &rq, &st, &err), 0);
	assert_true(st.cancelled);
	assert_int_equal(st.pixels, 0);
	/* a wrong-sized canvas is refused */
	struct canvas small;
	assert_int_equal(canvas_init(&small, 3, 3, NULL), 0);
	rq.out = &small;
	rq.stop = NULL;
	assert_int_equal(render_pool_frame(p, &rq, &st, &err), -1);
	render_pool_free(p);
	canvas_free(&small);
	canvas_free(&img);
	scene_free(&sc);
}

static void test_jobs_cover_image(void **state)
{
	(void)state;
	int sizes[][2] = { { 1, 1 }, { 17, 5 }, { 33, 40 }, { 16, 16 } };
	for (int s = 0; s < 4; s++)
		for (int k = JOBS_PIXEL; k <= JOBS_TILE; k++) {
			int w = sizes[s][0], h = sizes[s][1];
			int n = render_job_count((enum job_kind)k, w, h);
			char *seen = calloc((size_t)(w * h), 1);
			for (int j = 0; j < n; j++) {
				int x0, y0, x1, y1;
				render_job_rect((enum job_kind)k, w, h, j, &x0, &y0, &x1, &y1);
				for (int y = y0; y < y1; y++)
					for (int x = x0; x < x1; x++)
						seen[y * w + x]++;
			}
			for (int i = 0; i < w * h; i++)
				assert_int_equal(seen[i], 1);
			free(seen);
		}
}

static void test_switches(void **state)
{
	(void)state;
	struct render_switches sw = switches_default();
	struct rt_error err;
	enum job_kind k;
	assert_true(sw.inverse_cache && sw.alloc_pooled && sw.max_depth == 5);
	assert_int_equal(switches_set(&sw, "inverse_cache=off", &err), 0);
	assert_false(sw.inverse_cache);
	assert_int_equal(switches_set(&sw, "alloc=naive", &err), 0);
	assert_false(sw.alloc_pooled);
	assert_int_equal(switches_set(&sw, "depth=2", &err), 0);
	assert_int_equal(sw.max_depth, 2);
	assert_int_equal(switches_set(&sw, "alloc=fast", &err), -1);
	assert_string_equal(err.msg, "alloc=fast: value must be pooled or naive");
	assert_int_equal(switches_set(&sw, "speed=11", &err), -1);
	assert_string_equal(err.msg, "speed=11: unknown switch (known: inverse_cache, alloc, "
			    "shadows, depth, aa, cpuloader, lock)");
	assert_int_equal(switches_set(&sw, "lock=shared", &err), 0);
	assert_true(sw.shared_lock);
	struct sbuf d;
	sbuf_init(&d);
	switches_describe(&sw, true, &d);	/* only what differs from the defaults */
	assert_string_equal(sbuf_str(&d), "inverse_cache=off alloc=naive depth=2 lock=shared");
	sbuf_free(&d);
	assert_int_equal(switches_set(&sw, "depth", &err), -1);
	assert_string_equal(err.msg, "depth: expected KEY=VALUE");
	assert_int_equal(jobs_parse("line", &k, &err), 0);
	assert_int_equal(k, JOBS_LINE);
	assert_int_equal(jobs_parse("row", &k, &err), -1);
	assert_string_equal(err.msg, "expected pixel, line or tile");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_world_render),
		cmocka_unit_test(test_golden_images),
		cmocka_unit_test(test_steady_state_allocations),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_jobs_cover_image),
		cmocka_unit_test(test_switches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
