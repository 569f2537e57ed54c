/* pieces_test: a report whose walks run in pieces (report_config.runner)
 * prints what the one walk prints.  The graph's walks split the samples
 * into ranges that count apart and are added up in range order: with a
 * runner that runs the pieces backwards one at a time (any order a runner
 * may choose), with the batch driver's threads, and with none, -top (its
 * markers' edges, with the sketch of heavy cells and without, when a
 * weight is negative), -top -cum and -peek (whose first walk notes the
 * samples its edges need) print the same bytes.  On the 322k-sample Go profile in tests/golden, which splits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/runner.h"
#include "base/sbuf.h"
#include "console/runner_threads.h"
#include "profile/profile_io.h"
#include "report/report.h"
#include "tests/profile/tiny_profile.h"
#include "synth_profile.h"

static void backwards(const struct runner *r, size_t n, void (*task)(void *arg, size_t i),
		      void *arg)
{
	(void)r;
	for (size_t i = n; i-- > 0;)
		task(arg, i);
}

static const struct runner backwards_runner = { 3, backwards };

static struct profile *golden(const char *name)
{
	struct rt_error err = { "" };
	struct profile *p = tiny_golden(name, &err);
	if (!p)
		fail_msg("%s: %s", name, err.msg);
	return p;
}

static char *report(const struct profile *p, enum report_cmd cmd, const char *name,
		    const char *regex, const char *sort, const struct runner *r)
{
	struct report_config c;
	struct sbuf out, warn;
	struct rt_error err = { "" };
	report_config_default(&c);
	c.runner = r;
	if (sort)
		c.sort = sort;
	sbuf_init(&out);
	sbuf_init(&warn);
	if (report_generate(p, cmd, name, regex, &c, &out, &warn, NULL, &err) < 0)
		fail_msg("%s: %s", name, err.msg);
	sbuf_free(&warn);
	char *s = strdup(out.data ? out.data : "");
	sbuf_free(&out);
	return s;
}

static void same_reports(const struct profile *p, const char *what, const char *peek)
{
	static const struct {
		enum report_cmd cmd;
		const char *name, *regex, *sort;
	} cmds[] = {
		{ REPORT_TOP, "top", NULL, NULL },
		{ REPORT_TOP, "top", NULL, "cum" },
		{ REPORT_PEEK, "peek", "", NULL },
	};
	const struct runner *runners[] = { &backwards_runner, runner_threads() };
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		const char *re = cmds[i].regex ? peek : NULL;
		char *one = report(p, cmds[i].cmd, cmds[i].name, re, cmds[i].sort, NULL);
		assert_true(strlen(one) > 100);
		for (size_t r = 0; r < sizeof runners / sizeof runners[0]; r++) {
			char *pieces = report(p, cmds[i].cmd, cmds[i].name, re, cmds[i].sort,
					      runners[r]);
			if (strcmp(one, pieces))
				fail_msg("%s: %s%s%s differs in pieces (runner %zu)", what,
					 cmds[i].name, cmds[i].sort ? " -" : "",
					 cmds[i].sort ? cmds[i].sort : "", r);
			free(pieces);
		}
		free(one);
	}
}

static void go_profile(void **state)
{
	(void)state;
	struct profile *p = golden("manystacks.pb.gz");
	assert_true(p->n_samples > 3 * 16384);
	same_reports(p, "manystacks", "main");
	/* a negative weight: every marker edge is made, no sketch */
	for (size_t i = 0; i < p->n_samples; i += 3)
		for (size_t j = 0; j < p->n_sample_types; j++)
			assert_int_equal(sample_set_value(p, &p->samples[i], j,
							  -sample_value(p, &p->samples[i], j)), 0);
	same_reports(p, "manystacks, a third negated", "main");
	profile_free(p);
}

/* bench's synthetic shape, smaller: inlined lines, so that -top marks
 * nodes both inline and partial-inline from edges that pieces share. */
static void synthetic(void **state)
{
	(void)state;
	struct synth_opts o = {
		.functions = 400, .locations = 1200, .samples = 60000,
		.branching = 6, .min_depth = 8, .depth_range = 24,
		.labels = true, .inline_lines = true,
	};
	struct profile *p = synth_profile(&o);
	assert_non_null(p);
	char *top = report(p, REPORT_TOP, "top", NULL, NULL, NULL);
	assert_non_null(strstr(top, "(partial-inline)"));
	assert_non_null(strstr(top, " (inline)"));
	free(top);
	same_reports(p, "synthetic", "Handler1");
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(go_profile),
		cmocka_unit_test(synthetic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
