/* profile_merge: pprof's Merge.  Keys are built as strings of ids exactly
 * like merge.go's sampleKey/locationKey, hashed in a small table. */
#include "profile/profile_merge.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "base/sbuf.h"
#include "base/strtab.h"

/* A string-keyed table whose keys are interned in a private strtab: the
 * interned pointer is the identity, mapped to the object by idmap. */
struct keytab {
	struct arena arena;
	struct strtab strs;
	struct idmap map;
};

static int keytab_init(struct keytab *k, size_t n)
{
	arena_init(&k->arena);
	if (strtab_init(&k->strs, &k->arena) < 0)
		return -1;
	return idmap_init(&k->map, n);
}

static void keytab_free(struct keytab *k)
{
	idmap_free(&k->map);
	strtab_free(&k->strs);
	arena_free(&k->arena);
}

/* Returns the slot for key (NULL when out of memory). */
static void **keytab_slot(struct keytab *k, const struct sbuf *key, void **val)
{
	const char *s = strtab_intern(&k->strs, key->data ? key->data : "", key->len);
	if (!s)
		return NULL;
	*val = idmap_get(&k->map, (uintptr_t)s);
	return (void **)s;
}

struct merger {
	struct profile *p;
	struct idmap locs_by_id, fns_by_id, maps_by_id;	/* per source */
	struct keytab samples, locations, functions, mappings;
	struct sbuf key;
	struct rt_error *err;
};

struct mapinfo {
	struct mapping *m;
	int64_t offset;
};

static struct mapinfo *map_mapping(struct merger *m, const struct mapping *src)
{
	static struct mapinfo none;
	if (!src)
		return &none;
	struct mapinfo *mi = idmap_get(&m->maps_by_id, src->id);
	if (mi)
		return mi;
	uint64_t size = src->limit - src->start;
	size = size + 0xfff;
	size -= size % 0x1000;
	sbuf_reset(&m->key);
	const char *bf = *src->build_id ? src->build_id : src->file;
	sbuf_printf(&m->key, "%llx|%llx|%s", (unsigned long long)size,
		    (unsigned long long)src->offset, bf);
	void *found;
	const char *slot = (const char *)keytab_slot(&m->mappings, &m->key, &found);
	mi = arena_zalloc(&m->p->arena, sizeof *mi);
	if (!slot || !mi)
		return NULL;
	if (found) {
		struct mapping *fm = found;
		mi->m = fm;
		mi->offset = (int64_t)fm->start - (int64_t)src->start;
	} else {
		struct mapping *nm = profile_add_mapping(m->p, m->p->n_mappings + 1);
		if (!nm)
			return NULL;
		uint64_t id = nm->id;
		*nm = *src;
		nm->id = id;
		nm->file = profile_str(m->p, src->file);
		nm->build_id = profile_str(m->p, src->build_id);
		idmap_put(&m->mappings.map, (uintptr_t)slot, nm);
		mi->m = nm;
	}
	if (idmap_put(&m->maps_by_id, src->id, mi) < 0)
		return NULL;
	return mi;
}

static struct function *map_function(struct merger *m, const struct function *src)
{
	if (!src)
		return NULL;
	struct function *f = idmap_get(&m->fns_by_id, src->id);
	if (f)
		return f;
	sbuf_reset(&m->key);
	sbuf_printf(&m->key, "%lld", (long long)src->start_line);
	sbuf_add(&m->key, "", 1);
	sbuf_puts(&m->key, src->name);
	sbuf_add(&m->key, "", 1);
	sbuf_puts(&m->key, src->system_name);
	sbuf_add(&m->key, "", 1);
	sbuf_puts(&m->key, src->filename);
	void *found;
	const char *slot = (const char *)keytab_slot(&m->functions, &m->key, &found);
	if (!slot)
		return NULL;
	if (found) {
		f = found;
	} else {
		f = profile_add_function(m->p, m->p->n_functions + 1);
		if (!f)
			return NULL;
		f->name = profile_str(m->p, src->name);
		f->system_name = profile_str(m->p, src->system_name);
		f->filename = profile_str(m->p, src->filename);
		f->start_line = src->start_line;
		idmap_put(&m->functions.map, (uintptr_t)slot, f);
	}
	idmap_put(&m->fns_by_id, src->id, f);
	return f;
}

static struct location *map_location(struct merger *m, const struct location *src)
{
	if (!src)
		return NULL;
	struct location *l = idmap_get(&m->locs_by_id, src->id);
	if (l)
		return l;
	struct mapinfo *mi = map_mapping(m, src->mapping);
	if (!mi)
		return NULL;
	uint64_t addr = (uint64_t)((int64_t)src->address + mi->offset);
	struct function **fns = malloc((src->n_lines + 1) * sizeof *fns);
	if (!fns)
		return NULL;
	for (uint32_t i = 0; i < src->n_lines; i++)
		fns[i] = map_function(m, src->lines[i].fn);
	sbuf_reset(&m->key);
	uint64_t kaddr = addr;
	uint64_t mid = 0;
	if (mi->m) {
		kaddr -= mi->m->start;
		mid = mi->m->id;
	}
	sbuf_printf(&m->key, "%llx|%llx|%d|", (unsigned long long)kaddr,
		    (unsigned long long)mid, src->is_folded);
	for (uint32_t i = 0; i < src->n_lines; i++)
		sbuf_printf(&m->key, "%llx|%llx|",
			    (unsigned long long)(fns[i] ? fns[i]->id : 0),
			    (unsigned long long)src->lines[i].line);
	void *found;
	const char *slot = (const char *)keytab_slot(&m->locations, &m->key, &found);
	if (!slot) {
		free(fns);
		return NULL;
	}
	if (found) {
		l = found;
	} else {
		l = profile_add_location(m->p, m->p->n_locations + 1, src->n_lines);
		if (!l) {
			free(fns);
			return NULL;
		}
		l->mapping = mi->m;
		l->address = addr;
		l->is_folded = src->is_folded;
		for (uint32_t i = 0; i < src->n_lines; i++) {
			l->lines[i].fn = fns[i];
			l->lines[i].line = src->lines[i].line;
		}
		idmap_put(&m->locations.map, (uintptr_t)slot, l);
	}
	free(fns);
	idmap_put(&m->locs_by_id, src->id, l);
	return l;
}

static int cmp_label_ptrs(const void *a, const void *b)
{
	const struct label *l = *(const struct label *const *)a;
	const struct label *r = *(const struct label *const *)b;
	int c = strcmp(l->key, r->key);
	if (c)
		return c;
	return (l->str == NULL) - (r->str == NULL);
}

/* The sample key: location ids, then labels grouped by key in key order
 * (values in their order), so equal label sets give equal keys. */
static void sample_key(struct sbuf *k, struct location **locs, uint32_t n,
		       const struct sample *src)
{
	struct label *lp[64];
	const struct label **ls = (const struct label **)lp;
	const struct label **heap = NULL;
	uint32_t nl = src->n_labels;

	sbuf_reset(k);
	for (uint32_t i = 0; i < n; i++)
		sbuf_printf(k, "%llx|", (unsigned long long)(locs[i] ? locs[i]->id : 0));
	if (!nl)
		return;
	if (nl > 64) {
		heap = malloc(nl * sizeof *heap);
		if (!heap)
			return;
		ls = heap;
	}
	for (uint32_t i = 0; i < nl; i++)
		ls[i] = &src->labels[i];
	/* Stable grouping by key keeps each key's values in order. */
	for (uint32_t i = 1; i < nl; i++)
		for (uint32_t j = i; j > 0 && cmp_label_ptrs(&ls[j - 1], &ls[j]) > 0; j--) {
			const struct label *t = ls[j];
			ls[j] = ls[j - 1];
			ls[j - 1] = t;
		}
	for (uint32_t i = 0; i < nl; i++) {
		const struct label *l = ls[i];
		sbuf_add(k, "\x01", 1);
		sbuf_puts(k, l->key);
		sbuf_add(k, "\x02", 1);
		if (l->str)
			sbuf_puts(k, l->str);
		else
			sbuf_printf(k, "%llx\x03%s", (unsigned long long)l->num, l->num_unit);
	}
	free(heap);
}

static int map_sample(struct merger *m, const struct profile *srcp,
		      const struct sample *src)
{
	struct location **locs = malloc((src->n_locs + 1) * sizeof *locs);
	if (!locs)
		return -1;
	for (uint32_t i = 0; i < src->n_locs; i++) {
		locs[i] = map_location(m, src->locs[i]);
		if (!locs[i] && src->locs[i]) {
			free(locs);
			return -1;
		}
	}
	sample_key(&m->key, locs, src->n_locs, src);
	void *found;
	const char *slot = (const char *)keytab_slot(&m->samples, &m->key, &found);
	if (!slot) {
		free(locs);
		return -1;
	}
	size_t nv = srcp->n_sample_types;
	if (found) {
		struct sample *s = &m->p->samples[(uintptr_t)found - 1];
		for (size_t i = 0; i < nv; i++)
			s->values[i] += src->values[i];
		free(locs);
		return 0;
	}
	struct sample *s = profile_add_sample(m->p, src->n_locs, src->n_labels);
	if (!s) {
		free(locs);
		return -1;
	}
	memcpy(s->locs, locs, src->n_locs * sizeof *locs);
	memcpy(s->values, src->values, nv * sizeof *s->values);
	for (uint32_t i = 0; i < src->n_labels; i++) {
		s->labels[i] = src->labels[i];
		s->labels[i].key = profile_str(m->p, src->labels[i].key);
		s->labels[i].str = src->labels[i].str ? profile_str(m->p, src->labels[i].str) : NULL;
		s->labels[i].num_unit = profile_str(m->p, src->labels[i].num_unit);
	}
	free(locs);
	return idmap_put(&m->samples.map, (uintptr_t)slot, (void *)(uintptr_t)m->p->n_samples);
}

static bool vt_equal(const struct value_type *a, const struct value_type *b)
{
	return strcmp(a->type, b->type) == 0 && strcmp(a->unit, b->unit) == 0;
}

static void vt_list(char *buf, size_t n, const struct profile *p)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < p->n_sample_types && off < n; i++)
		off += (size_t)snprintf(buf + off, n - off, "%s%s %s", i ? " " : "",
					p->sample_types[i].type, p->sample_types[i].unit);
}

static int compatible(const struct profile *a, const struct profile *b,
		      struct rt_error *err)
{
	if (!vt_equal(&a->period_type, &b->period_type))
		return rt_error_set(err, "incompatible period types %s %s and %s %s",
				    a->period_type.type, a->period_type.unit,
				    b->period_type.type, b->period_type.unit);
	bool ok = a->n_sample_types == b->n_sample_types;
	for (size_t i = 0; ok && i < a->n_sample_types; i++)
		ok = vt_equal(&a->sample_types[i], &b->sample_types[i]);
	if (!ok) {
		char x[256], y[256];
		vt_list(x, sizeof x, a);
		vt_list(y, sizeof y, b);
		return rt_error_set(err, "incompatible sample types [%s] and [%s]", x, y);
	}
	return 0;
}

static int combine_headers(struct profile *p, struct profile *const *ps, size_t n,
			   struct rt_error *err)
{
	for (size_t i = 1; i < n; i++)
		if (compatible(ps[0], ps[i], err) < 0)
			return -1;
	int64_t t = 0, d = 0, period = 0;
	size_t nc = 0;
	const char *dst = "";
	for (size_t i = 0; i < n; i++)
		nc += ps[i]->n_comments;
	p->comments = arena_alloc(&p->arena, (nc + 1) * sizeof *p->comments);
	if (!p->comments)
		return rt_error_set(err, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct profile *s = ps[i];
		if (t == 0 || s->time_nanos < t)
			t = s->time_nanos;
		d += s->duration_nanos;
		if (period == 0 || period < s->period)
			period = s->period;
		for (size_t c = 0; c < s->n_comments; c++) {
			bool seen = false;
			for (size_t k = 0; k < p->n_comments && !seen; k++)
				seen = strcmp(p->comments[k], s->comments[c]) == 0;
			if (!seen)
				p->comments[p->n_comments++] = profile_str(p, s->comments[c]);
		}
		if (!*dst)
			dst = s->default_sample_type;
	}
	if (profile_set_sample_types(p, ps[0]->n_sample_types) < 0)
		return rt_error_set(err, "out of memory");
	for (size_t i = 0; i < ps[0]->n_sample_types; i++) {
		p->sample_types[i].type = profile_str(p, ps[0]->sample_types[i].type);
		p->sample_types[i].unit = profile_str(p, ps[0]->sample_types[i].unit);
	}
	p->drop_frames = profile_str(p, ps[0]->drop_frames);
	p->keep_frames = profile_str(p, ps[0]->keep_frames);
	p->time_nanos = t;
	p->duration_nanos = d;
	p->period_type.type = profile_str(p, ps[0]->period_type.type);
	p->period_type.unit = profile_str(p, ps[0]->period_type.unit);
	p->period = period;
	p->default_sample_type = profile_str(p, dst);
	return 0;
}

static bool zero_sample(const struct profile *p, const struct sample *s)
{
	for (size_t i = 0; i < p->n_sample_types; i++)
		if (s->values[i])
			return false;
	return true;
}

struct profile *profile_merge(struct profile *const *ps, size_t n,
			      struct rt_error *err)
{
	struct merger m = { .err = err };
	struct profile *p;

	if (n == 0) {
		rt_error_set(err, "no profiles to merge");
		return NULL;
	}
	p = profile_new();
	if (!p) {
		rt_error_set(err, "out of memory");
		return NULL;
	}
	m.p = p;
	sbuf_init(&m.key);
	if (combine_headers(p, ps, n, err) < 0)
		goto fail;
	if (keytab_init(&m.samples, ps[0]->n_samples) < 0 ||
	    keytab_init(&m.locations, ps[0]->n_locations) < 0 ||
	    keytab_init(&m.functions, ps[0]->n_functions) < 0 ||
	    keytab_init(&m.mappings, ps[0]->n_mappings) < 0)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		const struct profile *src = ps[i];
		if (idmap_init(&m.locs_by_id, src->n_locations) < 0 ||
		    idmap_init(&m.fns_by_id, src->n_functions) < 0 ||
		    idmap_init(&m.maps_by_id, src->n_mappings) < 0)
			goto oom;
		if (p->n_mappings == 0 && src->n_mappings > 0 &&
		    !map_mapping(&m, src->mappings[0]))
			goto oom;
		for (size_t s = 0; s < src->n_samples; s++)
			if (!zero_sample(src, &src->samples[s]) &&
			    map_sample(&m, src, &src->samples[s]) < 0)
				goto oom;
		idmap_free(&m.locs_by_id);
		idmap_free(&m.fns_by_id);
		idmap_free(&m.maps_by_id);
	}
	keytab_free(&m.samples);
	keytab_free(&m.locations);
	keytab_free(&m.functions);
	keytab_free(&m.mappings);
	sbuf_free(&m.key);
	/* Samples that summed to zero: pprof merges once more. */
	for (size_t s = 0; s < p->n_samples; s++)
		if (zero_sample(p, &p->samples[s])) {
			struct profile *again = profile_merge(&p, 1, err);
			profile_free(p);
			return again;
		}
	return p;
oom:
	rt_error_set(err, "out of memory");
fail:
	idmap_free(&m.locs_by_id);
	idmap_free(&m.fns_by_id);
	idmap_free(&m.maps_by_id);
	keytab_free(&m.samples);
	keytab_free(&m.locations);
	keytab_free(&m.functions);
	keytab_free(&m.mappings);
	sbuf_free(&m.key);
	profile_free(p);
	return NULL;
}
