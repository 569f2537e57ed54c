/* console_bench: the console's figures for `make bench`: time to rebuild
 * the `top` pane's report from a snapshot of a profile with 100k locations
 * (what each refresh of the live console costs), for `top` at the prompt
 * (nodecount 10) and for the whole table, and the flame view's tree.  Prints milliseconds, best and
 * median of RUNS.  Then the live refresh over time: the sampler's CPU table
 * filled as a 1000 Hz run on 2 threads would fill it (synthetic seconds,
 * no waiting), with the snapshot, profile build and `top` times and the
 * table's memory at minute 1 and minute 10.
 * Usage: console_bench [LOCATIONS] [RUNS] [live | pane LINE]
 *   live: that part only; pane LINE: only the pane the console line LINE
 *   makes ("peek Method1$", or "flame" for the flame view), to profile it
 *   alone (perf record bench/console_bench 100000 50 pane flame). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/heap_tune.h"
#include "base/idmap.h"
#include "base/sbuf.h"
#include "console/console.h"
#include "console/trend.h"
#include "profile/profile.h"
#include "sampler/build.h"
#include "sampler/maps.h"
#include "sampler/stacktab.h"
#include "synth_profile.h"

static double now_ms(void)
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
		double t0 = now_ms();
		console_exec_line(c, line, &out, &msg);
		t[i] = now_ms() - t0;
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
		double t0 = now_ms();
		struct trend *tr = trend_build(p, "", false, NULL);
		for (size_t k = 0; tr && names && k < nf; k++)
			trend_spark(tr, names[k], spark, sizeof spark);
		t[done++] = now_ms() - t0;
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

/* ---- the live refresh over a long run ---- */

#define LIVE_HZ 1000
#define LIVE_THREADS 2
#define LIVE_POOL 4000	/* distinct pcs the stacks are made of */

static long rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

/* Stack i of a universe: 8 to 27 frames, frame f (0 the leaf) picked by
 * i >> f, so stacks share their outer frames as a call tree does; pcs
 * inside this program's text so that they symbolize like real ones. */
static uint32_t live_stack(uint64_t i, const uint64_t *pool, uint64_t *pcs)
{
	uint32_t n = 8 + (uint32_t)(idmap_mix(i + 1) % 20);
	for (uint32_t f = 0; f < n; f++)
		pcs[f] = pool[idmap_mix((i >> f) * 31 + f) % LIVE_POOL];
	return n;
}

struct live_run {
	const char *what;
	uint64_t universe;	/* stacks that can occur; drawn with a long tail */
};

static void live_figures(const struct stacktab *t, int64_t now, const char *when,
			 uint64_t cells_per_second_total, int runs)
{
	static const struct {
		const char *name;
		int64_t window;
	} wins[] = { { "all", 0 }, { "10s", 10 }, { "2m", 120 }, { "10m", 600 } };
	struct report_config cfg;
	report_config_default(&cfg);
	size_t fine = 0, coarse = 0, all = stacktab_bytes(t);
	for (size_t i = 0; i < STACKTAB_FINE_SLOTS; i++)
		fine += t->fine[i].cap * sizeof *t->fine[i].cells;
	for (size_t i = 0; i < STACKTAB_COARSE_SLOTS; i++)
		coarse += t->coarse[i].cap * sizeof *t->coarse[i].cells;
	const double mb = 1048576.0;
	printf("  %s: %u stacks, table %.1f MB: stacks %.1f, last %ds by second %.1f, "
	       "minutes and 10 minutes %.1f; RSS %.1f MB\n", when, t->n, (double)all / mb,
	       (double)(all - fine - coarse) / mb, STACKTAB_FINE, (double)fine / mb,
	       (double)coarse / mb, (double)rss_kb() / 1024.0);
	printf("    (a cell per stack and second, as before, would be %.1f MB of cells so far,"
	       " up to the hour)\n", (double)cells_per_second_total * sizeof(struct stacktab_cell) / mb);
	for (size_t w = 0; w < sizeof wins / sizeof wins[0]; w++) {
		if (wins[w].window > now + 1)
			continue;
		double best_snap = 1e9, best_build = 1e9, best_top = 1e9;
		size_t nsamples = 0;
		for (int r = 0; r < runs; r++) {
			struct stacktab_copy c;
			struct build_spec spec = {
				.n_types = 2, .types = { "samples", "cpu" },
				.units = { "count", "nanoseconds" },
				.period_type = "cpu", .period_unit = "nanoseconds",
				.period = 1000000000LL / LIVE_HZ,
				.duration_nanos = (wins[w].window ? wins[w].window : now + 1) * 1000000000LL,
			};
			struct rt_error err;
			double t0 = now_ms();
			if (stacktab_snapshot(t, now, wins[w].window, &c) < 0)
				return;
			double t1 = now_ms();
			struct profile *p = build_profile(&c, &spec, &err);
			double t2 = now_ms();
			stacktab_copy_free(&c);
			if (!p)
				return;
			struct profile_source src = console_static_source(p);
			struct console con;
			struct sbuf out, msg;
			sbuf_init(&out);
			sbuf_init(&msg);
			console_init(&con, &src, &cfg, true);
			double t3 = now_ms();
			console_exec_line(&con, "top", &out, &msg);
			double t4 = now_ms();
			console_free(&con);
			sbuf_free(&out);
			sbuf_free(&msg);
			nsamples = p->n_samples;
			profile_free(p);
			best_snap = fmin(best_snap, t1 - t0);
			best_build = fmin(best_build, t2 - t1);
			best_top = fmin(best_top, t4 - t3);
		}
		printf("    window %-4s %6zu samples: snapshot %6.2f ms + build %6.1f ms + top %6.1f ms = %6.1f ms\n",
		       wins[w].name, nsamples, best_snap, best_build, best_top,
		       best_snap + best_build + best_top);
	}
}

static void live_bench(int runs)
{
	static const struct live_run models[] = {
		{ "20k stacks, nearly all seen in the first minute", 20000 },
		{ "a long tail of 400k stacks, new ones all along", 400000 },
	};
	struct maps m;
	uint64_t pool[LIVE_POOL];
	uint64_t pcs[32];
	if (maps_read(&m) < 0 || m.n == 0) {
		printf("live refresh: cannot read this process's mappings - skipped\n");
		maps_free(&m);
		return;
	}
	/* the mapping holding this function: the program's text */
	long me = maps_find(&m, (uint64_t)(uintptr_t)&live_bench);
	const struct maps_entry *e = &m.v[me < 0 ? 0 : me];
	for (size_t k = 0; k < LIVE_POOL; k++)
		pool[k] = e->start + idmap_mix(k) % (e->limit - e->start);
	maps_free(&m);
	for (size_t mi = 0; mi < sizeof models / sizeof models[0]; mi++) {
		struct stacktab t;
		uint64_t cells = 0, rng = 0x2545f4914f6cdd1dULL + mi;
		uint32_t *seen = calloc(models[mi].universe, sizeof *seen);
		if (!seen || stacktab_init(&t, 2) < 0) {
			free(seen);
			return;
		}
		printf("live refresh, %d Hz on %d threads, %s (synthetic seconds):\n", LIVE_HZ,
		       LIVE_THREADS, models[mi].what);
		double fill = 0;
		for (int64_t sec = 0; sec < 600; sec++) {
			double t0 = now_ms();
			for (int k = 0; k < LIVE_HZ * LIVE_THREADS; k++) {
				rng = idmap_mix(rng + 0x9e3779b97f4a7c15ULL);
				double u = (double)(rng >> 11) / 9007199254740992.0;
				uint64_t i = (uint64_t)(pow(u, 4) * (double)models[mi].universe);
				uint32_t n = live_stack(i, pool, pcs);
				int64_t idx = stacktab_intern(&t, pcs, n, (uint32_t)(k % LIVE_THREADS));
				int64_t v[2] = { 1, 1000000000LL / LIVE_HZ };
				if (idx < 0 || stacktab_add(&t, (uint32_t)idx, sec, v) < 0) {
					printf("  out of memory\n");
					goto next;
				}
				if (seen[i] != (uint32_t)sec + 1) {	/* a new (stack, second) cell */
					seen[i] = (uint32_t)sec + 1;
					cells++;
				}
			}
			fill += now_ms() - t0;
			if (sec == 59)
				live_figures(&t, sec, "minute 1", cells, runs);
			if (sec == 599)
				live_figures(&t, sec, "minute 10", cells, runs);
		}
		printf("  aggregating 2000 samples a second costs %.2f ms of the aggregator per second\n",
		       fill / 600);
next:
		stacktab_free(&t);
		free(seen);
	}
}

int main(int argc, char **argv)
{
	size_t nloc = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	heap_tune_refresh();	/* as rtprof's console has it */
	int runs = argc > 2 ? atoi(argv[2]) : 11;
	if (argc > 3 && !strcmp(argv[3], "live")) {
		live_bench(runs < 1 ? 1 : runs);
		return 0;
	}
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
	struct console_view view;
	memset(&view, 0, sizeof view);
	if (argc > 4 && !strcmp(argv[3], "pane")) {
		if (!strcmp(argv[4], "flame")) {
			c.view = &view;
			c.screen = true;
		}
		measure(&c, argv[4], runs);
		c.view = NULL;
		console_view_free(&view);
		console_free(&c);
		profile_free(p);
		return 0;
	}
	measure(&c, "top", runs);
	measure(&c, "top -cum", runs);
	measure(&c, "peek Method1$", runs);
	/* The flame view's refresh: the tree the terminal draws (drawing is
	 * bounded by the screen's cells, not by the profile). */
	c.view = &view;
	c.screen = true;
	measure(&c, "flame", runs);
	c.view = NULL;
	console_view_free(&view);
	measure_trend(&so, runs);
	console_free(&c);
	profile_free(p);
	live_bench(runs < 5 ? runs : 5);
	return 0;
}
