/* known_bugs_test: failing tests for bugs found in the profile core and
 * reported to the owner of the code; listed in XFAIL_TESTS.  When one is
 * fixed, move its test to the unit test of that module (the run then shows
 * it passing here; when all pass, make check reports XPASS: delete this).
 *
 * 1. src/report/graph.c graph_node_info: a location without lines keeps its
 *    address under -functions/-files/-lines granularity; pprof's Aggregate
 *    zeroes every address first, so go tool pprof -top prints
 *    "[libc.so.6]" where rtprof prints "0000000000007f00 [libc.so.6]".
 * 2. src/base/arena.c arena_alloc: rounding size up to 16 wraps for sizes
 *    near SIZE_MAX, so a huge request returns a 16-byte block instead of
 *    NULL (and sizeof *b + size can wrap in the private-block path). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
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
	assert_null(arena_alloc(&a, SIZE_MAX - 8));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lineless_location_name_without_address),
		cmocka_unit_test(arena_huge_request_is_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
