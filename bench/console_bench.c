/* console_bench: the console's figures for `make bench`: time to rebuild
 * the `top` pane's report from a snapshot of a profile with 100k locations
 * (what each refresh of the live console costs), for `top` at the prompt
 * (nodecount 10) and for the whole table.  Prints milliseconds, best and
 * median of RUNS.  Usage: console_bench [LOCATIONS] [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/sbuf.h"
#include "console/console.h"
#include "profile/profile.h"

static uint64_t rng = 88172645463325252ULL;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A CPU profile shaped like a sampler snapshot: locations at distinct
 * addresses over a few thousand functions, stacks walking a call graph. */
static struct profile *make_profile(size_t nloc)
{
	struct profile *p = profile_new();
	size_t nfn = nloc / 20 + 1, nsamples = nloc * 2;
	char name[64];
	if (!p || profile_set_sample_types(p, 2) < 0)
		return NULL;
	p->sample_types[0].type = profile_str(p, "samples");
	p->sample_types[0].unit = profile_str(p, "count");
	p->sample_types[1].type = profile_str(p, "cpu");
	p->sample_types[1].unit = profile_str(p, "nanoseconds");
	p->period_type = p->sample_types[1];
	p->period = 10000000;
	struct mapping *m = profile_add_mapping(p, 1);
	m->file = profile_str(p, "/usr/bin/rtprof");
	for (size_t i = 0; i < nfn; i++) {
		struct function *f = profile_add_function(p, i + 1);
		snprintf(name, sizeof name, "render_fn_%zu", i);
		f->name = profile_str(p, name);
		f->filename = profile_str(p, "src/render/render.c");
		f->start_line = (int64_t)i;
	}
	for (size_t i = 0; i < nloc; i++) {
		struct location *l = profile_add_location(p, i + 1, 1);
		l->mapping = m;
		l->address = 0x400000 + i * 4;
		l->lines[0].fn = p->functions[i % nfn];
		l->lines[0].line = (int64_t)(i % 1000);
	}
	for (size_t s = 0; s < nsamples; s++) {
		uint32_t depth = 6 + next() % 20;
		struct sample *sm = profile_add_sample(p, depth, 0);
		size_t cur = 0;
		for (uint32_t d = depth; d-- > 0;) {
			sm->locs[d] = p->locations[cur];
			cur = (cur * 5 + 1 + next() % 5) % nloc;
		}
		sm->values[0] = 1 + next() % 3;
		sm->values[1] = sm->values[0] * 10000000;
	}
	return p;
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

int main(int argc, char **argv)
{
	size_t nloc = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	int runs = argc > 2 ? atoi(argv[2]) : 11;
	struct profile *p = make_profile(nloc);
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
	measure(&c, "peek render_fn_1$", runs);
	console_free(&c);
	profile_free(p);
	return 0;
}
