/* measurement_test: pprof's units and number formats, with the examples of
 * /work/shared/spec/pprof-reports.md section 3.  Every expected string was
 * produced by pprof's own measurement.go (Go 1.19's vendored copy) run on the
 * same arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "measurement/measurement.h"

static void expect_label(int64_t v, const char *from, const char *to,
			 const char *want)
{
	char buf[64];
	meas_scaled_label(buf, sizeof buf, v, from, to);
	if (strcmp(buf, want) != 0)
		fail_msg("ScaledLabel(%lld, %s, %s) = \"%s\", want \"%s\"",
			 (long long)v, from, to, buf, want);
}

static void expect_pct(int64_t v, int64_t total, const char *want)
{
	char buf[64];
	meas_percentage(buf, sizeof buf, v, total);
	if (strcmp(buf, want) != 0)
		fail_msg("Percentage(%lld, %lld) = \"%s\", want \"%s\"",
			 (long long)v, (long long)total, buf, want);
}

static void scaled_label_spec_examples(void **state)
{
	(void)state;
	expect_label(0, "nanoseconds", "minimum", "0");	/* no unit on zero */
	expect_label(0, "bytes", "MB", "0");
	expect_label(100000000, "nanoseconds", "s", "0.10s");
	expect_label(1500000000, "nanoseconds", "s", "1.50s");
	expect_label(1500000000, "nanoseconds", "minimum", "1.50s");
	expect_label(2000000000, "nanoseconds", "s", "2s");	/* ".00" dropped */
	expect_label(5003100, "bytes", "kB", "4885.84kB");
	expect_label(3179, "count", "minimum", "3179");
	expect_label(954540000, "nanoseconds", "auto", "954.54ms");
	expect_label(440000000, "nanoseconds", "ms", "440ms");
}

static void scaled_label_units(void **state)
{
	(void)state;
	/* Memory is binary although printed kB/MB. */
	expect_label(1024, "bytes", "auto", "1kB");
	expect_label(1536, "B", "auto", "1.50kB");
	expect_label(3 * 1048576, "bytes", "auto", "3MB");
	expect_label(1023, "bytes", "auto", "1023B");
	/* Time up to hours, no minutes or days. */
	expect_label(7200000000000, "nanoseconds", "auto", "2hrs");
	expect_label(90000000000, "ns", "auto", "90s");
	expect_label(1500, "microseconds", "auto", "1.50ms");
	expect_label(1, "ms", "us", "1000us");
	/* Negative values keep their sign. */
	expect_label(-1500000000, "nanoseconds", "s", "-1.50s");
	expect_label(-1, "count", "minimum", "-1");
	/* %.2f rounding, then a lone zero is "0" even when negative. */
	expect_label(4, "nanoseconds", "s", "0");
	expect_label(-4, "nanoseconds", "s", "0");
	expect_label(5000000, "nanoseconds", "s", "0.01s");
	/* An unknown target unit in a known family: the family default. */
	expect_label(2000000000, "nanoseconds", "parsecs", "2s");
	expect_label(2048, "bytes", "parsecs", "2048B");
	/* An unknown source unit: the number, with the target unit unless it
	 * is one of count sample unit minimum auto. */
	expect_label(42, "widgets", "minimum", "42");
	expect_label(42, "widgets", "count", "42");
	expect_label(42, "widgets", "furlongs", "42furlongs");
	/* Unit names: case-insensitive, one trailing s dropped when longer
	 * than 2, aliases; an unknown target in the family: its default. */
	expect_label(2048, "KB", "auto", "2MB");
	expect_label(3000000000, "Seconds", "auto", "833333.33hrs");
	expect_label(2, "hours", "minutes", "7200s");
	expect_label(5, "gcu", "auto", "5GCU");
	expect_label(5000, "milligcu", "auto", "5GCU");
	expect_label(1, "bytes", "auto", "1B");
	expect_label(3 * 1125899906842624LL, "bytes", "auto", "3PB");
	/* %.2f of the binary value: 0.015 is below half, 0.025 above. */
	expect_label(15000000, "nanoseconds", "s", "0.01s");
	expect_label(25000000, "nanoseconds", "s", "0.03s");
}

static void scale_numbers(void **state)
{
	(void)state;
	const char *u = NULL;
	double v = meas_scale(1500, "ms", "s", &u);
	assert_true(v > 1.4999 && v < 1.5001);
	assert_string_equal(u, "s");
	v = meas_scale(0, "nanoseconds", "minimum", &u);
	assert_true(v == 0);
	assert_string_equal(u, "s");	/* the family default */
	v = meas_scale(0, "bytes", "auto", &u);
	assert_string_equal(u, "B");
	v = meas_scale(7, "count", "sample", &u);
	assert_true(v == 7);
	assert_string_equal(u, "");
	v = meas_scale(INT64_MIN, "count", "minimum", &u);	/* no overflow */
	assert_true(v < 0);
	assert_true(meas_unit_known("nanoseconds"));
	assert_true(meas_unit_known("MB"));
	/* pprof lists "μs" as an alias but strips the s of the 3-byte name
	 * first, so it never matches: neither as source nor as target. */
	assert_false(meas_unit_known("\xce\xbcs"));
	expect_label(1500, "\xce\xbcs", "auto", "1500");
	expect_label(1500, "ms", "\xce\xbcs", "1.50s");
	assert_false(meas_unit_known("count"));
	assert_false(meas_unit_known(""));
}

static void percentage_spec_examples(void **state)
{
	(void)state;
	expect_pct(10000, 10000, "  100%");
	expect_pct(2914, 10000, "29.14%");
	expect_pct(199, 10000, " 1.99%");
	expect_pct(31, 100000, "0.031%");
	expect_pct(26, 1000000, "0.0026%");
	expect_pct(12, 100000000, "1.2e-05%");
	expect_pct(0, 10000, "    0%");
	expect_pct(66, 10000, " 0.66%");
	expect_pct(15819, 10000, "158.19%");
	expect_pct(2, 100000, "0.002%");
}

static void percentage_edges(void **state)
{
	(void)state;
	expect_pct(5, 0, "    0%");		/* no total: 0 */
	expect_pct(-2914, 10000, "29.14%");	/* absolute value */
	expect_pct(2914, -10000, "29.14%");
	expect_pct(99950, 100000, "  100%");	/* [99.95, 100.05] is 100 */
	expect_pct(100050, 100000, "  100%");
	expect_pct(100060, 100000, "100.06%");
	expect_pct(99940, 100000, "99.94%");
	expect_pct(99999, 10000000, "    1%");	/* %5.2g of 0.99999 */
	expect_pct(8, 3645144, "0.00022%");
	expect_pct(5, 1000, "  0.5%");		/* %5.2g drops trailing zeros */
	expect_pct(1, 3, "33.33%");
}

static void compatible_types(void **state)
{
	(void)state;
	assert_true(meas_compatible_types("cpu", "nanoseconds", "cpu", "nanoseconds"));
	assert_true(meas_compatible_types("cpu", "nanoseconds", "cpu", "ms"));
	assert_true(meas_compatible_types("samples", "count", "sample", "count"));
	assert_true(meas_compatible_types("space", "bytes", "space", "MB"));
	assert_false(meas_compatible_types("cpu", "nanoseconds", "space", "nanoseconds"));
	assert_false(meas_compatible_types("cpu", "nanoseconds", "cpu", "bytes"));
	assert_false(meas_compatible_types("x", "widgets", "x", "gadgets"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scaled_label_spec_examples),
		cmocka_unit_test(scaled_label_units),
		cmocka_unit_test(scale_numbers),
		cmocka_unit_test(percentage_spec_examples),
		cmocka_unit_test(percentage_edges),
		cmocka_unit_test(compatible_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
