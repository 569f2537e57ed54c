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

/* Room for ncap samples and their values (ncap above cap_samples): big
 * arrays grow in place (arena_grow), exact reservations are copied once.
 * The values' layout is made with the first room. */
static int samples_room(struct profile *p, size_t ncap, bool exact)
{
	if (!p->vcols) {
		size_t n = p->n_sample_types ? p->n_sample_types : 1;
		p->vcols = arena_zalloc(&p->arena, n * sizeof *p->vcols);
		if (!p->vcols)
			return -1;
		p->n_vcols = n;
		size_t w = p->narrow_values ? sizeof(int32_t) : sizeof(int64_t);
		for (size_t i = 0; i < n; i++) {
			p->vcols[i].narrow = p->narrow_values;
			p->vcols[i].at = (uint32_t)(i * w);
		}
		p->row_bytes = n * w;
	}
	size_t row = p->row_bytes > sizeof *p->samples ? p->row_bytes : sizeof *p->samples;
	if (ncap > SIZE_MAX / 2 / row)
		return -1;
	void *ns, *nv;
	if (exact) {
		ns = arena_alloc(&p->arena, ncap * sizeof *p->samples);
		nv = ns ? arena_alloc_align(&p->arena, ncap * p->row_bytes, 8) : NULL;
		if (!nv)
			return -1;
		if (p->n_samples) {
			memcpy(ns, p->samples, p->n_samples * sizeof *p->samples);
			memcpy(nv, p->vrows, p->n_samples * p->row_bytes);
		}
	} else {
		ns = arena_grow(&p->arena, p->cap_samples ? p->samples : NULL,
				p->cap_samples * sizeof *p->samples, ncap * sizeof *p->samples);
		if (!ns)
			return -1;
		p->samples = ns;	/* grown: the old may be gone */
		nv = arena_grow(&p->arena, p->cap_samples ? p->vrows : NULL,
				p->cap_samples * p->row_bytes, ncap * p->row_bytes);
		if (!nv)
			return -1;	/* cap_samples unchanged: still true */
	}
	p->samples = ns;
	p->vrows = nv;
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

int profile_relabel(struct profile *p, profile_relabel_fn remake, void *arg)
{
	uint32_t *to = calloc(p->n_lsets + 1, sizeof *to);	/* old id -> new id + 1 */
	if (!to)
		return -1;
	int rc = 0;
	for (size_t s = 0; s < p->n_samples && rc == 0; s++) {
		struct sample *sm = &p->samples[s];
		if (!to[sm->lset]) {
			const struct label *l = sample_labels(p, sm);
			struct label *out = (struct label *)l;
			uint32_t n = sample_n_labels(p, sm), id = sm->lset;
			if (remake(arg, p, l, n, &out, &n) < 0)
				rc = -1;
			else if (out != l && (id = profile_add_label_set(p, out, n)) == UINT32_MAX)
				rc = -1;
			else
				to[sm->lset] = id + 1;
		}
		if (rc == 0)
			sm->lset = to[sm->lset] - 1;
	}
	free(to);
	return rc;
}

int sample_set_labels(struct profile *p, struct sample *s, struct label *l, uint32_t n)
{
	uint32_t id = profile_add_label_set(p, l, n);
	if (id == UINT32_MAX)
		return -1;
	s->lset = id;
	return 0;
}

/* Makes type i's values 64 bits; 0, or -1 out of memory (nothing
 * changed).  The rows grow by four bytes: the array first, then every
 * row moves to its new place, the last first (a row only moves up, over
 * rows already moved). */
static int widen_col(struct profile *p, size_t i)
{
	size_t old = p->row_bytes, row = old + 4;
	if (p->cap_samples) {
		void *nv = arena_grow(&p->arena, p->vrows, p->cap_samples * old,
				      p->cap_samples * row);
		if (!nv)
			return -1;
		p->vrows = nv;
	}
	uint32_t at = p->vcols[i].at;
	unsigned char tmp[8 * 64], *t = tmp;
	if (old > sizeof tmp && !(t = malloc(old)))
		return -1;
	for (size_t k = p->n_samples; k-- > 0;) {
		memcpy(t, p->vrows + k * old, old);
		unsigned char *d = p->vrows + k * row;
		int32_t v32;
		memcpy(&v32, t + at, sizeof v32);
		int64_t v = v32;
		memcpy(d, t, at);
		memcpy(d + at, &v, sizeof v);
		memcpy(d + at + 8, t + at + 4, old - at - 4);
	}
	if (t != tmp)
		free(t);
	for (size_t j = 0; j < p->n_vcols; j++)
		if (p->vcols[j].at > at)
			p->vcols[j].at += 4;
	p->vcols[i].narrow = false;
	p->row_bytes = row;
	return 0;
}

void profile_narrow_values(struct profile *p)
{
	if (!p->vcols)
		p->narrow_values = true;
}

int sample_set_value(struct profile *p, const struct sample *s, size_t i, int64_t v)
{
	struct value_col *c = &p->vcols[i];
	if (c->narrow) {
		if (v >= INT32_MIN && v <= INT32_MAX) {
			int32_t v32 = (int32_t)v;
			memcpy(p->vrows + sample_index_of(p, s) * p->row_bytes + c->at, &v32,
			       sizeof v32);
			return 0;
		}
		if (widen_col(p, i) < 0)
			return -1;
	}
	memcpy(p->vrows + sample_index_of(p, s) * p->row_bytes + c->at, &v, sizeof v);
	return 0;
}

static size_t frame_size(const struct profile *p)
{
	return p->narrow ? sizeof(uint16_t) : sizeof(uint32_t);
}

/* n more frames at the end of p's frames; their offset, or -1 when out
 * of memory or past 32-bit offsets. */
static int64_t add_frames(struct profile *p, uint32_t n)
{
	if (p->n_frames + n > UINT32_MAX)
		return -1;
	if (p->n_frames + n > p->cap_frames) {
		size_t ncap = p->cap_frames ? p->cap_frames * 2 : 1024;
		if (ncap < p->n_frames + n)
			ncap = p->n_frames + n;
		void *nf = arena_grow(&p->arena, p->cap_frames ? p->frames : NULL,
				      p->cap_frames * frame_size(p), ncap * frame_size(p));
		if (!nf)
			return -1;
		p->frames = nf;
		p->cap_frames = ncap;
	}
	int64_t off = (int64_t)p->n_frames;
	p->n_frames += n;
	return off;
}

int sample_set_frames(struct profile *p, struct sample *s, const uint32_t *slots, uint32_t n)
{
	int64_t off = add_frames(p, n);
	if (off < 0)
		return -1;
	s->off = (uint32_t)off;
	s->n_locs = n;
	for (uint32_t i = 0; i < n; i++)
		sample_set_loc(p, s, i, slots[i]);
	return 0;
}

static struct sample *add_sample(struct profile *p, uint32_t n_locs, uint32_t n_labels,
				 bool fill_locs)
{
	struct sample *s;
	if (p->n_samples == p->cap_samples &&
	    samples_room(p, p->cap_samples ? p->cap_samples * 2 : 64, false) < 0)
		return NULL;
	int64_t off = add_frames(p, n_locs);
	if (off < 0)
		return NULL;
	s = &p->samples[p->n_samples];
	s->off = (uint32_t)off;
	s->n_locs = n_locs;
	s->lset = 0;
	if (fill_locs && n_locs)	/* PROFILE_NO_SLOT */
		memset((char *)p->frames + (size_t)off * frame_size(p), 0xff,
		       n_locs * frame_size(p));
	memset(p->vrows + p->n_samples * p->row_bytes, 0, p->row_bytes);
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
	/* The array grows to twice its bytes (a failure leaves it as it
	 * was), then every frame widens in place, the last first: frame i's
	 * four bytes only cover 16-bit frames 2i and 2i + 1, read already. */
	if (p->cap_frames) {
		void *nf = arena_grow(&p->arena, p->frames, p->cap_frames * sizeof(uint16_t),
				      p->cap_frames * sizeof(uint32_t));
		if (!nf)
			return -1;
		p->frames = nf;
	}
	const uint16_t *n16 = p->frames;
	uint32_t *w = p->frames;
	for (size_t i = p->n_frames; i-- > 0;)
		w[i] = n16[i] == 0xffff ? PROFILE_NO_SLOT : n16[i];
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
	/* a value per type in each row, laid out with the first sample */
	if (p->vcols && (n ? n : 1) != p->n_vcols)
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
