/* profile_write: struct profile -> gzip'ed profile.proto, written atomically.
 * The string table is built in first-use order, "" first, as pprof does. */
#include "profile/profile_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/idmap.h"
#include "profile/gz.h"
#include "profile.pb-c.h"

struct encoder {
	struct arena *a;
	struct idmap index;	/* interned pointer -> index + 1 */
	char **table;
	size_t n, cap;
	int oom;
};

static int64_t sidx(struct encoder *e, const char *s)
{
	uintptr_t key = (uintptr_t)s;
	void *v = idmap_get(&e->index, key);
	if (v)
		return (int64_t)(uintptr_t)v - 1;
	if (e->n == e->cap) {
		size_t ncap = e->cap ? e->cap * 2 : 256;
		char **nt = arena_alloc(e->a, ncap * sizeof *nt);
		if (!nt) {
			e->oom = 1;
			return 0;
		}
		if (e->n)
			memcpy(nt, e->table, e->n * sizeof *nt);
		e->table = nt;
		e->cap = ncap;
	}
	e->table[e->n] = (char *)s;
	if (idmap_put(&e->index, key, (void *)(uintptr_t)(e->n + 1)) < 0)
		e->oom = 1;
	return (int64_t)e->n++;
}

#define NEW(e, T) ((T *)arena_zalloc((e)->a, sizeof(T)))
#define NEWN(e, T, n) ((T *)arena_zalloc((e)->a, ((n) ? (n) : 1) * sizeof(T)))

static Perftools__Profiles__ValueType *enc_vt(struct encoder *e,
					       const struct value_type *v)
{
	Perftools__Profiles__ValueType *o = NEW(e, Perftools__Profiles__ValueType);
	if (!o) {
		e->oom = 1;
		return NULL;
	}
	perftools__profiles__value_type__init(o);
	o->type = sidx(e, v->type);
	o->unit = sidx(e, v->unit);
	return o;
}

static Perftools__Profiles__Sample *enc_sample(struct encoder *e,
					       const struct profile *p,
					       const struct sample *s)
{
	Perftools__Profiles__Sample *o = NEW(e, Perftools__Profiles__Sample);
	if (!o)
		return NULL;
	perftools__profiles__sample__init(o);
	o->n_location_id = s->n_locs;
	o->location_id = NEWN(e, uint64_t, s->n_locs);
	o->n_value = p->n_sample_types;
	o->value = NEWN(e, int64_t, p->n_sample_types);
	o->n_label = s->n_labels;
	o->label = NEWN(e, Perftools__Profiles__Label *, s->n_labels);
	if (!o->location_id || !o->value || !o->label)
		return NULL;
	for (uint32_t i = 0; i < s->n_locs; i++)
		o->location_id[i] = s->locs[i]->id;
	memcpy(o->value, s->values, p->n_sample_types * sizeof *o->value);
	for (uint32_t i = 0; i < s->n_labels; i++) {
		Perftools__Profiles__Label *l = NEW(e, Perftools__Profiles__Label);
		if (!l)
			return NULL;
		perftools__profiles__label__init(l);
		l->key = sidx(e, s->labels[i].key);
		if (s->labels[i].str) {
			l->str = sidx(e, s->labels[i].str);
		} else {
			l->num = s->labels[i].num;
			if (*s->labels[i].num_unit)
				l->num_unit = sidx(e, s->labels[i].num_unit);
		}
		o->label[i] = l;
	}
	return o;
}

static Perftools__Profiles__Location *enc_location(struct encoder *e,
						   const struct location *l)
{
	Perftools__Profiles__Location *o = NEW(e, Perftools__Profiles__Location);
	if (!o)
		return NULL;
	perftools__profiles__location__init(o);
	o->id = l->id;
	o->mapping_id = l->mapping ? l->mapping->id : 0;
	o->address = l->address;
	o->is_folded = l->is_folded;
	o->n_line = l->n_lines;
	o->line = NEWN(e, Perftools__Profiles__Line *, l->n_lines);
	if (!o->line)
		return NULL;
	for (uint32_t i = 0; i < l->n_lines; i++) {
		Perftools__Profiles__Line *ln = NEW(e, Perftools__Profiles__Line);
		if (!ln)
			return NULL;
		perftools__profiles__line__init(ln);
		ln->function_id = l->lines[i].fn ? l->lines[i].fn->id : 0;
		ln->line = l->lines[i].line;
		o->line[i] = ln;
	}
	return o;
}

static Perftools__Profiles__Mapping *enc_mapping(struct encoder *e,
						 const struct mapping *m)
{
	Perftools__Profiles__Mapping *o = NEW(e, Perftools__Profiles__Mapping);
	if (!o)
		return NULL;
	perftools__profiles__mapping__init(o);
	o->id = m->id;
	o->memory_start = m->start;
	o->memory_limit = m->limit;
	o->file_offset = m->offset;
	o->filename = sidx(e, m->file);
	o->build_id = sidx(e, m->build_id);
	o->has_functions = m->has_functions;
	o->has_filenames = m->has_filenames;
	o->has_line_numbers = m->has_line_numbers;
	o->has_inline_frames = m->has_inline_frames;
	return o;
}

static Perftools__Profiles__Function *enc_function(struct encoder *e,
						   const struct function *f)
{
	Perftools__Profiles__Function *o = NEW(e, Perftools__Profiles__Function);
	if (!o)
		return NULL;
	perftools__profiles__function__init(o);
	o->id = f->id;
	o->name = sidx(e, f->name);
	o->system_name = sidx(e, f->system_name);
	o->filename = sidx(e, f->filename);
	o->start_line = f->start_line;
	return o;
}

static int build(struct encoder *e, const struct profile *p,
		 Perftools__Profiles__Profile *o)
{
	sidx(e, p->strs.empty);
	o->n_sample_type = p->n_sample_types;
	o->sample_type = NEWN(e, Perftools__Profiles__ValueType *, p->n_sample_types);
	o->n_sample = p->n_samples;
	o->sample = NEWN(e, Perftools__Profiles__Sample *, p->n_samples);
	o->n_mapping = p->n_mappings;
	o->mapping = NEWN(e, Perftools__Profiles__Mapping *, p->n_mappings);
	o->n_location = p->n_locations;
	o->location = NEWN(e, Perftools__Profiles__Location *, p->n_locations);
	o->n_function = p->n_functions;
	o->function = NEWN(e, Perftools__Profiles__Function *, p->n_functions);
	o->n_comment = p->n_comments;
	o->comment = NEWN(e, int64_t, p->n_comments);
	if (!o->sample_type || !o->sample || !o->mapping || !o->location ||
	    !o->function || !o->comment)
		return -1;
	for (size_t i = 0; i < p->n_sample_types; i++)
		if (!(o->sample_type[i] = enc_vt(e, &p->sample_types[i])))
			return -1;
	for (size_t i = 0; i < p->n_samples; i++)
		if (!(o->sample[i] = enc_sample(e, p, &p->samples[i])))
			return -1;
	for (size_t i = 0; i < p->n_mappings; i++)
		if (!(o->mapping[i] = enc_mapping(e, p->mappings[i])))
			return -1;
	for (size_t i = 0; i < p->n_locations; i++)
		if (!(o->location[i] = enc_location(e, p->locations[i])))
			return -1;
	for (size_t i = 0; i < p->n_functions; i++)
		if (!(o->function[i] = enc_function(e, p->functions[i])))
			return -1;
	o->drop_frames = sidx(e, p->drop_frames);
	o->keep_frames = sidx(e, p->keep_frames);
	o->time_nanos = p->time_nanos;
	o->duration_nanos = p->duration_nanos;
	if (!(o->period_type = enc_vt(e, &p->period_type)))
		return -1;
	o->period = p->period;
	for (size_t i = 0; i < p->n_comments; i++)
		o->comment[i] = sidx(e, p->comments[i]);
	o->default_sample_type = sidx(e, p->default_sample_type);
	o->n_string_table = e->n;
	o->string_table = e->table;
	return e->oom ? -1 : 0;
}

int profile_encode(const struct profile *p, uint8_t **out, size_t *len,
		   struct rt_error *err)
{
	struct arena a;
	struct encoder e = { .a = &a };
	Perftools__Profiles__Profile o;
	int rc = -1;

	arena_init(&a);
	perftools__profiles__profile__init(&o);
	if (idmap_init(&e.index, p->strs.count) < 0 || build(&e, p, &o) < 0) {
		rt_error_set(err, "out of memory");
		goto out;
	}
	size_t n = perftools__profiles__profile__get_packed_size(&o);
	uint8_t *raw = malloc(n ? n : 1);
	if (!raw) {
		rt_error_set(err, "out of memory");
		goto out;
	}
	perftools__profiles__profile__pack(&o, raw);
	rc = gz_deflate(raw, n, out, len, err);
	free(raw);
out:
	idmap_free(&e.index);
	arena_free(&a);
	return rc;
}

int profile_write_file(const struct profile *p, const char *path,
		       struct rt_error *err)
{
	uint8_t *buf;
	size_t n;
	int rc;

	if (profile_encode(p, &buf, &n, err) < 0)
		return -1;
	if (strcmp(path, "-") == 0) {
		rc = fwrite(buf, 1, n, stdout) == n && fflush(stdout) == 0
			     ? 0 : rt_error_set(err, "writing to standard output failed");
	} else {
		rc = atomic_file_write(path, buf, n, 0, err);
	}
	free(buf);
	return rc;
}
