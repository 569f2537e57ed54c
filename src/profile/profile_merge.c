/* profile_merge: pprof's Merge.  Keys are built as strings like
 * merge.go's sampleKey/locationKey, hashed in a small table; a merged
 * mapping or function stands in a key by its address, a merged location
 * by its slot, each as unique as its new id.
 * profile_merge_self does the same to one profile in place: the first
 * object of each key is kept (renumbered), samples are compacted in their
 * array, and nothing is copied. */
#include "profile/profile_merge.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "base/sbuf.h"

/* A byte-string keyed table (keys may hold NUL bytes): open addressing,
 * keys copied into the table's arena. */
struct keyent {
	const unsigned char *key;
	size_t len;
	uint64_t hash;
	void *val;
};

struct keytab {
	struct arena arena;
	struct keyent *ents;
	size_t cap, count;
};

/* Objects found by a 32-bit hash, their keys not kept: a candidate is
 * compared with the object itself.  Samples (as many keys as samples) and
 * locations (compared on the kept location, which holds the merged values
 * of pprof's locationKey) are kept so. */
struct idxslot {
	uint32_t hash;	/* the slot comes from it */
	uint32_t idx;	/* the object's place + 1; 0: empty */
};

struct idxtab {
	struct idxslot *slots;	/* a slot is read with one cache miss */
	size_t cap, count;
};

/* A hash's first slot: its place in [0, cap) by multiplication, so that
 * the table need not be a power of two and is sized to its objects. */
static inline size_t idxtab_slot0(uint32_t h, size_t cap)
{
	return (size_t)(((uint64_t)h * cap) >> 32);
}

static inline size_t idxtab_next(const struct idxtab *t, size_t i)
{
	return i + 1 == t->cap ? 0 : i + 1;
}

/* Room for n objects at most 2/3 full (and at least twice the room
 * before), so that a merge of known size never grows. */
static int idxtab_grow_to(struct idxtab *t, size_t n)
{
	size_t ncap = t->cap ? t->cap * 2 : 1024;
	if (ncap < (n + 1) / 2 * 3 + 3)
		ncap = (n + 1) / 2 * 3 + 3;
	if (ncap > UINT32_MAX)
		return -1;
	struct idxslot *ns = calloc(ncap, sizeof *ns);
	if (!ns)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i].idx)
			continue;
		size_t j = idxtab_slot0(t->slots[i].hash, ncap);
		while (ns[j].idx)
			j = j + 1 == ncap ? 0 : j + 1;
		ns[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = ns;
	t->cap = ncap;
	return 0;
}

/* The first slot to look at for hash h, with room for one more object:
 * SIZE_MAX when out of memory. */
static size_t idxtab_start(struct idxtab *t, uint32_t h)
{
	if ((t->count + 1) * 3 > t->cap * 2 && idxtab_grow_to(t, 0) < 0)
		return SIZE_MAX;
	return idxtab_slot0(h, t->cap);
}

static int keytab_init(struct keytab *k, size_t n)
{
	arena_init(&k->arena);
	k->cap = 16;
	while (k->cap < n * 2)
		k->cap *= 2;
	k->count = 0;
	k->ents = calloc(k->cap, sizeof *k->ents);
	return k->ents ? 0 : -1;
}

static void keytab_free(struct keytab *k)
{
	free(k->ents);
	k->ents = NULL;
	arena_free(&k->arena);
}

static uint64_t key_hash(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h ^ (h >> 32);
}

static int keytab_grow(struct keytab *k)
{
	size_t ncap = k->cap * 2;
	struct keyent *ne = calloc(ncap, sizeof *ne);
	if (!ne)
		return -1;
	for (size_t i = 0; i < k->cap; i++) {
		if (!k->ents[i].key)
			continue;
		size_t j = k->ents[i].hash & (ncap - 1);
		while (ne[j].key)
			j = (j + 1) & (ncap - 1);
		ne[j] = k->ents[i];
	}
	free(k->ents);
	k->ents = ne;
	k->cap = ncap;
	return 0;
}

/* Finds key; when absent inserts it with a NULL value.  Returns the entry
 * (NULL when out of memory). */
static struct keyent *keytab_find(struct keytab *k, const struct sbuf *key)
{
	const unsigned char *p = (const unsigned char *)(key->data ? key->data : "");
	size_t n = key->len;
	uint64_t h = key_hash(p, n);
	if ((k->count + 1) * 2 > k->cap && keytab_grow(k) < 0)
		return NULL;
	size_t i = h & (k->cap - 1);
	for (; k->ents[i].key; i = (i + 1) & (k->cap - 1))
		if (k->ents[i].hash == h && k->ents[i].len == n && !memcmp(k->ents[i].key, p, n))
			return &k->ents[i];
	unsigned char *copy = arena_alloc(&k->arena, n ? n : 1);
	if (!copy)
		return NULL;
	memcpy(copy, p, n);
	k->ents[i].key = copy;
	k->ents[i].len = n;
	k->ents[i].hash = h;
	k->ents[i].val = NULL;
	k->count++;
	return &k->ents[i];
}

static void key_u64(struct sbuf *b, uint64_t v)
{
	sbuf_add(b, &v, sizeof v);
}

static void key_str(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s) + 1);
}

/* The objects a merge in place keeps, in order of first use. */
struct kept {
	void **v;
	size_t n, cap;
};

struct merger {
	struct profile *p;
	bool self;	/* merging p into itself */
	struct kept kmaps, kfns, klocs;	/* when self */
	/* per source, keyed by the source object's address */
	struct idmap fns_by_id, maps_by_id;
	/* samples: a candidate's key is rebuilt from the merged sample */
	struct idxtab samples, locations;
	struct keytab functions, mappings;
	struct sbuf key, key2;
	struct rt_error *err;
	struct idmap strs;	/* source string -> merged string */
	uint32_t *locs;	/* scratch: one sample's mapped slots */
	size_t cap_locs;
	/* per source: the source, and the merged slot of each source slot
	 * (PROFILE_NO_SLOT until mapped) */
	const struct profile *src;
	uint32_t *loc_cache;
	size_t n_src_locs;
	/* per source: the merged label set of each source set (0: not yet) */
	uint32_t *lset_cache;
};

struct mapinfo {
	struct mapping *m;
	int64_t offset;
};

static int keep(struct kept *k, void *obj)
{
	if (k->n == k->cap) {
		size_t nc = k->cap ? k->cap * 2 : 256;
		void **nv = realloc(k->v, nc * sizeof *nv);
		if (!nv)
			return -1;
		k->v = nv;
		k->cap = nc;
	}
	k->v[k->n++] = obj;
	return 0;
}

static uint64_t addr_key(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static struct mapinfo *map_mapping(struct merger *m, const struct mapping *src)
{
	static struct mapinfo none;
	if (!src)
		return &none;
	struct mapinfo *mi = idmap_get(&m->maps_by_id, addr_key(src));
	if (mi)
		return mi;
	uint64_t size = src->limit - src->start;
	size = size + 0xfff;
	size -= size % 0x1000;
	sbuf_reset(&m->key);
	const char *bf = *src->build_id ? src->build_id : src->file;
	key_u64(&m->key, size);
	key_u64(&m->key, src->offset);
	key_str(&m->key, bf);
	struct keyent *slot = keytab_find(&m->mappings, &m->key);
	mi = arena_zalloc(&m->p->arena, sizeof *mi);
	if (!slot || !mi)
		return NULL;
	if (slot->val) {
		struct mapping *fm = slot->val;
		mi->m = fm;
		mi->offset = (int64_t)fm->start - (int64_t)src->start;
	} else if (m->self) {
		if (keep(&m->kmaps, (void *)src) < 0)
			return NULL;
		slot->val = mi->m = (struct mapping *)src;
	} else {
		struct mapping *nm = profile_add_mapping(m->p, m->p->n_mappings + 1);
		if (!nm)
			return NULL;
		uint64_t id = nm->id;
		*nm = *src;
		nm->id = id;
		nm->file = profile_str(m->p, src->file);
		nm->build_id = profile_str(m->p, src->build_id);
		slot->val = nm;
		mi->m = nm;
	}
	if (idmap_put(&m->maps_by_id, addr_key(src), mi) < 0)
		return NULL;
	return mi;
}

static struct function *map_function(struct merger *m, const struct function *src)
{
	if (!src)
		return NULL;
	struct function *f = idmap_get(&m->fns_by_id, addr_key(src));
	if (f)
		return f;
	sbuf_reset(&m->key);
	key_u64(&m->key, (uint64_t)src->start_line);
	key_str(&m->key, src->name);
	key_str(&m->key, src->system_name);
	key_str(&m->key, src->filename);
	struct keyent *slot = keytab_find(&m->functions, &m->key);
	if (!slot)
		return NULL;
	if (slot->val) {
		f = slot->val;
	} else if (m->self) {
		if (keep(&m->kfns, (void *)src) < 0)
			return NULL;
		slot->val = f = (struct function *)src;
	} else {
		f = profile_add_function(m->p, m->p->n_functions + 1);
		if (!f)
			return NULL;
		f->name = profile_str(m->p, src->name);
		f->system_name = profile_str(m->p, src->system_name);
		f->filename = profile_str(m->p, src->filename);
		f->start_line = src->start_line;
		slot->val = f;
	}
	if (idmap_put(&m->fns_by_id, addr_key(src), f) < 0)
		return NULL;
	return f;
}

/* The merged slot of the source's location at sslot into *out; a frame
 * naming no location stays so.  -1 when out of memory. */
/* The place-th location kept: in place, among the kept sources; else
 * the merged profile's. */
static struct location *merge_kept_loc(const struct merger *m, uint32_t place)
{
	return m->self ? m->klocs.v[place] : m->p->locations[place];
}

static uint32_t loc_hash(const struct location *src, const struct mapping *mp,
			 uint64_t addr, struct function *const *fns)
{
	uint64_t h = idmap_mix(addr_key(mp) ^ idmap_mix(addr ^ (uint64_t)src->is_folded << 63));
	for (uint32_t i = 0; i < src->n_lines; i++)
		h = idmap_mix(h ^ addr_key(fns[i]) ^ idmap_mix((uint64_t)src->lines[i].line));
	return (uint32_t)(h ^ h >> 32);
}

/* The slot of the kept location equal to src once src is merged (its
 * mapping mp, address addr, functions fns): idx 0 when there is none,
 * and the caller then fills it.  NULL when out of memory. */
static struct idxslot *loctab_find(struct merger *m, const struct location *src,
				   const struct mapping *mp, uint64_t addr,
				   struct function *const *fns)
{
	struct idxtab *t = &m->locations;
	uint32_t h = loc_hash(src, mp, addr, fns);
	size_t i = idxtab_start(t, h);
	if (i == SIZE_MAX)
		return NULL;
	for (; t->slots[i].idx; i = idxtab_next(t, i)) {
		if (t->slots[i].hash != h)
			continue;
		const struct location *k = merge_kept_loc(m, t->slots[i].idx - 1);
		bool eq = k->mapping == mp && k->address == addr &&
			  k->is_folded == src->is_folded && k->n_lines == src->n_lines;
		for (uint32_t j = 0; eq && j < src->n_lines; j++)
			eq = k->lines[j].fn == fns[j] && k->lines[j].line == src->lines[j].line;
		if (eq)
			return &t->slots[i];
	}
	t->slots[i].hash = h;
	return &t->slots[i];
}

static int map_location(struct merger *m, uint32_t sslot, uint32_t *out)
{
	*out = PROFILE_NO_SLOT;
	if (sslot >= m->n_src_locs)
		return 0;
	if (m->loc_cache[sslot] != PROFILE_NO_SLOT) {
		*out = m->loc_cache[sslot];
		return 0;
	}
	const struct location *src = m->src->locations[sslot];
	struct location *l;
	uint32_t ns;
	struct mapinfo *mi = map_mapping(m, src->mapping);
	if (!mi)
		return -1;
	uint64_t addr = (uint64_t)((int64_t)src->address + mi->offset);
	struct function **fns = malloc((src->n_lines + 1) * sizeof *fns);
	if (!fns)
		return -1;
	for (uint32_t i = 0; i < src->n_lines; i++)
		fns[i] = map_function(m, src->lines[i].fn);
	struct idxslot *slot = loctab_find(m, src, mi->m, addr, fns);
	if (!slot) {
		free(fns);
		return -1;
	}
	if (slot->idx) {
		/* In place, a kept location still has its source slot, and
		 * its merged slot was cached when it was kept. */
		l = merge_kept_loc(m, slot->idx - 1);
		ns = m->self ? m->loc_cache[l->slot] : l->slot;
	} else if (m->self) {
		/* Kept as it is, with its merged mapping and functions: the
		 * key above was made from it first.  Its slot becomes its
		 * place among the kept. */
		l = (struct location *)src;
		ns = (uint32_t)m->klocs.n;
		if (keep(&m->klocs, l) < 0) {
			free(fns);
			return -1;
		}
		l->mapping = mi->m;
		l->address = addr;
		for (uint32_t i = 0; i < src->n_lines; i++)
			l->lines[i].fn = fns[i];
		slot->idx = ns + 1;
		m->locations.count++;
	} else {
		l = profile_add_location(m->p, m->p->n_locations + 1, src->n_lines);
		if (!l) {
			free(fns);
			return -1;
		}
		ns = l->slot;
		l->mapping = mi->m;
		l->address = addr;
		l->is_folded = src->is_folded;
		for (uint32_t i = 0; i < src->n_lines; i++) {
			l->lines[i].fn = fns[i];
			l->lines[i].line = src->lines[i].line;
		}
		slot->idx = ns + 1;
		m->locations.count++;
	}
	free(fns);
	m->loc_cache[sslot] = *out = ns;
	return 0;
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
static void sample_key(struct sbuf *k, const void *frames, size_t frame_bytes,
		       const struct profile *sp, const struct sample *src)
{
	struct label *lp[64];
	const struct label **ls = (const struct label **)lp;
	const struct label **heap = NULL;
	uint32_t nl = sample_n_labels(sp, src);
	const struct label *sl = sample_labels(sp, src);

	sbuf_reset(k);
	/* Merged locations are unique objects: their slots identify them
	 * as well as their ids. */
	sbuf_add(k, frames, frame_bytes);
	if (!nl)
		return;
	if (nl > 64) {
		heap = malloc(nl * sizeof *heap);
		if (!heap)
			return;
		ls = heap;
	}
	for (uint32_t i = 0; i < nl; i++)
		ls[i] = &sl[i];
	/* Stable grouping by key keeps each key's values in order. */
	for (uint32_t i = 1; i < nl; i++)
		for (uint32_t j = i; j > 0 && cmp_label_ptrs(&ls[j - 1], &ls[j]) > 0; j--) {
			const struct label *t = ls[j];
			ls[j] = ls[j - 1];
			ls[j - 1] = t;
		}
	for (uint32_t i = 0; i < nl; i++) {
		const struct label *l = ls[i];
		sbuf_add(k, l->str ? "S" : "N", 1);
		key_str(k, l->key);
		if (l->str) {
			key_str(k, l->str);
		} else {
			key_u64(k, (uint64_t)l->num);
			key_str(k, l->num_unit);
		}
	}
	free(heap);
}

/* The merged profile's copy of a source string: interned strings are
 * looked up once, then found by pointer. */
static const char *map_str(struct merger *m, const char *src)
{
	const char *d = idmap_get(&m->strs, (uintptr_t)src);
	if (d)
		return d;
	d = profile_str(m->p, src);
	if (d)
		idmap_put(&m->strs, (uintptr_t)src, (void *)d);
	return d;
}

static uint32_t sample_hash(const struct sbuf *key)
{
	return (uint32_t)key_hash((const unsigned char *)(key->data ? key->data : ""), key->len);
}

/* The slot of the sample whose key is key (hash: sample_hash(key)):
 * holding its index + 1, or 0 in a free slot the caller fills.  NULL when
 * out of memory. */
static uint32_t *sample_find(struct merger *m, const struct sbuf *key, uint32_t h)
{
	struct idxtab *t = &m->samples;
	const char *p = key->data ? key->data : "";
	size_t i = idxtab_start(t, h);
	if (i == SIZE_MAX)
		return NULL;
	for (; t->slots[i].idx; i = idxtab_next(t, i)) {
		if (t->slots[i].hash != h)
			continue;
		const struct sample *c = &m->p->samples[t->slots[i].idx - 1];
		sample_key(&m->key2, sample_frames(m->p, c), sample_frame_bytes(m->p, c), m->p, c);
		if (m->key2.len == key->len && !memcmp(m->key2.data, p, key->len))
			return &t->slots[i].idx;
	}
	t->slots[i].hash = h;
	t->count++;
	return &t->slots[i].idx;
}

/* a + b wrapping as Go's int64 does */
static int64_t value_add(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

static int map_sample(struct merger *m, const struct profile *srcp,
		      const struct sample *src)
{
	if (src->n_locs > m->cap_locs) {
		size_t nc = src->n_locs * 2;
		uint32_t *nl = realloc(m->locs, nc * sizeof *nl);
		if (!nl)
			return -1;
		m->locs = nl;
		m->cap_locs = nc;
	}
	uint32_t *locs = m->locs;
	for (uint32_t i = 0; i < src->n_locs; i++)
		if (map_location(m, sample_loc(srcp, src, i), &locs[i]) < 0)
			return -1;
	sample_key(&m->key, locs, src->n_locs * sizeof *locs, srcp, src);
	uint32_t *slot = sample_find(m, &m->key, sample_hash(&m->key));
	if (!slot)
		return -1;
	size_t nv = srcp->n_sample_types;
	if (*slot) {
		const struct sample *d = &m->p->samples[*slot - 1];
		for (size_t i = 0; i < nv; i++)
			if (sample_set_value(m->p, d, i, value_add(sample_value(m->p, d, i),
								   sample_value(srcp, src, i))) < 0)
				return -1;
		return 0;
	}
	/* (a merge's own profile is never narrow: 32-bit frames) */
	struct sample *s = profile_add_sample_nolocs(m->p, src->n_locs, 0);
	if (!s)
		return -1;
	if (src->n_locs)
		memcpy(sample_locs32(m->p, s), locs, src->n_locs * sizeof *locs);
	for (size_t i = 0; i < nv; i++)
		if (sample_set_value(m->p, s, i, sample_value(srcp, src, i)) < 0)
			return -1;
	if (src->lset && m->lset_cache[src->lset]) {
		s->lset = m->lset_cache[src->lset];
	} else if (src->lset) {
		/* the source's set, once, in the merged profile's strings */
		uint32_t n = sample_n_labels(srcp, src);
		const struct label *sl = sample_labels(srcp, src);
		struct label *l = arena_alloc(&m->p->arena, n * sizeof *l);
		if (!l)
			return -1;
		for (uint32_t i = 0; i < n; i++) {
			l[i] = sl[i];
			l[i].key = map_str(m, sl[i].key);
			l[i].str = sl[i].str ? map_str(m, sl[i].str) : NULL;
			l[i].num_unit = map_str(m, sl[i].num_unit);
			if (!l[i].key || !l[i].num_unit || (sl[i].str && !l[i].str))
				return -1;
		}
		if (sample_set_labels(m->p, s, l, n) < 0)
			return -1;
		m->lset_cache[src->lset] = s->lset;
	}
	if (m->p->n_samples > UINT32_MAX - 1)
		return -1;
	*slot = (uint32_t)m->p->n_samples;
	return 0;
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

/* Whether s is among v[0..n) (pprof keeps each comment once). */
static bool has_comment(const char *const *v, size_t n, const char *s)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(v[k], s) == 0)
			return true;
	return false;
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
		for (size_t c = 0; c < s->n_comments; c++)
			if (!has_comment(p->comments, p->n_comments, s->comments[c]))
				p->comments[p->n_comments++] = profile_str(p, s->comments[c]);
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
		if (sample_value(p, s, i))
			return false;
	return true;
}

/* Frees the merger's tables (safe on a zeroed or half-built merger). */
static void merger_free(struct merger *m)
{
	idmap_free(&m->fns_by_id);
	idmap_free(&m->maps_by_id);
	free(m->samples.slots);
	sbuf_free(&m->key2);
	free(m->locations.slots);
	keytab_free(&m->functions);
	keytab_free(&m->mappings);
	sbuf_free(&m->key);
	free(m->loc_cache);
	free(m->lset_cache);
	free(m->locs);
	idmap_free(&m->strs);
	free(m->kmaps.v);
	free(m->kfns.v);
	free(m->klocs.v);
	memset(m, 0, sizeof *m);
}

/* The kept objects become the profile's, numbered from 1. */
#define ADOPT(p, k, arr, cnt, cap)						\
	do {									\
		(p)->arr = arena_alloc(&(p)->arena, ((k).n ? (k).n : 1) *	\
						  sizeof *(p)->arr);		\
		if (!(p)->arr)							\
			goto oom;						\
		for (size_t i_ = 0; i_ < (k).n; i_++) {				\
			(p)->arr[i_] = (k).v[i_];				\
			(p)->arr[i_]->id = i_ + 1;				\
		}								\
		(p)->cnt = (p)->cap = (k).n;					\
	} while (0)

/* How many samples ahead of the one being looked up merge_self_once works
 * out keys: their slots are asked for (prefetched) meanwhile, so that the
 * table's cache misses overlap the work of mapping the next samples. */
#define MERGE_AHEAD 4

/* One pass of the merge in place: samples compacted at the front of
 * their array, equal ones summed into the first.  Samples are taken in
 * two steps, MERGE_AHEAD apart: their locations mapped and key made, then
 * their slot found.  Both go in sample order, so the kept locations and
 * samples are in the order a single step would give. */
static int merge_self_once(struct profile *p, struct rt_error *err)
{
	struct merger m = { .err = err, .p = p, .self = true };
	struct sbuf keys[MERGE_AHEAD];
	uint32_t hashes[MERGE_AHEAD];
	size_t ahead[MERGE_AHEAD];	/* the sample each key is of */
	size_t out = 0, made = 0, found = 0, next = 0;
	int rc = -1;

	for (size_t k = 0; k < MERGE_AHEAD; k++)
		sbuf_init(&keys[k]);
	sbuf_init(&m.key);
	if (idxtab_grow_to(&m.samples, p->n_samples) < 0 ||
	    idxtab_grow_to(&m.locations, p->n_locations) < 0 ||
	    keytab_init(&m.functions, p->n_functions) < 0 ||
	    keytab_init(&m.mappings, p->n_mappings) < 0 ||
	    idmap_init(&m.fns_by_id, p->n_functions) < 0 ||
	    idmap_init(&m.maps_by_id, p->n_mappings) < 0 ||
	    !(m.loc_cache = malloc((p->n_locations + 1) * sizeof *m.loc_cache)))
		goto oom;
	memset(m.loc_cache, 0xff, (p->n_locations + 1) * sizeof *m.loc_cache);
	m.src = p;
	m.n_src_locs = p->n_locations;
	if (p->n_mappings > 0 && !map_mapping(&m, p->mappings[0]))
		goto oom;
	for (;;) {
		/* Ahead: the next nonzero sample's locations and key. */
		while (made - found < MERGE_AHEAD && next < p->n_samples) {
			struct sample *s = &p->samples[next++];
			if (zero_sample(p, s))
				continue;
			for (uint32_t i = 0; i < s->n_locs; i++) {
				uint32_t src = sample_loc(p, s, i);
				/* map_location's cache, looked at here
				 * first: most frames are of locations
				 * already mapped */
				uint32_t l = src < m.n_src_locs ? m.loc_cache[src] : PROFILE_NO_SLOT;
				if (l == PROFILE_NO_SLOT && map_location(&m, src, &l) < 0)
					goto oom;
				sample_set_loc(p, s, i, l);
			}
			size_t k = made++ % MERGE_AHEAD;
			sample_key(&keys[k], sample_frames(p, s), sample_frame_bytes(p, s), p, s);
			hashes[k] = sample_hash(&keys[k]);
			ahead[k] = next - 1;
			if (m.samples.cap)
				__builtin_prefetch(&m.samples.slots[idxtab_slot0(hashes[k], m.samples.cap)]);
		}
		if (found == made)
			break;
		/* Behind: the oldest key's slot. */
		size_t k = found++ % MERGE_AHEAD;
		struct sample *s = &p->samples[ahead[k]];
		uint32_t *slot = sample_find(&m, &keys[k], hashes[k]);
		if (!slot)
			goto oom;
		if (*slot) {
			const struct sample *d = &p->samples[*slot - 1];
			for (size_t i = 0; i < p->n_sample_types; i++)
				if (sample_set_value(p, d, i, value_add(sample_value(p, d, i),
									sample_value(p, s, i))) < 0)
					goto oom;
			continue;
		}
		profile_move_sample(p, out++, ahead[k]);
		*slot = (uint32_t)out;
	}
	p->n_samples = out;
	ADOPT(p, m.kmaps, mappings, n_mappings, cap_mappings);
	ADOPT(p, m.kfns, functions, n_functions, cap_functions);
	ADOPT(p, m.klocs, locations, n_locations, cap_locations);
	for (size_t i = 0; i < p->n_locations; i++)
		p->locations[i]->slot = (uint32_t)i;
	rc = 0;
oom:
	for (size_t k = 0; k < MERGE_AHEAD; k++)
		sbuf_free(&keys[k]);
	merger_free(&m);
	return rc < 0 ? rt_error_set(err, "out of memory") : 0;
}

/* One profile's header merges to itself but for repeated comments. */
static void merge_self_header(struct profile *p)
{
	size_t nc = 0;
	for (size_t c = 0; c < p->n_comments; c++)
		if (!has_comment(p->comments, nc, p->comments[c]))
			p->comments[nc++] = p->comments[c];
	p->n_comments = nc;
}

bool profile_has_negative(const struct profile *p)
{
	for (size_t s = 0; s < p->n_samples; s++)
		for (size_t i = 0; i < p->n_sample_types; i++)
			if (sample_value(p, &p->samples[s], i) < 0)
				return true;
	return false;
}

int profile_merge_self_sums(struct profile *p)
{
	merge_self_header(p);
	/* the samples whose values are all zero go, as the merge drops them
	 * (-tags would list their label values) */
	size_t k = 0;
	for (size_t s = 0; s < p->n_samples; s++)
		if (!zero_sample(p, &p->samples[s]))
			profile_move_sample(p, k++, s);
	p->n_samples = k;
	/* then the locations no sample names */
	uint32_t *map = calloc(p->n_locations + 1, sizeof *map);	/* slot -> new slot + 1 */
	if (!map)
		return -1;
	for (size_t s = 0; s < p->n_samples; s++) {
		const struct sample *sm = &p->samples[s];
		for (uint32_t i = 0; i < sm->n_locs; i++) {
			uint32_t slot = sample_loc(p, sm, i);
			if (slot < p->n_locations)
				map[slot] = 1;
		}
	}
	size_t kept = 0;
	for (size_t i = 0; i < p->n_locations; i++)
		if (map[i]) {
			map[i] = (uint32_t)++kept;
			p->locations[kept - 1] = p->locations[i];
			p->locations[kept - 1]->slot = (uint32_t)(kept - 1);
		}
	if (kept < p->n_locations) {
		p->n_locations = kept;
		for (size_t s = 0; s < p->n_samples; s++) {
			struct sample *sm = &p->samples[s];
			for (uint32_t i = 0; i < sm->n_locs; i++) {
				uint32_t slot = sample_loc(p, sm, i);
				if (slot != PROFILE_NO_SLOT)
					sample_set_loc(p, sm, i, map[slot] - 1);
			}
		}
	}
	free(map);
	return 0;
}

int profile_merge_self(struct profile *p, struct rt_error *err)
{
	merge_self_header(p);
	for (;;) {
		if (merge_self_once(p, err) < 0)
			return -1;
		/* Samples that summed to zero: pprof merges once more. */
		bool zero = false;
		for (size_t s = 0; s < p->n_samples && !zero; s++)
			zero = zero_sample(p, &p->samples[s]);
		if (!zero)
			return 0;
	}
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
	size_t all = 0;
	for (size_t i = 0; i < n; i++)
		all += ps[i]->n_samples;
	if (idmap_init(&m.strs, 256) < 0 ||
	    idxtab_grow_to(&m.samples, all) < 0 ||
	    idxtab_grow_to(&m.locations, ps[0]->n_locations) < 0 ||
	    keytab_init(&m.functions, ps[0]->n_functions) < 0 ||
	    keytab_init(&m.mappings, ps[0]->n_mappings) < 0)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		const struct profile *src = ps[i];
		if (idmap_init(&m.fns_by_id, src->n_functions) < 0 ||
		    idmap_init(&m.maps_by_id, src->n_mappings) < 0)
			goto oom;
		free(m.loc_cache);
		m.loc_cache = malloc((src->n_locations + 1) * sizeof *m.loc_cache);
		if (!m.loc_cache)
			goto oom;
		memset(m.loc_cache, 0xff, (src->n_locations + 1) * sizeof *m.loc_cache);
		free(m.lset_cache);
		if (!(m.lset_cache = calloc(src->n_lsets + 1, sizeof *m.lset_cache)))
			goto oom;
		m.src = src;
		m.n_src_locs = src->n_locations;
		if (p->n_mappings == 0 && src->n_mappings > 0 &&
		    !map_mapping(&m, src->mappings[0]))
			goto oom;
		for (size_t s = 0; s < src->n_samples; s++)
			if (!zero_sample(src, &src->samples[s]) &&
			    map_sample(&m, src, &src->samples[s]) < 0)
				goto oom;
		idmap_free(&m.fns_by_id);
		idmap_free(&m.maps_by_id);
	}
	merger_free(&m);
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
	merger_free(&m);
	profile_free(p);
	return NULL;
}
