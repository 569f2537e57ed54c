/* report_top_test: -top (and -peek, -tags) on a tiny profile built here,
 * compared with the
 * literal text go tool pprof 1.19 printed for the same profile (written by
 * profile_write_file, read by `TZ=UTC go tool pprof -top ... tiny.pb.gz`).
 * Covers the header lines, units, inline marks, recursion, -cum with
 * -nodecount ("Showing top"), -sample_index and a nodefraction drop. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "report/report.h"
#include "tests/profile/tiny_profile.h"

/* main -> run -> {work -> strings.Index (inlined into work), fib -> fib -> fib}
 * plus runtime.gc on its own; a mapping so File: shows. */
static struct profile *top_fixture(void)
{
	static const char *types[] = { "samples/count", "cpu/nanoseconds" };
	struct profile *p = tiny_new(2, types);
	struct mapping *m = profile_add_mapping(p, 1);
	m->file = profile_str(p, "/usr/local/bin/tiny");
	m->limit = 0x10000;
	struct function *fmain = tiny_fn(p, 1, "main.main", "/src/main.go");
	struct function *frun = tiny_fn(p, 2, "main.run", "/src/main.go");
	struct function *fwork = tiny_fn(p, 3, "main.work", "/src/work.go");
	struct function *fidx = tiny_fn(p, 4, "strings.Index", "/go/src/strings/strings.go");
	struct function *ffib = tiny_fn(p, 5, "main.fib", "/src/fib.go");
	struct function *fgc = tiny_fn(p, 6, "runtime.gcBgMarkWorker", "/go/src/runtime/mgc.go");
	struct location *lmain = TINY_LOC(p, 1, fmain);
	struct location *lrun = TINY_LOC(p, 2, frun);
	struct location *lwork = TINY_LOC(p, 3, fwork);
	struct location *lidx = TINY_LOC(p, 4, fidx, fwork);
	struct location *lfib = TINY_LOC(p, 5, ffib);
	struct location *lfib2 = TINY_LOC(p, 6, ffib);
	struct location *lgc = TINY_LOC(p, 7, fgc);
	for (size_t i = 0; i < p->n_locations; i++) {
		p->locations[i]->mapping = m;
		p->locations[i]->address = 0x1000 + 0x10 * i;
	}
	TINY_SAMPLE(p, ((int64_t[]){ 51, 510000000 }), lidx, lrun, lmain);
	TINY_SAMPLE(p, ((int64_t[]){ 12, 120000000 }), lwork, lrun, lmain);
	TINY_SAMPLE(p, ((int64_t[]){ 30, 300000000 }), lfib, lfib2, lfib, lrun, lmain);
	TINY_SAMPLE(p, ((int64_t[]){ 5, 50000000 }), lfib2, lrun, lmain);
	TINY_SAMPLE(p, ((int64_t[]){ 1, 10000000 }), lrun, lmain);
	TINY_SAMPLE(p, ((int64_t[]){ 2, 20000000 }), lgc);
	p->period = 10000000;
	p->time_nanos = 1764100000000000000;
	p->duration_nanos = 1200000000;
	return p;
}

static void expect_cmd(struct profile *p, enum report_cmd cmd, const char *name,
		       const char *regex, const struct report_config *c,
		       const char *want)
{
	struct sbuf out, warn;
	struct rt_error err = { "" };
	assert_non_null(p);
	sbuf_init(&out);
	sbuf_init(&warn);
	if (report_generate(p, cmd, name, regex, c, &out, &warn, NULL, &err) < 0)
		fail_msg("report_generate: %s", err.msg);
	assert_string_equal(sbuf_str(&warn), "");
	if (strcmp(sbuf_str(&out), want) != 0) {
		print_error("got:\n%swant:\n%s", sbuf_str(&out), want);
		fail();
	}
	sbuf_free(&out);
	sbuf_free(&warn);
	profile_free(p);
}

static void expect_report(struct profile *p, const struct report_config *c,
			  const char *want)
{
	expect_cmd(p, REPORT_TOP, "top", NULL, c, want);
}

static void expect_top(const struct report_config *c, const char *want)
{
	struct profile *p = top_fixture();
	assert_non_null(p);
	expect_report(p, c, want);
}

/* go tool pprof -top tiny.pb.gz */
static void top_default(void **state)
{
	struct report_config c;
	(void)state;
	report_config_default(&c);
	expect_top(&c,
	"File: tiny\n"
	"Type: cpu\n"
	"Time: Nov 25, 2025 at 7:46pm (UTC)\n"
	"Duration: 1.20s, Total samples = 1.01s (84.17%)\n"
	"Showing nodes accounting for 1.01s, 100% of 1.01s total\n"
	"      flat  flat%   sum%        cum   cum%\n"
	"     0.51s 50.50% 50.50%      0.51s 50.50%  strings.Index (inline)\n"
	"     0.35s 34.65% 85.15%      0.35s 34.65%  main.fib\n"
	"     0.12s 11.88% 97.03%      0.63s 62.38%  main.work\n"
	"     0.02s  1.98% 99.01%      0.02s  1.98%  runtime.gcBgMarkWorker\n"
	"     0.01s  0.99%   100%      0.99s 98.02%  main.run\n"
	"         0     0%   100%      0.99s 98.02%  main.main\n");
}

/* go tool pprof -top -cum -nodecount=3 tiny.pb.gz */
static void top_cum_nodecount(void **state)
{
	struct report_config c;
	(void)state;
	report_config_default(&c);
	c.sort = "cum";
	c.nodecount = 3;
	expect_top(&c,
	"File: tiny\n"
	"Type: cpu\n"
	"Time: Nov 25, 2025 at 7:46pm (UTC)\n"
	"Duration: 1.20s, Total samples = 1.01s (84.17%)\n"
	"Showing nodes accounting for 0.13s, 12.87% of 1.01s total\n"
	"Showing top 3 nodes out of 6\n"
	"      flat  flat%   sum%        cum   cum%\n"
	"         0     0%     0%      0.99s 98.02%  main.main\n"
	"     0.01s  0.99%  0.99%      0.99s 98.02%  main.run\n"
	"     0.12s 11.88% 12.87%      0.63s 62.38%  main.work\n");
}

/* go tool pprof -top -sample_index=samples -nodefraction=0.05 tiny.pb.gz
 * (note the blank after "Total samples = 101": count units have no %). */
static void top_samples_nodefraction(void **state)
{
	struct report_config c;
	(void)state;
	report_config_default(&c);
	c.sample_index = "samples";
	c.nodefraction = 0.05;
	expect_top(&c,
	"File: tiny\n"
	"Type: samples\n"
	"Time: Nov 25, 2025 at 7:46pm (UTC)\n"
	"Duration: 1.20s, Total samples = 101 \n"
	"Showing nodes accounting for 99, 98.02% of 101 total\n"
	"Dropped 1 node (cum <= 5)\n"
	"      flat  flat%   sum%        cum   cum%\n"
	"        51 50.50% 50.50%         51 50.50%  strings.Index (inline)\n"
	"        35 34.65% 85.15%         35 34.65%  main.fib\n"
	"        12 11.88% 97.03%         63 62.38%  main.work\n"
	"         1  0.99% 98.02%         99 98.02%  main.run\n"
	"         0     0% 98.02%         99 98.02%  main.main\n");
}

/* Values near INT64_MAX: Go's int64 sums wrap and pprof prints the wrapped
 * numbers; so does rtprof, defined by -fwrapv (under UBSan this caught the
 * signed overflow before that flag).  go tool pprof -top on this profile: */
static void top_wrapping_values(void **state)
{
	static const char *types[] = { "samples/count" };
	(void)state;
	struct profile *p = tiny_new(1, types);
	assert_non_null(p);
	struct function *fa = tiny_fn(p, 1, "a", "a.go");
	struct function *fb = tiny_fn(p, 2, "b", "b.go");
	struct location *la = TINY_LOC(p, 1, fa), *lb = TINY_LOC(p, 2, fb);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ INT64_MAX - 5 }), la, lb));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 1000 }), lb));
	struct report_config c;
	report_config_default(&c);
	expect_report(p, &c,
	"Type: samples\n"
	"Showing nodes accounting for -9223372036854774784, 100% of -9223372036854774784 total\n"
	"      flat  flat%   sum%        cum   cum%\n"
	"9223372036854775808   100%   100% 9223372036854775808   100%  a\n"
	"      1000 1.1e-14%   100% -9223372036854774784   100%  b\n");
}

/* go tool pprof -peek 'main\.(main|fib)$' tiny.pb.gz.  main.main has no
 * callers (under UBSan this caught a memcpy from NULL in print_edges). */
static void peek_root_and_leaf(void **state)
{
	struct report_config c;
	(void)state;
	report_config_default(&c);
	struct profile *p = top_fixture();
	assert_non_null(p);
	expect_cmd(p, REPORT_PEEK, "peek", "main\\.(main|fib)$", &c,
	"File: tiny\n"
	"Type: cpu\n"
	"Time: Nov 25, 2025 at 7:46pm (UTC)\n"
	"Duration: 1.20s, Total samples = 1.01s (84.17%)\n"
	"Showing nodes accounting for 1.01s, 100% of 1.01s total\n"
	"----------------------------------------------------------+-------------\n"
	"      flat  flat%   sum%        cum   cum%   calls calls% + context 	 	 \n"
	"----------------------------------------------------------+-------------\n"
	"                                             0.35s   100% |   main.run\n"
	"     0.35s 34.65% 34.65%      0.35s 34.65%                | main.fib\n"
	"----------------------------------------------------------+-------------\n"
	"         0     0% 34.65%      0.99s 98.02%                | main.main\n"
	"                                             0.99s   100% |   main.run\n"
	"----------------------------------------------------------+-------------\n");
}

/* go tool pprof -tags tiny.pb.gz: no labels, no output (under UBSan this
 * caught a qsort of NULL). */
static void tags_without_labels(void **state)
{
	struct report_config c;
	(void)state;
	report_config_default(&c);
	struct profile *p = top_fixture();
	assert_non_null(p);
	expect_cmd(p, REPORT_TAGS, "tags", NULL, &c, "");
}


/* Items: one per row that shows a node, with its line index, kind, node and
 * values; the text is the same as without items. */
static const char *line_of(const char *text, size_t line)
{
	while (line-- && text)
		text = strchr(text, '\n') ? strchr(text, '\n') + 1 : NULL;
	return text;
}

static void items_of(enum report_cmd cmd, const char *name, const char *regex,
		     struct sbuf *out, struct report_items *it)
{
	struct report_config c;
	struct sbuf warn;
	struct rt_error err = { "" };
	struct profile *p = top_fixture();
	report_config_default(&c);
	sbuf_init(&warn);
	report_items_init(it);
	if (report_generate(p, cmd, name, regex, &c, out, &warn, it, &err) < 0)
		fail_msg("report_generate: %s", err.msg);
	sbuf_free(&warn);
	profile_free(p);
}

static void items_top_and_peek(void **state)
{
	struct sbuf out;
	struct report_items it;
	(void)state;
	sbuf_init(&out);
	items_of(REPORT_TOP, "top", NULL, &out, &it);
	assert_int_equal(it.n, 6);
	assert_int_equal(it.v[0].line, 6);	/* after 6 header lines */
	assert_string_equal(it.v[0].name, "strings.Index");
	assert_string_equal(it.v[0].function, "strings.Index");
	assert_string_equal(it.v[0].file, "");	/* granularity functions */
	assert_int_equal(it.v[0].flat, 510000000);	/* cpu, the last type */
	assert_int_equal(it.v[2].cum, 630000000);
	for (size_t i = 0; i < it.n; i++) {
		const char *row = line_of(sbuf_str(&out), it.v[i].line);
		assert_non_null(row);
		assert_non_null(strstr(row, it.v[i].name));
		assert_int_equal(it.v[i].row, REPORT_ROW_NODE);
		assert_ptr_equal(report_items_at(&it, it.v[i].line), &it.v[i]);
	}
	assert_null(report_items_at(&it, 0));
	report_items_free(&it);

	sbuf_reset(&out);
	items_of(REPORT_PEEK, "peek", "^main\\.work$", &out, &it);
	assert_int_equal(it.n, 3);
	assert_int_equal(it.v[0].row, REPORT_ROW_CALLER);
	assert_string_equal(it.v[0].name, "main.run");
	assert_int_equal(it.v[0].cum, 630000000);	/* the edge */
	assert_int_equal(it.v[1].row, REPORT_ROW_NODE);
	assert_string_equal(it.v[1].name, "main.work");
	assert_int_equal(it.v[2].row, REPORT_ROW_CALLEE);
	assert_string_equal(it.v[2].name, "strings.Index");
	for (size_t i = 0; i < it.n; i++)
		assert_non_null(strstr(line_of(sbuf_str(&out), it.v[i].line), it.v[i].name));
	report_items_free(&it);
	sbuf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(top_default),
		cmocka_unit_test(top_cum_nodecount),
		cmocka_unit_test(top_samples_nodefraction),
		cmocka_unit_test(top_wrapping_values),
		cmocka_unit_test(peek_root_and_leaf),
		cmocka_unit_test(tags_without_labels),
		cmocka_unit_test(items_top_and_peek),
	};
	setenv("TZ", "UTC", 1);	/* the Time: line is local time */
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
