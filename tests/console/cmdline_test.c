/* cmdline_test: the words after a command, as pprof's parseCommandLine
 * reads them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "console/cmdline.h"

static struct arena scratch;
static struct report_config current;

static int parse(const char *line, struct cmdline *cl, struct rt_error *err)
{
	char *w[32];
	int n = cmdline_fields(line, &scratch, w, 32);
	return cmdline_parse(w, n, &current, &scratch, cl, err);
}

static int setup(void **state)
{
	(void)state;
	arena_init(&scratch);
	report_config_default(&current);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&scratch);
	return 0;
}

static void test_top(void **state)
{
	struct cmdline cl;
	struct rt_error err;

	(void)state;
	assert_int_equal(parse("top", &cl, &err), 0);
	assert_string_equal(cl.entry->name, "top");
	assert_int_equal(cl.cfg.nodecount, 10);
	assert_int_equal(parse("top10", &cl, &err), 0);
	assert_string_equal(cl.name, "top");
	assert_int_equal(cl.cfg.nodecount, 10);
	assert_int_equal(parse("  top 5 main -runtime sort -cum >f ", &cl, &err), 0);
	assert_int_equal(cl.cfg.nodecount, 5);
	assert_string_equal(cl.cfg.focus, "main|sort");
	assert_string_equal(cl.cfg.ignore, "runtime");
	assert_string_equal(cl.cfg.sort, "cum");
	assert_string_equal(cl.cfg.output, "f");
	assert_int_equal(parse("top > g", &cl, &err), 0);
	assert_string_equal(cl.cfg.output, "g");
	assert_int_equal(parse("tree", &cl, &err), 0);
	assert_int_equal(cl.cfg.nodecount, -1);
	/* The session's options are untouched. */
	assert_null(current.focus);
	assert_string_equal(current.sort, "flat");
}

static void test_tags_and_params(void **state)
{
	struct cmdline cl;
	struct rt_error err;

	(void)state;
	assert_int_equal(parse("tags worker -fib", &cl, &err), 0);
	assert_string_equal(cl.cfg.tagfocus, "worker");
	assert_string_equal(cl.cfg.tagignore, "fib");
	assert_null(cl.cfg.focus);
	assert_int_equal(parse("list main.fib -runtime", &cl, &err), 0);
	assert_string_equal(cl.arg, "main.fib");
	assert_string_equal(cl.cfg.ignore, "runtime");
	assert_int_equal(parse("list10", &cl, &err), 0);
	assert_string_equal(cl.arg, "10");
}

static void test_errors(void **state)
{
	struct cmdline cl;
	struct rt_error err;

	(void)state;
	assert_int_equal(parse("list", &cl, &err), -1);
	assert_string_equal(err.msg, "command list requires an argument");
	assert_int_equal(parse("foo", &cl, &err), -1);
	assert_string_equal(err.msg, "unrecognized command: \"foo\"");
	assert_int_equal(parse("o5", &cl, &err), -1);
	assert_string_equal(err.msg, "unrecognized command: \"o\"");
	assert_int_equal(parse("nodecount 5", &cl, &err), -1);
	assert_string_equal(err.msg, "did you mean: nodecount=5");
	assert_int_equal(parse("nodecount5", &cl, &err), -1);
	assert_string_equal(err.msg, "did you mean: nodecount=5");
	assert_int_equal(parse("cum", &cl, &err), -1);
	assert_string_equal(err.msg, "did you mean: cum=<val>");
	assert_int_equal(parse("granularity x", &cl, &err), -1);
	assert_string_equal(err.msg, "unrecognized command: \"granularity\"");
	assert_int_equal(parse("top >", &cl, &err), -1);
	assert_string_equal(err.msg, "unexpected end of line after >");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_top, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tags_and_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
