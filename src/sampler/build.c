/* build: stack rows -> struct profile.  Locations are one per distinct pc,
 * functions one per distinct (name, file, start line); both ids count from
 * 1 in order of first use.  Pure data transformation apart from
 * symbolization, so the sampler's tables are never locked here. */
#include "sampler/build.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "base/idmap.h"
#include "sampler/labelset.h"
#include "sampler/maps.h"
#include "sampler/ring.h"
#include "sampler/symbolize.h"
#include "sampler/threads.h"

#define LOST_FUNCTION "rtprof._LostRingFull"

struct builder {
	struct profile *p;
	const struct build_spec *spec;
	struct maps maps;
	struct mapping **mapping_of;	/* per maps entry, made on first use */
	struct idmap locs;		/* pc -> struct location * */
	struct idmap funcs;		/* struct sym_func * -> struct function * */
	struct idmap lsets;		/* (label set, slot) -> the profile's set id */
	struct function *lost_fn;
};

static struct mapping *get_mapping(struct builder *b, uint64_t pc)
{
	long i = maps_find(&b->maps, pc);
	if (i < 0)
		return NULL;
	if (!b->mapping_of[i]) {
		const struct maps_entry *e = &b->maps.v[i];
		struct mapping *m = profile_add_mapping(b->p, b->p->n_mappings + 1);
		if (!m)
			return NULL;
		m->start = e->start;
		m->limit = e->limit;
		m->offset = e->offset;
		m->file = profile_str(b->p, e->file);
		m->build_id = profile_str(b->p, e->build_id);
		m->has_functions = m->has_filenames = true;
		m->has_line_numbers = m->has_inline_frames = true;
		b->mapping_of[i] = m;
	}
	return b->mapping_of[i];
}

static struct function *new_function(struct builder *b, const char *name,
				     const char *file, int64_t start)
{
	struct function *f = profile_add_function(b->p, b->p->n_functions + 1);
	if (!f)
		return NULL;
	f->name = f->system_name = profile_str(b->p, name);
	f->filename = profile_str(b->p, file);
	f->start_line = start;
	return f;
}

static struct function *get_function(struct builder *b, const struct sym_func *sf)
{
	struct function *f = idmap_get(&b->funcs, (uintptr_t)sf);
	if (f)
		return f;
	f = new_function(b, sf->name, sf->file, sf->start_line);
	if (f && idmap_put(&b->funcs, (uintptr_t)sf, f) < 0)
		return NULL;
	return f;
}

static struct location *get_location(struct builder *b, uint64_t pc)
{
	struct location *l = idmap_get(&b->locs, pc);
	if (l)
		return l;
	if (pc == THREADS_LOST_PC) {
		if (!b->lost_fn && !(b->lost_fn = new_function(b, LOST_FUNCTION, "", 0)))
			return NULL;
		l = profile_add_location(b->p, b->p->n_locations + 1, 1);
		if (!l)
			return NULL;
		l->lines[0].fn = b->lost_fn;
	} else {
		const struct sym_frame *fr = sym_lookup(pc);
		l = profile_add_location(b->p, b->p->n_locations + 1, fr->n);
		if (!l)
			return NULL;
		l->address = pc;
		l->mapping = get_mapping(b, pc);
		for (uint32_t i = 0; i < fr->n; i++) {
			l->lines[i].fn = get_function(b, fr->lines[i].fn);
			l->lines[i].line = fr->lines[i].line;
			if (!l->lines[i].fn)
				return NULL;
		}
	}
	return idmap_put(&b->locs, pc, l) < 0 ? NULL : l;
}

/* A leaf frame to drop (rt_alloc and friends: the allocation site is the
 * caller).  Looks at the outermost function of the location. */
static int trimmed(const struct builder *b, const struct location *l)
{
	if (!b->spec->trim || !l->n_lines)
		return 0;
	const char *name = l->lines[l->n_lines - 1].fn->name;
	for (const char *const *t = b->spec->trim; *t; t++)
		if (!strcmp(name, *t))
			return 1;
	return 0;
}

/* Go's scaleHeapSample: undoes sampling at one sample per `rate` bytes. */
static void unsample(int64_t *count, int64_t *size, int64_t rate)
{
	if (*count <= 0 || *size <= 0 || rate <= 1)
		return;
	double avg = (double)*size / (double)*count;
	double scale = 1 / (1 - exp(-avg / (double)rate));
	*count = (int64_t)((double)*count * scale);
	*size = (int64_t)((double)*size * scale);
}

static int add_row(struct builder *b, const struct stacktab_row *r)
{
	const struct build_spec *s = b->spec;
	int64_t v[4] = { 0 };
	int any = 0;
	uint32_t locs[RING_MAX_DEPTH];	/* slots */
	uint32_t n = 0, first = 0;

	for (size_t k = 0; k < s->n_types; k++) {
		v[k] = s->use_total[k] ? r->total[k] : r->win[k];
		any |= v[k] != 0;
	}
	if (!any)
		return 0;
	if (s->heap_rate > 0) {
		unsample(&v[0], &v[1], s->heap_rate);
		unsample(&v[2], &v[3], s->heap_rate);
	}
	for (uint32_t i = 0; i < r->n && n < RING_MAX_DEPTH; i++) {
		struct location *l = get_location(b, r->pcs[i]);
		if (!l)
			return -1;
		if (n == 0 && first == i && i + 1 < r->n && trimmed(b, l)) {
			first++;
			continue;
		}
		locs[n++] = l->slot;
	}
	const struct labelset *ls = labelset_get(r->labels);
	uint32_t nl = ls ? ls->n : 0;
	struct sample *smp = profile_add_sample_nolocs(b->p, n, 0);
	if (!smp)
		return -1;
	memcpy(sample_locs32(b->p, smp), locs, n * sizeof *locs);
	for (size_t i = 0; i < s->n_types; i++)
		if (sample_set_value(b->p, smp, i, v[i]) < 0)
			return -1;
	uint32_t all = nl + (r->slot != 0);
	if (!all)
		return 0;
	/* samples of one label set and slot share the profile's set: the
	 * key is exact while the slot fits 16 bits (addresses are 47) */
	uint64_t key = (uint64_t)(uintptr_t)ls << 16 | r->slot;
	bool cache = r->slot < 0x10000 && (uintptr_t)ls < ((uintptr_t)1 << 47);
	uintptr_t id = cache ? (uintptr_t)idmap_get(&b->lsets, key) : 0;
	if (id) {
		smp->lset = (uint32_t)id;
		return 0;
	}
	struct label *l = arena_zalloc(&b->p->arena, all * sizeof *l);
	if (!l)
		return -1;
	for (uint32_t i = 0; i < nl; i++) {
		l[i].key = profile_str(b->p, ls->kv[i].key);
		l[i].str = profile_str(b->p, ls->kv[i].value);
		l[i].num_unit = profile_str(b->p, "");
	}
	if (r->slot) {
		l[nl].key = profile_str(b->p, b->spec->slot_label);
		l[nl].str = NULL;
		l[nl].num = r->slot - 1;
		l[nl].num_unit = profile_str(b->p, "");
	}
	if (sample_set_labels(b->p, smp, l, all) < 0 ||
	    (cache && idmap_put(&b->lsets, key, (void *)(uintptr_t)smp->lset) < 0))
		return -1;
	return 0;
}

static int set_header(struct profile *p, const struct build_spec *s)
{
	if (profile_set_sample_types(p, s->n_types) < 0)
		return -1;
	for (size_t k = 0; k < s->n_types; k++) {
		p->sample_types[k].type = profile_str(p, s->types[k]);
		p->sample_types[k].unit = profile_str(p, s->units[k]);
	}
	p->period_type.type = profile_str(p, s->period_type);
	p->period_type.unit = profile_str(p, s->period_unit);
	p->period = s->period;
	p->time_nanos = s->time_nanos;
	p->duration_nanos = s->duration_nanos;
	return 0;
}

struct profile *build_profile(const struct stacktab_copy *c,
			      const struct build_spec *spec,
			      struct rt_error *err)
{
	struct builder b;
	int rc = 0;

	memset(&b, 0, sizeof b);
	b.spec = spec;
	b.p = profile_new();
	/* The loaded objects are listed under the symbolizer's lock too:
	 * libdw may dlopen (its debuginfod client) while it symbolizes for
	 * another snapshot, and the loader's own lock is one that
	 * ThreadSanitizer cannot see. */
	sym_lock();
	if (!b.p || set_header(b.p, spec) < 0 || maps_read(&b.maps) < 0 ||
	    idmap_init(&b.locs, 1024) < 0 || idmap_init(&b.funcs, 256) < 0 ||
	    idmap_init(&b.lsets, 64) < 0 ||
	    !(b.mapping_of = calloc(b.maps.n ? b.maps.n : 1, sizeof *b.mapping_of))) {
		rc = -1;
	} else {
		for (size_t i = 0; i < c->n && rc == 0; i++)
			rc = add_row(&b, &c->rows[i]);
	}
	sym_unlock();
	free(b.mapping_of);
	idmap_free(&b.locs);
	idmap_free(&b.funcs);
	idmap_free(&b.lsets);
	maps_free(&b.maps);
	if (rc < 0) {
		profile_free(b.p);
		rt_error_set(err, "sampler: out of memory building the profile");
		return NULL;
	}
	return b.p;
}
