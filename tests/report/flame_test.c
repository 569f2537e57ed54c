/* flame_test: the flame view's tree against the whole tree.  A view's tree
 * (report_flame with a min_share) must be the whole tree (min_share 0, what
 * -folded prints) cut below its narrow frames: the same nodes down to the
 * first narrow one on each path, each with the whole tree's cum, flat and
 * base share, a wide node with all of its children, a narrow one with
 * none, and wide meaning at least min_share of the total.  The whole tree
 * itself adds up: each node's cum is its flat and its children's cums,
 * and the root's is the profile's total.  Checked on the
 * Go profiles in tests/golden, at several shares, and with half of a
 * profile's samples turned into a base (negated, labelled pprof::base, as
 * -diff_base merges them). */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "profile/profile_io.h"
#include "report/flame.h"
#include "report/report.h"
#include "tests/profile/tiny_profile.h"

static struct profile *golden(const char *name)
{
	struct rt_error err = { "" };
	struct profile *p = tiny_golden(name, &err);
	if (!p)
		fail_msg("%s: %s", name, err.msg);
	return p;
}

/* The child of node x named name in f (names are interned per tree, so
 * they compare as strings here); 0 when none. */
static uint32_t child_named(const struct flame *f, uint32_t x, const char *name)
{
	for (uint32_t c = f->v[x].child; c; c = f->v[c].next)
		if (!strcmp(f->v[c].name, name))
			return c;
	return 0;
}

static int64_t width(const struct flame_node *x)
{
	int64_t c = x->cum < 0 ? -x->cum : x->cum;
	return c > x->base_cum ? c : x->base_cum;
}

struct cut_check {
	const struct flame *whole, *cut;
	int64_t min;
	size_t nodes;		/* cut nodes seen */
};

/* Checks cut node x (whole's node w) and below. */
static void check_node(struct cut_check *k, uint32_t x, uint32_t w, int depth)
{
	const struct flame_node *cx = &k->cut->v[x], *wx = &k->whole->v[w];
	k->nodes++;
	assert_int_equal(cx->cum, wx->cum);
	assert_int_equal(cx->flat, wx->flat);
	assert_int_equal(cx->base_cum, wx->base_cum);
	assert_int_equal(cx->depth, wx->depth);
	size_t whole_kids = 0, cut_kids = 0;
	for (uint32_t c = wx->child; c; c = k->whole->v[c].next)
		whole_kids++;
	for (uint32_t c = cx->child; c; c = k->cut->v[c].next) {
		uint32_t wc = child_named(k->whole, w, k->cut->v[c].name);
		assert_int_not_equal(wc, 0);
		cut_kids++;
		check_node(k, c, wc, depth + 1);
	}
	/* the root always opens; below it, width decides */
	if (depth == 0 || width(wx) >= k->min)
		assert_int_equal(cut_kids, whole_kids);
	else
		assert_int_equal(cut_kids, 0);
}

static size_t tree_nodes(const struct flame *f)
{
	return f->n;
}

/* The whole tree on its own: a node's cum is its own value and its
 * children's, and the root's is the profile's total. */
static void check_whole(const struct flame *f, int64_t total)
{
	int64_t flat = 0;
	for (size_t x = 0; x < f->n; x++) {
		int64_t below = 0;
		for (uint32_t c = f->v[x].child; c; c = f->v[c].next)
			below += f->v[c].cum;
		assert_int_equal(f->v[x].cum, f->v[x].flat + below);
		flat += f->v[x].flat;
	}
	if (total)
		assert_int_equal(f->v[0].cum, total);
	assert_int_equal(flat, f->v[0].cum);
}

static void check_cuts(const struct profile *p, const char *what, bool diff)
{
	static const double shares[] = { 1.0 / 8192, 1.0 / 1000, 1.0 / 100, 1.0 / 10, 0.5 };
	struct report_config cfg;
	struct flame whole, cut;
	struct rt_error err = { "" };
	report_config_default(&cfg);
	assert_int_equal(report_flame(p, &cfg, NULL, &whole, NULL, 0, NULL, &err), 0);
	/* The total the share is of: every sample's value, the base's
	 * aside, which the root's cum holds when no value is negative. */
	int64_t total = whole.v[0].cum;
	check_whole(&whole, diff ? 0 : report_total(p, &cfg));
	size_t pruned = 0;
	for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++) {
		assert_int_equal(report_flame(p, &cfg, NULL, &cut, NULL, shares[i], NULL, &err), 0);
		struct cut_check k = { &whole, &cut, (int64_t)((double)total * shares[i]), 0 };
		check_node(&k, 0, 0, 0);
		assert_int_equal(k.nodes, tree_nodes(&cut));
		pruned += tree_nodes(&cut) < tree_nodes(&whole);
		flame_free(&cut);
	}
	/* the shares above do cut these trees */
	if (pruned == 0)
		fail_msg("%s: no share cut the tree (%zu nodes)", what, tree_nodes(&whole));
	flame_free(&whole);
}

static void go_profiles(void **state)
{
	(void)state;
	static const char *names[] = { "manystacks.pb.gz", "cpu.pb.gz", "heap.pb.gz",
				       "goroutine.pb.gz", "mutex.pb.gz" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct profile *p = golden(names[i]);
		check_cuts(p, names[i], false);
		profile_free(p);
	}
}

/* Every other sample a base sample: a diff's tree, whose nodes are wide
 * by their cum or by their base share. */
static void with_base(void **state)
{
	(void)state;
	struct profile *p = golden("manystacks.pb.gz");
	struct label *base = arena_alloc(&p->arena, sizeof *base);
	assert_non_null(base);
	memset(base, 0, sizeof *base);
	base->key = profile_str(p, "pprof::base");
	base->str = profile_str(p, "true");
	base->num_unit = profile_str(p, "");
	for (size_t i = 0; i < p->n_samples; i += 2) {
		struct sample *s = &p->samples[i];
		assert_int_equal(sample_set_labels(p, s, base, 1), 0);
		for (size_t j = 0; j < p->n_sample_types; j++)
			assert_int_equal(sample_set_value(p, s, j, -sample_value(p, s, j)), 0);
	}
	check_cuts(p, "manystacks with a base", true);
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(go_profiles),
		cmocka_unit_test(with_base),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
