/* render_cli: flag parsing, one render, figures on stderr. */
#include "render/render_cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/render.h"

struct cli {
	const char *out, *scene;
	int threads, repeat;
	int width, height;	/* -size=WxH; 0: the scene's */
	enum job_kind jobs;
	struct render_switches sw;
};

static int parse_count(const char *flag, const char *v, int lo, int hi,
		       int *out, struct rt_error *err)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return rt_error_set(err, "%s%s: expected a number from %d to %d", flag,
				    v, lo, hi);
	*out = (int)n;
	return 0;
}

static int parse_args(struct cli *c, int argc, char **argv, struct rt_error *err)
{
	c->threads = 0;
	c->repeat = 1;
	c->jobs = JOBS_TILE;
	c->sw = switches_default();
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strncmp(a, "-render=", 8))
			c->out = a + 8;
		else if (!strncmp(a, "-threads=", 9)) {
			if (parse_count("-threads=", a + 9, 1, 1024, &c->threads, err) < 0)
				return -1;
		} else if (!strncmp(a, "-repeat=", 8)) {
			if (parse_count("-repeat=", a + 8, 1, 10000, &c->repeat, err) < 0)
				return -1;
		} else if (!strncmp(a, "-size=", 6)) {
			char *x, *end;
			errno = 0;
			long w = strtol(a + 6, &x, 10), h = *x == 'x' ? strtol(x + 1, &end, 10) : 0;
			if (errno || *x != 'x' || *end || w < 1 || w > 16384 || h < 1 || h > 16384)
				return rt_error_set(err, "%s: expected WIDTHxHEIGHT, like -size=320x200", a);
			c->width = (int)w;
			c->height = (int)h;
		} else if (!strncmp(a, "-jobs=", 6)) {
			if (jobs_parse(a + 6, &c->jobs, err) < 0) {
				rt_error_prefix(err, "%s", a);
				return -1;
			}
		} else if (!strncmp(a, "-set=", 5)) {
			struct rt_error why;
			if (switches_set(&c->sw, a + 5, &why) < 0)
				return rt_error_set(err, "-set=%s", why.msg);
		} else if (a[0] == '-' && a[1]) {
			return rt_error_set(err, "unknown flag %s (see: rtprof -render=out.png "
					    "[-threads=N] [-jobs=pixel|line|tile] "
					    "[-set=KEY=VALUE] scene.yaml)", a);
		} else if (c->scene) {
			return rt_error_set(err, "one scene at a time: %s and %s", c->scene, a);
		} else {
			c->scene = a;
		}
	}
	if (!c->out || !*c->out)
		return rt_error_set(err, "-render= needs an output file, like -render=out.png");
	if (!c->scene)
		return rt_error_set(err, "no scene given (try scenes/reference.yaml)");
	return 0;
}

static double process_cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* *cpu: process CPU seconds per frame, all threads (load-independent). */
static int render_frames(const struct cli *c, const struct scene *sc,
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

int render_cli(int argc, char **argv)
{
	struct rt_error err = { { 0 } };
	struct cli c = { 0 };
	struct scene sc;
	struct canvas img;
	struct render_stats st = { 0 }, best = { 0 };
	double cpu = 0;

	if (parse_args(&c, argc, argv, &err) < 0 || scene_load(&sc, c.scene, &err) < 0) {
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
