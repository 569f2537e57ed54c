/* profile_ops: copying, scaling and labelling whole profiles (pprof's
 * Copy, ScaleN, Normalize, SetLabel, measurement.ScaleProfiles). */
#include "profile/profile_merge.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "measurement/measurement.h"

struct profile *profile_copy(const struct profile *src)
{
	struct profile *p = profile_new();
	struct idmap maps, fns;

	if (!p)
		return NULL;
	if (idmap_init(&maps, src->n_mappings) < 0 || idmap_init(&fns, src->n_functions) < 0)
		goto fail;
	if (profile_set_sample_types(p, src->n_sample_types) < 0)
		goto fail;
	if (src->n_sample_types)
		memcpy(p->sample_types, src->sample_types,
		       src->n_sample_types * sizeof *p->sample_types);
	for (size_t i = 0; i < src->n_mappings; i++) {
		struct mapping *m = profile_add_mapping(p, 0);
		if (!m)
			goto fail;
		*m = *src->mappings[i];
		idmap_put(&maps, (uintptr_t)src->mappings[i], m);
	}
	for (size_t i = 0; i < src->n_functions; i++) {
		struct function *f = profile_add_function(p, 0);
		if (!f)
			goto fail;
		*f = *src->functions[i];
		idmap_put(&fns, (uintptr_t)src->functions[i], f);
	}
	/* Locations are copied in order: a slot names the same location in
	 * the copy as in the source. */
	for (size_t i = 0; i < src->n_locations; i++) {
		const struct location *sl = src->locations[i];
		struct location *l = profile_add_location(p, sl->id, sl->n_lines);
		if (!l)
			goto fail;
		l->mapping = sl->mapping ? idmap_get(&maps, (uintptr_t)sl->mapping) : NULL;
		l->address = sl->address;
		l->is_folded = sl->is_folded;
		for (uint32_t j = 0; j < sl->n_lines; j++) {
			l->lines[j].fn = sl->lines[j].fn ? idmap_get(&fns, (uintptr_t)sl->lines[j].fn) : NULL;
			l->lines[j].line = sl->lines[j].line;
		}
	}
	/* The same frame width: the copy's frames are the source's bytes. */
	if (src->narrow)
		profile_narrow(p);
	/* The same label sets, by the same ids. */
	for (size_t i = 1; i < src->n_lsets; i++) {
		const struct label_set *ls = &src->lsets[i];
		struct label *l = arena_memdup(&p->arena, ls->labels, ls->n * sizeof *l);
		if (!l || profile_add_label_set(p, l, ls->n) != i)
			goto fail;
	}
	for (size_t i = 0; i < src->n_samples; i++) {
		const struct sample *ss = &src->samples[i];
		struct sample *s = profile_add_sample_nolocs(p, ss->n_locs, 0);
		if (!s)
			goto fail;
		s->lset = ss->lset;
		if (ss->n_locs)
			memcpy((void *)sample_frames(p, s), sample_frames(src, ss),
			       sample_frame_bytes(src, ss));
		for (size_t j = 0; j < src->n_sample_types; j++)
			if (sample_set_value(p, s, j, sample_value(src, ss, j)) < 0)
				goto fail;
	}
	p->drop_frames = src->drop_frames;
	p->keep_frames = src->keep_frames;
	p->time_nanos = src->time_nanos;
	p->duration_nanos = src->duration_nanos;
	p->period_type = src->period_type;
	p->period = src->period;
	p->comments = arena_zalloc(&p->arena, (src->n_comments + 1) * sizeof *p->comments);
	if (!p->comments)
		goto fail;
	if (src->n_comments)
		memcpy(p->comments, src->comments, src->n_comments * sizeof *p->comments);
	p->n_comments = src->n_comments;
	p->default_sample_type = src->default_sample_type;
	idmap_free(&maps);
	idmap_free(&fns);
	return p;
fail:
	idmap_free(&maps);
	idmap_free(&fns);
	profile_free(p);
	return NULL;
}

int profile_scale_n(struct profile *p, const double *ratios)
{
	bool all_one = true;
	for (size_t i = 0; i < p->n_sample_types; i++)
		if (ratios[i] != 1)
			all_one = false;
	if (all_one)
		return 0;
	size_t k = 0;
	for (size_t s = 0; s < p->n_samples; s++) {
		const struct sample *sm = &p->samples[s];
		bool keep = false;
		for (size_t i = 0; i < p->n_sample_types; i++)
			if (ratios[i] != 1) {
				int64_t v = (int64_t)round((double)sample_value(p, sm, i) * ratios[i]);
				if (sample_set_value(p, sm, i, v) < 0)
					return -1;	/* p is half scaled: dropped */
				keep = keep || v != 0;
			}
		if (keep)
			profile_move_sample(p, k++, s);
	}
	p->n_samples = k;
	return 0;
}

int profile_scale(struct profile *p, double ratio)
{
	double r[64] = { 0 };
	double *rs = p->n_sample_types <= 64 ? r : malloc(p->n_sample_types * sizeof *rs);
	if (!rs)
		return -1;
	for (size_t i = 0; i < p->n_sample_types; i++)
		rs[i] = ratio;
	int rc = profile_scale_n(p, rs);
	if (rs != r)
		free(rs);
	return rc;
}

int profile_normalize(struct profile *p, const struct profile *base,
		      struct rt_error *err)
{
	size_t n = p->n_sample_types;
	if (n != base->n_sample_types)
		return rt_error_set(err, "incompatible sample types");
	double *ratio = calloc(n + 1, sizeof *ratio);
	int64_t *bv = calloc(n + 1, sizeof *bv), *sv = calloc(n + 1, sizeof *sv);
	if (!ratio || !bv || !sv) {
		free(ratio);
		free(bv);
		free(sv);
		return rt_error_set(err, "out of memory");
	}
	for (size_t s = 0; s < base->n_samples; s++)
		for (size_t i = 0; i < n; i++)
			bv[i] += sample_value(base, &base->samples[s], i);
	for (size_t s = 0; s < p->n_samples; s++)
		for (size_t i = 0; i < n; i++)
			sv[i] += sample_value(p, &p->samples[s], i);
	for (size_t i = 0; i < n; i++)
		ratio[i] = sv[i] == 0 ? 0 : (double)bv[i] / (double)sv[i];
	int rc = profile_scale_n(p, ratio);
	free(ratio);
	free(bv);
	free(sv);
	return rc < 0 ? rt_error_set(err, "out of memory") : 0;
}

struct set_label {
	const char *key, *value;	/* interned */
};

/* The set's labels but string ones of key, then key=value. */
static int with_label(void *arg, struct profile *p, const struct label *l, uint32_t n,
		      struct label **out, uint32_t *n_out)
{
	const struct set_label *a = arg;
	struct label *nl = arena_alloc(&p->arena, (n + 1) * sizeof *nl);
	if (!nl)
		return -1;
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!(l[i].str && strcmp(l[i].key, a->key) == 0))
			nl[k++] = l[i];
	nl[k].key = a->key;
	nl[k].str = a->value;
	nl[k].num = 0;
	nl[k].num_unit = p->strs.empty;
	*out = nl;
	*n_out = k + 1;
	return 0;
}

int profile_set_label(struct profile *p, const char *key, const char *value)
{
	struct set_label a = { profile_str(p, key), profile_str(p, value) };
	if (!a.key || !a.value)
		return -1;
	return profile_relabel(p, with_label, &a);
}

/* The finest unit among value types of one slot (CommonValueType). */
static int common_unit(const struct value_type *const *ts, size_t n,
		       const char **unit, struct rt_error *err)
{
	*unit = NULL;
	if (n <= 1)
		return 0;
	const struct value_type *min = ts[0];
	for (size_t i = 1; i < n; i++) {
		const struct value_type *t = ts[i];
		if (!meas_compatible_types(min->type, min->unit, t->type, t->unit))
			return rt_error_set(err, "incompatible types: {%s %s 0 0} {%s %s 0 0}",
					    min->type, min->unit, t->type, t->unit);
		const char *u;
		if (meas_scale(1, t->unit, min->unit, &u) < 1)
			min = t;
	}
	*unit = min->unit;
	return 0;
}

int profile_scale_units(struct profile *const *ps, size_t n, struct rt_error *err)
{
	if (n <= 1)
		return 0;
	const struct value_type **ts = malloc(n * sizeof *ts);
	if (!ts)
		return rt_error_set(err, "out of memory");
	const char *pu;
	for (size_t i = 0; i < n; i++)
		ts[i] = &ps[i]->period_type;
	if (common_unit(ts, n, &pu, err) < 0) {
		free(ts);
		rt_error_prefix(err, "period type");
		return -1;
	}
	size_t nst = ps[0]->n_sample_types;
	for (size_t i = 1; i < n; i++)
		if (ps[i]->n_sample_types != nst) {
			free(ts);
			return rt_error_set(err, "inconsistent samples type count: %zu != %zu",
					    nst, ps[i]->n_sample_types);
		}
	const char **units = calloc(nst + 1, sizeof *units);
	double *ratios = calloc(nst + 1, sizeof *ratios);
	if (!units || !ratios) {
		free(ts);
		free(units);
		free(ratios);
		return rt_error_set(err, "out of memory");
	}
	int rc = 0;
	for (size_t j = 0; j < nst && rc == 0; j++) {
		for (size_t i = 0; i < n; i++)
			ts[i] = &ps[i]->sample_types[j];
		if (common_unit(ts, n, &units[j], err) < 0) {
			rt_error_prefix(err, "sample types");
			rc = -1;
		}
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct profile *p = ps[i];
		const char *u;
		if (pu) {
			p->period = (int64_t)meas_scale(p->period, p->period_type.unit, pu, &u);
			p->period_type.unit = profile_str(p, pu);
		}
		for (size_t j = 0; j < nst; j++) {
			ratios[j] = meas_scale(1, p->sample_types[j].unit, units[j], &u);
			p->sample_types[j].unit = profile_str(p, units[j]);
		}
		profile_scale_n(p, ratios);
	}
	free(ts);
	free(units);
	free(ratios);
	return rc;
}

int profile_add_fake_mapping(struct profile *p)
{
	if (p->n_mappings)
		return 0;
	struct mapping *m = profile_add_mapping(p, 1);
	if (!m)
		return -1;
	for (size_t i = 0; i < p->n_locations; i++)
		p->locations[i]->mapping = m;
	return 0;
}
