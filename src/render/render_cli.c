/* render_cli: one render of a scene to a PNG, figures on stderr.  Takes
 * flags already checked; never parses argv. */
#include "render/render_cli.h"

#include <stdio.h>
#include <time.h>

#include "render/render.h"

static double process_cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* *cpu: process CPU seconds per frame, all threads (load-independent). */
static int render_frames(const struct render_cli_opts *c, const struct scene *sc,
			 struct canvas *img, struct render_stats *last,
			 struct render_stats *best, double *cpu, struct rt_error *err)
{
	struct render_pool *pool = render_pool_new(c->threads, err);
	if (!pool)
		return -1;
	struct render_request rq = { .scene = sc, .sw = c->sw, .jobs = c->jobs,
				     .out = img };
	double c0 = process_cpu_seconds();
	for (int i = 0; i < c->repeat; i++) {
		if (render_pool_frame(pool, &rq, last, err) < 0) {
			render_pool_free(pool);
			return -1;
		}
		if (i == 0 || last->seconds < best->seconds)
			*best = *last;
	}
	*cpu = (process_cpu_seconds() - c0) / c->repeat;
	render_pool_free(pool);
	return 0;
}

int render_cli(const struct render_cli_opts *o)
{
	struct rt_error err = { { 0 } };
	struct render_cli_opts c = *o;
	struct scene sc;
	struct canvas img;
	struct render_stats st = { 0 }, best = { 0 };
	double cpu = 0;

	if (c.repeat < 1)
		c.repeat = 1;
	if (scene_load(&sc, c.scene, &err) < 0) {
		fprintf(stderr, "rtprof: %s\n", err.msg);
		return 1;
	}
	if (c.width)
		scene_resize(&sc, c.width, c.height);
	for (int i = 0; i < sc.nwarnings; i++)
		fprintf(stderr, "rtprof: warning: %s\n", sc.warnings[i]);
	int rc = 1;
	if (canvas_init(&img, sc.camera.hsize, sc.camera.vsize, &err) == 0) {
		if (render_frames(&c, &sc, &img, &st, &best, &cpu, &err) == 0 &&
		    canvas_save_png(&img, c.out, &err) == 0)
			rc = 0;
		canvas_free(&img);
	}
	if (rc) {
		fprintf(stderr, "rtprof: %s\n", err.msg);
	} else {
		long px = (long)sc.camera.hsize * sc.camera.vsize;
		int threads = c.threads ? c.threads : render_cpu_count();
		fprintf(stderr,
			"rtprof: %s %dx%d: %.3f s/frame%s, %.2f Mrays/s, %.4f allocs/pixel "
			"(%d thread%s, jobs=%s, inverse_cache=%s, alloc=%s) -> %s\n",
			sc.name, sc.camera.hsize, sc.camera.vsize, st.seconds,
			c.repeat > 1 ? " (last)" : "",
			st.rays / st.seconds / 1e6, (double)st.allocs / px, threads,
			threads == 1 ? "" : "s", jobs_name(c.jobs),
			c.sw.inverse_cache ? "on" : "off",
			c.sw.alloc_pooled ? "pooled" : "naive", c.out);
		if (c.repeat > 1)
			fprintf(stderr, "rtprof: best of %d: %.4f s/frame, %.2f Mrays/s, "
				"%.4f allocs/pixel, %.4f cpu-s/frame\n", c.repeat,
				best.seconds, best.rays / best.seconds / 1e6,
				(double)best.allocs / px, cpu);
	}
	scene_free(&sc);
	return rc;
}
