/* rx_test: the regexp front end (src/base/rx_parse.c, src/base/rx.c).
 * Every answer below is what Go 1.19's regexp package says for the same
 * pattern and text (tests/base/rx_vs_go/run.sh checks thousands of random
 * cases the same way): the errors word for word, the matches bit for bit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/rx.h"
#include "base/rx_parse.h"
#include "base/sbuf.h"

struct match_case {
	const char *re, *text;
	bool match;
};

static void check_matches(const struct match_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct rx r;
		struct rt_error err = { "" };
		if (rx_compile(&r, c[i].re, &err) < 0)
			fail_msg("%s: %s", c[i].re, err.msg);
		if (rx_match(&r, c[i].text) != c[i].match)
			fail_msg("/%s/ on \"%s\": want %d", c[i].re, c[i].text, c[i].match);
		rx_free(&r);
	}
}

/* The patterns the goldens use (tests/golden/cases, tests/console/golden). */
static void golden_patterns(void **state)
{
	static const struct match_case c[] = {
		{ "main", "main.fib", true },
		{ "gen/codec\\.decode1$", "example.com/gen/codec.decode1", true },
		{ "gen/codec\\.decode1$", "gen/codec.decode12", false },
		{ "fib|sort", "sort.Slice", true },
		{ "fib|sort", "main.prime", false },
		{ "main\\.", "mainx", false },
		{ "^main\\.fib$", "main.fib", true },
		{ "^main\\.fib$", "xmain.fib", false },
		{ "gen/stage\\.Stage3$", "x/gen/stage.Stage3", true },
		{ "^worker:h", "worker:hash", true },
		{ "Sum256", "crypto/sha256.Sum256", true },
		{ "NoSuchThing", "main.main", false },
	};
	(void)state;
	check_matches(c, sizeof c / sizeof *c);
}

static void classes_and_escapes(void **state)
{
	static const struct match_case c[] = {
		{ "\\d+", "abc123", true },
		{ "^\\D+$", "ab1", false },
		{ "\\w\\s\\W", "a !", true },
		{ "[[:alpha:]]+[[:digit:]]", "ab1", true },
		{ "[[:^alpha:]]", "abc", false },
		{ "[^a]", "a", false },
		{ "[]a]", "]", true },
		{ "[a-]", "-", true },
		{ "\\pL", "é", true },
		{ "\\p{Greek}", "αβγ", true },
		{ "\\p{^Greek}", "α", false },
		{ "\\PL", "é", false },
		{ "[\\pL\\d]", "5", true },
		{ "\\x41\\x{42}", "AB", true },
		{ "\\Qa.b\\E", "a.b", true },
		{ "\\Qa.b\\E", "axb", false },
		{ "\\012", "\n", true },
		{ "x{,3}", "x{,3}", true },	/* not a repeat: literal text */
		{ "[\\x{D800}]", "\xed\xa0\x80", false },
		{ "\\x{fffd}", "\xff", true },	/* bad UTF-8 reads as U+FFFD */
		{ "^.$", "\xff", true },
	};
	(void)state;
	check_matches(c, sizeof c / sizeof *c);
}

static void anchors_and_flags(void **state)
{
	static const struct match_case c[] = {
		{ "^b", "a\nb", false },
		{ "(?m)^b", "a\nb", true },
		{ "b$", "b\n", false },	/* $ is the end of the text only */
		{ "(?m)b$", "b\nx", true },
		{ "(?m)^$", "x\n", true },	/* ^ after the final newline */
		{ "\\Aa", "ba", false },
		{ "a\\z", "ab", false },
		{ "a.b", "a\nb", false },
		{ "(?s)a.b", "a\nb", true },
		{ "\\bfoo\\b", "a foo b", true },
		{ "\\Bfoo", "afoo", true },
		{ "(?i)abc", "xABCx", true },
		{ "(?i)k", "\xe2\x84\xaa", true },	/* KELVIN SIGN folds to k */
		{ "(?i)[[:lower:]]", "Q", true },
		{ "(?i)[^k]", "K", false },
		{ "(?i:a)b", "AB", false },
		{ "(?i)a(?-i)b", "Ab", true },
		{ "(?i)a(?-i)b", "AB", false },
		{ "(?U)a+", "aa", true },
		{ "a|b|", "zzz", true },
		{ "x|y", "zzz", false },
		{ "(a|aa)*c", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", false },
		{ "a{2,3}b", "aab", true },
		{ "a{2,3}b", "ab", false },
	};
	(void)state;
	check_matches(c, sizeof c / sizeof *c);
}

/* Go's refusals, word for word: no backreferences, lookaround or \C;
 * repeat counts at most 1000, alone and multiplied when nested. */
static void refusals(void **state)
{
	static const char *const c[][2] = {
		{ "(.*)(.*)(.*)(.*)(.*)(.*)\\6\\5\\4\\3\\2\\1", "invalid escape sequence: `\\6`" },
		{ "(a)\\1", "invalid escape sequence: `\\1`" },
		{ "\\8", "invalid escape sequence: `\\8`" },
		{ "\\C", "invalid escape sequence: `\\C`" },
		{ "[\\b]", "invalid escape sequence: `\\b`" },
		{ "\\xZZ", "invalid escape sequence: `\\xZZ`" },
		{ "a{1001}", "invalid repeat count: `{1001}`" },
		{ "a{2,1}", "invalid repeat count: `{2,1}`" },
		{ "a{3000}{3000}", "invalid repeat count: `{3000}`" },
		{ "((a{100}){100}){100}", "invalid repeat count: `{100}`" },
		{ "a{1000}{1000}", "invalid nested repetition operator: `{1000}{1000}`" },
		{ "a**", "invalid nested repetition operator: `**`" },
		{ "a*?+", "invalid nested repetition operator: `*?+`" },
		{ "*a", "missing argument to repetition operator: `*`" },
		{ "(?=a)", "invalid or unsupported Perl syntax: `(?=`" },
		{ "(?<n>a)", "invalid or unsupported Perl syntax: `(?<`" },
		{ "(?i-:a)", "invalid or unsupported Perl syntax: `(?i-:`" },
		{ "(?P<n!>a)", "invalid named capture: `(?P<n!>`" },
		{ "(a", "missing closing ): `(a`" },
		{ "a)", "unexpected ): `a)`" },
		{ "a[", "missing closing ]: `[`" },
		{ "[z-a]", "invalid character class range: `z-a`" },
		{ "[[:foo:]]", "invalid character class range: `[:foo:]`" },
		{ "\\p{Foo}", "invalid character class range: `\\p{Foo}`" },
		{ "a\\", "trailing backslash at end of expression: ``" },
		{ "\xff", "invalid UTF-8: `\xff`" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		struct rx r;
		struct rt_error err = { "" };
		char want[600];
		snprintf(want, sizeof want, "error parsing regexp: %s", c[i][1]);
		if (rx_compile(&r, c[i][0], &err) == 0) {
			rx_free(&r);
			fail_msg("%s: accepted", c[i][0]);
		}
		assert_string_equal(err.msg, want);
		assert_false(r.ok);
	}
}

/* Past the size cap: one line naming it.  At the cap's edge both ways. */
static void size_cap(void **state)
{
	static char text[2001];
	struct rx r;
	struct rt_error err = { "" };
	(void)state;
	for (size_t i = 0; i < 1000; i++)
		memcpy(text + 2 * i, i % 2 ? "cd" : "ab", 2);
	assert_int_equal(rx_compile(&r, "(?:[a-z]x|[0-9]y){1000}", &err), -1);
	assert_string_equal(err.msg, "error parsing regexp: expression too large (over the 64 KiB "
				     "regexp size cap): `(?:[a-z]x|[0-9]y){1000}`");
	assert_int_equal(rx_compile(&r, "(?:ab|cd){1000}", &err), 0);
	assert_true(rx_match(&r, text));
	text[1000] = 'x';
	assert_false(rx_match(&r, text));
	rx_free(&r);
	assert_int_equal(rx_compile(&r, "x{1000}", &err), 0);
	rx_free(&r);
	/* Go nests 1000 deep; so does rtprof (PCRE2's (?: would stop at ~500). */
	static char deep[4000];
	memset(deep, '(', 999);
	deep[999] = 'a';
	memset(deep + 1000, ')', 999);
	assert_int_equal(rx_compile(&r, deep, &err), 0);
	assert_true(rx_match(&r, "xa"));
	rx_free(&r);
	memset(deep, '(', 1001);
	deep[1001] = 'a';
	memset(deep + 1002, ')', 1001);
	assert_int_equal(rx_compile(&r, deep, &err), -1);
	assert_non_null(strstr(err.msg, "error parsing regexp: expression nests too deeply: `((("));
}

/* The PCRE2 spelling: every construct explicit; groups are plain ( ) under
 * PCRE2_NO_AUTO_CAPTURE; case folding switched on around what folds. */
static void translation(void **state)
{
	static const char *const c[][2] = {
		{ "a.b", "a[^\\n]b" },
		{ "(?s).", "[\\x{0}-\\x{10ffff}]" },
		{ "^a$", "\\Aa\\z" },
		{ "(?m)^a$", "(?m:^)a(?m:$)" },
		{ "(?i)ab", "(?i)ab(?-i)" },
		{ "(?i)k{3}", "(?i)k{3}(?-i)" },	/* one item: not a group written out 3 times */
		{ "\\d", "[\\x{30}-\\x{39}]" },
		{ "(?i)\\W", "(?i)[\\x{0}-\\x{2f}\\x{3a}-\\x{40}\\x{5b}-\\x{5e}\\x{60}\\x{7b}-\\x{17e}"
			     "\\x{180}-\\x{2129}\\x{212b}-\\x{10ffff}](?-i)" },
		{ "a|b*?", "(a|b*?)" },
		{ "(a){2,}", "(a){2,}" },
		{ "\\x{1F600}\\.", "\\x{1f600}\\x{2e}" },
		{ "[^\\pLx]", "[^\\x{78}\\p{L}]" },
		{ "", "()" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		struct sbuf b;
		struct rt_error err = { "" };
		sbuf_init(&b);
		assert_int_equal(rx_translate(c[i][0], &b, &err), 0);
		assert_string_equal(sbuf_str(&b), c[i][1]);
		sbuf_free(&b);
	}
}

/* Long texts stay linear: what backtracks exponentially in PCRE2's default
 * matcher, and counted repeats that keep many states, both answer at once. */
static void long_texts(void **state)
{
	static char text[20001];
	struct rx r;
	struct rt_error err;
	(void)state;
	memset(text, 'a', sizeof text - 1);
	assert_int_equal(rx_compile(&r, "(a|aa)*c", &err), 0);
	assert_false(rx_match(&r, text));
	text[sizeof text - 2] = 'c';
	assert_true(rx_match(&r, text));
	rx_free(&r);
	assert_int_equal(rx_compile(&r, "[a-z]{1000}[0-9]", &err), 0);
	assert_true(rx_match(&r, text + 18990) == false);
	text[sizeof text - 2] = '7';
	assert_true(rx_match(&r, text));
	rx_free(&r);
	assert_int_equal(rx_limit_hits(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_patterns),
		cmocka_unit_test(classes_and_escapes),
		cmocka_unit_test(anchors_and_flags),
		cmocka_unit_test(refusals),
		cmocka_unit_test(size_cap),
		cmocka_unit_test(translation),
		cmocka_unit_test(long_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
