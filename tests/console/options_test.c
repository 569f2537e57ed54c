/* options_test: the option table against pprof's config.go behaviour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "console/options.h"

static void test_groups(void **state)
{
	(void)state;
	assert_ptr_equal(option_choice_group(option_find_choice("cum")), option_find("sort"));
	assert_ptr_equal(option_choice_group(option_find_choice("flat")), option_find("sort"));
	assert_ptr_equal(option_choice_group(option_find_choice("lines")), option_find("granularity"));
	assert_ptr_equal(option_choice_group(option_find_choice("addresses")), option_find("granularity"));
	assert_null(option_help("sort"));
	assert_null(option_help("granularity"));
	assert_string_equal(option_help("files"), "Aggregate at the file level.");
	assert_true(option_is_bool("noinlines"));
	assert_true(option_is_bool("cum"));
	assert_false(option_is_bool("nodecount"));
	assert_false(option_is_configurable("top"));
}

static void test_set(void **state)
{
	struct report_config c;
	struct arena a;
	struct rt_error err;

	(void)state;
	arena_init(&a);
	report_config_default(&c);
	assert_int_equal(option_set(&c, &a, "nodecount", "5", &err), 0);
	assert_int_equal(c.nodecount, 5);
	assert_int_equal(option_set(&c, &a, "nodecount", "abc", &err), -1);
	assert_string_equal(err.msg, "strconv.Atoi: parsing \"abc\": invalid syntax");
	/* pprof's quirk: a bare choice name is "unknown" (ParseBool("")). */
	assert_int_equal(option_set(&c, &a, "cum", "", &err), -1);
	assert_string_equal(err.msg, "unknown config field \"cum\"");
	assert_int_equal(option_set(&c, &a, "cum", "true", &err), 0);
	assert_string_equal(c.sort, "cum");
	assert_int_equal(option_set(&c, &a, "noinlines", "", &err), 0);
	assert_true(c.noinlines);
	assert_int_equal(option_set(&c, &a, "noinlines", "No", &err), 0);
	assert_false(c.noinlines);
	assert_int_equal(option_set(&c, &a, "mean", "maybe", &err), -1);
	assert_string_equal(err.msg, "illegal value \"maybe\" for bool variable");
	assert_int_equal(option_set(&c, &a, "granularity", "bogus", &err), -1);
	assert_string_equal(err.msg, "invalid \"granularity\" value \"bogus\"");
	assert_int_equal(option_set(&c, &a, "nodefraction", "x", &err), -1);
	assert_string_equal(err.msg, "strconv.ParseFloat: parsing \"x\": invalid syntax");
	assert_int_equal(option_set(&c, &a, "focus", "main\\.", &err), 0);
	assert_string_equal(c.focus, "main\\.");
	arena_free(&a);
}

static void check_float(double v, const char *want)
{
	char buf[64];
	option_format_float(v, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void test_float(void **state)
{
	(void)state;
	check_float(0.005, "0.005");
	check_float(1, "1");
	check_float(0.001, "0.001");
	check_float(123456, "123456");
	check_float(1e6, "1e+06");
	check_float(1.5e7, "1.5e+07");
	check_float(0.0001, "0.0001");
	check_float(0.00001, "1e-05");
	check_float(1e-7, "1e-07");
	check_float(-2.5, "-2.5");
	check_float(0.1 + 0.2, "0.30000000000000004");
}

static void test_print(void **state)
{
	struct report_config c;
	struct sbuf out;

	(void)state;
	report_config_default(&c);
	sbuf_init(&out);
	options_print(&c, NULL, &out);
	const char *s = sbuf_str(&out);
	assert_non_null(strstr(s, "  call_tree                 = false                \n"));
	assert_non_null(strstr(s, "  nodecount                 = -1                   //: default\n"));
	assert_non_null(strstr(s, "  granularity               = functions            //: [addresses | filefunctions | files | functions | lines]\n"));
	assert_non_null(strstr(s, "  focus                     = \"\"                   \n"));
	assert_null(strstr(s, "source_path"));
	assert_int_equal(strncmp(s, "  call_tree", 11), 0);
	sbuf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_float),
		cmocka_unit_test(test_print),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
