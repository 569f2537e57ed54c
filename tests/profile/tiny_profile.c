/* tiny_profile: see tiny_profile.h. */
#include "tiny_profile.h"

#include "profile/profile_io.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct profile *tiny_new(size_t n_types, const char *const *types)
{
	struct profile *p = profile_new();
	if (!p || profile_set_sample_types(p, n_types) < 0)
		goto fail;
	for (size_t i = 0; i < n_types; i++) {
		const char *slash = strchr(types[i], '/');
		size_t tl = slash ? (size_t)(slash - types[i]) : strlen(types[i]);
		p->sample_types[i].type = profile_strn(p, types[i], tl);
		p->sample_types[i].unit = profile_str(p, slash ? slash + 1 : "");
		if (!p->sample_types[i].type || !p->sample_types[i].unit)
			goto fail;
	}
	if (n_types)
		p->period_type = p->sample_types[n_types - 1];
	return p;
fail:
	profile_free(p);
	return NULL;
}

struct function *tiny_fn(struct profile *p, uint64_t id, const char *name,
			 const char *file)
{
	struct function *f = profile_add_function(p, id);
	if (!f)
		return NULL;
	f->name = f->system_name = profile_str(p, name);
	f->filename = profile_str(p, file);
	if (!f->name || !f->filename)
		return NULL;
	return f;
}

struct location *tiny_loc(struct profile *p, uint64_t id, uint64_t addr,
			  size_t n, struct function *const *fns)
{
	struct location *l = profile_add_location(p, id, (uint32_t)n);
	if (!l)
		return NULL;
	l->address = addr;
	for (size_t i = 0; i < n; i++) {
		l->lines[i].fn = fns[i];
		l->lines[i].line = (int64_t)(10 * id + i);
	}
	return l;
}

struct sample *tiny_sample(struct profile *p, const int64_t *values,
			   uint32_t n_labels, size_t n,
			   struct location *const *locs)
{
	struct sample *s = profile_add_sample(p, (uint32_t)n, n_labels);
	if (!s)
		return NULL;
	for (size_t i = 0; i < p->n_sample_types; i++)
		if (sample_set_value(p, s, i, values[i]) < 0)
			return NULL;
	for (size_t i = 0; i < n; i++)
		sample_set_loc(p, s, (uint32_t)i, locs[i]->slot);
	return s;
}

int tiny_label(struct profile *p, struct sample *s, uint32_t i,
	       const char *key, const char *str, int64_t num, const char *unit)
{
	struct label *l = &sample_labels_mut(p, s)[i];
	l->key = profile_str(p, key);
	l->str = str ? profile_str(p, str) : NULL;
	l->num = num;
	l->num_unit = profile_str(p, unit ? unit : "");
	return l->key && l->num_unit && (!str || l->str) ? 0 : -1;
}

/* ---- comparison ---- */

static bool differ(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return false;
}

static bool str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool label_eq(const struct label *a, const struct label *b)
{
	if (!str_eq(a->key, b->key) || (a->str == NULL) != (b->str == NULL))
		return false;
	if (a->str)
		return str_eq(a->str, b->str);
	return a->num == b->num && str_eq(a->num_unit, b->num_unit);
}

static bool fn_eq(const struct function *a, const struct function *b)
{
	if (!a || !b)
		return a == b;
	return a->id == b->id && str_eq(a->name, b->name) &&
	       str_eq(a->system_name, b->system_name) &&
	       str_eq(a->filename, b->filename) && a->start_line == b->start_line;
}

static bool map_eq(const struct mapping *a, const struct mapping *b)
{
	if (!a || !b)
		return a == b;
	return a->id == b->id && a->start == b->start && a->limit == b->limit &&
	       a->offset == b->offset && str_eq(a->file, b->file) &&
	       str_eq(a->build_id, b->build_id) &&
	       a->has_functions == b->has_functions &&
	       a->has_filenames == b->has_filenames &&
	       a->has_line_numbers == b->has_line_numbers &&
	       a->has_inline_frames == b->has_inline_frames;
}

static bool loc_eq(const struct location *a, const struct location *b)
{
	if (!a || !b)
		return a == b;
	if (a->id != b->id || a->address != b->address ||
	    a->is_folded != b->is_folded || a->n_lines != b->n_lines ||
	    !map_eq(a->mapping, b->mapping))
		return false;
	for (uint32_t i = 0; i < a->n_lines; i++)
		if (a->lines[i].line != b->lines[i].line ||
		    !fn_eq(a->lines[i].fn, b->lines[i].fn))
			return false;
	return true;
}

/* The location at a sample's slot, NULL for none (each profile's own). */
static const struct location *slot_loc(const struct profile *p, uint32_t slot)
{
	return slot < p->n_locations ? p->locations[slot] : NULL;
}

static bool sample_eq(const struct profile *pa, const struct sample *a,
		      const struct profile *pb, const struct sample *b)
{
	if (a->n_locs != b->n_locs || sample_n_labels(pa, a) != sample_n_labels(pb, b))
		return false;
	for (size_t i = 0; i < pa->n_sample_types; i++)
		if (sample_value(pa, a, i) != sample_value(pb, b, i))
			return false;
	for (uint32_t i = 0; i < a->n_locs; i++)
		if (!loc_eq(slot_loc(pa, sample_loc(pa, a, i)), slot_loc(pb, sample_loc(pb, b, i))))
			return false;
	for (uint32_t i = 0; i < sample_n_labels(pa, a); i++)
		if (!label_eq(&sample_labels(pa, a)[i], &sample_labels(pb, b)[i]))
			return false;
	return true;
}

bool tiny_equal(const struct profile *a, const struct profile *b, char *why,
		size_t n)
{
	if (a->n_sample_types != b->n_sample_types)
		return differ(why, n, "sample type count %zu vs %zu",
			      a->n_sample_types, b->n_sample_types);
	for (size_t i = 0; i < a->n_sample_types; i++)
		if (!str_eq(a->sample_types[i].type, b->sample_types[i].type) ||
		    !str_eq(a->sample_types[i].unit, b->sample_types[i].unit))
			return differ(why, n, "sample type %zu", i);
	if (a->n_samples != b->n_samples)
		return differ(why, n, "sample count %zu vs %zu", a->n_samples, b->n_samples);
	for (size_t i = 0; i < a->n_samples; i++)
		if (!sample_eq(a, &a->samples[i], b, &b->samples[i]))
			return differ(why, n, "sample %zu", i);
	if (a->n_mappings != b->n_mappings || a->n_locations != b->n_locations ||
	    a->n_functions != b->n_functions)
		return differ(why, n, "table sizes %zu/%zu/%zu vs %zu/%zu/%zu",
			      a->n_mappings, a->n_locations, a->n_functions,
			      b->n_mappings, b->n_locations, b->n_functions);
	for (size_t i = 0; i < a->n_mappings; i++)
		if (!map_eq(a->mappings[i], b->mappings[i]))
			return differ(why, n, "mapping %zu", i);
	for (size_t i = 0; i < a->n_locations; i++)
		if (!loc_eq(a->locations[i], b->locations[i]))
			return differ(why, n, "location %zu", i);
	for (size_t i = 0; i < a->n_functions; i++)
		if (!fn_eq(a->functions[i], b->functions[i]))
			return differ(why, n, "function %zu", i);
	if (!str_eq(a->drop_frames, b->drop_frames) ||
	    !str_eq(a->keep_frames, b->keep_frames) ||
	    !str_eq(a->default_sample_type, b->default_sample_type))
		return differ(why, n, "drop/keep frames or default sample type");
	if (a->time_nanos != b->time_nanos || a->duration_nanos != b->duration_nanos ||
	    a->period != b->period || !str_eq(a->period_type.type, b->period_type.type) ||
	    !str_eq(a->period_type.unit, b->period_type.unit))
		return differ(why, n, "time, duration or period");
	if (a->n_comments != b->n_comments)
		return differ(why, n, "comment count %zu vs %zu", a->n_comments, b->n_comments);
	for (size_t i = 0; i < a->n_comments; i++)
		if (!str_eq(a->comments[i], b->comments[i]))
			return differ(why, n, "comment %zu", i);
	return true;
}

bool tiny_identical(const struct profile *a, const struct profile *b, char *why, size_t n)
{
	if (!tiny_equal(a, b, why, n))
		return false;
	if (a->narrow != b->narrow)
		return differ(why, n, "frames of %d vs %d bits", a->narrow ? 16 : 32,
			      b->narrow ? 16 : 32);
	for (size_t i = 0; i < a->n_locations; i++)
		if (a->locations[i]->slot != b->locations[i]->slot)
			return differ(why, n, "location %zu's slot", i);
	for (size_t i = 0; i < a->n_samples; i++)
		for (uint32_t j = 0; j < a->samples[i].n_locs; j++)
			if (sample_loc(a, &a->samples[i], j) != sample_loc(b, &b->samples[i], j))
				return differ(why, n, "sample %zu frame %u's slot", i, j);
	return true;
}

struct profile *tiny_golden(const char *name, struct rt_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/golden/profiles/%s", RT_SRCDIR, name);
	return profile_read_file(path, NULL, err);
}

struct profile *tiny_rich(void)
{
	static const char *types[] = { "samples/count", "cpu/nanoseconds" };
	struct profile *p = tiny_new(2, types);
	if (!p)
		return NULL;
	struct mapping *m = profile_add_mapping(p, 1);
	struct function *fmain = tiny_fn(p, 1, "main.main", "/src/main.go");
	struct function *fwork = tiny_fn(p, 2, "main.work", "/src/main.go");
	struct function *finl = tiny_fn(p, 3, "strings.Index", "/go/strings.go");
	if (!m || !fmain || !fwork || !finl)
		goto fail;
	m->start = 0x400000;
	m->limit = 0x500000;
	m->offset = 0x1000;
	m->file = profile_str(p, "/usr/bin/app");
	m->build_id = profile_str(p, "abc123");
	m->has_functions = m->has_line_numbers = true;
	fmain->start_line = 7;
	fmain->system_name = profile_str(p, "main.main.sys");
	struct location *lmain = TINY_LOC(p, 10, fmain);
	struct location *lwork = TINY_LOC(p, 20, fwork);
	struct location *linl = TINY_LOC(p, 30, finl, fwork);	/* inlined */
	if (!lmain || !lwork || !linl)
		goto fail;
	lmain->mapping = lwork->mapping = linl->mapping = m;
	lmain->address = 0x401000;
	lwork->address = 0x402000;
	linl->address = 0x403000;
	linl->is_folded = true;
	struct sample *s1 = TINY_SAMPLE_L(p, ((int64_t[]){ 3, 30000000 }), 2,
					  linl, lwork, lmain);
	struct sample *s2 = TINY_SAMPLE(p, ((int64_t[]){ 1, 10000000 }), lwork,
					lwork, lmain);	/* recursion */
	struct sample *s3 = TINY_SAMPLE_L(p, ((int64_t[]){ -2, -20000000 }), 1,
					  lmain);
	if (!s1 || !s2 || !s3 ||
	    tiny_label(p, s1, 0, "worker", "hash", 0, NULL) < 0 ||
	    tiny_label(p, s1, 1, "bytes", NULL, 4096, "bytes") < 0 ||
	    tiny_label(p, s3, 0, "count", NULL, -7, NULL) < 0)
		goto fail;
	p->drop_frames = profile_str(p, "runtime\\..*");
	p->keep_frames = profile_str(p, "main\\..*");
	p->time_nanos = 1764100000000000000;
	p->duration_nanos = 2500000000;
	p->period = 10000000;
	p->default_sample_type = profile_str(p, "cpu");
	p->comments = arena_alloc(&p->arena, 2 * sizeof *p->comments);
	if (!p->comments)
		goto fail;
	p->comments[0] = profile_str(p, "first comment");
	p->comments[1] = profile_str(p, "#hidden comment");
	p->n_comments = 2;
	return p;
fail:
	profile_free(p);
	return NULL;
}
