/* stream_test: the one-pass reader against the whole read.  Every golden
 * and corpus file is read four ways (profile_read_file and profile_parse,
 * each one pass and whole, and through readahead's two threads): the same
 * profile, to its frames' width and slots, or the same refusal.  Go's
 * profiles must take the one pass (profile_read_bytes does not give up on
 * them).  Then profiles made to leave the common path: location ids out of
 * order (the frames are renumbered), sparse ids past 16 bits and sample
 * types after the samples (given up, read whole), 70000 locations (frames
 * widened as the locations come) and exactly 65535 (still 16 bits). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "console/readahead.h"
#include "profile/gz.h"
#include "profile/profile_io.h"
#include "tiny_profile.h"

static const struct profile_read_opts whole = { .whole = true };

/* a and b (either may be NULL, then with its error) are the same. */
static void expect_same(const char *what, struct profile *a, const struct rt_error *ea,
			struct profile *b, const struct rt_error *eb)
{
	char why[256] = "";
	if (!a != !b)
		fail_msg("%s: %s vs %s", what, a ? "parsed" : ea->msg, b ? "parsed" : eb->msg);
	if (!a && strcmp(ea->msg, eb->msg))
		fail_msg("%s: \"%s\" vs \"%s\"", what, ea->msg, eb->msg);
	if (a && !tiny_identical(a, b, why, sizeof why))
		fail_msg("%s: %s", what, why);
}

static ssize_t read_gz(void *arg, uint8_t *buf, size_t cap)
{
	return gz_reader_read(arg, buf, cap);
}

/* The one pass alone over bytes (gzip or not). */
static struct profile *one_pass(const uint8_t *data, size_t n)
{
	struct gz_reader r;
	gz_reader_mem(&r, data, n, GZ_DEFAULT_MAX);
	struct profile_bytes src = { read_gz, &r };
	struct profile *p = profile_read_bytes(&src, NULL);
	gz_reader_end(&r);
	return p;
}

/* Reads path every way; returns whether it is a profile. */
static bool check_file(const char *path)
{
	struct rt_error e1 = { "" }, e2 = { "" }, e3 = { "" }, e4 = { "" }, e5 = { "" };
	struct profile *w = profile_read_file(path, &whole, &e1);
	struct profile *f = profile_read_file(path, NULL, &e2);
	struct profile *t = readahead_read_file(path, NULL, &e3);
	expect_same(path, f, &e2, w, &e1);
	expect_same(path, t, &e3, w, &e1);
	uint8_t *buf;
	size_t n;
	assert_int_equal(profile_slurp(path, (size_t)1 << 30, &buf, &n, &e4), 0);
	struct profile *m = profile_parse(buf, n, NULL, &e4);
	struct profile *mw = profile_parse(buf, n, &whole, &e5);
	expect_same(path, m, &e4, mw, &e5);
	free(buf);
	bool ok = w != NULL;
	profile_free(w);
	profile_free(f);
	profile_free(t);
	profile_free(m);
	profile_free(mw);
	return ok;
}

static size_t check_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;
	if (!d)
		fail_msg("%s: cannot open", dir);
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		if (de->d_name[0] == '.' ||
		    (size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
			continue;
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		check_file(path);
		n++;
	}
	closedir(d);
	return n;
}

static void files(void **state)
{
	(void)state;
	static const char *dirs[] = { "tests/golden/profiles", "tests/golden/profiles/derived",
				      "tests/golden/profiles/legacy", "tests/golden/profiles/parity",
				      "tests/profile/corpus" };
	size_t n = 0;
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/%s", RT_SRCDIR, dirs[i]);
		n += check_dir(dir);
	}
	assert_true(n > 100);
}

/* Go's profiles are read in one pass. */
static void go_profiles_one_pass(void **state)
{
	(void)state;
	static const char *names[] = { "cpu.pb.gz", "heap.pb.gz", "manystacks.pb.gz",
				       "goroutine.pb.gz", "block.pb.gz", "allocs.pb.gz" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[4096];
		uint8_t *buf;
		size_t n;
		struct rt_error err = { "" };
		snprintf(path, sizeof path, "%s/tests/golden/profiles/%s", RT_SRCDIR, names[i]);
		assert_int_equal(profile_slurp(path, (size_t)1 << 30, &buf, &n, &err), 0);
		struct profile *p = one_pass(buf, n);
		if (!p)
			fail_msg("%s: the one pass gave up", names[i]);
		struct profile *w = profile_parse(buf, n, &whole, &err);
		expect_same(names[i], p, &err, w, &err);
		profile_free(p);
		profile_free(w);
		free(buf);
	}
}

/* p encoded, then read one pass (which must or must not give up) and
 * whole: the same. */
static void check_encoded(const char *what, const uint8_t *raw, size_t n, bool gives_up)
{
	struct rt_error e1 = { "" }, e2 = { "" };
	struct profile *o = one_pass(raw, n);
	if (!o != gives_up)
		fail_msg("%s: the one pass %s", what, o ? "did not give up" : "gave up");
	struct profile *a = profile_parse(raw, n, NULL, &e1);
	struct profile *b = profile_parse(raw, n, &whole, &e2);
	assert_non_null(b);
	expect_same(what, a, &e1, b, &e2);
	if (o)
		expect_same(what, o, &e1, b, &e2);
	profile_free(o);
	profile_free(a);
	profile_free(b);
}

static void check_profile(const char *what, const struct profile *p, bool gives_up)
{
	uint8_t *raw;
	size_t n;
	struct rt_error err = { "" };
	assert_int_equal(profile_encode_raw(p, &raw, &n, &err), 0);
	check_encoded(what, raw, n, gives_up);
	free(raw);
}

static void ids_out_of_order(void **state)
{
	(void)state;
	struct profile *p = tiny_rich();
	assert_non_null(p);
	for (size_t i = 0; i < p->n_locations; i++)
		p->locations[i]->id = p->n_locations - i;
	check_profile("ids in reverse", p, false);
	for (size_t i = 0; i < p->n_locations; i++)
		p->locations[i]->id = (i + 1) * 100000;
	check_profile("ids sparse past 16 bits", p, true);
	profile_free(p);
}

/* The top-level fields of raw with the sample types moved to the end. */
static void sample_types_last(void **state)
{
	(void)state;
	struct profile *p = tiny_rich();
	uint8_t *raw;
	size_t n;
	struct rt_error err = { "" };
	assert_int_equal(profile_encode_raw(p, &raw, &n, &err), 0);
	uint8_t *moved = malloc(n), *types = malloc(n);
	size_t nm = 0, nt = 0;
	for (size_t i = 0; i < n;) {
		size_t start = i;
		uint64_t key = 0, len = 0;
		for (int sh = 0;; sh += 7) {
			key |= (uint64_t)(raw[i] & 0x7f) << sh;
			if (!(raw[i++] & 0x80))
				break;
		}
		assert_true((key & 7) == 0 || (key & 7) == 2);	/* varints, lengths */
		for (int sh = 0;; sh += 7) {
			len |= (uint64_t)(raw[i] & 0x7f) << sh;
			if (!(raw[i++] & 0x80))
				break;
		}
		if ((key & 7) == 2)
			i += len;
		if (key >> 3 == 1) {
			memcpy(types + nt, raw + start, i - start);
			nt += i - start;
		} else {
			memcpy(moved + nm, raw + start, i - start);
			nm += i - start;
		}
	}
	assert_true(nt > 0);
	memcpy(moved + nm, types, nt);
	check_encoded("sample types after the samples", moved, nm + nt, true);
	free(moved);
	free(types);
	free(raw);
	profile_free(p);
}

/* n locations, one a sample, ids in order. */
static struct profile *many_locations(size_t n)
{
	static const char *types[] = { "samples/count" };
	struct profile *p = tiny_new(1, types);
	struct function *fn = tiny_fn(p, 1, "f", "f.go");
	assert_non_null(fn);
	for (size_t i = 0; i < n; i++) {
		struct location *l = tiny_loc(p, i + 1, 0x1000 + i, 1, (struct function *[]){ fn });
		assert_non_null(l);
		int64_t v = (int64_t)i + 1;
		assert_non_null(tiny_sample(p, &v, 0, 1, (struct location *[]){ l }));
	}
	return p;
}

static void wide_and_narrow(void **state)
{
	(void)state;
	struct profile *p = many_locations(70000);
	check_profile("70000 locations", p, false);
	profile_free(p);
	p = many_locations(65535);
	check_profile("65535 locations", p, false);
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(files),
		cmocka_unit_test(go_profiles_one_pass),
		cmocka_unit_test(ids_out_of_order),
		cmocka_unit_test(sample_types_last),
		cmocka_unit_test(wide_and_narrow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
