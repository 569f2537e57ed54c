/* console_bench: the console's figures for `make bench`: time to rebuild
 * the `top` pane's report from a snapshot of a profile with 100k locations
 * (what each refresh of the live console costs), for `top` at the prompt
 * (nodecount 10) and for the whole table, and the flame view's tree.  Prints milliseconds, best and
 * median of RUNS.  Usage: console_bench [LOCATIONS] [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/sbuf.h"
#include "console/console.h"
#include "console/trend.h"
#include "profile/profile.h"
#include "synth_profile.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void measure(struct console *c, const char *line, int runs)
{
	double *t = malloc((size_t)runs * sizeof *t);
	struct sbuf out, msg;
	sbuf_init(&out);
	sbuf_init(&msg);
	for (int i = 0; i < runs; i++) {
		sbuf_reset(&out);
		sbuf_reset(&msg);
		double t0 = now();
		console_exec_line(c, line, &out, &msg);
		t[i] = now() - t0;
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	printf("  %-22s best %7.1f ms  median %7.1f ms  (goal <= 20 ms)\n", line, t[0], t[runs / 2]);
	free(t);
	sbuf_free(&out);
	sbuf_free(&msg);
}

/* The trend column's own work on each live top refresh: a series of the
 * same shape (12 slots) into per-function shares and every sparkline. */
static void measure_trend(const struct synth_opts *base, int runs)
{
	struct synth_opts so = *base;
	so.slots = TREND_SLOTS;
	double *t = malloc((size_t)runs * sizeof *t);
	char spark[TREND_SPARK_MAX];
	int done = 0;
	for (int i = 0; i < runs; i++) {
		struct profile *p = synth_profile(&so);
		if (!p)
			break;
		size_t nf = p->n_functions;
		const char **names = malloc((nf + 1) * sizeof *names);
		for (size_t k = 0; names && k < nf; k++)
			names[k] = p->functions[k]->name;
		double t0 = now();
		struct trend *tr = trend_build(p, "", false, NULL);
		for (size_t k = 0; tr && names && k < nf; k++)
			trend_spark(tr, names[k], spark, sizeof spark);
		t[done++] = now() - t0;
		trend_free(tr);
		free(names);
	}
	if (done) {
		qsort(t, (size_t)done, sizeof *t, cmp_double);
		printf("  %-22s best %7.1f ms  median %7.1f ms  (added to top's; goal: both <= 20 ms)\n",
		       "trend column", t[0], t[done / 2]);
	}
	free(t);
}

int main(int argc, char **argv)
{
	size_t nloc = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	int runs = argc > 2 ? atoi(argv[2]) : 11;
	/* Shaped like a sampler snapshot: one line per location, a call graph
	 * of five callees per location, two samples per location. */
	struct synth_opts so = {
		.functions = nloc / 20 + 1, .locations = nloc, .samples = nloc * 2,
		.branching = 5, .min_depth = 6, .depth_range = 20,
		.seed = 88172645463325252ULL,
	};
	struct profile *p = synth_profile(&so);
	if (!p) {
		fprintf(stderr, "console_bench: out of memory\n");
		return 1;
	}
	struct report_config cfg;
	report_config_default(&cfg);
	struct profile_source src = console_static_source(p);
	struct console c;
	console_init(&c, &src, &cfg, true);
	c.cfg.compact_labels = true;
	printf("console: rebuilding the top pane from a snapshot with %zu locations, %zu samples\n",
	       p->n_locations, p->n_samples);
	measure(&c, "top", runs);
	measure(&c, "top -cum", runs);
	measure(&c, "peek Method1$", runs);
	/* The flame view's refresh: the tree the terminal draws (drawing is
	 * bounded by the screen's cells, not by the profile). */
	struct console_view view;
	memset(&view, 0, sizeof view);
	c.view = &view;
	c.screen = true;
	measure(&c, "flame", runs);
	c.view = NULL;
	console_view_free(&view);
	measure_trend(&so, runs);
	console_free(&c);
	profile_free(p);
	return 0;
}
