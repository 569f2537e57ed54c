/* profile: construction of the model, pprof's validity rules and sample type
 * selection.  Builders grow pointer arrays with realloc-like doubling inside
 * the arena (old arrays are left to the arena). */
#include "profile/profile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"

struct profile *profile_new(void)
{
	struct profile *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	arena_init(&p->arena);
	if (strtab_init(&p->strs, &p->arena) < 0) {
		arena_free(&p->arena);
		free(p);
		return NULL;
	}
	p->drop_frames = p->keep_frames = p->strs.empty;
	p->period_type.type = p->period_type.unit = p->strs.empty;
	p->default_sample_type = p->strs.empty;
	return p;
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	strtab_free(&p->strs);
	arena_free(&p->arena);
	free(p);
}

const char *profile_str(struct profile *p, const char *s)
{
	return strtab_intern_cstr(&p->strs, s ? s : "");
}

const char *profile_strn(struct profile *p, const char *s, size_t n)
{
	return strtab_intern(&p->strs, s, n);
}


const char *profile_strn_bytes(struct profile *p, const char *s, size_t n)
{
	if (!memchr(s, '\0', n) && !memchr(s, PROFILE_ESC, n))
		return strtab_intern(&p->strs, s, n);
	char *e = malloc(2 * n);
	if (!e)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0 || c == PROFILE_ESC) {
			e[k++] = (char)PROFILE_ESC;
			e[k++] = (char)(c ? 0x81 : 0x80);
		} else {
			e[k++] = (char)c;
		}
	}
	const char *r = strtab_intern(&p->strs, e, k);
	free(e);
	return r;
}

size_t profile_str_unescape(char *s, size_t n)
{
	char *first = memchr(s, PROFILE_ESC, n);
	if (!first)
		return n;
	size_t w = (size_t)(first - s);
	for (size_t i = w; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == PROFILE_ESC && i + 1 < n &&
		    ((unsigned char)s[i + 1] == 0x80 || (unsigned char)s[i + 1] == 0x81)) {
			s[w++] = (unsigned char)s[i + 1] == 0x80 ? '\0' : (char)PROFILE_ESC;
			i++;
		} else {
			s[w++] = (char)c;
		}
	}
	return w;
}

/* Makes room for one more element in an arena-backed pointer array. */
static int grow(struct arena *a, void **arr, size_t elem, size_t n, size_t *cap)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 64;
	void *na = arena_grow(a, *cap ? *arr : NULL, *cap * elem, ncap * elem);
	if (!na)
		return -1;
	*arr = na;
	*cap = ncap;
	return 0;
}

struct mapping *profile_add_mapping(struct profile *p, uint64_t id)
{
	struct mapping *m;
	if (grow(&p->arena, (void **)&p->mappings, sizeof *p->mappings,
		 p->n_mappings, &p->cap_mappings) < 0)
		return NULL;
	m = arena_zalloc(&p->arena, sizeof *m);
	if (!m)
		return NULL;
	m->id = id;
	m->file = m->build_id = p->strs.empty;
	p->mappings[p->n_mappings++] = m;
	return m;
}

struct function *profile_add_function(struct profile *p, uint64_t id)
{
	struct function *f;
	if (grow(&p->arena, (void **)&p->functions, sizeof *p->functions,
		 p->n_functions, &p->cap_functions) < 0)
		return NULL;
	f = arena_zalloc(&p->arena, sizeof *f);
	if (!f)
		return NULL;
	f->id = id;
	f->name = f->system_name = f->filename = p->strs.empty;
	p->functions[p->n_functions++] = f;
	return f;
}

struct location *profile_add_location(struct profile *p, uint64_t id,
				      uint32_t n_lines)
{
	struct location *l;
	if (p->n_locations >= PROFILE_NO_SLOT)	/* no slot left for it */
		return NULL;
	if (p->narrow && p->n_locations >= PROFILE_NARROW_LOCATIONS &&
	    profile_widen(p) < 0)
		return NULL;
	if (grow(&p->arena, (void **)&p->locations, sizeof *p->locations,
		 p->n_locations, &p->cap_locations) < 0)
		return NULL;
	l = arena_zalloc(&p->arena, sizeof *l + n_lines * sizeof(struct line));
	if (!l)
		return NULL;
	l->id = id;
	l->lines = (struct line *)(l + 1);
	l->n_lines = n_lines;
	l->slot = (uint32_t)p->n_locations;
	p->locations[p->n_locations++] = l;
	return l;
}

/* The values' element size. */
static size_t value_size(const struct profile *p)
{
	return p->values32 ? sizeof *p->values32 : sizeof *p->values;
}

static void **values_array(struct profile *p)
{
	return p->values32 ? (void **)&p->values32 : (void **)&p->values;
}

/* Room for ncap samples and their values (ncap above cap_samples): big
 * arrays grow in place (arena_grow), exact reservations are copied once. */
static int samples_room(struct profile *p, size_t ncap, bool exact)
{
	if (!p->value_stride)
		p->value_stride = p->n_sample_types ? p->n_sample_types : 1;
	size_t vs = value_size(p) * p->value_stride;
	if (ncap > SIZE_MAX / 2 / (vs > sizeof *p->samples ? vs : sizeof *p->samples))
		return -1;
	void **va = values_array(p);
	void *ns, *nv;
	if (exact) {
		ns = arena_alloc(&p->arena, ncap * sizeof *p->samples);
		nv = ns ? arena_alloc_align(&p->arena, ncap * vs, sizeof(int64_t)) : NULL;
		if (!nv)
			return -1;
		if (p->n_samples) {
			memcpy(ns, p->samples, p->n_samples * sizeof *p->samples);
			memcpy(nv, *va, p->n_samples * vs);
		}
	} else {
		ns = arena_grow(&p->arena, p->cap_samples ? p->samples : NULL,
				p->cap_samples * sizeof *p->samples, ncap * sizeof *p->samples);
		if (!ns)
			return -1;
		p->samples = ns;	/* grown: the old array may be gone */
		nv = arena_grow(&p->arena, p->cap_samples ? *va : NULL,
				p->cap_samples * vs, ncap * vs);
		if (!nv)
			return -1;	/* cap_samples unchanged: still true */
	}
	p->samples = ns;
	*va = nv;
	p->cap_samples = ncap;
	return 0;
}

int profile_reserve_samples(struct profile *p, size_t n)
{
	if (n <= p->cap_samples)
		return 0;
	return samples_room(p, n, true);
}

uint32_t profile_add_label_set(struct profile *p, struct label *l, uint32_t n)
{
	if (n == 0)
		return 0;
	if (p->n_lsets >= UINT32_MAX - 1)
		return UINT32_MAX;
	if (p->n_lsets == p->cap_lsets) {
		size_t ncap = p->cap_lsets ? p->cap_lsets * 2 : 64;
		struct label_set *na = arena_grow(&p->arena, p->cap_lsets ? p->lsets : NULL,
						  p->cap_lsets * sizeof *na, ncap * sizeof *na);
		if (!na)
			return UINT32_MAX;
		p->lsets = na;
		p->cap_lsets = ncap;
		if (p->n_lsets == 0) {	/* the empty set, id 0 */
			p->lsets[0].labels = NULL;
			p->lsets[0].n = 0;
			p->n_lsets = 1;
		}
	}
	p->lsets[p->n_lsets].labels = l;
	p->lsets[p->n_lsets].n = n;
	return (uint32_t)p->n_lsets++;
}

int sample_set_labels(struct profile *p, struct sample *s, struct label *l, uint32_t n)
{
	uint32_t id = profile_add_label_set(p, l, n);
	if (id == UINT32_MAX)
		return -1;
	s->lset = id;
	return 0;
}

int profile_widen_values(struct profile *p)
{
	if (!p->values32)
		return 0;
	size_t n = p->cap_samples * p->value_stride;
	int64_t *w = arena_alloc_align(&p->arena, (n ? n : 1) * sizeof *w, sizeof *w);
	if (!w)
		return -1;
	for (size_t i = 0; i < p->n_samples * p->value_stride; i++)
		w[i] = p->values32[i];
	p->values = w;
	p->values32 = NULL;
	return 0;
}

void profile_narrow_values(struct profile *p)
{
	if (p->n_samples || p->cap_samples || p->values32)
		return;
	/* a non-NULL pointer says narrow; the array comes with the room */
	static int32_t none;
	p->values32 = &none;
}

int sample_set_value(struct profile *p, const struct sample *s, size_t i, int64_t v)
{
	if (p->values32) {
		if (v >= INT32_MIN && v <= INT32_MAX) {
			p->values32[sample_index_of(p, s) * p->value_stride + i] = (int32_t)v;
			return 0;
		}
		if (profile_widen_values(p) < 0)
			return -1;
	}
	sample_values(p, s)[i] = v;
	return 0;
}

static struct sample *add_sample(struct profile *p, uint32_t n_locs, uint32_t n_labels,
				 bool fill_locs)
{
	struct sample *s;
	if (p->n_samples == p->cap_samples &&
	    samples_room(p, p->cap_samples ? p->cap_samples * 2 : 64, false) < 0)
		return NULL;
	s = &p->samples[p->n_samples];
	memset(s, 0, sizeof *s);
	s->n_locs = n_locs;
	size_t width = p->narrow ? sizeof *s->locs16 : sizeof *s->locs;
	s->locs = arena_alloc_align(&p->arena, n_locs * width, width);
	if (s->locs && fill_locs)
		memset(s->locs, 0xff, n_locs * width);	/* PROFILE_NO_SLOT */
	size_t vs = value_size(p) * p->value_stride;
	memset((char *)*values_array(p) + p->n_samples * vs, 0, vs);
	if (!s->locs)
		return NULL;
	if (n_labels) {
		struct label *l = arena_zalloc(&p->arena, n_labels * sizeof *l);
		if (!l || sample_set_labels(p, s, l, n_labels) < 0)
			return NULL;
	}
	p->n_samples++;
	return s;
}

bool profile_narrow(struct profile *p)
{
	if (p->n_samples || p->n_locations > PROFILE_NARROW_LOCATIONS)
		return p->narrow;
	p->narrow = true;
	return true;
}

int profile_widen(struct profile *p)
{
	if (!p->narrow)
		return 0;
	/* One block first: a failure leaves the profile as it was. */
	size_t frames = 0;
	for (size_t i = 0; i < p->n_samples; i++)
		frames += p->samples[i].n_locs;
	uint32_t *w = arena_alloc_align(&p->arena, frames * sizeof *w, sizeof *w);
	if (!w)
		return -1;
	for (size_t i = 0; i < p->n_samples; i++) {
		struct sample *s = &p->samples[i];
		for (uint32_t j = 0; j < s->n_locs; j++)
			w[j] = sample_loc(p, s, j);
		s->locs = w;
		w += s->n_locs;
	}
	p->narrow = false;
	return 0;
}

struct sample *profile_add_sample(struct profile *p, uint32_t n_locs,
				  uint32_t n_labels)
{
	return add_sample(p, n_locs, n_labels, true);
}

struct sample *profile_add_sample_nolocs(struct profile *p, uint32_t n_locs,
					 uint32_t n_labels)
{
	return add_sample(p, n_locs, n_labels, false);
}

int profile_set_sample_types(struct profile *p, size_t n)
{
	/* the values' rows are as wide as the types */
	if (p->cap_samples && (n ? n : 1) != p->value_stride)
		return -1;
	p->sample_types = arena_zalloc(&p->arena, (n ? n : 1) * sizeof *p->sample_types);
	if (!p->sample_types)
		return -1;
	for (size_t i = 0; i < n; i++)
		p->sample_types[i].type = p->sample_types[i].unit = p->strs.empty;
	p->n_sample_types = n;
	return 0;
}

/* Checks that ids of one kind are non-zero and unique. */
static int check_ids(void **objs, size_t n, size_t id_offset, const char *what,
		     const char *idname, struct rt_error *err)
{
	struct idmap seen;
	int rc = 0;

	if (idmap_init(&seen, n) < 0)
		return rt_error_set(err, "out of memory");
	for (size_t i = 0; i < n && rc == 0; i++) {
		uint64_t id = *(uint64_t *)((char *)objs[i] + id_offset);
		if (id == 0)
			rc = rt_error_set(err, "found %s with reserved %s=0", what, idname);
		else if (idmap_get(&seen, id))
			rc = rt_error_set(err, "multiple %ss with same id: %llu", what,
					  (unsigned long long)id);
		else if (idmap_put(&seen, id, objs[i]) < 0)
			rc = rt_error_set(err, "out of memory");
	}
	idmap_free(&seen);
	return rc;
}

/* pprof's CheckValid after the samples: ids, then lines. */
static int check_objects(const struct profile *p, struct rt_error *err)
{
	if (check_ids((void **)p->mappings, p->n_mappings,
		      offsetof(struct mapping, id), "mapping", "ID", err) < 0 ||
	    check_ids((void **)p->functions, p->n_functions,
		      offsetof(struct function, id), "function", "ID", err) < 0 ||
	    check_ids((void **)p->locations, p->n_locations,
		      offsetof(struct location, id), "location", "id", err) < 0)
		return -1;
	for (size_t i = 0; i < p->n_locations; i++) {
		const struct location *l = p->locations[i];
		for (uint32_t j = 0; j < l->n_lines; j++)
			if (!l->lines[j].fn)
				return rt_error_set(err,
					"location id: %llu has a line with nil function",
					(unsigned long long)l->id);
	}
	return 0;
}

int profile_check_valid(const struct profile *p, struct rt_error *err)
{
	if (p->n_sample_types == 0 && p->n_samples != 0)
		return rt_error_set(err, "missing sample type information");
	/* Value counts are fixed by the model; the reader checks them. */
	for (size_t i = 0; i < p->n_samples; i++)
		for (uint32_t j = 0; j < p->samples[i].n_locs; j++)
			if (sample_loc(p, &p->samples[i], j) >= p->n_locations)
				return rt_error_set(err, "sample has nil location");
	return check_objects(p, err);
}

int profile_check_valid_objects(const struct profile *p, struct rt_error *err)
{
	if (p->n_sample_types == 0 && p->n_samples != 0)
		return rt_error_set(err, "missing sample type information");
	return check_objects(p, err);
}

int profile_sample_index(const struct profile *p, const char *name,
			 struct rt_error *err)
{
	if (!name || !*name) {
		if (*p->default_sample_type)
			for (size_t i = 0; i < p->n_sample_types; i++)
				if (strcmp(p->sample_types[i].type, p->default_sample_type) == 0)
					return (int)i;
		return (int)p->n_sample_types - 1;
	}
	char *end;
	errno = 0;
	long v = strtol(name, &end, 10);
	if (*end == '\0' && errno == 0 && (name[0] == '-' || name[0] == '+' ||
					   (name[0] >= '0' && name[0] <= '9'))) {
		if (v < 0 || (size_t)v >= p->n_sample_types)
			return rt_error_set(err, "sample_index %s is outside the range [0..%d]",
					    name, (int)p->n_sample_types - 1);
		return (int)v;
	}
	const char *noinuse = strncmp(name, "inuse_", 6) == 0 ? name + 6 : name;
	for (size_t i = 0; i < p->n_sample_types; i++)
		if (strcmp(p->sample_types[i].type, name) == 0 ||
		    strcmp(p->sample_types[i].type, noinuse) == 0)
			return (int)i;
	char list[400];
	size_t off = 0;
	list[0] = '\0';
	for (size_t i = 0; i < p->n_sample_types && off < sizeof list; i++)
		off += (size_t)snprintf(list + off, sizeof list - off, "%s%s",
					i ? " " : "", p->sample_types[i].type);
	return rt_error_set(err, "sample_index \"%s\" must be one of: [%s]", name, list);
}
