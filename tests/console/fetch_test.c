/* fetch_test: loading as pprof's fetch: partial failures, the
 * symbolizer's notes for profiles without binaries, comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "console/fetch.h"
#include "profile/profile_io.h"

#define CPU RT_SRCDIR "/tests/golden/profiles/cpu.pb.gz"

static char dir[] = "/tmp/rtprof-fetch-XXXXXX";

/* cpu.pb.gz with every mapping's file set to file (NULL: no mappings). */
static char *variant(const char *name, const char *file)
{
	static char path[256];
	struct rt_error err;
	struct profile *p = profile_read_file(CPU, NULL, &err);

	assert_non_null(p);
	if (!file) {
		for (size_t i = 0; i < p->n_locations; i++)
			p->locations[i]->mapping = NULL;
		p->n_mappings = 0;
	}
	for (size_t i = 0; i < p->n_mappings; i++) {
		struct mapping *m = p->mappings[i];
		m->file = profile_str(p, file);
		m->has_functions = m->has_filenames = m->has_line_numbers = false;
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(profile_write_file(p, path, &err), 0);
	profile_free(p);
	return path;
}

static int fetch1(char **srcs, size_t n, struct fetch *f, struct sbuf *msg,
		  struct rt_error *err)
{
	struct fetch_opts o = { .sources = srcs, .n_sources = n };
	return fetch_profiles(&o, f, msg, err);
}

static void test_notes(void **state)
{
	struct fetch f;
	struct sbuf msg;
	struct rt_error err;
	char *src[1];

	(void)state;
	assert_non_null(mkdtemp(dir));
	sbuf_init(&msg);
	src[0] = strdup(variant("nomap.pb.gz", NULL));
	assert_int_equal(fetch1(src, 1, &f, &msg, &err), 0);
	assert_string_equal(sbuf_str(&msg), "Main binary filename not available.\n");
	assert_int_equal((int)f.p->n_mappings, 1);
	assert_ptr_equal(f.p->locations[0]->mapping, f.p->mappings[0]);
	fetch_free(&f);
	free(src[0]);

	sbuf_reset(&msg);
	src[0] = strdup(variant("nobin.pb.gz", "/nonexistent/cpuwork"));
	assert_int_equal(fetch1(src, 1, &f, &msg, &err), 0);
	assert_string_equal(sbuf_str(&msg),
		"Local symbolization failed for cpuwork: open /nonexistent/cpuwork: no such file or directory\n"
		"Some binary filenames not available. Symbolization may be incomplete.\n"
		"Try setting PPROF_BINARY_PATH to the search path for local binaries.\n");
	fetch_free(&f);
	unlink(src[0]);
	free(src[0]);

	sbuf_reset(&msg);
	src[0] = strdup(variant("notobj.pb.gz", "/etc/passwd"));
	assert_int_equal(fetch1(src, 1, &f, &msg, &err), 0);
	assert_non_null(strstr(sbuf_str(&msg), ": open /etc/passwd: unrecognized object file\n"));
	fetch_free(&f);
	unlink(src[0]);
	free(src[0]);
	unlink(variant("nomap.pb.gz", NULL));
	rmdir(dir);
	sbuf_free(&msg);
}

static void test_sources(void **state)
{
	struct fetch f;
	struct sbuf msg;
	struct rt_error err;
	char *two[] = { CPU, "nosuch.pb.gz" }, *none[] = { "a.pb.gz", "b.pb.gz" };
	struct fetch_opts o = { .sources = two, .n_sources = 1, .comment = "hello" };

	(void)state;
	sbuf_init(&msg);
	assert_int_equal(fetch1(two, 2, &f, &msg, &err), 0);
	assert_string_equal(sbuf_str(&msg),
		"nosuch.pb.gz: open nosuch.pb.gz: no such file or directory\n"
		"Fetched 1 source profiles out of 2\n");
	fetch_free(&f);
	sbuf_reset(&msg);
	assert_int_equal(fetch1(none, 2, &f, &msg, &err), -1);
	assert_string_equal(err.msg, "a.pb.gz: open a.pb.gz: no such file or directory");
	assert_int_equal(msg.len, 0);
	assert_int_equal(fetch_profiles(&o, &f, &msg, &err), 0);
	assert_string_equal(f.p->comments[f.p->n_comments - 1], "hello");
	fetch_free(&f);
	o.base = "nosuch.pb.gz";
	assert_int_equal(fetch_profiles(&o, &f, &msg, &err), -1);
	assert_string_equal(err.msg, "nosuch.pb.gz: open nosuch.pb.gz: no such file or directory");
	sbuf_free(&msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_sources),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
