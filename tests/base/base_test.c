/* base_test: the small data structures under the profile model: arena,
 * strtab (interning), idmap, sbuf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/dynlib.h"
#include "base/goparse.h"
#include "base/idmap.h"
#include "base/sbuf.h"
#include "base/strtab.h"

/* dynlib: a library that is there binds its functions once; one that is
 * not gives one line naming what needs it, the file and the package. */
static size_t (*dl_strlen)(const char *);
static int dl_binds;

static int bind_strlen(void *h)
{
	dl_binds++;
	return dynlib_sym(h, "strlen", &dl_strlen);
}

static int bind_missing(void *h)
{
	void (*fn)(void);
	return dynlib_sym(h, "rtprof_no_such_function", &fn);
}

static int bind_none(void *h)
{
	(void)h;
	return 0;
}

static void dynlib_loads_once_or_says_why(void **state)
{
	(void)state;
	struct rt_error err;
	static struct dynlib libc = DYNLIB_INIT("libc.so.6", "libc6", bind_strlen);
	assert_int_equal(dynlib_load(&libc, "counting", &err), 0);
	assert_int_equal(dynlib_load(&libc, "counting", &err), 0);
	assert_int_equal(dl_binds, 1);
	assert_int_equal(dl_strlen("four"), 4);
	static struct dynlib none = DYNLIB_INIT("librtprof-none.so.9", "rtprof-none", bind_none);
	assert_int_equal(dynlib_load(&none, "fetching over HTTP", &err), -1);
	assert_non_null(strstr(err.msg, "fetching over HTTP needs librtprof-none.so.9 "
					"(apt-get install rtprof-none): "));
	assert_null(strchr(err.msg, '\n'));
	static struct dynlib nofn = DYNLIB_INIT("libc.so.6", "libc6", bind_missing);
	assert_int_equal(dynlib_load(&nofn, "counting", &err), -1);
	assert_non_null(strstr(err.msg, "counting needs libc.so.6 (apt-get install libc6): "));
	assert_non_null(strstr(err.msg, "rtprof_no_such_function"));
}

static void arena_alignment_and_zeroing(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	for (size_t sz = 1; sz < 200; sz += 7) {
		char *p = arena_alloc(&a, sz);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xAB, sz);
		unsigned char *z = arena_zalloc(&a, sz);
		assert_non_null(z);
		assert_int_equal((uintptr_t)z % 16, 0);
		for (size_t i = 0; i < sz; i++)
			assert_int_equal(z[i], 0);
	}
	arena_free(&a);
}

/* Allocations bigger than a block, and many small ones across blocks, stay
 * valid and distinct until arena_free. */
static void arena_big_and_many(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	char *big = arena_alloc(&a, 1 << 20);
	assert_non_null(big);
	memset(big, 'x', 1 << 20);
	uint32_t *ptrs[5000];
	for (uint32_t i = 0; i < 5000; i++) {
		ptrs[i] = arena_alloc(&a, 100);
		assert_non_null(ptrs[i]);
		*ptrs[i] = i;
	}
	for (uint32_t i = 0; i < 5000; i++)
		assert_int_equal(*ptrs[i], i);
	assert_int_equal(big[0], 'x');
	assert_int_equal(big[(1 << 20) - 1], 'x');
	assert_true(a.total >= (1 << 20) + 5000 * 100);
	arena_free(&a);
}

static void arena_copies(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	char src[] = "hello, world";
	char *d = arena_strdup(&a, src);
	assert_string_equal(d, "hello, world");
	assert_ptr_not_equal(d, src);
	assert_string_equal(arena_strndup(&a, src, 5), "hello");
	assert_string_equal(arena_strndup(&a, "", 0), "");
	int v[3] = { 1, 2, 3 };
	int *m = arena_memdup(&a, v, sizeof v);
	assert_memory_equal(m, v, sizeof v);
	arena_free(&a);
	arena_free(&a);	/* a freed arena is empty: freeing again is harmless */
}

/* A size near SIZE_MAX must fail, not wrap to a tiny block (was a bug). */
static void arena_huge_request_is_null(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	/* (SIZE_MAX - 8 + 15) & ~15 wrapped to 0, then "size 0 is 16"; and
	 * SIZE_MAX - 20 reached malloc(16 + SIZE_MAX - 15) == malloc(0). */
	void *p1 = arena_alloc(&a, SIZE_MAX - 8);
	void *p2 = arena_alloc(&a, SIZE_MAX - 20);
	void *p3 = arena_alloc(&a, SIZE_MAX);
	arena_free(&a);	/* before the asserts, which do not return */
	assert_null(p1);
	assert_null(p2);
	assert_null(p3);
}

/* Equal strings are one pointer; the model compares names by pointer. */
static void strtab_interning(void **state)
{
	struct arena a;
	struct strtab t;
	(void)state;
	arena_init(&a);
	assert_int_equal(strtab_init(&t, &a), 0);
	char buf1[] = "main.main", buf2[] = "main.main";
	const char *s1 = strtab_intern_cstr(&t, buf1);
	const char *s2 = strtab_intern_cstr(&t, buf2);
	assert_non_null(s1);
	assert_ptr_equal(s1, s2);
	assert_ptr_not_equal(s1, buf1);
	assert_string_equal(s1, "main.main");
	/* A prefix is a different string, and a length-limited intern of a
	 * longer buffer equals the whole shorter string. */
	const char *pre = strtab_intern(&t, "main.mainX", 4);
	assert_string_equal(pre, "main");
	assert_ptr_not_equal(pre, s1);
	assert_ptr_equal(strtab_intern(&t, "main.mainX", 9), s1);
	assert_ptr_equal(strtab_intern_cstr(&t, "main"), pre);
	/* "" is interned once and kept as t.empty. */
	assert_ptr_equal(strtab_intern_cstr(&t, ""), t.empty);
	assert_ptr_equal(strtab_intern(&t, "abc", 0), t.empty);
	assert_string_equal(t.empty, "");
	strtab_free(&t);
	arena_free(&a);
}

/* Growing the table keeps earlier pointers and their identity. */
static void strtab_grows(void **state)
{
	struct arena a;
	struct strtab t;
	static const char *first[20000];
	char name[32];
	(void)state;
	arena_init(&a);
	assert_int_equal(strtab_init(&t, &a), 0);
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof name, "fn%d", i);
		first[i] = strtab_intern_cstr(&t, name);
		assert_non_null(first[i]);
	}
	size_t count = t.count;
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof name, "fn%d", i);
		assert_ptr_equal(strtab_intern_cstr(&t, name), first[i]);
		assert_string_equal(first[i], name);
	}
	assert_int_equal(t.count, count);	/* nothing new interned */
	assert_int_equal(strtab_hash("abc", 3), strtab_hash("abcd", 3));
	strtab_free(&t);
	arena_free(&a);
}

static void idmap_basics(void **state)
{
	struct idmap m;
	int a = 1, b = 2, c = 3;
	(void)state;
	assert_int_equal(idmap_init(&m, 0), 0);
	assert_null(idmap_get(&m, 1));
	assert_int_equal(idmap_put(&m, 1, &a), 0);
	assert_int_equal(idmap_put(&m, UINT64_MAX, &b), 0);
	assert_ptr_equal(idmap_get(&m, 1), &a);
	assert_ptr_equal(idmap_get(&m, UINT64_MAX), &b);
	assert_null(idmap_get(&m, 2));
	/* put replaces */
	assert_int_equal(idmap_put(&m, 1, &c), 0);
	assert_ptr_equal(idmap_get(&m, 1), &c);
	assert_int_equal(m.count, 2);
	/* key 0 is never stored */
	assert_int_equal(idmap_put(&m, 0, &a), 0);
	assert_null(idmap_get(&m, 0));
	assert_int_equal(m.count, 2);
	idmap_free(&m);
	assert_null(idmap_get(&m, 1));	/* a freed map is empty */
}

/* Many keys, including colliding patterns (multiples of a power of two),
 * across several growths. */
static void idmap_many(void **state)
{
	struct idmap m;
	(void)state;
	assert_int_equal(idmap_init(&m, 4), 0);
	for (uint64_t k = 1; k <= 100000; k++)
		assert_int_equal(idmap_put(&m, k << 20, (void *)(uintptr_t)k), 0);
	assert_int_equal(m.count, 100000);
	for (uint64_t k = 1; k <= 100000; k++)
		assert_ptr_equal(idmap_get(&m, k << 20), (void *)(uintptr_t)k);
	assert_null(idmap_get(&m, (uint64_t)100001 << 20));
	assert_null(idmap_get(&m, 3));
	idmap_free(&m);
}

static void sbuf_appends(void **state)
{
	struct sbuf b;
	(void)state;
	sbuf_init(&b);
	assert_string_equal(sbuf_str(&b), "");
	sbuf_puts(&b, "flat");
	sbuf_putc(&b, ' ');
	sbuf_printf(&b, "%5.2f%%", 29.14);
	sbuf_add(&b, "|x", 1);
	assert_string_equal(sbuf_str(&b), "flat 29.14%|");
	assert_int_equal(b.len, 12);
	sbuf_reset(&b);
	assert_string_equal(sbuf_str(&b), "");
	assert_int_equal(b.len, 0);
	/* Bytes are bytes: a NUL in the middle is kept and counted. */
	sbuf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);
	sbuf_free(&b);
}

static void sbuf_grows(void **state)
{
	struct sbuf b;
	char big[5000];
	(void)state;
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	sbuf_init(&b);
	for (int i = 0; i < 1000; i++)
		sbuf_printf(&b, "%04d\n", i);
	sbuf_printf(&b, "%s", big);	/* one print longer than any first guess */
	assert_int_equal(b.len, 5000 + 4999);
	assert_memory_equal(b.data, "0000\n0001\n", 10);
	assert_memory_equal(b.data + 999 * 5, "0999\nqq", 7);
	assert_int_equal(strlen(sbuf_str(&b)), 5000 + 4999);
	assert_int_equal(b.oom, 0);
	sbuf_free(&b);
}

/* A sink takes the bytes once flush_at are held, in order; after it fails
 * appends are no-ops, so a streamed report stops at a closed pipe. */
struct sink_log {
	char got[64];
	size_t len;
	int calls, fail_at;
};

static int sink_take(void *arg, const void *data, size_t len)
{
	struct sink_log *l = arg;
	if (++l->calls == l->fail_at)
		return -1;
	memcpy(l->got + l->len, data, len);
	l->len += len;
	return 0;
}

static void sbuf_sink_streams(void **state)
{
	(void)state;
	struct sink_log l = { .fail_at = 4 };
	struct sbuf b;

	sbuf_init(&b);
	sbuf_set_sink(&b, sink_take, &l, 4);
	sbuf_puts(&b, "ab");
	assert_int_equal(l.calls, 0);	/* fewer than 4 held */
	sbuf_printf(&b, "%s", "cde");
	assert_int_equal(l.calls, 1);
	assert_int_equal(b.len, 0);
	sbuf_puts(&b, "fghi");
	sbuf_putc(&b, 'j');
	assert_int_equal(sbuf_flush(&b), 0);	/* "j" on demand */
	assert_int_equal(l.calls, 3);
	assert_int_equal(l.len, 10);
	assert_memory_equal(l.got, "abcdefghij", 10);
	sbuf_puts(&b, "klmn");			/* the 4th call fails */
	assert_int_equal(b.sink_failed, 1);
	sbuf_puts(&b, "opqr");
	assert_int_equal(l.calls, 4);		/* no more calls */
	assert_int_equal(b.len, 0);
	assert_int_equal(sbuf_flush(&b), -1);
	assert_int_equal(b.oom, 0);
	sbuf_free(&b);
}

/* Go's strconv forms: what pprof's flags and config.set accept. */
static void goparse_forms(void **state)
{
	long long i = 0;
	double d = 0;
	bool b = false;

	(void)state;
	assert_int_equal(go_parse_int("0x10", &i), GO_PARSE_OK);
	assert_int_equal(i, 16);
	assert_int_equal(go_parse_int("-0b1_01", &i), GO_PARSE_OK);
	assert_int_equal(i, -5);
	assert_int_equal(go_parse_int("017", &i), GO_PARSE_OK);
	assert_int_equal(i, 15);
	assert_int_equal(go_parse_int(" 5", &i), GO_PARSE_SYNTAX);
	assert_int_equal(go_parse_int("1_000", &i), GO_PARSE_OK);
	assert_int_equal(i, 1000);
	assert_int_equal(go_parse_int("0x_1f", &i), GO_PARSE_OK);
	assert_int_equal(i, 31);
	assert_int_equal(go_parse_int("0_17", &i), GO_PARSE_OK);
	assert_int_equal(i, 15);
	assert_int_equal(go_parse_int("1__0", &i), GO_PARSE_SYNTAX);
	assert_int_equal(go_parse_int("_1", &i), GO_PARSE_SYNTAX);
	assert_int_equal(go_parse_int("1_", &i), GO_PARSE_SYNTAX);
	assert_int_equal(go_parse_int("+-1", &i), GO_PARSE_SYNTAX);
	assert_int_equal(go_parse_int("9223372036854775808", &i), GO_PARSE_RANGE);
	assert_int_equal(go_parse_int("-9223372036854775808", &i), GO_PARSE_OK);
	assert_int_equal(go_atoi("0x10", &i), GO_PARSE_SYNTAX);
	assert_int_equal(go_atoi("+12", &i), GO_PARSE_OK);
	assert_int_equal(i, 12);
	assert_int_equal(go_parse_float("1e3", &d), GO_PARSE_OK);
	assert_true(d == 1000);
	assert_int_equal(go_parse_float("1e999", &d), GO_PARSE_RANGE);
	assert_int_equal(go_parse_float(" 1", &d), GO_PARSE_SYNTAX);
	assert_int_equal(go_parse_float("1x", &d), GO_PARSE_SYNTAX);
	assert_true(d == 1000);	/* untouched on failure */
	assert_int_equal(go_parse_bool("T", &b), GO_PARSE_OK);
	assert_true(b);
	assert_int_equal(go_parse_bool("False", &b), GO_PARSE_OK);
	assert_false(b);
	assert_int_equal(go_parse_bool("yes", &b), GO_PARSE_SYNTAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arena_alignment_and_zeroing),
		cmocka_unit_test(arena_big_and_many),
		cmocka_unit_test(arena_copies),
		cmocka_unit_test(arena_huge_request_is_null),
		cmocka_unit_test(strtab_interning),
		cmocka_unit_test(strtab_grows),
		cmocka_unit_test(idmap_basics),
		cmocka_unit_test(idmap_many),
		cmocka_unit_test(sbuf_appends),
		cmocka_unit_test(sbuf_grows),
		cmocka_unit_test(sbuf_sink_streams),
		cmocka_unit_test(goparse_forms),
		cmocka_unit_test(dynlib_loads_once_or_says_why),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
