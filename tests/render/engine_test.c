/* engine_test: continuous mode.  Frames keep matching the golden image
 * while threads, jobs and switches change between frames; pause, resume,
 * snapshots mid-frame and cancel-on-free are clean (run under TSan too). */
#include "testutil.h"

#include <stdio.h>
#include <time.h>

#include "render/engine.h"
#include "render/render.h"

#define SRC RT_SRCDIR "/tests/render"

static atomic_ulong callbacks;

static void on_frame(const struct engine_progress *p, void *arg)
{
	(void)arg;
	if (p->frame >= 1)	/* no cmocka asserts off the test thread */
		atomic_fetch_add(&callbacks, 1);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void assert_golden(struct engine *e, const struct canvas *want)
{
	struct canvas img;
	struct rt_error err;
	assert_int_equal(canvas_init(&img, want->width, want->height, NULL), 0);
	assert_int_equal(engine_snapshot(e, &img, &err), 0);
	if (memcmp(img.rgb, want->rgb, (size_t)want->width * want->height * 3))
		fail_msg("engine frame differs from the golden image");
	canvas_free(&img);
}

static void test_engine_frames(void **state)
{
	(void)state;
	struct scene sc;
	struct canvas want, img;
	struct rt_error err;
	struct engine_progress p;
	if (scene_load(&sc, SRC "/scenes/tabletop.yml", &err) < 0 ||
	    canvas_load_png(&want, SRC "/golden/tabletop.png", &err) < 0)
		fail_msg("%s", err.msg);
	struct engine_settings s = engine_settings_default();
	s.threads = 2;
	struct engine *e = engine_new(&sc, &s, on_frame, NULL, &err);
	assert_non_null(e);
	engine_progress(e, &p);
	assert_false(p.running);
	assert_int_equal(engine_start(e, &err), 0);
	engine_wait_frames(e, 2);
	assert_golden(e, &want);

	s.threads = 3;
	s.jobs = JOBS_PIXEL;
	assert_int_equal(switches_set(&s.sw, "inverse_cache=off", &err), 0);
	engine_configure(e, &s);
	engine_progress(e, &p);
	engine_wait_frames(e, p.frame + 2);
	engine_progress(e, &p);
	assert_int_equal(p.settings.threads, 3);
	assert_int_equal(p.settings.jobs, JOBS_PIXEL);
	assert_false(p.settings.sw.inverse_cache);
	assert_true(p.frame_seconds > 0);
	assert_golden(e, &want);

	/* snapshots while frames are in flight */
	assert_int_equal(canvas_init(&img, want.width, want.height, NULL), 0);
	s.jobs = JOBS_LINE;
	s.threads = 1;
	engine_configure(e, &s);
	for (int i = 0; i < 20; i++) {
		assert_int_equal(engine_snapshot(e, &img, &err), 0);
		engine_progress(e, &p);
		assert_true(p.rows_done >= 0 && p.rows_done <= p.height);
	}
	canvas_free(&img);

	engine_pause(e);
	engine_progress(e, &p);
	assert_true(p.paused);
	assert_false(p.running);
	unsigned long f = p.frame;
	sleep_ms(60);
	engine_progress(e, &p);
	assert_int_equal(p.frame, f);
	engine_resume(e);
	engine_wait_frames(e, f + 1);
	assert_golden(e, &want);
	assert_true(atomic_load(&callbacks) >= 4);	/* the last may still run */
	engine_free(e);	/* cancels whatever frame is in flight */
	canvas_free(&want);
	scene_free(&sc);
}

static void test_engine_max_frames_and_orbit(void **state)
{
	(void)state;
	struct scene sc;
	struct rt_error err;
	struct engine_progress p;
	const char *yaml =
		"- add: camera\n  width: 24\n  height: 16\n  frames: 4\n"
		"  from: [0, 1, -5]\n  to: [0, 0, 0]\n"
		"- add: light\n  at: [-5, 5, -5]\n  intensity: [1, 1, 1]\n"
		"- add: cube\n  material: { color: [1, 0, 0] }\n"
		"  transform: [[translate, 1.5, 0, 0]]\n"
		"- add: plane\n  transform: [[translate, 0, -1, 0]]\n";
	assert_int_equal(scene_load_string(&sc, yaml, strlen(yaml), "orbit.yaml", ".", &err), 0);
	assert_int_equal(sc.frames, 4);
	struct camera c0 = scene_camera_at(&sc, 0), c1 = scene_camera_at(&sc, 1),
		      c4 = scene_camera_at(&sc, 4);
	assert_false(mat4_equal(&c0.transform, &c1.transform, 1e-6));
	assert_true(mat4_equal(&c0.transform, &c4.transform, 1e-9));
	struct engine_settings s = engine_settings_default();
	s.threads = 2;
	s.max_frames = 3;
	struct engine *e = engine_new(&sc, &s, NULL, NULL, &err);
	assert_int_equal(engine_start(e, &err), 0);
	engine_wait_frames(e, 3);
	sleep_ms(20);
	engine_progress(e, &p);
	assert_int_equal(p.frame, 3);
	assert_false(p.running);
	engine_free(e);
	scene_free(&sc);
}

static void test_engine_free_while_running(void **state)
{
	(void)state;
	struct scene sc;
	struct rt_error err;
	if (scene_load(&sc, SRC "/scenes/workshop.yml", &err) < 0)
		fail_msg("%s", err.msg);
	struct engine_settings s = engine_settings_default();
	s.threads = 3;
	struct engine *e = engine_new(&sc, &s, NULL, NULL, &err);
	assert_int_equal(engine_start(e, &err), 0);
	sleep_ms(5);
	engine_free(e);
	engine_free(NULL);
	/* never started */
	e = engine_new(&sc, &s, NULL, NULL, &err);
	engine_wait_frames(e, 1);
	engine_free(e);
	scene_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_frames),
		cmocka_unit_test(test_engine_max_frames_and_orbit),
		cmocka_unit_test(test_engine_free_while_running),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
