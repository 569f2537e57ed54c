/* known_bugs_test: regression tests for bugs found in the profile core
 * (first written as expected failures, now fixed):
 *
 * 1. src/report/graph.c graph_node_info: a location without lines keeps its
 *    address under -functions/-files/-lines granularity; pprof's Aggregate
 *    zeroes every address first, so go tool pprof -top prints
 *    "[libc.so.6]" where rtprof prints "0000000000007f00 [libc.so.6]".
 * 2. src/base/arena.c arena_alloc: rounding size up to 16 wraps for sizes
 *    near SIZE_MAX, so a huge request returns a 16-byte block instead of
 *    NULL (and sizeof *b + size can wrap in the private-block path).
 * 3. src/profile/profile_read.c profile_slurp: a regular file gets a buffer
 *    of its whole size and is read to the end before max_file is checked,
 *    so `rtprof -top` on a 100 GB file allocates and reads 100 GB only to
 *    refuse it.  Cap the first buffer at max + 1 (keeping max + 1 from
 *    wrapping) and stop reading there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/arena.h"
#include "profile/profile_io.h"
#include "report/graph.h"
#include "tiny_profile.h"

static void lineless_location_name_without_address(void **state)
{
	(void)state;
	static const char *types[] = { "cpu/nanoseconds" };
	struct profile *p = tiny_new(1, types);
	assert_non_null(p);
	struct mapping *m = profile_add_mapping(p, 1);
	m->file = profile_str(p, "/usr/lib/libc.so.6");
	struct location *l = profile_add_location(p, 1, 0);
	l->mapping = m;
	l->address = 0x7f00;
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 4 }), l));
	static const char *grans[] = { "functions", "files", "lines" };
	struct graph_opts o[] = {
		{ .mean_index = -1, .keep_function = true, .keep_inlines = true },
		{ .mean_index = -1, .keep_file = true, .keep_inlines = true },
		{ .mean_index = -1, .keep_function = true, .keep_file = true,
		  .keep_line = true, .keep_inlines = true },
	};
	int failed = 0;
	for (int i = 0; i < 3; i++) {
		struct graph *g = graph_build(p, &o[i], NULL, NULL);
		assert_non_null(g);
		assert_int_equal(g->n_nodes, 1);
		const char *name = graph_node_name(g, g->nodes[0]);
		if (strcmp(name, "[libc.so.6]") != 0) {
			print_error("-%s: \"%s\", go tool pprof prints \"[libc.so.6]\"\n",
				    grans[i], name);
			failed = 1;
		}
		graph_free(g);
	}
	profile_free(p);
	if (failed)
		fail();
}

static void arena_huge_request_is_null(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	/* (SIZE_MAX - 8 + 15) & ~15 == 0, then "size 0 is 16": a 16-byte
	 * block.  (SIZE_MAX - 20 would reach malloc(16 + SIZE_MAX - 15) ==
	 * malloc(0) and write the block header out of bounds: not run.) */
	void *p = arena_alloc(&a, SIZE_MAX - 8);
	arena_free(&a);	/* before the assert, which does not return */
	assert_null(p);
}

static long peak_rss_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

/* A 512 MiB sparse file with max_file 1 MiB: refused with "file larger
 * than", and without the process growing by the file's size. */
static void max_file_refuses_early(void **state)
{
	(void)state;
	char path[] = "/tmp/rtprof-sparse-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)512 << 20), 0);
	close(fd);
	fflush(stdout);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct profile_read_opts o = { .max_file = 1 << 20 };
		struct rt_error err = { "" };
		long before = peak_rss_mib();
		struct profile *p = profile_read_file(path, &o, &err);
		long grew = peak_rss_mib() - before;
		printf("512 MiB file, max_file 1 MiB: \"%s\", peak RSS grew %ld MiB\n",
		       p ? "(parsed)" : err.msg, grew);
		fflush(stdout);
		_exit(!p && strstr(err.msg, "file larger than") && grew < 64 ? 0 : 1);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	unlink(path);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lineless_location_name_without_address),
		cmocka_unit_test(arena_huge_request_is_null),
		cmocka_unit_test(max_file_refuses_early),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
