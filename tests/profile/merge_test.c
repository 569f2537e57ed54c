/* merge_test: profile_merge as pprof's Merge (profile/merge.go): identical
 * samples summed, zero samples dropped, objects deduplicated and renumbered
 * from 1, headers combined, incompatible types refused; profile_copy; and
 * the steps around a merge (ScaleProfiles, ScaleN, Normalize), whose
 * expected values come from running pprof's own Go code on the same
 * profiles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "profile/profile_merge.h"
#include "tiny_profile.h"

static const char *cpu_types[] = { "samples/count", "cpu/nanoseconds" };

/* f1 <- f2 <- main, with sparse ids (10, 20, 30) to see renumbering. */
struct fixture {
	struct profile *p;
	struct location *lf1, *lf2, *lmain, *lunused;
};

static void fixture(struct fixture *x)
{
	struct profile *p = tiny_new(2, cpu_types);
	assert_non_null(p);
	struct function *fmain = tiny_fn(p, 30, "main", "m.go");
	struct function *f2 = tiny_fn(p, 20, "f2", "m.go");
	struct function *f1 = tiny_fn(p, 10, "f1", "m.go");
	struct function *funused = tiny_fn(p, 40, "unused", "m.go");
	x->lmain = TINY_LOC(p, 300, fmain);
	x->lf2 = TINY_LOC(p, 200, f2);
	x->lf1 = TINY_LOC(p, 100, f1);
	x->lunused = TINY_LOC(p, 400, funused);
	assert_non_null(x->lunused);
	x->p = p;
}

/* Merges p alone, and checks that merging a copy of it in place
 * (profile_merge_self, what reading one profile does) gives the same. */
static struct profile *merge1(struct profile *p)
{
	struct rt_error err = { "" };
	char why[512];
	struct profile *m = profile_merge(&p, 1, &err);
	if (!m)
		fail_msg("merge: %s", err.msg);
	assert_int_equal(profile_check_valid(m, &err), 0);
	struct profile *self = profile_copy(p);
	assert_non_null(self);
	if (profile_merge_self(self, &err) < 0)
		fail_msg("merge in place: %s", err.msg);
	assert_int_equal(profile_check_valid(self, &err), 0);
	if (!tiny_equal(m, self, why, sizeof why))
		fail_msg("merge in place differs from merge: %s", why);
	profile_free(self);
	return m;
}

/* One profile holding its own duplicates: equal functions, locations and
 * mappings under other ids, samples summing to zero, a comment twice. */
static void duplicates_within_one_profile(void **state)
{
	(void)state;
	struct fixture x;
	fixture(&x);
	struct profile *p = x.p;
	struct function *f1b = tiny_fn(p, 11, "f1", "m.go");
	struct location *lf1b = TINY_LOC(p, 101, f1b);
	assert_non_null(lf1b);
	lf1b->lines[0].line = x.lf1->lines[0].line;	/* the same location */
	TINY_SAMPLE(p, ((int64_t[]){ 1, 10 }), x.lf1, x.lf2, x.lmain);
	TINY_SAMPLE(p, ((int64_t[]){ 5, 50 }), x.lf2, x.lmain);
	TINY_SAMPLE(p, ((int64_t[]){ 2, 20 }), lf1b, x.lf2, x.lmain);
	TINY_SAMPLE(p, ((int64_t[]){ -5, -50 }), x.lf2, x.lmain);
	TINY_SAMPLE(p, ((int64_t[]){ 0, 0 }), x.lmain);
	TINY_SAMPLE(p, ((int64_t[]){ 7, 70 }), x.lmain);
	const char *c[] = { "one", "two", "one" };
	p->comments = arena_alloc(&p->arena, 3 * sizeof *p->comments);
	assert_non_null(p->comments);
	for (size_t i = 0; i < 3; i++)
		p->comments[i] = profile_str(p, c[i]);
	p->n_comments = 3;
	struct profile *m = merge1(p);
	assert_int_equal(m->n_samples, 2);
	assert_int_equal(sample_value(m, &m->samples[0], 0), 3);
	assert_int_equal(m->n_locations, 3);
	assert_int_equal(m->n_functions, 3);
	assert_int_equal(m->n_comments, 2);
	profile_free(m);
	profile_free(p);
}

static void identical_samples_summed(void **state)
{
	(void)state;
	struct fixture x;
	fixture(&x);
	TINY_SAMPLE(x.p, ((int64_t[]){ 1, 10 }), x.lf1, x.lf2, x.lmain);
	TINY_SAMPLE(x.p, ((int64_t[]){ 2, 20 }), x.lf2, x.lmain);
	TINY_SAMPLE(x.p, ((int64_t[]){ 3, 30 }), x.lf1, x.lf2, x.lmain);
	/* Same stack, different label: a different sample. */
	struct sample *s = TINY_SAMPLE_L(x.p, ((int64_t[]){ 4, 40 }), 1, x.lf1,
					 x.lf2, x.lmain);
	assert_int_equal(tiny_label(x.p, s, 0, "worker", "a", 0, NULL), 0);
	s = TINY_SAMPLE_L(x.p, ((int64_t[]){ 5, 50 }), 1, x.lf1, x.lf2, x.lmain);
	assert_int_equal(tiny_label(x.p, s, 0, "worker", "a", 0, NULL), 0);
	struct profile *m = merge1(x.p);
	assert_int_equal(m->n_samples, 3);
	assert_int_equal(sample_value(m, &m->samples[0], 0), 4);
	assert_int_equal(sample_value(m, &m->samples[0], 1), 40);
	assert_int_equal(sample_value(m, &m->samples[1], 0), 2);
	assert_int_equal(sample_value(m, &m->samples[2], 0), 9);
	assert_int_equal(sample_value(m, &m->samples[2], 1), 90);
	assert_string_equal(sample_labels(m, &m->samples[2])[0].str, "a");
	profile_free(m);
	profile_free(x.p);
}

/* Label order within a sample does not make samples different. */
static void label_order_ignored(void **state)
{
	(void)state;
	struct fixture x;
	fixture(&x);
	struct sample *a = TINY_SAMPLE_L(x.p, ((int64_t[]){ 1, 1 }), 2, x.lf1);
	struct sample *b = TINY_SAMPLE_L(x.p, ((int64_t[]){ 2, 2 }), 2, x.lf1);
	assert_int_equal(tiny_label(x.p, a, 0, "k1", "v", 0, NULL), 0);
	assert_int_equal(tiny_label(x.p, a, 1, "k2", NULL, 7, "bytes"), 0);
	assert_int_equal(tiny_label(x.p, b, 0, "k2", NULL, 7, "bytes"), 0);
	assert_int_equal(tiny_label(x.p, b, 1, "k1", "v", 0, NULL), 0);
	struct profile *m = merge1(x.p);
	assert_int_equal(m->n_samples, 1);
	assert_int_equal(sample_value(m, &m->samples[0], 0), 3);
	profile_free(m);
	profile_free(x.p);
}

static void zero_samples_dropped(void **state)
{
	(void)state;
	struct fixture x;
	fixture(&x);
	TINY_SAMPLE(x.p, ((int64_t[]){ 0, 0 }), x.lunused, x.lmain);
	TINY_SAMPLE(x.p, ((int64_t[]){ 0, 7 }), x.lf1, x.lmain);	/* one non-zero */
	/* +5 and -5 on one stack sum to zero: gone after the second pass. */
	TINY_SAMPLE(x.p, ((int64_t[]){ 5, 5 }), x.lf2, x.lmain);
	TINY_SAMPLE(x.p, ((int64_t[]){ -5, -5 }), x.lf2, x.lmain);
	struct profile *m = merge1(x.p);
	assert_int_equal(m->n_samples, 1);
	assert_int_equal(sample_value(m, &m->samples[0], 1), 7);
	/* Locations and functions only zero samples used are gone. */
	assert_int_equal(m->n_locations, 2);
	assert_int_equal(m->n_functions, 2);
	for (size_t i = 0; i < m->n_functions; i++) {
		assert_string_not_equal(m->functions[i]->name, "unused");
		assert_string_not_equal(m->functions[i]->name, "f2");
	}
	profile_free(m);
	profile_free(x.p);
}

static void ids_renumbered(void **state)
{
	(void)state;
	struct fixture x;
	fixture(&x);
	TINY_SAMPLE(x.p, ((int64_t[]){ 1, 1 }), x.lf1, x.lf2, x.lmain);
	TINY_SAMPLE(x.p, ((int64_t[]){ 1, 1 }), x.lmain);
	struct profile *m = merge1(x.p);
	/* Numbered 1.. in order of first use: leaf first, sample by sample. */
	assert_int_equal(m->n_locations, 3);
	assert_int_equal(m->n_functions, 3);
	static const char *order[] = { "f1", "f2", "main" };
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(m->locations[i]->id, i + 1);
		assert_int_equal(m->functions[i]->id, i + 1);
		assert_string_equal(m->functions[i]->name, order[i]);
		assert_ptr_equal(m->locations[i]->lines[0].fn, m->functions[i]);
	}
	assert_int_equal(sample_loc(m, &m->samples[1], 0), 2);
	assert_int_equal(m->locations[2]->slot, 2);
	profile_free(m);
	profile_free(x.p);
}

/* The merge of ps, which must succeed and be valid. */
static struct profile *merged_valid(struct profile **ps, size_t n)
{
	struct rt_error err = { "" };
	struct profile *m = profile_merge(ps, n, &err);
	if (!m)
		fail_msg("%s", err.msg);
	assert_int_equal(profile_check_valid(m, &err), 0);
	return m;
}

/* Two profiles with the same functions under other ids: one set of objects. */
static void objects_deduplicated_across_profiles(void **state)
{
	(void)state;
	struct fixture a, b;
	fixture(&a);
	fixture(&b);
	TINY_SAMPLE(a.p, ((int64_t[]){ 1, 10 }), a.lf1, a.lmain);
	/* b: same names, other ids. */
	b.p->functions[0]->id = 7;
	b.lmain->id = 77;
	b.lf1->id = 11;
	TINY_SAMPLE(b.p, ((int64_t[]){ 2, 20 }), b.lf1, b.lmain);
	TINY_SAMPLE(b.p, ((int64_t[]){ 3, 30 }), b.lf2, b.lmain);
	struct profile *ps[] = { a.p, b.p };
	struct profile *m = merged_valid(ps, 2);
	assert_int_equal(m->n_samples, 2);
	assert_int_equal(sample_value(m, &m->samples[0], 0), 3);
	assert_int_equal(sample_value(m, &m->samples[0], 1), 30);
	assert_int_equal(sample_value(m, &m->samples[1], 1), 30);
	assert_int_equal(m->n_locations, 3);
	assert_int_equal(m->n_functions, 3);
	profile_free(m);
	profile_free(a.p);
	profile_free(b.p);
}

/* The name of the function at frame i of a merged sample. */
static const char *frame_fn(const struct profile *p, const struct sample *s, uint32_t i)
{
	assert_true(i < s->n_locs && sample_loc(p, s, i) < p->n_locations);
	return p->locations[sample_loc(p, s, i)]->lines[0].fn->name;
}

/* A sample's frames are slots of its own profile: the same slot names
 * other locations in two sources, and the merge maps each through its
 * source. */
static void slots_mapped_through_each_source(void **state)
{
	(void)state;
	struct fixture a;
	fixture(&a);	/* slots: main 0, f2 1, f1 2 */
	struct profile *b = tiny_new(2, cpu_types);
	assert_non_null(b);
	struct function *bf1 = tiny_fn(b, 1, "f1", "m.go");
	struct function *bmain = tiny_fn(b, 2, "main", "m.go");
	struct location *blf1 = TINY_LOC(b, 100, bf1);	/* slot 0 */
	struct location *blmain = TINY_LOC(b, 300, bmain);	/* slot 1 */
	assert_non_null(blmain);
	TINY_SAMPLE(a.p, ((int64_t[]){ 1, 10 }), a.lf1, a.lmain);
	TINY_SAMPLE(b, ((int64_t[]){ 2, 20 }), blf1, blmain);
	TINY_SAMPLE(b, ((int64_t[]){ 4, 40 }), blmain);
	assert_int_equal(sample_loc(a.p, &a.p->samples[0], 0), 2);
	assert_int_equal(sample_loc(b, &b->samples[0], 0), 0);
	struct profile *ps[] = { a.p, b };
	struct profile *m = merged_valid(ps, 2);
	assert_int_equal(m->n_samples, 2);
	assert_int_equal(sample_value(m, &m->samples[0], 0), 3);
	assert_int_equal(m->samples[0].n_locs, 2);
	assert_string_equal(frame_fn(m, &m->samples[0], 0), "f1");
	assert_string_equal(frame_fn(m, &m->samples[0], 1), "main");
	assert_int_equal(sample_value(m, &m->samples[1], 0), 4);
	assert_int_equal(m->samples[1].n_locs, 1);
	assert_string_equal(frame_fn(m, &m->samples[1], 0), "main");
	for (size_t i = 0; i < m->n_locations; i++)
		assert_int_equal(m->locations[i]->slot, i);
	profile_free(m);
	profile_free(a.p);
	profile_free(b);
}

static void set_comments(struct profile *p, size_t n, const char *const *c)
{
	p->comments = arena_alloc(&p->arena, n * sizeof *p->comments);
	assert_non_null(p->comments);
	for (size_t i = 0; i < n; i++)
		p->comments[i] = profile_str(p, c[i]);
	p->n_comments = n;
}

static void headers_combined(void **state)
{
	(void)state;
	struct fixture a, b, c;
	fixture(&a);
	fixture(&b);
	fixture(&c);
	a.p->time_nanos = 2000;
	b.p->time_nanos = 1000;
	c.p->time_nanos = 3000;
	a.p->duration_nanos = 5;
	b.p->duration_nanos = 7;
	c.p->duration_nanos = 11;
	a.p->period = 10;
	b.p->period = 30;
	c.p->period = 20;
	set_comments(a.p, 2, (const char *[]){ "x", "y" });
	set_comments(b.p, 2, (const char *[]){ "y", "z" });
	set_comments(c.p, 1, (const char *[]){ "x" });
	b.p->default_sample_type = profile_str(b.p, "cpu");
	c.p->default_sample_type = profile_str(c.p, "samples");
	a.p->drop_frames = profile_str(a.p, "drop-a");
	b.p->drop_frames = profile_str(b.p, "drop-b");
	struct profile *ps[] = { a.p, b.p, c.p };
	struct rt_error err = { "" };
	struct profile *m = profile_merge(ps, 3, &err);
	if (!m)
		fail_msg("%s", err.msg);
	assert_int_equal(m->time_nanos, 1000);		/* the earliest */
	assert_int_equal(m->duration_nanos, 23);	/* summed */
	assert_int_equal(m->period, 30);		/* the largest */
	assert_int_equal(m->n_comments, 3);		/* deduped, in order */
	assert_string_equal(m->comments[0], "x");
	assert_string_equal(m->comments[1], "y");
	assert_string_equal(m->comments[2], "z");
	assert_string_equal(m->default_sample_type, "cpu");	/* first set */
	assert_string_equal(m->drop_frames, "drop-a");	/* the first's */
	assert_string_equal(m->period_type.type, "cpu");
	assert_string_equal(m->sample_types[1].unit, "nanoseconds");
	profile_free(m);
	/* pprof's quirk, kept: a zero time after a non-zero one wins ("0 <
	 * t"), then the next profile's time replaces the zero. */
	a.p->time_nanos = 2000;
	b.p->time_nanos = 0;
	c.p->time_nanos = 3000;
	m = profile_merge(ps, 3, &err);
	assert_non_null(m);
	assert_int_equal(m->time_nanos, 3000);
	profile_free(m);
	profile_free(a.p);
	profile_free(b.p);
	profile_free(c.p);
}

static void incompatible_types_refused(void **state)
{
	(void)state;
	static const char *heap_types[] = { "samples/count", "space/bytes" };
	struct fixture a;
	fixture(&a);
	struct profile *h = tiny_new(2, heap_types);
	struct profile *ps[] = { a.p, h };
	struct rt_error err = { "" };
	/* Period types differ first (cpu/nanoseconds vs space/bytes). */
	assert_null(profile_merge(ps, 2, &err));
	assert_non_null(strstr(err.msg, "incompatible period types"));
	h->period_type = h->sample_types[0];
	a.p->period_type = a.p->sample_types[0];
	assert_null(profile_merge(ps, 2, &err));
	assert_non_null(strstr(err.msg, "incompatible sample types"));
	assert_non_null(strstr(err.msg, "cpu nanoseconds"));
	assert_non_null(strstr(err.msg, "space bytes"));
	/* A different number of sample types is incompatible too. */
	struct profile *one = tiny_new(1, cpu_types);
	one->period_type = one->sample_types[0];
	ps[1] = one;
	memset(&err, 0, sizeof err);
	assert_null(profile_merge(ps, 2, &err));
	assert_non_null(strstr(err.msg, "incompatible sample types"));
	assert_null(profile_merge(ps, 0, &err));
	assert_string_not_equal(err.msg, "");
	profile_free(one);
	profile_free(h);
	profile_free(a.p);
}

static void copy_is_deep_and_equal(void **state)
{
	(void)state;
	struct profile *p = tiny_rich();
	assert_non_null(p);
	struct profile *c = profile_copy(p);
	assert_non_null(c);
	char why[256] = "";
	if (!tiny_equal(p, c, why, sizeof why))
		fail_msg("copy differs: %s", why);
	assert_ptr_not_equal(c->locations[0], p->locations[0]);
	assert_int_equal(sample_set_value(c, &c->samples[0], 0, 999), 0);
	assert_int_equal(sample_value(p, &p->samples[0], 0), 3);
	/* Copied locations point at the copy's functions, not the source's. */
	assert_ptr_equal(c->locations[0]->lines[0].fn, c->functions[0]);
	struct rt_error err = { "" };
	assert_int_equal(profile_check_valid(c, &err), 0);
	profile_free(c);
	profile_free(p);
}

/* One function, one location; samples of n_types values each. */
static struct profile *flat_profile(const char *const *types, size_t n_types,
				    int64_t period, size_t n_samples,
				    const int64_t *values)
{
	struct profile *p = tiny_new(n_types, types);
	assert_non_null(p);
	p->period = period;
	struct location *l = TINY_LOC(p, 1, tiny_fn(p, 1, "f", "f.go"));
	assert_non_null(l);
	for (size_t i = 0; i < n_samples; i++)
		assert_non_null(TINY_SAMPLE(p, values + i * n_types, l));
	return p;
}

static void expect_values(const struct profile *p, size_t n, const int64_t *want)
{
	assert_int_equal(p->n_samples, n);
	for (size_t s = 0; s < n; s++)
		for (size_t i = 0; i < p->n_sample_types; i++)
			assert_int_equal(sample_value(p, &p->samples[s], i),
					 want[s * p->n_sample_types + i]);
}

/* measurement.ScaleProfiles: nanoseconds and milliseconds meet at the
 * smaller unit; a sample whose scaled values all become 0 is dropped. */
static void scale_units_to_common(void **state)
{
	(void)state;
	static const char *ns[] = { "samples/count", "cpu/nanoseconds" };
	static const char *ms[] = { "samples/count", "cpu/milliseconds" };
	struct profile *a = flat_profile(ns, 2, 10000000, 2,
					 (int64_t[]){ 1, 10000000, 3, 2500000 });
	struct profile *b = flat_profile(ms, 2, 10, 2, (int64_t[]){ 2, 20, 5, 0 });
	struct profile *ps[] = { a, b };
	struct rt_error err = { "" };
	assert_int_equal(profile_scale_units(ps, 2, &err), 0);
	expect_values(a, 2, (int64_t[]){ 1, 10000000, 3, 2500000 });
	expect_values(b, 1, (int64_t[]){ 2, 20000000 });
	assert_string_equal(b->sample_types[1].unit, "nanoseconds");
	assert_string_equal(b->period_type.unit, "nanoseconds");
	assert_int_equal(b->period, 10000000);
	assert_string_equal(b->sample_types[0].unit, "count");
	profile_free(a);
	profile_free(b);
}

static void scale_units_errors(void **state)
{
	(void)state;
	static const char *space[] = { "space/bytes" };
	static const char *cpu[] = { "cpu/nanoseconds" };
	static const char *two[] = { "x/count", "space/bytes" };
	struct profile *a = flat_profile(space, 1, 1, 1, (int64_t[]){ 1 });
	struct profile *b = flat_profile(cpu, 1, 1, 1, (int64_t[]){ 1 });
	struct profile *ps[] = { a, b };
	struct rt_error err = { "" };
	assert_int_equal(profile_scale_units(ps, 2, &err), -1);
	assert_string_equal(err.msg, "period type: incompatible types: "
				     "{space bytes 0 0} {cpu nanoseconds 0 0}");
	b->period_type.type = profile_str(b, "space");
	b->period_type.unit = profile_str(b, "kilobytes");
	assert_int_equal(profile_scale_units(ps, 2, &err), -1);
	assert_string_equal(err.msg, "sample types: incompatible types: "
				     "{space bytes 0 0} {cpu nanoseconds 0 0}");
	struct profile *c = flat_profile(two, 2, 1, 1, (int64_t[]){ 1, 1 });
	c->period_type = c->sample_types[1];
	ps[1] = c;
	assert_int_equal(profile_scale_units(ps, 2, &err), -1);
	assert_string_equal(err.msg, "inconsistent samples type count: 1 != 2");
	profile_free(a);
	profile_free(b);
	profile_free(c);
}

/* ScaleN: math.Round (half away from zero) of the scaled values only;
 * samples whose *scaled* values are all 0 go, whatever the others hold. */
static void scale_n_rounds_and_drops(void **state)
{
	(void)state;
	static const char *types[] = { "samples/count", "cpu/nanoseconds" };
	struct profile *p = flat_profile(types, 2, 1, 5,
					 (int64_t[]){ 5, 5, 5, -5, 7, 1, 0, 3, 9, 0 });
	profile_scale_n(p, (double[]){ 1, 0.5 });
	expect_values(p, 4, (int64_t[]){ 5, 3, 5, -3, 7, 1, 0, 2 });
	profile_scale_n(p, (double[]){ 1, 1 });	/* all ones: nothing at all */
	expect_values(p, 4, (int64_t[]){ 5, 3, 5, -3, 7, 1, 0, 2 });
	profile_free(p);
}

/* Normalize: each type scaled by base total / own total. */
static void normalize_to_base(void **state)
{
	(void)state;
	static const char *types[] = { "samples/count", "cpu/nanoseconds" };
	struct profile *base = flat_profile(types, 2, 1, 1, (int64_t[]){ 10, 1000 });
	struct profile *p = flat_profile(types, 2, 1, 3,
					 (int64_t[]){ 3, 100, 1, 300, 0, 0 });
	struct rt_error err = { "" };
	assert_int_equal(profile_normalize(p, base, &err), 0);
	expect_values(p, 2, (int64_t[]){ 8, 250, 3, 750 });
	profile_free(p);
	profile_free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identical_samples_summed),
		cmocka_unit_test(duplicates_within_one_profile),
		cmocka_unit_test(label_order_ignored),
		cmocka_unit_test(zero_samples_dropped),
		cmocka_unit_test(ids_renumbered),
		cmocka_unit_test(objects_deduplicated_across_profiles),
		cmocka_unit_test(slots_mapped_through_each_source),
		cmocka_unit_test(headers_combined),
		cmocka_unit_test(incompatible_types_refused),
		cmocka_unit_test(copy_is_deep_and_equal),
		cmocka_unit_test(scale_units_to_common),
		cmocka_unit_test(scale_units_errors),
		cmocka_unit_test(scale_n_rounds_and_drops),
		cmocka_unit_test(normalize_to_base),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
