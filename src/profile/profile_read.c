/* profile_read: .pb.gz / .pb -> struct profile.  protobuf-c decodes the wire
 * format of everything but the samples (into a scratch arena); samples, most
 * of a profile's bytes, are read here straight into the model, within the
 * limits of profile_read_opts.  This file resolves string indexes and ids
 * and applies pprof's validity rules, in pprof's order, so that bad input is
 * an error message and never a crash.
 *
 * Two ways to read, one result.  parse_stream reads the data a window at
 * a time (gz_reader), as it inflates: the samples come first in a profile,
 * so their frames keep location ids (id - 1) until the locations are read,
 * which in every encoder we know makes them slots already.  It gives up on
 * anything unusual or wrong, and parse then reads the data whole: the
 * samples' bytes are decoded once the locations are known, and every error
 * has its message, in pprof's order. */
#include "profile/profile_io.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/idmap.h"
#include "profile/gz.h"
#include "profile/profile_legacy.h"
#include "profile.pb-c.h"

typedef Perftools__Profiles__Profile PbProfile;

static void *pb_alloc(void *data, size_t size)
{
	return arena_alloc(data, size);
}

static void pb_free(void *data, void *ptr)
{
	(void)data;
	(void)ptr;
}

struct decoder {
	struct profile *p;
	const PbProfile *pb;
	/* Streaming: the samples (field 2 of data, whose framing
	 * split_samples found sound) are unpacked one at a time instead of
	 * being in pb, which is freed (pb_arena) once the locations are
	 * read. */
	const uint8_t *data;
	size_t n_data, n_sample_fields;
	bool streaming;
	struct arena *pb_arena;
	/* Label sets, interned on their fields as read (string indexes):
	 * samples with the same labels share one array (nothing changes a
	 * sample's labels in place), made once the string table is known
	 * (resolve_labels). */
	int64_t (*lbuf)[4];	/* one sample's labels, as read */
	size_t lbuf_cap;
	int64_t (*raw)[4];	/* every set's labels, as read */
	size_t n_raw, cap_raw;
	struct labelset *sets;	/* in the order they were first seen */
	size_t n_sets, cap_sets;
	uint32_t *set_slots;	/* open addressing: set + 1; 0: empty */
	size_t set_slots_cap;
	/* parse_stream: frames hold id - 1; the largest id seen. */
	uint64_t max_id;
	struct rt_error sample_err;	/* first value-count or location error */
	int sample_failed;
	const char **strs;	/* interned string table */
	size_t n_strs;
	size_t max_sample_locations, max_samples;
	struct rt_error *err;
	int failed;
	/* When the file can be read again (see reread_data), the pages of
	 * the samples' bytes go back to the system as the samples are made:
	 * the model grows as the bytes it comes from go.  released_to: the
	 * end of what went back. */
	bool may_release, released;
	const uint8_t *released_to;
};

static const char *dstr(struct decoder *d, int64_t idx)
{
	if (idx < 0 || (uint64_t)idx >= d->n_strs) {
		if (!d->failed)
			rt_error_set(d->err,
				"parsing profile: malformed profile format: string index %lld "
				"outside the string table (%zu entries)", (long long)idx, d->n_strs);
		d->failed = 1;
		return d->p->strs.empty;
	}
	return d->strs[idx];
}

static int intern_table(struct decoder *d)
{
	const PbProfile *pb = d->pb;
	d->n_strs = pb->n_string_table;
	d->strs = arena_alloc(&d->p->arena, (d->n_strs + 1) * sizeof *d->strs);
	if (!d->strs)
		return rt_error_set(d->err, "out of memory");
	if (d->n_strs == 0)
		return rt_error_set(d->err, "parsing profile: malformed profile format: "
				    "no string table");
	if (pb->string_table[0].len != 0)
		return rt_error_set(d->err, "parsing profile: string_table[0] must be ''");
	for (size_t i = 0; i < d->n_strs; i++) {
		const ProtobufCBinaryData *b = &pb->string_table[i];
		d->strs[i] = profile_strn_bytes(d->p, b->len ? (const char *)b->data : "", b->len);
		if (!d->strs[i])
			return rt_error_set(d->err, "out of memory");
	}
	return 0;
}

static int decode_objects(struct decoder *d, struct idmap *maps,
			  struct idmap *fns)
{
	const PbProfile *pb = d->pb;
	struct profile *p = d->p;

	for (size_t i = 0; i < pb->n_mapping; i++) {
		const Perftools__Profiles__Mapping *pm = pb->mapping[i];
		struct mapping *m = profile_add_mapping(p, pm->id);
		if (!m)
			return rt_error_set(d->err, "out of memory");
		m->start = pm->memory_start;
		m->limit = pm->memory_limit;
		m->offset = pm->file_offset;
		m->file = dstr(d, pm->filename);
		m->build_id = dstr(d, pm->build_id);
		m->has_functions = pm->has_functions;
		m->has_filenames = pm->has_filenames;
		m->has_line_numbers = pm->has_line_numbers;
		m->has_inline_frames = pm->has_inline_frames;
		if (idmap_put(maps, m->id, m) < 0)
			return rt_error_set(d->err, "out of memory");
	}
	for (size_t i = 0; i < pb->n_function; i++) {
		const Perftools__Profiles__Function *pf = pb->function[i];
		struct function *f = profile_add_function(p, pf->id);
		if (!f)
			return rt_error_set(d->err, "out of memory");
		f->name = dstr(d, pf->name);
		f->system_name = dstr(d, pf->system_name);
		f->filename = dstr(d, pf->filename);
		f->start_line = pf->start_line;
		if (idmap_put(fns, f->id, f) < 0)
			return rt_error_set(d->err, "out of memory");
	}
	return 0;
}

static int decode_locations(struct decoder *d, struct idmap *maps,
			    struct idmap *fns, struct idmap *locs)
{
	const PbProfile *pb = d->pb;
	for (size_t i = 0; i < pb->n_location; i++) {
		const Perftools__Profiles__Location *pl = pb->location[i];
		if (pl->n_line > UINT32_MAX)
			return rt_error_set(d->err, "parsing profile: too many lines");
		struct location *l = profile_add_location(d->p, pl->id, (uint32_t)pl->n_line);
		if (!l)
			return rt_error_set(d->err, "out of memory");
		l->mapping = idmap_get(maps, pl->mapping_id);
		l->address = pl->address;
		l->is_folded = pl->is_folded;
		for (size_t j = 0; j < pl->n_line; j++) {
			l->lines[j].fn = idmap_get(fns, pl->line[j]->function_id);
			l->lines[j].line = pl->line[j]->line;
		}
		if (idmap_put(locs, l->id, l) < 0)
			return rt_error_set(d->err, "out of memory");
	}
	return 0;
}

/* One Label's fields (string indexes but num) into l; false for an empty
 * label, which pprof drops. */
static bool set_label(struct decoder *d, struct label *l, int64_t key, int64_t str,
		      int64_t num, int64_t num_unit)
{
	l->key = dstr(d, key);
	l->num_unit = d->p->strs.empty;
	if (str != 0) {
		l->str = dstr(d, str);
	} else if (num != 0 || num_unit != 0) {
		l->num = num;
		if (num_unit != 0)
			l->num_unit = dstr(d, num_unit);
	} else {
		return false;
	}
	return true;
}

static int decode_labels(struct decoder *d, struct sample *s,
			 const Perftools__Profiles__Sample *ps)
{
	uint32_t k = 0;
	struct label *l = sample_labels_mut(d->p, s);
	for (size_t j = 0; j < ps->n_label; j++) {
		const Perftools__Profiles__Label *pl = ps->label[j];
		k += set_label(d, &l[k], pl->key, pl->str, pl->num, pl->num_unit);
	}
	if (k == 0)
		s->lset = 0;
	else
		d->p->lsets[s->lset].n = k;	/* its own set, made with the sample */
	return 0;
}

/* The sample part of pprof's CheckValid, for one sample, in its order:
 * the value count, then the locations.  The first failure is kept and
 * reported after the string-table errors, which pprof finds first. */
static void check_sample(struct decoder *d, size_t n_value, const struct sample *s,
			 bool ids)
{
	if (d->sample_failed)
		return;
	if (n_value != d->p->n_sample_types) {
		rt_error_set(&d->sample_err,
			     "malformed profile: mismatch: sample has %zu values vs. %zu types",
			     n_value, d->p->n_sample_types);
		d->sample_failed = 1;
		return;
	}
	for (uint32_t j = 0; ids && j < s->n_locs; j++)
		if (sample_loc(d->p, s, j) == PROFILE_NO_SLOT) {
			rt_error_set(&d->sample_err, "malformed profile: sample has nil location");
			d->sample_failed = 1;
			return;
		}
}

/* Location ids to slots (PROFILE_NO_SLOT for an unknown id): a plain
 * array when the ids are dense (they count from 1 in every encoder we
 * know), else the id map. */
struct loclookup {
	uint32_t *dense;	/* index: id */
	size_t n_dense;
	const struct idmap *map;
};

static inline uint32_t loc_by_id(const struct loclookup *lk, uint64_t id)
{
	if (lk->dense)
		return id < lk->n_dense ? lk->dense[id] : PROFILE_NO_SLOT;
	const struct location *l = idmap_get(lk->map, id);
	return l ? l->slot : PROFILE_NO_SLOT;
}

static int sample_limits(struct decoder *d, size_t n_locs)
{
	if (n_locs > d->max_sample_locations)
		return rt_error_set(d->err, "parsing profile: sample %zu has %zu locations, more "
				    "than the limit of %zu (-max_sample_locations)",
				    d->p->n_samples + 1, n_locs, d->max_sample_locations);
	return 0;
}

static int decode_sample(struct decoder *d, const struct loclookup *lk,
			 const Perftools__Profiles__Sample *ps)
{
	struct profile *p = d->p;
	if (ps->n_location_id > UINT32_MAX || ps->n_label > UINT32_MAX)
		return rt_error_set(d->err, "parsing profile: sample too large");
	if (sample_limits(d, ps->n_location_id) < 0)
		return -1;
	struct sample *s = profile_add_sample(p, (uint32_t)ps->n_location_id,
					      (uint32_t)ps->n_label);
	if (!s)
		return rt_error_set(d->err, "out of memory");
	size_t nv = ps->n_value < p->n_sample_types ? ps->n_value : p->n_sample_types;
	for (size_t j = 0; j < nv; j++)	/* ps->value is NULL when there is none */
		if (sample_set_value(p, s, j, ps->value[j]) < 0)
			return rt_error_set(d->err, "out of memory");
	for (size_t j = 0; j < ps->n_location_id; j++)
		sample_set_loc(p, s, (uint32_t)j, loc_by_id(lk, ps->location_id[j]));
	decode_labels(d, s, ps);
	check_sample(d, ps->n_value, s, false);
	return 0;
}

struct labelset {
	uint64_t hash;
	size_t first;		/* its labels in raw */
	uint32_t n;
	struct label *v;	/* the profile's array, made by resolve_labels */
	uint32_t id;		/* the profile's set of them */
};

static uint64_t labels_hash(const int64_t (*v)[4], uint32_t n)
{
	uint64_t h = n;
	for (uint32_t i = 0; i < n; i++)
		for (int f = 0; f < 4; f++)
			h = idmap_mix(h ^ (uint64_t)v[i][f]);
	return h;
}

static int set_slots_grow(struct decoder *d)
{
	size_t cap = d->set_slots_cap ? d->set_slots_cap * 2 : 256;
	uint32_t *t = calloc(cap, sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < d->n_sets; i++) {
		size_t j = d->sets[i].hash & (cap - 1);
		while (t[j])
			j = (j + 1) & (cap - 1);
		t[j] = (uint32_t)i + 1;
	}
	free(d->set_slots);
	d->set_slots = t;
	d->set_slots_cap = cap;
	return 0;
}

/* Grows *v (of *cap items of size) to hold need; -1 out of memory. */
static int vec_reserve(void **v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 64;
	if (n < need)
		n = need;
	if (n > SIZE_MAX / size)
		return -1;
	void *nv = realloc(*v, n * size);
	if (!nv)
		return -1;
	*v = nv;
	*cap = n;
	return 0;
}

/* The profile's label set for the n labels in v (as read, none empty),
 * the same for equal sets; UINT32_MAX when out of memory.  Its labels are
 * filled by resolve_labels. */
static uint32_t labels_intern(struct decoder *d, const int64_t (*v)[4], uint32_t n)
{
	if ((d->n_sets + 1) * 2 > d->set_slots_cap && set_slots_grow(d) < 0)
		return UINT32_MAX;
	uint64_t h = labels_hash(v, n);
	size_t i = h & (d->set_slots_cap - 1);
	for (; d->set_slots[i]; i = (i + 1) & (d->set_slots_cap - 1)) {
		const struct labelset *ls = &d->sets[d->set_slots[i] - 1];
		if (ls->hash == h && ls->n == n && !memcmp(d->raw[ls->first], v, n * sizeof *v))
			return ls->id;
	}
	if (d->n_sets >= UINT32_MAX - 1 ||
	    vec_reserve((void **)&d->sets, &d->cap_sets, d->n_sets + 1, sizeof *d->sets) < 0 ||
	    vec_reserve((void **)&d->raw, &d->cap_raw, d->n_raw + n, sizeof *d->raw) < 0)
		return UINT32_MAX;
	struct label *out = arena_alloc(&d->p->arena, n * sizeof *out);
	uint32_t id = out ? profile_add_label_set(d->p, out, n) : UINT32_MAX;
	if (id == UINT32_MAX)
		return UINT32_MAX;
	memcpy(d->raw[d->n_raw], v, n * sizeof *v);
	d->sets[d->n_sets] = (struct labelset){ h, d->n_raw, n, out, id };
	d->n_raw += n;
	d->set_slots[i] = (uint32_t)++d->n_sets;
	return id;
}

/* The labels of every set, their strings looked up (in the order the sets
 * were first seen, that is the samples' order, so that the first bad
 * string index is the one pprof names). */
static void resolve_labels(struct decoder *d)
{
	for (size_t i = 0; i < d->n_sets; i++) {
		const struct labelset *ls = &d->sets[i];
		for (uint32_t j = 0; j < ls->n; j++) {
			const int64_t *q = d->raw[ls->first + j];
			memset(&ls->v[j], 0, sizeof ls->v[j]);
			set_label(d, &ls->v[j], q[0], q[1], q[2], q[3]);
		}
	}
}

/* The wire format of one Sample message, read here rather than by
 * protobuf-c: a sample's ids go straight into its location array, with
 * no unpacked copy (8 bytes an id) in between, and the limits are checked
 * before anything is allocated.  What protobuf-c would refuse (a bad
 * varint, a length past the end, a known field with another wire type,
 * groups) is refused with the same message. */
static inline bool rd_varint(const uint8_t **pp, const uint8_t *end, uint64_t *v)
{
	const uint8_t *p = *pp;
	if (p < end && *p < 0x80) {
		*v = *p;
		*pp = p + 1;
		return true;
	}
	uint64_t x = 0;
	for (int shift = 0; shift < 70 && p < end; shift += 7) {
		uint8_t b = *p++;
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			*pp = p;
			return true;
		}
	}
	return false;
}

/* Reads a key; false on a bad varint, field 0 or a tag too large. */
static inline bool rd_key(const uint8_t **pp, const uint8_t *end, uint32_t *field,
			  unsigned *wt)
{
	uint64_t key;
	if (!rd_varint(pp, end, &key) || key >> 32 || (key >> 3) == 0)
		return false;
	*field = (uint32_t)(key >> 3);
	*wt = (unsigned)(key & 7);
	return true;
}

/* Skips an unknown field's value. */
static inline bool skip_field(const uint8_t **pp, const uint8_t *end, unsigned wt)
{
	uint64_t v;
	switch (wt) {
	case 0:
		return rd_varint(pp, end, &v);
	case 1:
		if (end - *pp < 8)
			return false;
		*pp += 8;
		return true;
	case 2:
		if (!rd_varint(pp, end, &v) || v > (uint64_t)(end - *pp))
			return false;
		*pp += v;
		return true;
	case 5:
		if (end - *pp < 4)
			return false;
		*pp += 4;
		return true;
	default:
		return false;
	}
}

/* The number of varints in a packed run; false when it ends inside one. */
static bool packed_count(const uint8_t *p, size_t n, size_t *count)
{
	size_t c = 0;
	if (n && (p[n - 1] & 0x80))
		return false;
	for (size_t i = 0; i < n; i++)
		c += !(p[i] & 0x80);
	*count = c;
	return true;
}

/* One Label message into l; false when malformed.  Later values of a
 * field win, as in every protobuf decoder. */
static bool rd_label(const uint8_t *p, const uint8_t *end, int64_t v[4])
{
	v[0] = v[1] = v[2] = v[3] = 0;
	while (p < end) {
		uint32_t f;
		unsigned wt;
		uint64_t x;
		if (!rd_key(&p, end, &f, &wt))
			return false;
		if (f >= 1 && f <= 4) {
			if (wt != 0 || !rd_varint(&p, end, &x))
				return false;
			v[f - 1] = (int64_t)x;
		} else if (!skip_field(&p, end, wt)) {
			return false;
		}
	}
	return true;
}

/* Frame k of s, the last sample, for location id: its slot, or with no
 * lk (parse_stream) id - 1, 16 bits while ids allow.  False where
 * parse_stream gives up: an id 0 or past 32 bits, or out of memory. */
static inline bool put_id(struct decoder *d, const struct loclookup *lk,
			  struct sample *s, uint32_t k, uint64_t id)
{
	struct profile *p = d->p;
	if (lk) {
		sample_set_loc(p, s, k, loc_by_id(lk, id));
		return true;
	}
	if (id - 1 < PROFILE_NARROW_LOCATIONS && p->narrow) {
		((uint16_t *)p->frames)[s->off + k] = (uint16_t)(id - 1);
	} else {
		/* (widening takes this sample's frames too, the k made so far
		 * and the room for the rest) */
		if (id - 1 >= PROFILE_NO_SLOT || profile_widen(p) < 0)
			return false;
		sample_locs32(p, s)[k] = (uint32_t)(id - 1);
	}
	if (id > d->max_id)
		d->max_id = id;
	return true;
}

/* Reads a run of location ids (packed or one) into frames *k... of s. */
static bool rd_ids(const uint8_t **pp, const uint8_t *end, unsigned wt,
		   struct decoder *d, const struct loclookup *lk,
		   struct sample *s, size_t *k)
{
	uint64_t x;
	if (wt == 0)
		return rd_varint(pp, end, &x) && put_id(d, lk, s, (uint32_t)(*k)++, x);
	if (!rd_varint(pp, end, &x))
		return false;
	const uint8_t *e = *pp + x;
	while (*pp < e)
		if (!rd_varint(pp, e, &x) || !put_id(d, lk, s, (uint32_t)(*k)++, x))
			return false;
	return true;
}

static int decode_sample_bytes(struct decoder *d, const struct loclookup *lk,
			       const uint8_t *b, size_t n)
{
	const uint8_t *p = b, *end = b + n;
	size_t n_locs = 0, n_vals = 0, n_labels = 0;

	/* Pass 1: the framing, and how many of each. */
	while (p < end) {
		uint32_t f;
		unsigned wt;
		uint64_t len;
		size_t c;
		if (!rd_key(&p, end, &f, &wt))
			goto bad;
		if (f > 3) {
			if (!skip_field(&p, end, wt))
				goto bad;
			continue;
		}
		if (wt == 0 && f != 3) {
			if (!rd_varint(&p, end, &len))
				goto bad;
			*(f == 1 ? &n_locs : &n_vals) += 1;
			continue;
		}
		if (wt != 2 || !rd_varint(&p, end, &len) || len > (uint64_t)(end - p))
			goto bad;
		if (f == 3) {
			n_labels++;
		} else {
			if (!packed_count(p, (size_t)len, &c))
				goto bad;
			*(f == 1 ? &n_locs : &n_vals) += c;
		}
		p += len;
	}
	if (n_locs > UINT32_MAX || n_labels > UINT32_MAX)
		return rt_error_set(d->err, "parsing profile: sample too large");
	if (sample_limits(d, n_locs) < 0)
		return -1;
	struct profile *pr = d->p;
	struct sample *s = profile_add_sample_nolocs(pr, (uint32_t)n_locs, 0);
	if (!s)
		return rt_error_set(d->err, "out of memory");
	if (vec_reserve((void **)&d->lbuf, &d->lbuf_cap, n_labels, sizeof *d->lbuf) < 0)
		return rt_error_set(d->err, "out of memory");

	/* Pass 2: the values, known sound. */
	size_t k = 0, v = 0, nl = 0, nt = pr->n_sample_types;
	p = b;
	while (p < end) {
		uint32_t f = 0;
		unsigned wt = 0;
		uint64_t x = 0;
		rd_key(&p, end, &f, &wt);
		if (f == 1) {
			if (!rd_ids(&p, end, wt, d, lk, s, &k))
				goto bad;
		} else if (f == 2) {
			const uint8_t *e = NULL;	/* the packed run's end */
			if (wt == 2) {
				rd_varint(&p, end, &x);
				e = p + x;
			}
			while (!e || p < e) {
				if (!rd_varint(&p, e ? e : end, &x))
					goto bad;
				if (v < nt && sample_set_value(pr, s, v, (int64_t)x) < 0)
					return rt_error_set(d->err, "out of memory");
				v++;
				if (!e)
					break;
			}
		} else if (f == 3) {
			int64_t lv[4];
			rd_varint(&p, end, &x);
			if (!rd_label(p, p + x, lv))
				goto bad;
			p += x;
			/* pprof drops an empty label (see set_label) */
			if (lv[1] != 0 || lv[2] != 0 || lv[3] != 0)
				memcpy(d->lbuf[nl++], lv, sizeof lv);
		} else {
			skip_field(&p, end, wt);
		}
	}
	if (nl && (s->lset = labels_intern(d, d->lbuf, (uint32_t)nl)) == UINT32_MAX)
		return rt_error_set(d->err, "out of memory");
	check_sample(d, n_vals, s, lk != NULL);
	return 0;
bad:
	return rt_error_set(d->err, "parsing profile: unrecognized profile format");
}

/* Gives the data before q back to the system in whole 2 MiB blocks
 * (all: everything, now).  The heap may sit on transparent huge pages
 * (see main.c): a block that size and so aligned leaves every huge page
 * whole, where a smaller one would split them, and the rest of the read
 * would then run on small pages.  They read as zeros afterwards: nothing
 * reads them again but the legacy parsers after a decoding error, which
 * get the file again (reread_data). */
#define RELEASE_BLOCK ((uintptr_t)2 << 20)

static void release_read(struct decoder *d, const uint8_t *q, bool all)
{
	uintptr_t unit = RELEASE_BLOCK;
	if (all) {	/* the pages of the blocks' ragged ends too */
		uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
		if (page && !(page & (page - 1)))
			unit = page;
	}
	uintptr_t from = (uintptr_t)(d->released_to ? d->released_to : d->data);
	uintptr_t a = (from + unit - 1) & ~(unit - 1);
	uintptr_t b = (uintptr_t)q & ~(unit - 1);
	if (b <= a || (!all && b - a < RELEASE_BLOCK))
		return;
	if (madvise((void *)a, b - a, MADV_DONTNEED) == 0)
		d->released = true;
	d->released_to = (const uint8_t *)b;
}

static int decode_samples(struct decoder *d, const struct loclookup *lk)
{
	const PbProfile *pb = d->pb;
	size_t n = d->streaming ? d->n_sample_fields : pb->n_sample;
	if (n > d->max_samples)
		return rt_error_set(d->err, "parsing profile: %zu samples, more than the limit "
				    "of %zu (-max_samples)", n, d->max_samples);
	if (!d->streaming) {
		for (size_t i = 0; i < pb->n_sample; i++)
			if (decode_sample(d, lk, pb->sample[i]) < 0)
				return -1;
		return 0;
	}
	if (profile_reserve_samples(d->p, d->n_sample_fields) < 0)
		return rt_error_set(d->err, "out of memory");
	/* The top-level framing again (split_samples found it sound), for
	 * the samples' bytes. */
	const uint8_t *q = d->data, *end = d->data + d->n_data;
	while (q < end) {
		uint32_t f;
		unsigned wt;
		uint64_t len;
		if (!rd_key(&q, end, &f, &wt))
			break;
		if (f == 2 && wt == 2) {
			if (!rd_varint(&q, end, &len) || len > (uint64_t)(end - q))
				break;
			if (decode_sample_bytes(d, lk, q, (size_t)len) < 0)
				return -1;
			q += len;
			if (d->may_release)
				release_read(d, q, false);
		} else if (!skip_field(&q, end, wt)) {
			break;
		}
	}
	/* The rest (locations, functions, strings) was read from the copy
	 * protobuf-c unpacked. */
	if (d->may_release)
		release_read(d, end, true);
	return 0;
}

static int decode_header(struct decoder *d)
{
	const PbProfile *pb = d->pb;
	struct profile *p = d->p;

	if (profile_set_sample_types(p, pb->n_sample_type) < 0)
		return rt_error_set(d->err, "out of memory");
	for (size_t i = 0; i < pb->n_sample_type; i++) {
		p->sample_types[i].type = dstr(d, pb->sample_type[i]->type);
		p->sample_types[i].unit = dstr(d, pb->sample_type[i]->unit);
	}
	p->drop_frames = dstr(d, pb->drop_frames);
	p->keep_frames = dstr(d, pb->keep_frames);
	if (pb->period_type) {
		p->period_type.type = dstr(d, pb->period_type->type);
		p->period_type.unit = dstr(d, pb->period_type->unit);
	}
	p->time_nanos = pb->time_nanos;
	p->duration_nanos = pb->duration_nanos;
	p->period = pb->period;
	p->comments = arena_alloc(&p->arena, (pb->n_comment + 1) * sizeof *p->comments);
	if (!p->comments)
		return rt_error_set(d->err, "out of memory");
	for (size_t i = 0; i < pb->n_comment; i++)
		p->comments[i] = dstr(d, pb->comment[i]);
	p->n_comments = pb->n_comment;
	p->default_sample_type = dstr(d, pb->default_sample_type);
	return 0;
}

/* Frees what the decoder holds beyond the profile. */
static void decoder_free(struct decoder *d)
{
	free(d->lbuf);
	free(d->raw);
	free(d->sets);
	free(d->set_slots);
}

/* What the samples refer to: the string table, the header, mappings,
 * functions and locations, from d->pb; locs maps location ids. */
static int decode_front(struct decoder *d, struct idmap *maps, struct idmap *fns,
			struct idmap *locs)
{
	if (intern_table(d) < 0)
		return -1;
	if (idmap_init(maps, d->pb->n_mapping) < 0 ||
	    idmap_init(fns, d->pb->n_function) < 0 ||
	    idmap_init(locs, d->pb->n_location) < 0)
		return rt_error_set(d->err, "out of memory");
	if (decode_header(d) < 0 || decode_objects(d, maps, fns) < 0 ||
	    decode_locations(d, maps, fns, locs) < 0)
		return -1;
	return 0;
}

/* Location ids to slots: dense when they allow.  As the id map would,
 * the last location of an id wins and the id 0 finds nothing. */
static int make_lookup(struct decoder *d, const struct idmap *locs, struct loclookup *lk)
{
	uint64_t max_id = 0;
	for (size_t i = 0; i < d->p->n_locations; i++)
		if (d->p->locations[i]->id > max_id)
			max_id = d->p->locations[i]->id;
	lk->map = locs;
	if (max_id > 2 * (uint64_t)d->p->n_locations + 64)
		return 0;
	lk->n_dense = (size_t)max_id + 1;
	lk->dense = malloc(lk->n_dense * sizeof *lk->dense);
	if (!lk->dense)
		return rt_error_set(d->err, "out of memory");
	for (size_t i = 0; i < lk->n_dense; i++)
		lk->dense[i] = PROFILE_NO_SLOT;
	for (size_t i = 0; i < d->p->n_locations; i++)
		if (d->p->locations[i]->id)
			lk->dense[d->p->locations[i]->id] = (uint32_t)i;
	return 0;
}

/* The checks after the samples, in pprof's order. */
static int check_end(struct decoder *d)
{
	if (d->failed)
		return -1;
	if (d->p->n_sample_types == 0 && d->p->n_samples != 0)
		return rt_error_set(d->err, "malformed profile: missing sample type information");
	if (d->sample_failed) {
		if (d->err)
			*d->err = d->sample_err;
		return -1;
	}
	/* check_sample saw every frame name a location (loc_by_id gives
	 * a slot or PROFILE_NO_SLOT). */
	if (profile_check_valid_objects(d->p, d->err) < 0) {
		rt_error_prefix(d->err, "malformed profile");
		return -1;
	}
	return 0;
}

static int decode(struct decoder *d)
{
	struct idmap maps = { 0 }, fns = { 0 }, locs = { 0 };	/* freed whatever fails */
	struct loclookup lk = { 0 };
	int rc = -1;

	if (decode_front(d, &maps, &fns, &locs) < 0 || make_lookup(d, &locs, &lk) < 0)
		goto out;
	/* Everything left comes from data and the interned strings: the
	 * protobuf-c tree goes before the samples are made. */
	if (d->streaming && d->pb_arena) {
		arena_free(d->pb_arena);
		d->pb = NULL;
	}
	/* 16-bit frames when the locations allow (see struct sample), and
	 * 32-bit values while they fit */
	profile_narrow(d->p);
	profile_narrow_values(d->p);
	if (decode_samples(d, &lk) < 0)
		goto out;
	resolve_labels(d);
	rc = check_end(d);
out:
	idmap_free(&maps);
	idmap_free(&fns);
	idmap_free(&locs);
	free(lk.dense);
	decoder_free(d);
	return rc;
}

/* parse_stream keeps the top-level fields but the samples by kind, to
 * unpack them a piece at a time (no whole protobuf-c tree of them beside
 * the samples): the header fields (one piece, as protobuf-c would read
 * them together), then the strings, mappings, functions and locations. */
enum { PART_HEAD, PART_STRS, PART_MAPS, PART_FNS, PART_LOCS, N_PARTS };

static int part_of(uint32_t field)
{
	switch (field) {
	case 3: return PART_MAPS;
	case 4: return PART_LOCS;
	case 5: return PART_FNS;
	case 6: return PART_STRS;
	default: return PART_HEAD;
	}
}

/* The pieces' size: what protobuf-c unpacks at a time. */
#define STREAM_PIECE ((size_t)128 << 10)

/* One kind's fields, as read.  Kept in an arena of their own (arena_grow:
 * a big one grows in a mapping of its own, given back whole at the end),
 * so that the read leaves no freed buffers behind in the heap. */
struct part {
	uint8_t *v;
	size_t n, cap;
	size_t fields;
};

static bool part_add(struct arena *a, struct part *b, const uint8_t *p, size_t n)
{
	if (n > b->cap - b->n) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		if (cap < b->n + n)
			cap = b->n + n;
		uint8_t *nv = arena_grow(a, b->v, b->cap, cap);
		if (!nv)
			return false;
		b->v = nv;
		b->cap = cap;
	}
	memcpy(b->v + b->n, p, n);
	b->n += n;
	b->fields++;
	return true;
}

/* Unpacks b's fields (whole top-level fields) a piece at a time into
 * d->pb, calling fn on each; -1 when one does not unpack or fn fails. */
static int each_piece(struct decoder *d, const struct part *b, struct arena *scratch,
		      int (*fn)(struct decoder *d, void *arg), void *arg)
{
	const uint8_t *q = b->v, *end = q + b->n;
	while (q < end) {
		const uint8_t *from = q;
		while (q < end && (size_t)(q - from) < STREAM_PIECE) {
			uint32_t f;
			unsigned wt;
			if (!rd_key(&q, end, &f, &wt) || !skip_field(&q, end, wt))
				return -1;
		}
		arena_reset(scratch);
		ProtobufCAllocator alloc = { pb_alloc, pb_free, scratch };
		d->pb = perftools__profiles__profile__unpack(&alloc, (size_t)(q - from), from);
		if (!d->pb || fn(d, arg) < 0)
			return -1;
	}
	return 0;
}

static int piece_strings(struct decoder *d, void *arg)
{
	size_t *cap = arg;
	for (size_t i = 0; i < d->pb->n_string_table; i++) {
		const ProtobufCBinaryData *b = &d->pb->string_table[i];
		if (d->n_strs == *cap)
			return -1;
		d->strs[d->n_strs] = profile_strn_bytes(d->p, b->len ? (const char *)b->data : "",
							b->len);
		if (!d->strs[d->n_strs++])
			return -1;
	}
	return 0;
}

struct idmaps {
	struct idmap maps, fns, locs;
};

static int piece_objects(struct decoder *d, void *arg)
{
	struct idmaps *m = arg;
	return decode_objects(d, &m->maps, &m->fns);
}

static int piece_locations(struct decoder *d, void *arg)
{
	struct idmaps *m = arg;
	return decode_locations(d, &m->maps, &m->fns, &m->locs);
}

/* parse_stream's end, once the samples are in (their frames id - 1) and
 * part holds the rest: 0, or -1 where it gives up.  n_types: the sample
 * types before the first sample; n_strs: the string table's length. */
static int finish_stream(struct decoder *d, const struct part *part, struct arena *scratch,
			 size_t n_types)
{
	size_t n_strs = part[PART_STRS].fields;
	struct idmaps m = { 0 };
	struct loclookup lk = { 0 };
	struct profile *p = d->p;
	int rc = -1;

	/* The strings first: everything refers to them. */
	d->strs = arena_alloc(&p->arena, (n_strs + 1) * sizeof *d->strs);
	if (!d->strs || n_strs == 0 ||
	    each_piece(d, &part[PART_STRS], scratch, piece_strings, &n_strs) < 0 ||
	    d->n_strs != n_strs || *d->strs[0])
		goto out;
	arena_reset(scratch);
	ProtobufCAllocator alloc = { pb_alloc, pb_free, scratch };
	d->pb = perftools__profiles__profile__unpack(&alloc, part[PART_HEAD].n,
						     part[PART_HEAD].v ? part[PART_HEAD].v
								       : (const uint8_t *)"");
	if (!d->pb || (p->n_samples && d->pb->n_sample_type != n_types) ||
	    decode_header(d) < 0)
		goto out;
	/* decode_objects and decode_locations, in their order, by pieces. */
	if (idmap_init(&m.maps, part[PART_MAPS].fields) < 0 ||
	    idmap_init(&m.fns, part[PART_FNS].fields) < 0 ||
	    idmap_init(&m.locs, part[PART_LOCS].fields) < 0 ||
	    each_piece(d, &part[PART_MAPS], scratch, piece_objects, &m) < 0 ||
	    each_piece(d, &part[PART_FNS], scratch, piece_objects, &m) < 0 ||
	    each_piece(d, &part[PART_LOCS], scratch, piece_locations, &m) < 0)
		goto out;
	d->pb = NULL;
	resolve_labels(d);
	if (d->failed || d->sample_failed)
		goto out;
	/* Adding the locations widened the frames if there are more than
	 * 16 bits hold; an id past 16 bits did before that.  parse makes
	 * them 16 bits whenever the locations allow. */
	if (!p->narrow && p->n_locations <= PROFILE_NARROW_LOCATIONS)
		goto out;
	bool in_order = true;	/* location id i + 1 at slot i */
	for (size_t i = 0; i < p->n_locations && in_order; i++)
		in_order = p->locations[i]->id == i + 1;
	if (in_order) {
		if (d->max_id > p->n_locations)	/* a frame names no location */
			goto out;
	} else {
		if (make_lookup(d, &m.locs, &lk) < 0)
			goto out;
		for (size_t i = 0; i < p->n_samples; i++) {
			struct sample *s = &p->samples[i];
			for (uint32_t j = 0; j < s->n_locs; j++) {
				uint32_t slot = loc_by_id(&lk, (uint64_t)sample_loc(p, s, j) + 1);
				if (slot == PROFILE_NO_SLOT)
					goto out;
				sample_set_loc(p, s, j, slot);
			}
		}
	}
	rc = check_end(d);
out:
	d->pb = NULL;
	idmap_free(&m.maps);
	idmap_free(&m.fns);
	idmap_free(&m.locs);
	free(lk.dense);
	return rc;
}

/* Splits the top-level fields: the samples (field 2) are counted, every
 * other field is copied to rest, which protobuf-c then unpacks as a
 * Profile without samples (they are read by decode_sample_bytes).  Only
 * tags and lengths are read here.  -1 when the framing is not sound: the
 * caller then lets protobuf-c unpack (and judge) it all.  *concatenated is
 * set on a second time_nanos: Go's decoder refuses two profiles glued
 * together, where protobuf-c would keep the last value. */
static int split_samples(const uint8_t *p, size_t n, uint8_t **rest, size_t *rest_len,
			 size_t *n_samples, bool *concatenated)
{
	size_t ns = 0, nr = 0;
	int times = 0;
	uint8_t *r = malloc(n ? n : 1);
	const uint8_t *q = p, *end = p + n;
	if (!r)
		return -1;
	while (q < end) {
		const uint8_t *start = q;
		uint32_t f;
		unsigned wt;
		uint64_t len;
		if (!rd_key(&q, end, &f, &wt))
			goto fail;
		if (f == 2 && wt == 2) {
			if (!rd_varint(&q, end, &len) || len > (uint64_t)(end - q))
				goto fail;
			ns++;
			q += len;
			continue;
		}
		if (f == 9 && wt == 0 && ++times > 1)
			*concatenated = true;
		if (!skip_field(&q, end, wt))
			goto fail;
		memcpy(r + nr, start, (size_t)(q - start));
		nr += (size_t)(q - start);
	}
	*rest = r;
	*rest_len = nr;
	*n_samples = ns;
	return 0;
fail:
	free(r);
	return -1;
}

/* pprof's parseLegacy after a failed profile.proto decoding: when no
 * legacy parser knows the data, err keeps the decoder's message. */
static struct profile *legacy(const uint8_t *data, size_t n, struct rt_error *err)
{
	struct profile *p = NULL;
	struct rt_error lerr;
	int rc = profile_parse_legacy(data, n, &p, &lerr);
	if (rc == LEGACY_ERROR && err)
		*err = lerr;
	return p;
}

/* What parse saw of a file: enough to tell that a second read of it
 * gives the same bytes (its length, its last bytes, which for gzip hold
 * the CRC and length of the last member, and the inflated length). */
struct file_id {
	size_t file_len, data_len;
	uint8_t tail[8];
};

static void file_id_set(struct file_id *id, const uint8_t *file, size_t n)
{
	size_t t = n < sizeof id->tail ? n : sizeof id->tail;
	memset(id, 0, sizeof *id);
	id->file_len = n;
	memcpy(id->tail, file + n - t, t);
}

size_t profile_max_file(const struct profile_read_opts *o)
{
	return o && o->max_file ? o->max_file : ((size_t)4 << 30);
}

size_t profile_max_decompressed(const struct profile_read_opts *o)
{
	return o && o->max_decompressed ? o->max_decompressed : GZ_DEFAULT_MAX;
}

int profile_open_one_pass(const char *path, const struct profile_read_opts *o)
{
	struct stat st;
	if ((o && o->whole) || strcmp(path, "-") == 0)
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
			(uint64_t)st.st_size > profile_max_file(o))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* The data parse had from path (inflated), read again for the legacy
 * parsers once pages of the first copy went back; NULL when the file
 * cannot be read or is not the same. */
static uint8_t *reread_data(const char *path, const struct file_id *id,
			    const struct profile_read_opts *o, size_t *n)
{
	size_t max = profile_max_decompressed(o);
	struct rt_error e;
	struct file_id now;
	uint8_t *buf, *raw;
	size_t len;
	if (profile_slurp(path, profile_max_file(o), &buf, &len, &e) < 0)
		return NULL;
	if (len == 0) {
		free(buf);
		return NULL;
	}
	file_id_set(&now, buf, len);
	if (now.file_len != id->file_len || memcmp(now.tail, id->tail, sizeof now.tail)) {
		free(buf);
		return NULL;
	}
	if (!gz_is_gzip(buf, len)) {
		*n = len;
		return buf;
	}
	int rc = gz_inflate(buf, len, max, &raw, &len, &e);
	free(buf);
	if (rc < 0)
		return NULL;
	if (len != id->data_len) {
		free(raw);
		return NULL;
	}
	*n = len;
	return raw;
}

/* Parses data[0..n); when owned, data is malloc'ed and freed as soon as
 * it is no longer needed (after inflating, after unpacking), so that the
 * file, its inflated bytes, the protobuf tree and the model are not all in
 * memory at once.  path: the regular file data was read from (NULL if
 * none): the samples' bytes then go back to the system as they are read,
 * and the file is read again if the legacy parsers need it whole. */
static struct profile *parse(uint8_t *data, size_t n, bool owned,
			     const struct profile_read_opts *o, struct rt_error *err,
			     const char *path)
{
	size_t max = profile_max_decompressed(o);
	struct arena scratch;
	struct profile *p = NULL;
	struct rt_error local;
	struct file_id id;

	if (!err)
		err = &local;	/* the legacy fallback reads the message */
	if (n == 0) {
		rt_error_set(err, "parsing profile: empty input file");
		goto done;
	}
	file_id_set(&id, data, n);
	if (gz_is_gzip(data, n)) {
		uint8_t *raw;
		if (gz_inflate(data, n, max, &raw, &n, err) < 0)
			goto done;
		if (owned)
			free(data);
		data = raw;
		owned = true;
		if (n == 0) {
			rt_error_set(err, "parsing profile: empty input file");
			goto done;
		}
	}
	id.data_len = n;
	uint8_t *rest = NULL;
	size_t rest_len = 0, n_sample_fields = 0;
	bool concatenated = false;
	int split = split_samples(data, n, &rest, &rest_len, &n_sample_fields, &concatenated);
	if (concatenated) {
		free(rest);
		rt_error_set(err, "parsing profile: concatenated profiles detected");
		goto done;
	}
	arena_init(&scratch);
	ProtobufCAllocator alloc = { pb_alloc, pb_free, &scratch };
	PbProfile *pb;
	if (split == 0) {
		pb = perftools__profiles__profile__unpack(&alloc, rest_len, rest);
		free(rest);
	} else {
		/* Unsound framing: not a profile.proto, most likely, so the
		 * data stays for the legacy parsers. */
		pb = perftools__profiles__profile__unpack(&alloc, n, data);
	}
	if (!pb) {
		rt_error_set(err, "parsing profile: unrecognized profile format");
		p = legacy(data, n, err);
		goto out;
	}
	p = profile_new();
	if (!p) {
		rt_error_set(err, "out of memory");
		goto out;
	}
	struct decoder d = { .p = p, .pb = pb, .err = err,
			     .data = data, .n_data = n, .n_sample_fields = n_sample_fields,
			     .streaming = split == 0, .pb_arena = &scratch,
			     .max_sample_locations = o && o->max_sample_locations ?
				o->max_sample_locations : PROFILE_DEFAULT_MAX_SAMPLE_LOCATIONS,
			     .max_samples = o && o->max_samples ? o->max_samples
								: PROFILE_DEFAULT_MAX_SAMPLES,
			     .may_release = owned && path };
	if (decode(&d) < 0) {
		profile_free(p);
		p = NULL;
		/* pprof tries the legacy formats after any decoding error
		 * (not after its validity check: "malformed profile"). */
		if (strncmp(err->msg, "parsing profile:", 16) == 0 && d.released) {
			free(data);
			data = reread_data(path, &id, o, &n);
			owned = data != NULL;
		}
		if (strncmp(err->msg, "parsing profile:", 16) == 0 && data)
			p = legacy(data, n, err);
	}
out:
	arena_free(&scratch);
done:
	if (owned)
		free(data);
	return p;
}

/* parse_stream's view of the data: [p, end) not read yet, in buf (NULL
 * when the window is the caller's whole buffer). */
struct window {
	uint8_t *buf;
	size_t cap;
	const uint8_t *p, *end;
	bool eof;
};

/* The first window: the size of what a piece of data is decoded from
 * while it is still in the cache. */
#define STREAM_WINDOW ((size_t)256 << 10)

/* Makes want bytes readable at w->p (fewer only at the data's end);
 * false when the source fails. */
static bool win_need(struct window *w, const struct profile_bytes *src, size_t want)
{
	while ((size_t)(w->end - w->p) < want && !w->eof) {
		size_t have = (size_t)(w->end - w->p);
		if (want > w->cap) {
			size_t cap = w->cap * 2 > want ? w->cap * 2 : want;
			uint8_t *nb = malloc(cap);
			if (!nb)
				return false;
			if (have)
				memcpy(nb, w->p, have);
			free(w->buf);
			w->buf = nb;
			w->cap = cap;
		} else if (have && w->p != w->buf) {
			memmove(w->buf, w->p, have);
		}
		w->p = w->buf;
		w->end = w->buf + have;
		ssize_t n = src->read(src->arg, w->buf + have, w->cap - have);
		if (n < 0)
			return false;
		w->eof = n == 0;
		w->end += n;
	}
	return true;
}

/* Reads the profile in one pass over its data, from src (or from mem[0..
 * mem_len) when that holds it all, not gzip), and NULL where it gives up:
 * on any error, and on what it does not read the way parse would (sample
 * types after samples, location ids past 32 bits or sparse past 16). */
static struct profile *parse_stream(const struct profile_bytes *src, const uint8_t *mem,
				    size_t mem_len, const struct profile_read_opts *o)
{
	size_t max = profile_max_decompressed(o);
	struct rt_error e;
	struct arena scratch, parts;
	struct part part[N_PARTS] = { { 0 } };
	struct window w = { 0 };
	size_t n_types = 0, read = 0;
	int times = 0;
	struct profile *p = profile_new();
	struct decoder d = { .p = p, .err = &e,
			     .max_sample_locations = o && o->max_sample_locations ?
				o->max_sample_locations : PROFILE_DEFAULT_MAX_SAMPLE_LOCATIONS,
			     .max_samples = o && o->max_samples ? o->max_samples
								: PROFILE_DEFAULT_MAX_SAMPLES };

	arena_init(&scratch);
	arena_init(&parts);
	if (!p)
		goto give_up;
	if (mem) {
		w.p = mem;
		w.end = mem + mem_len;
		w.eof = true;
	} else if (!(w.buf = malloc(w.cap = STREAM_WINDOW))) {
		goto give_up;
	} else {
		w.p = w.end = w.buf;
	}
	profile_narrow(p);
	profile_narrow_values(p);
	for (;;) {
		/* a key and a length, or a key and a value, are within 20 */
		if (!win_need(&w, src, 32))
			goto give_up;
		if (w.p == w.end)
			break;
		const uint8_t *q = w.p;
		uint32_t f;
		unsigned wt;
		uint64_t len;
		if (!rd_key(&q, w.end, &f, &wt))
			goto give_up;
		if (wt != 2) {
			if (!skip_field(&q, w.end, wt) || (f == 9 && wt == 0 && ++times > 1) ||
			    !part_add(&parts, &part[part_of(f)], w.p, (size_t)(q - w.p)))
				goto give_up;
			read += (size_t)(q - w.p);
			w.p = q;
			continue;
		}
		if (!rd_varint(&q, w.end, &len) || len > max)
			goto give_up;
		size_t head = (size_t)(q - w.p), whole = head + (size_t)len;
		if (!win_need(&w, src, whole) || (size_t)(w.end - w.p) < whole)
			goto give_up;
		const uint8_t *body = w.p + head;
		if (f == 2) {
			if (p->n_samples == 0 && profile_set_sample_types(p, n_types) < 0)
				goto give_up;
			if (p->n_samples >= d.max_samples ||
			    decode_sample_bytes(&d, NULL, body, (size_t)len) < 0)
				goto give_up;
		} else {
			if (f == 1 && p->n_samples)	/* a sample type after samples */
				goto give_up;
			n_types += f == 1;
			if (!part_add(&parts, &part[part_of(f)], w.p, whole))
				goto give_up;
		}
		read += whole;
		w.p += whole;
	}
	if (read == 0)
		goto give_up;
	free(w.buf);
	w.buf = NULL;
	if (finish_stream(&d, part, &scratch, n_types) < 0)
		goto give_up;
	goto done;
give_up:
	profile_free(p);
	p = NULL;
done:
	decoder_free(&d);
	arena_free(&scratch);
	arena_free(&parts);
	free(w.buf);
	return p;
}

static ssize_t gz_bytes(void *arg, uint8_t *buf, size_t cap)
{
	return gz_reader_read(arg, buf, cap);
}

struct profile *profile_read_bytes(const struct profile_bytes *src,
				   const struct profile_read_opts *o)
{
	return parse_stream(src, NULL, 0, o);
}

struct profile *profile_parse(const uint8_t *data, size_t n,
			      const struct profile_read_opts *o,
			      struct rt_error *err)
{
	if (!(o && o->whole)) {
		struct gz_reader r;
		gz_reader_mem(&r, data, n, profile_max_decompressed(o));
		struct profile_bytes src = { gz_bytes, &r };
		int gzip = gz_reader_is_gzip(&r);
		struct profile *p = gzip < 0 ? NULL : parse_stream(&src, gzip ? NULL : data, n, o);
		gz_reader_end(&r);
		if (p)
			return p;
	}
	return parse((uint8_t *)data, n, false, o, err, NULL);
}

int profile_slurp(const char *path, size_t max, uint8_t **out, size_t *len,
		  struct rt_error *err)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf;

	if (fd < 0)
		return rt_error_set(err, "%s", strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return rt_error_set(err, "is a directory");
	}
	if (fd != 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		if ((uint64_t)st.st_size > max) {
			close(fd);
			return rt_error_set(err, "file larger than %zu MiB", max >> 20);
		}
		cap = (size_t)st.st_size + 1;
	}
	buf = malloc(cap);
	if (!buf)
		goto nomem;
	for (;;) {
		if (n == cap) {
			if (cap > max)
				break;
			uint8_t *nb = realloc(buf, cap * 2);
			if (!nb)
				goto nomem;
			buf = nb;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			if (fd)
				close(fd);
			return rt_error_set(err, "%s", strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (fd)
		close(fd);
	if (n > max) {
		free(buf);
		return rt_error_set(err, "file larger than %zu MiB", max >> 20);
	}
	*out = buf;
	*len = n;
	return 0;
nomem:
	free(buf);
	if (fd)
		close(fd);
	return rt_error_set(err, "out of memory");
}

struct profile *profile_read_file(const char *path,
				  const struct profile_read_opts *o,
				  struct rt_error *err)
{
	uint8_t *buf;
	size_t n;
	size_t max = profile_max_file(o);

	/* A regular file is read as it inflates; anything parse_stream
	 * gives up on is read again, whole. */
	int fd = profile_open_one_pass(path, o);
	if (fd >= 0) {
		struct gz_reader r;
		gz_reader_fd(&r, fd, max, profile_max_decompressed(o));
		struct profile_bytes src = { gz_bytes, &r };
		struct profile *p = parse_stream(&src, NULL, 0, o);
		gz_reader_end(&r);
		close(fd);
		if (p)
			return p;
	}
	if (profile_slurp(path, max, &buf, &n, err) < 0)
		return NULL;
	/* Only a regular file can be read again (see parse). */
	struct stat st;
	bool regular = strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
	return parse(buf, n, true, o, err, regular ? path : NULL);
}
