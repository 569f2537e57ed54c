/* graph_test: graph_build as pprof's newGraph (internal/graph): cum counted
 * once per sample under recursion, no self edges, inline edge flags, flat
 * lost (not moved to the caller) when the leaf is trimmed away, zero
 * samples skipped, granularity, sort orders and printable names; and as
 * newTree with call_tree, cut by graph_trim_tree (TrimTree).  -top's
 * unlisted marker edges and a rebuild from a first pass's location map
 * are checked against the general forms they replace. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/graph.h"
#include "tests/profile/tiny_profile.h"

static const char *cpu_type[] = { "cpu/nanoseconds" };

static const struct graph_opts functions_opts = {
	.sample_index = 0, .mean_index = -1,
	.keep_function = true, .keep_inlines = true,
};

static struct graph_node *node(struct graph *g, const char *name)
{
	for (size_t i = 0; i < g->n_nodes; i++)
		if (strcmp(g->nodes[i]->info.name, name) == 0)
			return g->nodes[i];
	fail_msg("no node %s", name);
	return NULL;
}

static struct graph_edge *edge(struct graph_node *src, const char *dst)
{
	for (uint32_t i = 0; i < src->n_out; i++)
		if (strcmp(src->out[i]->dst->info.name, dst) == 0)
			return src->out[i];
	return NULL;
}

/* main -> fib -> fib -> fib (leaf) 10, main -> fib 5, main 1. */
static void recursion_counts_cum_once(void **state)
{
	(void)state;
	struct profile *p = tiny_new(1, cpu_type);
	struct function *fmain = tiny_fn(p, 1, "main", "m.go");
	struct function *ffib = tiny_fn(p, 2, "fib", "m.go");
	struct location *lm = TINY_LOC(p, 1, fmain);
	struct location *lf1 = TINY_LOC(p, 2, ffib), *lf2 = TINY_LOC(p, 3, ffib);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 10 }), lf1, lf2, lf1, lm));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 5 }), lf2, lm));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 1 }), lm));
	struct graph *g = graph_build(p, &functions_opts, NULL);
	assert_non_null(g);
	assert_int_equal(g->n_nodes, 2);
	struct graph_node *nm = node(g, "main"), *nf = node(g, "fib");
	assert_int_equal(nf->cum, 15);	/* not 35: once per sample */
	assert_int_equal(nf->flat, 15);
	assert_int_equal(nm->cum, 16);
	assert_int_equal(nm->flat, 1);
	assert_int_equal(graph_flat_sum(g), 16);
	struct graph_edge *e = edge(nm, "fib");
	assert_non_null(e);
	assert_int_equal(e->weight, 15);
	assert_null(edge(nf, "fib"));	/* no self edge */
	assert_int_equal(nf->n_out, 0);
	graph_free(g);
	profile_free(p);
}

/* A location [helper (inlined), caller]: the edge caller -> helper is
 * inline; main -> caller is not.  A second, non-inlined call of helper
 * from caller makes that edge not inline any more. */
static void inline_edge_flags(void **state)
{
	(void)state;
	struct profile *p = tiny_new(1, cpu_type);
	struct function *fmain = tiny_fn(p, 1, "main", "m.go");
	struct function *fcaller = tiny_fn(p, 2, "caller", "m.go");
	struct function *fhelper = tiny_fn(p, 3, "helper", "h.go");
	struct location *lm = TINY_LOC(p, 1, fmain);
	struct location *linl = TINY_LOC(p, 2, fhelper, fcaller);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 7 }), linl, lm));
	struct graph *g = graph_build(p, &functions_opts, NULL);
	assert_non_null(g);
	struct graph_node *nm = node(g, "main"), *nc = node(g, "caller");
	struct graph_node *nh = node(g, "helper");
	assert_int_equal(nh->flat, 7);
	assert_int_equal(nc->flat, 0);
	assert_int_equal(nc->cum, 7);
	struct graph_edge *mc = edge(nm, "caller"), *ch = edge(nc, "helper");
	assert_non_null(mc);
	assert_non_null(ch);
	assert_false(mc->inline_);
	assert_true(ch->inline_);
	assert_int_equal(ch->weight, 7);
	graph_free(g);

	/* Without inlines (-noinlines) the location is its caller only. */
	struct graph_opts noinl = functions_opts;
	noinl.keep_inlines = false;
	g = graph_build(p, &noinl, NULL);
	assert_non_null(g);
	assert_int_equal(g->n_nodes, 2);
	assert_int_equal(node(g, "caller")->flat, 7);
	graph_free(g);

	/* caller -> helper, not inlined, elsewhere: the edge is mixed. */
	struct location *lh = TINY_LOC(p, 3, fhelper), *lc = TINY_LOC(p, 4, fcaller);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 2 }), lh, lc, lm));
	g = graph_build(p, &functions_opts, NULL);
	assert_non_null(g);
	ch = edge(node(g, "caller"), "helper");
	assert_non_null(ch);
	assert_false(ch->inline_);
	assert_int_equal(ch->weight, 9);
	assert_int_equal(node(g, "helper")->flat, 9);
	graph_free(g);
	profile_free(p);
}

/* Rebuilding with the leaf not kept: its flat is lost, not given to the
 * caller, and the caller's edges across the hole are residual. */
static void flat_lost_when_leaf_trimmed(void **state)
{
	(void)state;
	struct profile *p = tiny_new(1, cpu_type);
	struct function *fmain = tiny_fn(p, 1, "main", "m.go");
	struct function *fmid = tiny_fn(p, 2, "mid", "m.go");
	struct function *fleaf = tiny_fn(p, 3, "leaf", "m.go");
	struct location *lm = TINY_LOC(p, 1, fmain), *lmid = TINY_LOC(p, 2, fmid);
	struct location *ll = TINY_LOC(p, 3, fleaf);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 100 }), ll, lmid, lm));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 3 }), lmid, lm));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 4 }), lm));
	struct graph *g = graph_build(p, &functions_opts, NULL);
	assert_non_null(g);
	for (size_t i = 0; i < g->n_all; i++)
		g->all[i]->kept = strcmp(g->all[i]->info.name, "leaf") != 0;
	struct graph *t = graph_build(p, &functions_opts, g);
	assert_non_null(t);
	assert_int_equal(t->n_nodes, 2);
	struct graph_node *nmid = node(t, "mid"), *nm = node(t, "main");
	assert_int_equal(nmid->flat, 3);	/* not 103 */
	assert_int_equal(nmid->cum, 103);
	assert_int_equal(nm->flat, 4);
	assert_int_equal(nm->cum, 107);
	assert_int_equal(graph_flat_sum(t), 7);	/* < total 107 */
	graph_free(t);

	/* Trimming a middle frame: the edge across it is residual, and the
	 * leaf keeps its flat. */
	for (size_t i = 0; i < g->n_all; i++)
		g->all[i]->kept = strcmp(g->all[i]->info.name, "mid") != 0;
	t = graph_build(p, &functions_opts, g);
	assert_non_null(t);
	struct graph_edge *e = edge(node(t, "main"), "leaf");
	assert_non_null(e);
	assert_true(e->residual);
	assert_int_equal(e->weight, 100);
	assert_int_equal(node(t, "leaf")->flat, 100);
	assert_int_equal(graph_flat_sum(t), 104);
	graph_free(t);
	graph_free(g);
	profile_free(p);
}

/* Zero-valued samples add nothing (no node); -sample_index picks the
 * value; negative values count as they are (diff profiles). */
static void values_and_sample_index(void **state)
{
	(void)state;
	static const char *types[] = { "samples/count", "cpu/nanoseconds" };
	struct profile *p = tiny_new(2, types);
	struct function *fa = tiny_fn(p, 1, "a", "a.go");
	struct function *fb = tiny_fn(p, 2, "b", "b.go");
	struct function *fz = tiny_fn(p, 3, "zero", "z.go");
	struct location *la = TINY_LOC(p, 1, fa), *lb = TINY_LOC(p, 2, fb);
	struct location *lz = TINY_LOC(p, 3, fz);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 2, 20 }), la));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 0, 0 }), lz, la));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ -1, -30 }), lb, la));
	struct graph_opts o = functions_opts;
	o.sample_index = 1;
	struct graph *g = graph_build(p, &o, NULL);
	assert_non_null(g);
	assert_int_equal(g->n_nodes, 2);	/* "zero" is not a node */
	assert_int_equal(node(g, "a")->flat, 20);
	assert_int_equal(node(g, "a")->cum, -10);
	assert_int_equal(node(g, "b")->flat, -30);
	assert_int_equal(graph_flat_sum(g), -10);
	graph_free(g);
	o.sample_index = 0;
	g = graph_build(p, &o, NULL);
	assert_int_equal(node(g, "a")->flat, 2);
	graph_free(g);
	/* -drop_negative removes nodes with negative flat. */
	o.drop_negative = true;
	g = graph_build(p, &o, NULL);
	assert_int_equal(g->n_nodes, 1);
	graph_free(g);
	profile_free(p);
}

/* -mean: the divisor is value[0]; node values are flat/flat_div. */
static void mean_divides(void **state)
{
	(void)state;
	static const char *types[] = { "contentions/count", "delay/nanoseconds" };
	struct profile *p = tiny_new(2, types);
	struct function *f = tiny_fn(p, 1, "lock", "l.go");
	struct location *l = TINY_LOC(p, 1, f);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 4, 1000 }), l));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 1, 500 }), l));
	struct graph_opts o = functions_opts;
	o.sample_index = 1;
	o.mean_index = 0;
	struct graph *g = graph_build(p, &o, NULL);
	assert_non_null(g);
	struct graph_node *n = node(g, "lock");
	assert_int_equal(n->flat, 1500);
	assert_int_equal(n->flat_div, 5);
	assert_int_equal(graph_node_flat(n), 300);
	assert_int_equal(graph_node_cum(n), 300);
	graph_free(g);
	profile_free(p);
}

/* Granularity and printable names (NameComponents). */
static void names_and_granularity(void **state)
{
	(void)state;
	struct profile *p = tiny_new(1, cpu_type);
	struct function *f1 = tiny_fn(p, 1, "pkg.F", "/src//pkg/./f.go");
	struct function *f2 = tiny_fn(p, 2, "pkg.G", "/src/pkg/f.go");
	struct location *l1 = TINY_LOC(p, 1, f1), *l2 = TINY_LOC(p, 2, f2);
	l1->address = 0x1010;
	struct location *l3 = profile_add_location(p, 3, 0);	/* no lines */
	struct mapping *m = profile_add_mapping(p, 1);
	m->file = profile_str(p, "/usr/lib/libc.so.6");
	l3->mapping = m;
	l3->address = 0x7f00;
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 1 }), l1));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 2 }), l2));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 4 }), l3));

	struct graph_opts files = { .sample_index = 0, .mean_index = -1,
				    .keep_file = true, .keep_inlines = true };
	struct graph *g = graph_build(p, &files, NULL);
	assert_non_null(g);
	graph_sort(g, GRAPH_FLAT_NAME);
	/* One file after path cleaning (same start line 0): one row. */
	assert_int_equal(g->n_nodes, 2);
	assert_string_equal(graph_node_name(g, g->nodes[0]), "[libc.so.6]");
	assert_string_equal(graph_node_name(g, g->nodes[1]), "/src/pkg/f.go");
	assert_int_equal(g->nodes[1]->flat, 3);
	graph_free(g);

	struct graph_opts addrs = { .sample_index = 0, .mean_index = -1,
				    .keep_function = true, .keep_file = true,
				    .keep_line = true, .keep_address = true,
				    .keep_inlines = true };
	g = graph_build(p, &addrs, NULL);
	assert_non_null(g);
	graph_sort(g, GRAPH_FLAT_NAME);
	assert_int_equal(g->n_nodes, 3);
	/* With addresses a lineless location shows its address (go tool pprof
	 * -top -addresses prints the same). */
	assert_string_equal(graph_node_name(g, g->nodes[0]), "0000000000007f00 [libc.so.6]");
	assert_string_equal(graph_node_name(g, g->nodes[2]),
			    "0000000000001010 pkg.F /src/pkg/f.go:10");
	graph_free(g);
	profile_free(p);
}

/* Flat order: |flat| desc, then name; cum order: |cum| desc, then name. */
static void sort_orders(void **state)
{
	(void)state;
	struct profile *p = tiny_new(1, cpu_type);
	struct function *fm = tiny_fn(p, 1, "main", "m.go");
	struct function *fb = tiny_fn(p, 2, "b", "m.go");
	struct function *fa = tiny_fn(p, 3, "a", "m.go");
	struct function *fc = tiny_fn(p, 4, "c", "m.go");
	struct location *lm = TINY_LOC(p, 1, fm), *lb = TINY_LOC(p, 2, fb);
	struct location *la = TINY_LOC(p, 3, fa), *lc = TINY_LOC(p, 4, fc);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 5 }), lb, lm));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 5 }), la, lm));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ -7 }), lc, lm));
	struct graph *g = graph_build(p, &functions_opts, NULL);
	assert_non_null(g);
	graph_sort(g, GRAPH_FLAT_NAME);
	static const char *flat_order[] = { "c", "a", "b", "main" };
	for (int i = 0; i < 4; i++)
		assert_string_equal(g->nodes[i]->info.name, flat_order[i]);
	graph_sort(g, GRAPH_CUM_NAME);
	static const char *cum_order[] = { "c", "a", "b", "main" };	/* main: cum 3 */
	for (int i = 0; i < 4; i++)
		assert_string_equal(g->nodes[i]->info.name, cum_order[i]);
	graph_free(g);
	profile_free(p);
}

/* pprof's Aggregate zeroes addresses unless -addresses: a location without
 * lines is "[libc.so.6]", not "0000000000007f00 [libc.so.6]" (was a bug). */
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
		struct graph *g = graph_build(p, &o[i], NULL);
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

static const struct graph_opts tree_opts = {
	.sample_index = 0, .mean_index = -1, .call_tree = true,
	.keep_function = true, .keep_inlines = true,
};

/* The nodes named name, in build order (at most 4). */
static size_t nodes_named(struct graph *g, const char *name, struct graph_node **out)
{
	size_t n = 0;
	for (size_t i = 0; i < g->n_nodes && n < 4; i++)
		if (strcmp(g->nodes[i]->info.name, name) == 0)
			out[n++] = g->nodes[i];
	return n;
}

/* main -> a -> leaf 10, main -> b -> leaf 5, main -> a 2: leaf reached
 * through a and through b is one node in a graph, two in a call tree, each
 * with its own path's values and one caller. */
static void call_tree_node_per_path(void **state)
{
	(void)state;
	struct profile *p = tiny_new(1, cpu_type);
	struct function *fmain = tiny_fn(p, 1, "main", "m.go");
	struct function *fa = tiny_fn(p, 2, "a", "m.go");
	struct function *fb = tiny_fn(p, 3, "b", "m.go");
	struct function *fleaf = tiny_fn(p, 4, "leaf", "m.go");
	struct location *lm = TINY_LOC(p, 1, fmain), *la = TINY_LOC(p, 2, fa);
	struct location *lb = TINY_LOC(p, 3, fb), *ll = TINY_LOC(p, 4, fleaf);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 10 }), ll, la, lm));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 5 }), ll, lb, lm));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 2 }), la, lm));

	struct graph *g = graph_build(p, &functions_opts, NULL);
	assert_non_null(g);
	assert_int_equal(g->n_nodes, 4);
	assert_int_equal(node(g, "leaf")->cum, 15);
	graph_free(g);

	g = graph_build(p, &tree_opts, NULL);
	assert_non_null(g);
	assert_int_equal(g->n_nodes, 5);
	struct graph_node *leaves[4];
	assert_int_equal(nodes_named(g, "leaf", leaves), 2);
	struct graph_node *na = node(g, "a"), *nb = node(g, "b");
	struct graph_node *under_a = leaves[0]->tree_parent == na ? leaves[0] : leaves[1];
	struct graph_node *under_b = under_a == leaves[0] ? leaves[1] : leaves[0];
	assert_ptr_equal(under_a->tree_parent, na);
	assert_ptr_equal(under_b->tree_parent, nb);
	assert_int_equal(under_a->cum, 10);
	assert_int_equal(under_a->flat, 10);
	assert_int_equal(under_b->cum, 5);
	assert_int_equal(under_a->n_in, 1);
	assert_int_equal(under_b->n_in, 1);
	assert_int_equal(edge(na, "leaf")->weight, 10);
	assert_int_equal(edge(nb, "leaf")->weight, 5);
	assert_int_equal(na->cum, 12);
	assert_int_equal(na->flat, 2);
	assert_int_equal(node(g, "main")->cum, 17);
	graph_free(g);
	profile_free(p);
}

/* main -> fib -> fib 7: a tree has a node per depth, so the recursive call
 * is an edge between two nodes, each counting the sample once. */
static void call_tree_recursion(void **state)
{
	(void)state;
	struct profile *p = tiny_new(1, cpu_type);
	struct function *fmain = tiny_fn(p, 1, "main", "m.go");
	struct function *ffib = tiny_fn(p, 2, "fib", "m.go");
	struct location *lm = TINY_LOC(p, 1, fmain), *lf = TINY_LOC(p, 2, ffib);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 7 }), lf, lf, lm));
	struct graph *g = graph_build(p, &tree_opts, NULL);
	assert_non_null(g);
	struct graph_node *fibs[4];
	assert_int_equal(nodes_named(g, "fib", fibs), 2);
	struct graph_node *outer = fibs[0]->n_out ? fibs[0] : fibs[1];
	struct graph_node *inner = outer == fibs[0] ? fibs[1] : fibs[0];
	assert_int_equal(outer->n_out, 1);
	assert_ptr_equal(outer->out[0]->dst, inner);
	assert_int_equal(outer->out[0]->weight, 7);
	assert_int_equal(outer->cum, 7);
	assert_int_equal(outer->flat, 0);
	assert_int_equal(inner->cum, 7);
	assert_int_equal(inner->flat, 7);
	graph_free(g);
	profile_free(p);
}

/* Cutting a call tree keeps the values of the nodes left: a dropped middle
 * node's callees hang from its caller by a residual edge of their own
 * weight; a dropped root's callees become roots. */
static void call_tree_trim(void **state)
{
	(void)state;
	struct profile *p = tiny_new(1, cpu_type);
	struct function *fmain = tiny_fn(p, 1, "main", "m.go");
	struct function *fa = tiny_fn(p, 2, "a", "m.go");
	struct function *fleaf = tiny_fn(p, 3, "leaf", "m.go");
	struct location *lm = TINY_LOC(p, 1, fmain), *la = TINY_LOC(p, 2, fa);
	struct location *ll = TINY_LOC(p, 3, fleaf);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 10 }), ll, la, lm));
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 3 }), la, lm));
	struct graph *g = graph_build(p, &tree_opts, NULL);
	assert_non_null(g);
	for (size_t i = 0; i < g->n_nodes; i++)
		g->nodes[i]->kept = strcmp(g->nodes[i]->info.name, "a") != 0;
	assert_int_equal(graph_trim_tree(g), 0);
	assert_int_equal(g->n_nodes, 2);
	struct graph_node *nm = node(g, "main"), *nl = node(g, "leaf");
	struct graph_edge *e = edge(nm, "leaf");
	assert_non_null(e);
	assert_true(e->residual);
	assert_int_equal(e->weight, 10);
	assert_int_equal(nm->n_out, 1);
	assert_int_equal(nl->n_in, 1);
	assert_int_equal(nm->cum, 13);
	assert_int_equal(nl->flat, 10);

	node(g, "main")->kept = false;
	assert_int_equal(graph_trim_tree(g), 0);
	assert_int_equal(g->n_nodes, 1);
	assert_int_equal(nl->n_in, 0);
	graph_free(g);
	profile_free(p);
}

/* One location [c, b (both inlined), a] under main: a -> b and b -> c are
 * inline calls, main -> a is not.  An edge made across a dropped node is
 * inline only when both calls it replaces were. */
static void call_tree_trim_inline(void **state)
{
	(void)state;
	struct profile *p = tiny_new(1, cpu_type);
	struct function *fmain = tiny_fn(p, 1, "main", "m.go");
	struct function *fa = tiny_fn(p, 2, "a", "m.go");
	struct function *fb = tiny_fn(p, 3, "b", "m.go");
	struct function *fc = tiny_fn(p, 4, "c", "m.go");
	struct location *lm = TINY_LOC(p, 1, fmain), *l = TINY_LOC(p, 2, fc, fb, fa);
	assert_non_null(TINY_SAMPLE(p, ((int64_t[]){ 4 }), l, lm));
	struct graph *g = graph_build(p, &tree_opts, NULL);
	assert_non_null(g);
	assert_false(edge(node(g, "main"), "a")->inline_);
	assert_true(edge(node(g, "a"), "b")->inline_);
	assert_true(edge(node(g, "b"), "c")->inline_);
	for (size_t i = 0; i < g->n_nodes; i++)
		g->nodes[i]->kept = strcmp(g->nodes[i]->info.name, "b") != 0;
	assert_int_equal(graph_trim_tree(g), 0);
	struct graph_edge *ac = edge(node(g, "a"), "c");
	assert_non_null(ac);
	assert_true(ac->residual);
	assert_true(ac->inline_);
	for (size_t i = 0; i < g->n_nodes; i++)
		g->nodes[i]->kept = strcmp(g->nodes[i]->info.name, "a") != 0;
	assert_int_equal(graph_trim_tree(g), 0);
	struct graph_edge *mc = edge(node(g, "main"), "c");
	assert_non_null(mc);
	assert_false(mc->inline_);
	assert_int_equal(mc->weight, 4);
	graph_free(g);
	profile_free(p);
}

/* A profile with many distinct edges: 300 functions, locations that are
 * one function or a callee inlined into a caller, and 4000 samples of 2 to
 * 11 frames (some recursive, some zero) from a fixed random sequence.  Its
 * -top marker table holds thousands of edges: it grows many times. */
static struct profile *many_edges_profile(void)
{
	struct profile *p = tiny_new(1, cpu_type);
	struct function *fns[300];
	struct location *locs[400];
	char name[32];
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "f%03d", i);
		fns[i] = tiny_fn(p, (uint64_t)i + 1, name, i % 2 ? "a.go" : "b.go");
	}
	uint64_t x = 88172645463325252ULL;
#define NEXT() (x ^= x << 13, x ^= x >> 7, x ^= x << 17, x)
	for (int i = 0; i < 400; i++) {
		struct function *f = fns[NEXT() % 300];
		locs[i] = i % 3 ? tiny_loc(p, (uint64_t)i + 1, 0x1000 + (uint64_t)i, 1, &f)
				: tiny_loc(p, (uint64_t)i + 1, 0x1000 + (uint64_t)i, 2,
					   (struct function *[]){ fns[NEXT() % 300], f });
	}
	for (int s = 0; s < 4000; s++) {
		struct location *stack[12];
		size_t n = 2 + NEXT() % 10;
		for (size_t k = 0; k < n; k++)
			stack[k] = k && NEXT() % 8 == 0 ? stack[k - 1] : locs[NEXT() % 400];
		int64_t v = s % 17 == 0 ? 0 : (int64_t)(1 + NEXT() % 1000);
		assert_non_null(tiny_sample(p, &v, 0, n, stack));
	}
#undef NEXT
	return p;
}

/* -top's markers: edges kept only in the graph's own table (unlisted)
 * give every node the same marks as edges in the nodes' lists, at every
 * cutoff. */
static void unlisted_marks_match_listed(void **state)
{
	(void)state;
	struct profile *p = many_edges_profile();
	struct graph_opts o = functions_opts;
	o.edges_into_inlined = true;
	int64_t cutoffs[] = { 0, 1000, 20000, 100000 };
	size_t marked = 0;
	for (size_t c = 0; c < sizeof cutoffs / sizeof cutoffs[0]; c++) {
		struct graph *listed = graph_build(p, &o, NULL);
		o.edges_unlisted = true;
		struct graph *unlisted = graph_build(p, &o, NULL);
		o.edges_unlisted = false;
		assert_non_null(listed);
		assert_non_null(unlisted);
		assert_true(unlisted->unlisted);
		assert_true(unlisted->n_edges > 1000);	/* the table grew */
		assert_int_equal(listed->n_edges, unlisted->n_edges);
		assert_int_equal(graph_trim_edges(listed, cutoffs[c]),
				 graph_trim_edges(unlisted, cutoffs[c]));
		graph_inline_marks(listed);
		graph_inline_marks(unlisted);
		assert_int_equal(listed->n_nodes, unlisted->n_nodes);
		for (size_t i = 0; i < listed->n_nodes; i++) {
			struct graph_node *a = listed->nodes[i], *b = unlisted->nodes[i];
			assert_string_equal(a->info.name, b->info.name);
			assert_int_equal(a->cum, b->cum);
			assert_int_equal(a->in_inline, b->in_inline);
			assert_int_equal(a->in_noinline, b->in_noinline);
			marked += a->in_inline + a->in_noinline;
		}
		graph_free(listed);
		graph_free(unlisted);
	}
	assert_true(marked > 0);

	/* The same from a first pass with some nodes dropped (-top's
	 * rebuild): edges across a dropped frame are residual, and a dropped
	 * leaf's flat is lost, alike in both. */
	struct graph_opts bare = o;
	bare.no_edges = true;
	struct graph *first = graph_build(p, &bare, NULL);
	assert_non_null(first);
	for (size_t i = 0; i < first->n_all; i++)
		first->all[i]->kept = atoi(first->all[i]->info.name + 1) % 4 != 1;
	struct graph *listed = graph_build(p, &o, first);
	o.edges_unlisted = true;
	struct graph *unlisted = graph_build(p, &o, first);
	assert_non_null(listed);
	assert_non_null(unlisted);
	assert_int_equal(listed->n_edges, unlisted->n_edges);
	graph_trim_edges(listed, 1000);
	graph_trim_edges(unlisted, 1000);
	graph_inline_marks(listed);
	graph_inline_marks(unlisted);
	assert_int_equal(listed->n_all, unlisted->n_all);
	for (size_t i = 0; i < listed->n_all; i++) {
		struct graph_node *a = listed->all[i], *b = unlisted->all[i];
		assert_string_equal(a->info.name, b->info.name);
		assert_int_equal(a->flat, b->flat);
		assert_int_equal(a->cum, b->cum);
		assert_int_equal(a->in_inline, b->in_inline);
		assert_int_equal(a->in_noinline, b->in_noinline);
	}
	graph_free(listed);
	graph_free(unlisted);
	graph_free(first);
	profile_free(p);
}

/* -top's edge floor: a graph that leaves out the marker edges whose hash
 * cell weighs less than the floor gives the same marks, once both are
 * trimmed there, as one that makes them all; it makes fewer edges.  A
 * negative weight anywhere (a diff) bounds nothing: every edge is made. */
static void edge_floor_keeps_marks(void **state)
{
	(void)state;
	struct profile *p = many_edges_profile();
	struct graph_opts o = functions_opts;
	o.edges_into_inlined = true;
	o.edges_unlisted = true;
	int64_t floors[] = { 1, 1000, 5000, 20000, 100000 };
	for (int negative = 0; negative < 2; negative++) {
		if (negative)
			assert_int_equal(sample_set_value(p, &p->samples[7], 0,
							  -sample_value(p, &p->samples[7], 0) - 1), 0);
		for (size_t c = 0; c < sizeof floors / sizeof floors[0]; c++) {
			struct graph_opts of = o;
			of.edge_floor = floors[c];
			struct graph *all = graph_build(p, &o, NULL);
			struct graph *some = graph_build(p, &of, NULL);
			assert_non_null(all);
			assert_non_null(some);
			if (negative || floors[c] == 1)
				assert_int_equal(some->n_edges, all->n_edges);
			else
				assert_true(some->n_edges < all->n_edges);
			graph_trim_edges(all, floors[c]);
			graph_trim_edges(some, floors[c]);
			graph_inline_marks(all);
			graph_inline_marks(some);
			assert_int_equal(all->n_all, some->n_all);
			for (size_t i = 0; i < all->n_all; i++) {
				struct graph_node *a = all->all[i], *b = some->all[i];
				assert_string_equal(a->info.name, b->info.name);
				assert_int_equal(a->flat, b->flat);
				assert_int_equal(a->cum, b->cum);
				assert_int_equal(a->in_inline, b->in_inline);
				assert_int_equal(a->in_noinline, b->in_noinline);
			}
			graph_free(all);
			graph_free(some);
		}
	}
	profile_free(p);
}

static int edges_of_calls;

/* peek's question: the nodes whose name ends in 0. */
static bool ends_in_zero(const char *name, void *arg)
{
	(void)arg;
	edges_of_calls++;
	return *name && name[strlen(name) - 1] == '0';
}

/* A rebuild from a nodes-only pass reads its location map; one from a
 * pass with edges (no map) makes every node info again.  With the same
 * nodes kept, both give the same nodes in the same order, with the same
 * weights and marks, and the same edges; the first asks edges_of nothing
 * the pass before it was asked.  A pass with other granularity is not
 * read so. */
static void rebuild_from_location_map(void **state)
{
	(void)state;
	struct profile *p = many_edges_profile();
	struct graph_opts bare = functions_opts, full = functions_opts;
	full.edges_of = ends_in_zero;
	bare.edges_of = ends_in_zero;
	bare.no_edges = true;
	struct graph *with_map = graph_build(p, &bare, NULL);
	struct graph *without = graph_build(p, &full, NULL);
	assert_non_null(with_map);
	assert_non_null(without);
	assert_non_null(with_map->loc_first);
	assert_null(without->loc_first);
	/* keep every third function */
	for (size_t i = 0; i < with_map->n_all; i++)
		with_map->all[i]->kept = atoi(with_map->all[i]->info.name + 1) % 3 == 0;
	for (size_t i = 0; i < without->n_all; i++)
		without->all[i]->kept = atoi(without->all[i]->info.name + 1) % 3 == 0;
	edges_of_calls = 0;
	struct graph *a = graph_build(p, &full, with_map);
	assert_int_equal(edges_of_calls, 0);
	struct graph *b = graph_build(p, &full, without);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(a->n_all, b->n_all);
	assert_true(a->n_all > 50);
	for (size_t i = 0; i < a->n_all; i++) {
		struct graph_node *x = a->all[i], *y = b->all[i];
		assert_string_equal(x->info.name, y->info.name);
		assert_string_equal(x->info.file, y->info.file);
		assert_int_equal(x->flat, y->flat);
		assert_int_equal(x->cum, y->cum);
		assert_int_equal(x->inlined_at, y->inlined_at);
		assert_true(x->edges_checked);
		assert_int_equal(x->edges_wanted, y->edges_wanted);
		assert_int_equal(x->n_out, y->n_out);
		for (uint32_t j = 0; j < x->n_out; j++) {
			struct graph_edge *e = edge(y, x->out[j]->dst->info.name);
			assert_non_null(e);
			assert_int_equal(e->weight, x->out[j]->weight);
			assert_int_equal(e->inline_, x->out[j]->inline_);
			assert_int_equal(e->residual, x->out[j]->residual);
		}
	}
	graph_free(a);
	graph_free(b);
	graph_free(with_map);
	graph_free(without);

	/* A first pass that named nodes otherwise (without inlines): its
	 * map is not read, and the rebuild finds what lookups find. */
	bare.keep_inlines = full.keep_inlines = false;
	bare.edges_of = full.edges_of = NULL;
	with_map = graph_build(p, &bare, NULL);
	without = graph_build(p, &full, NULL);
	assert_non_null(with_map);
	assert_non_null(without);
	for (size_t i = 0; i < with_map->n_all; i++)
		with_map->all[i]->kept = true;
	for (size_t i = 0; i < without->n_all; i++)
		without->all[i]->kept = true;
	full.keep_inlines = true;
	a = graph_build(p, &full, with_map);
	b = graph_build(p, &full, without);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(a->n_all, b->n_all);
	for (size_t i = 0; i < a->n_all; i++) {
		assert_string_equal(a->all[i]->info.name, b->all[i]->info.name);
		assert_int_equal(a->all[i]->cum, b->all[i]->cum);
		assert_int_equal(a->all[i]->inlined_at, b->all[i]->inlined_at);
	}
	graph_free(a);
	graph_free(b);
	graph_free(with_map);
	graph_free(without);
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(recursion_counts_cum_once),
		cmocka_unit_test(inline_edge_flags),
		cmocka_unit_test(flat_lost_when_leaf_trimmed),
		cmocka_unit_test(values_and_sample_index),
		cmocka_unit_test(mean_divides),
		cmocka_unit_test(names_and_granularity),
		cmocka_unit_test(sort_orders),
		cmocka_unit_test(lineless_location_name_without_address),
		cmocka_unit_test(call_tree_node_per_path),
		cmocka_unit_test(call_tree_recursion),
		cmocka_unit_test(call_tree_trim),
		cmocka_unit_test(call_tree_trim_inline),
		cmocka_unit_test(unlisted_marks_match_listed),
		cmocka_unit_test(edge_floor_keeps_marks),
		cmocka_unit_test(rebuild_from_location_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
