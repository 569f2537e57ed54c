/* graph: pprof's graph.New for text reports.  Locations are mapped to nodes
 * once; samples then walk pointers.  "Seen in this sample" uses stamps
 * instead of per-sample sets.  A call tree (newTree) maps locations to node
 * infos instead and finds each frame's node under its caller's. */
#include "base/compare.h"
#include "report/graph.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "base/runner.h"
#include "base/strtab.h"
#include "measurement/measurement.h"
#include "base/path_clean.h"

/* Eight bytes at a time: every location's node info is hashed, names
 * and paths of tens of bytes each. */
static uint32_t hash_str(uint32_t h, const char *s)
{
	uint64_t x = h;
	size_t n = s ? strlen(s) : 0, i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		x = (x ^ w) * 0x9e3779b97f4a7c15ULL;
		x ^= x >> 29;
	}
	uint64_t t = 0;
	if (n > i)
		memcpy(&t, s + i, n - i);
	x = (x ^ t ^ ((uint64_t)n << 56)) * 0x9e3779b97f4a7c15ULL;
	x ^= x >> 32;
	return (uint32_t)x;
}

struct graph_hmemo {
	const char *s;
	uint32_t h;
};

/* hash_str of s from a fixed seed, remembered by s's address. */
static uint32_t str_hash(struct graph *g, const char *s)
{
	if (!*s)
		return 0;
	if (!g->hmemo)
		return hash_str(2166136261u, s);
	struct graph_hmemo *m = &g->hmemo[idmap_mix((uintptr_t)s) & g->hmemo_mask];
	if (m->s != s) {
		m->s = s;
		m->h = hash_str(2166136261u, s);
	}
	return m->h;
}

/* A function of the info's contents only (equal strings at two addresses
 * hash the same), so that a graph's nodes can be found from another's. */
static uint32_t hash_info(struct graph *g, const struct node_info *i)
{
	uint32_t h = str_hash(g, i->name);
	h = h * 0x01000193u ^ str_hash(g, i->orig_name);
	h = h * 0x01000193u ^ str_hash(g, i->file);
	h = h * 0x01000193u ^ str_hash(g, i->objfile);
	uint64_t x = i->address * 0x9e3779b97f4a7c15ULL ^ (uint64_t)i->start_line * 31 ^
		     (uint64_t)i->lineno * 0x100000001b3ULL;
	h ^= (uint32_t)(x ^ (x >> 32));
	h *= 16777619u;
	return h;
}

static bool streq(const char *a, const char *b)
{
	return a == b || strcmp(a, b) == 0;
}

static bool info_eq(const struct node_info *a, const struct node_info *b)
{
	return a->address == b->address && a->lineno == b->lineno &&
	       a->start_line == b->start_line && streq(a->name, b->name) &&
	       streq(a->orig_name, b->orig_name) && streq(a->file, b->file) &&
	       streq(a->objfile, b->objfile);
}

/* A node's key is its info and, in a call tree, its parent: a graph's
 * nodes (parent NULL) hash by their info alone. */
static uint32_t hash_key(const struct graph_node *parent, uint32_t info_hash)
{
	if (!parent)
		return info_hash;
	return info_hash ^ (uint32_t)idmap_mix((uint64_t)(uintptr_t)parent);
}

static struct graph_node *lookup(const struct graph *g, const struct graph_node *parent,
				 const struct node_info *i, uint32_t h)
{
	if (!g->hash_cap)
		return NULL;
	for (struct graph_node *n = g->hash[h & (g->hash_cap - 1)]; n; n = n->next_hash)
		if (n->hash == h && n->tree_parent == parent && info_eq(&n->info, i))
			return n;
	return NULL;
}

static int rehash(struct graph *g)
{
	size_t ncap = g->hash_cap ? g->hash_cap * 2 : 1024;
	struct graph_node **nh = calloc(ncap, sizeof *nh);
	if (!nh)
		return -1;
	for (size_t i = 0; i < g->n_all; i++) {
		struct graph_node *n = g->all[i];
		size_t b = n->hash & (ncap - 1);
		n->next_hash = nh[b];
		nh[b] = n;
	}
	free(g->hash);
	g->hash = nh;
	g->hash_cap = ncap;
	return 0;
}

/* h is hash_key(parent, hash_info(i)). */
static struct graph_node *find_or_insert(struct graph *g, struct graph_node *parent,
					 const struct node_info *i, uint32_t h)
{
	struct graph_node *n = lookup(g, parent, i, h);
	if (n)
		return n;
	if (g->n_all == g->cap_all) {
		size_t ncap = g->cap_all ? g->cap_all * 2 : 1024;
		struct graph_node **na = realloc(g->all, ncap * sizeof *na);
		if (!na)
			return NULL;
		g->all = na;
		g->cap_all = ncap;
	}
	if ((g->n_all + 1) * 2 > g->hash_cap && rehash(g) < 0)
		return NULL;
	n = arena_zalloc(&g->arena, sizeof *n);
	if (!n)
		return NULL;
	n->info = *i;
	n->tree_parent = parent;
	n->hash = h;
	n->idx = (uint32_t)g->n_all;
	g->all[g->n_all++] = n;
	size_t b = h & (g->hash_cap - 1);
	n->next_hash = g->hash[b];
	g->hash[b] = n;
	return n;
}

bool graph_node_info(const struct location *l, const struct line *ln,
		     const struct graph_opts *o, struct node_info *out,
		     struct graph *g)
{
	const char *objfile = l->mapping && *l->mapping->file ? l->mapping->file : "";

	memset(out, 0, sizeof *out);
	out->name = out->orig_name = out->file = out->objfile = "";
	out->address = o->keep_address ? l->address : 0;
	if (!ln || !ln->fn) {
		/* pprof's Aggregate zeroed the address unless it is kept. */
		out->objfile = objfile;
		return true;
	}
	out->lineno = o->keep_line ? ln->line : 0;
	out->name = o->keep_function ? ln->fn->name : "";
	if (o->keep_file && *ln->fn->filename) {
		/* Cleaned once per function: locations share functions. */
		const char *c = g->clean_files ? idmap_get(g->clean_files, (uintptr_t)ln->fn) : NULL;
		if (!c) {
			c = path_clean(&g->arena, ln->fn->filename);
			if (!c)
				return false;
			if (g->clean_files)
				idmap_put(g->clean_files, (uintptr_t)ln->fn, (void *)c);
		}
		out->file = c;
	}
	if (o->obj_names || !*out->name) {
		out->objfile = objfile;
		out->start_line = ln->fn->start_line;
	}
	return true;
}

/* Node edge arrays live in the graph's arena: a full one is copied to
 * one twice its size and the old one left there (at most as much again),
 * sparing a malloc and a free per node and edge. */
static int node_add_edge(struct graph *g, struct graph_edge ***arr, uint32_t *n,
			 uint32_t *cap, struct graph_edge *e)
{
	if (*n == *cap) {
		uint32_t ncap = *cap ? *cap * 2 : 2;
		struct graph_edge **na = arena_alloc(&g->arena, ncap * sizeof *na);
		if (!na)
			return -1;
		if (*n)
			memcpy(na, *arr, *n * sizeof *na);
		*arr = na;
		*cap = ncap;
	}
	(*arr)[(*n)++] = e;
	return 0;
}

static inline size_t edge_hash(const struct graph_node *src, const struct graph_node *dst)
{
	return (size_t)idmap_mix((uint64_t)src->idx << 32 | dst->idx);
}

static inline struct graph_edge *edge_at(const struct graph *g, uint32_t k)
{
	return &g->echunks[k / GRAPH_ECHUNK][k % GRAPH_ECHUNK];
}

static int etab_grow(struct graph *g)
{
	size_t ncap = g->etab_cap ? g->etab_cap * 2 : 1024;
	uint32_t *nt = calloc(ncap, sizeof *nt);
	if (!nt)
		return -1;
	for (size_t i = 0; i < g->etab_cap; i++) {
		if (!g->etab[i])
			continue;
		const struct graph_edge *e = edge_at(g, g->etab[i] - 1);
		size_t j = edge_hash(e->src, e->dst) & (ncap - 1);
		while (nt[j])
			j = (j + 1) & (ncap - 1);
		nt[j] = g->etab[i];
	}
	free(g->etab);
	g->etab = nt;
	g->etab_cap = ncap;
	return 0;
}

/* A new zeroed edge, numbered g->n_edges. */
static struct graph_edge *edge_new(struct graph *g)
{
	size_t c = g->n_edges / GRAPH_ECHUNK;
	if (g->n_edges % GRAPH_ECHUNK == 0) {
		if (g->n_edges >= UINT32_MAX - GRAPH_ECHUNK)
			return NULL;
		if (c == g->cap_echunks) {
			size_t nc = c ? c * 2 : 16;
			struct graph_edge **n = realloc(g->echunks, nc * sizeof *n);
			if (!n)
				return NULL;
			g->echunks = n;
			g->cap_echunks = nc;
		}
		if (!(g->echunks[c] = arena_alloc(&g->arena, GRAPH_ECHUNK * sizeof **g->echunks)))
			return NULL;
	}
	struct graph_edge *e = &g->echunks[c][g->n_edges % GRAPH_ECHUNK];
	memset(e, 0, sizeof *e);
	return e;
}

/* The edge src -> dst, made (inline until a call says otherwise) when
 * create is set and there is none. */
static struct graph_edge *edge_get(struct graph *g, struct graph_node *src,
				   struct graph_node *dst, bool create)
{
	if (dst->last_in_src == src)
		return dst->last_in;
	if ((g->n_edges + 1) * 2 > g->etab_cap && etab_grow(g) < 0)
		return NULL;
	size_t mask = g->etab_cap - 1, i = edge_hash(src, dst) & mask;
	for (; g->etab[i]; i = (i + 1) & mask) {
		struct graph_edge *e = edge_at(g, g->etab[i] - 1);
		if (e->src == src && e->dst == dst) {
			dst->last_in_src = src;
			dst->last_in = e;
			return e;
		}
	}
	if (!create)
		return NULL;
	struct graph_edge *e = edge_new(g);
	if (!e)
		return NULL;
	e->src = src;
	e->dst = dst;
	e->inline_ = true;
	g->etab[i] = (uint32_t)++g->n_edges;
	dst->last_in_src = src;
	dst->last_in = e;
	if (node_add_edge(g, &src->out, &src->n_out, &src->cap_out, e) < 0 ||
	    (!g->out_only && node_add_edge(g, &dst->in, &dst->n_in, &dst->cap_in, e) < 0))
		return NULL;
	return e;
}

/* Per-location node lists, pprof's CreateNodes locationMap. */
struct locnodes {
	struct graph_node **nodes;	/* &one for a single-line location */
	struct graph_node *one;
	uint32_t n;
};

uint32_t graph_first_line(const struct location *l, const struct graph_opts *o)
{
	return !o->keep_inlines && l->n_lines > 1 ? l->n_lines - 1 : 0;
}

/* Records n (NULL: a line with no node) as the next line of location
 * map entry ln; inlined: the line is not the location's last.  A node not
 * yet asked asks edges_of whether its edges are wanted. */
static void loc_add_node(struct graph *g, const struct graph_opts *o, struct locnodes *ln,
			 struct graph_node *n, bool inlined)
{
	if (n && o->edges_of && !n->edges_checked) {
		n->edges_checked = true;
		n->edges_wanted = o->edges_of(graph_node_name(g, n), o->edges_arg);
	}
	if (n && inlined)
		n->inlined_at = true;
	ln->nodes[ln->n++] = n;
}

#define HOT_NONE 0x7fffffffu	/* a line with no node (a residual) */
#define HOT_MULTI 0x80000000u	/* more[] holds the count, then the nodes */

/* The node indexes of a location's lines, outermost last, from its
 * entry *f in a first table and the more table beside it. */
static inline const uint32_t *loc_ids(const uint32_t *f, const uint32_t *more,
				      uint32_t *count)
{
	if (!(*f & HOT_MULTI)) {
		*count = 1;
		return f;
	}
	*count = more[*f & ~HOT_MULTI];
	return &more[(*f & ~HOT_MULTI) + 1];
}

/* map_locations for a rebuild from a nodes-only pass over the same
 * profile: each location's lines map to that pass's nodes, so its map is
 * read instead of every line's info being made and looked up again.  A
 * kept node of prev is made here once, in prev's order of nodes met,
 * which is the order the lookups would make them in. */
static int map_locations_from(struct graph *g, const struct profile *p,
			      const struct graph_opts *o, const struct graph *prev,
			      struct locnodes *lm)
{
	struct graph_node **made = calloc(prev->n_all + 1, sizeof *made);
	if (!made)
		return -1;
	int rc = -1;
	for (size_t i = 0; i < p->n_locations; i++) {
		uint32_t f = prev->loc_first[i], count;
		const uint32_t *ids = loc_ids(&f, prev->loc_more, &count);
		lm[i].nodes = count == 1 ? &lm[i].one
					 : arena_alloc(&g->arena, count * sizeof *lm[i].nodes);
		if (!lm[i].nodes)
			goto out;
		lm[i].n = 0;
		for (uint32_t k = 0; k < count; k++) {
			struct graph_node *pn = ids[k] == HOT_NONE ? NULL : prev->all[ids[k]];
			if (!pn || !pn->kept) {
				loc_add_node(g, o, &lm[i], NULL, false);
				continue;
			}
			struct graph_node *n = made[ids[k]];
			if (!n) {
				struct node_info info = pn->info;
				/* a cleaned file name is prev's, which goes first */
				if (*info.file && !(info.file = arena_strdup(&g->arena, info.file)))
					goto out;
				if (!(n = made[ids[k]] = find_or_insert(g, NULL, &info, pn->hash)))
					goto out;
				/* (prev asked the same of the same name) */
				if (o->edges_of && pn->edges_checked &&
				    prev->opts.edges_of == o->edges_of &&
				    prev->opts.edges_arg == o->edges_arg) {
					n->edges_checked = true;
					n->edges_wanted = pn->edges_wanted;
				}
			}
			/* all but a location's last line are inlined into it */
			loc_add_node(g, o, &lm[i], n, k < count - 1);
		}
	}
	rc = 0;
out:
	free(made);
	return rc;
}

static int map_locations(struct graph *g, const struct profile *p,
			 const struct graph_opts *o, const struct graph *prev,
			 struct locnodes *lm)
{
	const struct graph_opts *po = prev ? &prev->opts : NULL;
	if (prev && prev->loc_first && prev->loc_n == p->n_locations &&
	    po->keep_function == o->keep_function && po->keep_file == o->keep_file &&
	    po->keep_line == o->keep_line && po->keep_address == o->keep_address &&
	    po->keep_inlines == o->keep_inlines && po->obj_names == o->obj_names) {
		g->from_map = true;
		return map_locations_from(g, p, o, prev, lm);
	}
	/* When a node is its function's alone (its info holds no address,
	 * line or object file), the nodes by function: locations mostly
	 * share their functions, and a line's info is then made and looked
	 * up once per function. */
	struct idmap by_fn = { 0 };
	bool memo = !prev && o->keep_function && !o->keep_address && !o->keep_line &&
		    !o->obj_names && idmap_init(&by_fn, p->n_functions) == 0;
	int rc = -1;
	for (size_t i = 0; i < p->n_locations; i++) {
		const struct location *l = p->locations[i];
		uint32_t nl = l->n_lines ? l->n_lines : 1;
		uint32_t first = graph_first_line(l, o);
		/* Most locations have one line: keep its node beside the
		 * entry itself, one memory access away. */
		lm[i].nodes = nl - first == 1 ? &lm[i].one
					      : arena_alloc(&g->arena, nl * sizeof *lm[i].nodes);
		if (!lm[i].nodes)
			goto out;
		lm[i].n = 0;
		for (uint32_t j = first; j < nl; j++) {
			const struct line *ln = l->n_lines ? &l->lines[j] : NULL;
			const struct function *fn = ln && memo && ln->fn && *ln->fn->name ? ln->fn
											  : NULL;
			struct graph_node *n = fn ? idmap_get(&by_fn, (uintptr_t)fn) : NULL;
			if (!n) {
				struct node_info info;
				if (!graph_node_info(l, ln, o, &info, g))
					goto out;
				uint32_t h = hash_info(g, &info);
				if (prev) {
					struct graph_node *pn = lookup(prev, NULL, &info, h);
					if (!pn || !pn->kept) {
						loc_add_node(g, o, &lm[i], NULL, false);
						continue;
					}
				}
				if (!(n = find_or_insert(g, NULL, &info, h)) ||
				    (fn && idmap_put(&by_fn, (uintptr_t)fn, n) < 0))
					goto out;
			}
			loc_add_node(g, o, &lm[i], n, j < nl - 1);
		}
	}
	rc = 0;
out:
	if (memo)
		idmap_free(&by_fn);
	return rc;
}

static struct graph_tag *tag_find(struct graph *g, struct graph_node *n, const char *name,
				   const char *group, const char *unit, int64_t value)
{
	for (uint32_t i = 0; i < n->n_tags; i++) {
		struct graph_tag *t = &n->tags[i];
		if ((t->group == NULL) == (group == NULL) && (!group || !strcmp(t->group, group)) &&
		    !strcmp(t->name, name))
			return t;
	}
	if (n->n_tags == n->cap_tags) {
		uint32_t nc = n->cap_tags ? n->cap_tags * 2 : 4;
		g->has_tags = true;
		struct graph_tag *nt = realloc(n->tags, nc * sizeof *nt);
		if (!nt)
			return NULL;
		n->tags = nt;
		n->cap_tags = nc;
	}
	struct graph_tag *t = &n->tags[n->n_tags];
	memset(t, 0, sizeof *t);
	t->name = arena_strdup(&g->arena, name);
	t->group = group;
	t->unit = unit;
	t->value = value;
	if (!t->name)
		return NULL;
	n->n_tags++;
	return t;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* pprof's joinLabels: sorted "key:value" joined by a literal \n. */
static const char *join_labels(struct graph *g, const struct profile *p, const struct sample *s)
{
	char *items[64];
	size_t n = 0, len = 0;
	const struct label *sl = sample_labels(p, s);
	for (uint32_t i = 0; i < sample_n_labels(p, s) && n < 64; i++) {
		const struct label *l = &sl[i];
		if (!l->str || !strcmp(l->key, "pprof::base"))
			continue;
		size_t k = strlen(l->key) + strlen(l->str) + 2;
		items[n] = malloc(k);
		if (!items[n])
			break;
		snprintf(items[n], k, "%s:%s", l->key, l->str);
		len += k + 2;
		n++;
	}
	if (n == 0)
		return "";
	qsort(items, n, sizeof *items, cmp_cstr);
	char *out = arena_alloc(&g->arena, len + 1), *w = out;
	for (size_t i = 0; i < n; i++) {
		if (out) {
			if (i)
				w = stpcpy(w, "\\n");
			w = stpcpy(w, items[i]);
		}
		free(items[i]);
	}
	return out ? out : "";
}

static void tag_count(struct graph_tag *t, int64_t w, int64_t dw, bool flat)
{
	if (flat) {
		t->flat += w;
		t->flat_div += dw;
	} else {
		t->cum += w;
		t->cum_div += dw;
	}
}

static void tag_add(struct graph *g, const struct graph_opts *o, struct graph_node *n,
		    const struct profile *p, const struct sample *s, const char *labels, int64_t w, int64_t dw, bool flat)
{
	struct graph_tag *t;
	if (*labels && (t = tag_find(g, n, labels, NULL, "", 0)) != NULL)
		tag_count(t, w, dw, flat);
	const struct label *sl = sample_labels(p, s);
	for (uint32_t i = 0; i < sample_n_labels(p, s); i++) {
		const struct label *l = &sl[i];
		if (l->str || strcmp(l->key, "bytes"))
			continue;
		char name[64];
		meas_scaled_label(name, sizeof name, l->num, o->bytes_unit, "minimum");
		t = tag_find(g, n, name, labels, o->bytes_unit, l->num);
		if (t)
			tag_count(t, w, dw, flat);
	}
}

static inline size_t uedge_hash(uint32_t src, uint32_t dst)
{
	return (size_t)idmap_mix((uint64_t)src << 32 | dst);
}

/* Doubles an unlisted edge table (the edges move). */
static int utab_grow(struct graph_utab *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 1024;
	struct graph_uedge *nt = calloc(ncap, sizeof *nt);
	if (!nt)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		const struct graph_uedge *e = &t->v[i];
		if (!e->src)
			continue;
		size_t j = uedge_hash(e->src, e->dst) & (ncap - 1);
		while (nt[j].src)
			j = (j + 1) & (ncap - 1);
		nt[j] = *e;
	}
	free(t->v);
	t->v = nt;
	t->cap = ncap;
	return 0;
}

/* The edge from node index src to node index dst, made inline (until a
 * call says otherwise) when there is none.  The table may grow: edges
 * found before then have moved. */
static struct graph_uedge *uedge_find(struct graph_utab *t, uint32_t src, uint32_t dst)
{
	if ((t->n + 1) * 4 > t->cap * 3 && utab_grow(t) < 0)
		return NULL;
	uint32_t s = src + 1, d = dst + 1;
	size_t mask = t->cap - 1, i = uedge_hash(s, d) & mask;
	struct graph_uedge *e;
	for (;; i = (i + 1) & mask) {
		e = &t->v[i];
		if (!e->src) {
			e->src = s;
			e->dst = d;
			e->inline_ = true;
			t->n++;
			break;
		}
		if (e->src == s && e->dst == d)
			break;
	}
	return e;
}

/* Walks over the samples in pieces, perhaps at once (graph_opts.runner):
 * each piece counts into arrays of its own, added up afterwards in piece
 * order, so the sums and every "last" come out as one walk makes them.  A
 * piece is a multiple of 64 samples, so that pieces share no byte of a
 * per-sample bitmap (graph.wanted). */
#define WALK_MAX_PIECES 8
#define WALK_MIN_SAMPLES 16384

static size_t walk_pieces(const struct graph_opts *o, size_t n_samples)
{
	size_t n = runner_pieces(o->runner, n_samples, WALK_MIN_SAMPLES);
	return n > WALK_MAX_PIECES ? WALK_MAX_PIECES : n;
}

static void walk_range(size_t n, size_t pieces, size_t i, size_t *lo, size_t *hi)
{
	size_t per = ((n + pieces - 1) / pieces + 63) & ~(size_t)63;
	*lo = i * per < n ? i * per : n;
	*hi = i + 1 == pieces || (i + 1) * per > n ? n : (i + 1) * per;
}

/* The nodes-only pass (no edges, no tags: a report's first pass) over
 * compact arrays.  A frame costs one read in a location -> node index table
 * and one in a small array of per-node counters, where the general walk
 * follows three pointers to a node that is mostly out of cache.  Sums are
 * of integers, so the order they are made in changes nothing. */
struct hot_node {
	uint64_t stamp;
	int64_t cum, cum_div, flat, flat_div;
	bool wanted;
};

/* Adds a walk's per-node counters to the nodes themselves. */
static void hot_to_nodes(struct graph *g, const struct hot_node *hot)
{
	for (size_t i = 0; i < g->n_all; i++) {
		struct graph_node *n = g->all[i];
		n->cum += hot[i].cum;
		n->cum_div += hot[i].cum_div;
		n->flat += hot[i].flat;
		n->flat_div += hot[i].flat_div;
		n->stamp = hot[i].stamp;
	}
}

/* The location map lm as node indexes (graph.loc_first, loc_more). */
static int loc_tables(const struct graph *g, const struct profile *p,
		      const struct locnodes *lm, uint32_t **firstp, uint32_t **morep)
{
	size_t extra = 1, pos = 0;
	for (size_t i = 0; i < p->n_locations; i++)
		if (lm[i].n != 1)
			extra += lm[i].n + 1;
	uint32_t *first = malloc((p->n_locations + 1) * sizeof *first);
	uint32_t *more = malloc(extra * sizeof *more);
	if (!first || !more || g->n_all >= HOT_NONE || extra >= HOT_MULTI) {
		free(first);
		free(more);
		return -1;
	}
	for (size_t i = 0; i < p->n_locations; i++) {
		if (lm[i].n == 1) {
			first[i] = lm[i].nodes[0] ? lm[i].nodes[0]->idx : HOT_NONE;
			continue;
		}
		first[i] = HOT_MULTI | (uint32_t)pos;
		more[pos++] = lm[i].n;
		for (uint32_t ni = 0; ni < lm[i].n; ni++)
			more[pos++] = lm[i].nodes[ni] ? lm[i].nodes[ni]->idx : HOT_NONE;
	}
	*firstp = first;
	*morep = more;
	return 0;
}

/* Adds a later piece's per-node counters to an earlier's. */
static void hot_add(struct hot_node *into, const struct hot_node *from, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		into[i].cum += from[i].cum;
		into[i].cum_div += from[i].cum_div;
		into[i].flat += from[i].flat;
		into[i].flat_div += from[i].flat_div;
		if (from[i].stamp)
			into[i].stamp = from[i].stamp;
	}
}

/* One piece of add_samples_nodes' walk. */
struct nodes_walk {
	struct graph *g;
	const struct profile *p;
	const struct graph_opts *o;
	const uint32_t *first, *more;
	struct hot_node *hot;
	size_t lo, hi;
};

static void nodes_walk(void *arg, size_t piece)
{
	struct nodes_walk *k = (struct nodes_walk *)arg + piece;
	const struct profile *p = k->p;
	const uint32_t *first = k->first, *more = k->more;
	struct hot_node *hot = k->hot;
	for (size_t si = k->lo; si < k->hi; si++) {
		const struct sample *s = &p->samples[si];
		int64_t w = sample_value(p, s, k->o->sample_index);
		int64_t dw = k->o->mean_index >= 0 ? sample_value(p, s, k->o->mean_index) : 0;
		uint64_t stamp = si + 1;
		bool want = false;

		if (w == 0 && dw == 0)
			continue;
		for (uint32_t i = 0; i < s->n_locs; i++) {
			uint32_t f = first[sample_loc(p, s, i)], count;
			const uint32_t *ids = loc_ids(&f, more, &count), *end = ids + count;
			for (; ids < end; ids++) {
				if (*ids == HOT_NONE)
					continue;
				struct hot_node *h = &hot[*ids];
				if (h->stamp != stamp) {
					h->stamp = stamp;
					h->cum += w;
					h->cum_div += dw;
					want |= h->wanted;
				}
			}
		}
		if (want && k->g->wanted)
			k->g->wanted[si / 8] |= (uint8_t)(1u << (si % 8));
		/* The flat weight goes to the leaf's innermost line, unless
		 * that line has no node. */
		if (s->n_locs) {
			uint32_t f = first[sample_loc(p, s, 0)];
			uint32_t leaf = f & HOT_MULTI ? more[(f & ~HOT_MULTI) + 1] : f;
			if (leaf != HOT_NONE) {
				hot[leaf].flat += w;
				hot[leaf].flat_div += dw;
			}
		}
	}
}

static int add_samples_nodes(struct graph *g, const struct profile *p,
			     const struct graph_opts *o, const struct locnodes *lm)
{
	uint32_t *first = NULL, *more = NULL;
	size_t pieces = walk_pieces(o, p->n_samples);
	struct nodes_walk k[WALK_MAX_PIECES];
	int rc = -1;
	memset(k, 0, sizeof k);
	if (loc_tables(g, p, lm, &first, &more) < 0)
		goto out;
	for (size_t t = 0; t < pieces; t++) {
		k[t] = (struct nodes_walk){ g, p, o, first, more, NULL, 0, 0 };
		walk_range(p->n_samples, pieces, t, &k[t].lo, &k[t].hi);
		if (!(k[t].hot = calloc(g->n_all + 1, sizeof *k[t].hot)))
			goto out;
		for (size_t i = 0; i < g->n_all; i++)
			k[t].hot[i].wanted = g->all[i]->edges_wanted;
	}
	runner_run(o->runner, pieces, nodes_walk, k);
	for (size_t t = 1; t < pieces; t++)
		hot_add(k[0].hot, k[t].hot, g->n_all);
	hot_to_nodes(g, k[0].hot);
	/* kept for a rebuild from this graph */
	g->loc_first = first;
	g->loc_more = more;
	g->loc_n = p->n_locations;
	first = more = NULL;
	rc = 0;
out:
	free(first);
	free(more);
	for (size_t t = 0; t < pieces; t++)
		free(k[t].hot);
	return rc;
}

/* A node's last marker edge: its source's index + 1 and the edge. */
struct mark_memo {
	uint32_t src;	/* node index + 1 of the last edge's source; 0: none */
	struct graph_uedge *e;
};

/* The cells of heavy_cells: 512 KiB of sums while they are made, then
 * a bit each, 8 KiB that the marker pass reads from the nearest cache. */
#define SKETCH_BITS 16

static inline size_t sketch_cell(uint32_t src, uint32_t dst)
{
	return (size_t)((uint32_t)(src * 0x9e3779b1u + dst * 0x85ebca77u) >> (32 - SKETCH_BITS));
}

static inline bool cell_heavy(const uint64_t *heavy, uint32_t src, uint32_t dst)
{
	size_t c = sketch_cell(src, dst);
	return heavy[c / 64] >> (c % 64) & 1;
}

/* With graph_opts.edge_floor: each marker edge's weight is summed into
 * one of a few cells by its nodes' hash.  With no negative weight, a
 * cell's sum bounds the weight of every edge in it, so an edge in a cell
 * below the floor is one that graph_trim_edges would remove: it need not
 * be made.  Returns a bit a cell, set for the heavy ones; NULL when every
 * edge must be made (a negative weight, no memory).  On the bench
 * profile, 2k cells of 65k are heavy, and -top's marker table holds 13k
 * edges instead of 355k. */
/* One piece of heavy_cells' walk. */
struct sketch_walk {
	const struct profile *p;
	const struct graph_opts *o;
	const uint32_t *first, *more;
	const uint8_t *inlined;
	int64_t *sums;
	size_t lo, hi;
	bool negative;
};

static void sketch_walk(void *arg, size_t piece)
{
	struct sketch_walk *k = (struct sketch_walk *)arg + piece;
	const struct profile *p = k->p;
	int64_t *sums = k->sums;
	for (size_t si = k->lo; si < k->hi; si++) {
		const struct sample *s = &p->samples[si];
		int64_t w = sample_value(p, s, k->o->sample_index);
		uint32_t parent = HOT_NONE;
		if (w < 0) {
			k->negative = true;
			return;
		}
		if (w == 0)
			continue;
		for (uint32_t i = s->n_locs; i-- > 0;) {
			uint32_t f = k->first[sample_loc(p, s, i)], count;
			const uint32_t *ids = loc_ids(&f, k->more, &count);
			for (uint32_t j = count; j-- > 0;) {
				uint32_t n = ids[j];
				if (n == HOT_NONE)
					continue;
				if (parent != HOT_NONE && n != parent && k->inlined[n])
					sums[sketch_cell(parent, n)] += w;
				parent = n;
			}
		}
	}
}

static uint64_t *heavy_cells(const struct profile *p, const struct graph_opts *o,
			     const uint32_t *first, const uint32_t *more,
			     const uint8_t *inlined)
{
	size_t n_cells = (size_t)1 << SKETCH_BITS, pieces = walk_pieces(o, p->n_samples);
	struct sketch_walk k[WALK_MAX_PIECES];
	uint64_t *heavy = NULL;
	bool ok = true;
	for (size_t t = 0; t < pieces; t++) {
		k[t] = (struct sketch_walk){ p, o, first, more, inlined, NULL, 0, 0, false };
		walk_range(p->n_samples, pieces, t, &k[t].lo, &k[t].hi);
		ok &= (k[t].sums = calloc(n_cells, sizeof *k[t].sums)) != NULL;
	}
	if (ok)
		runner_run(o->runner, pieces, sketch_walk, k);
	for (size_t t = 0; t < pieces; t++)
		ok &= !k[t].negative;
	for (size_t t = 1; ok && t < pieces; t++)
		for (size_t c = 0; c < n_cells; c++)
			k[0].sums[c] += k[t].sums[c];
	if (ok && (heavy = calloc(n_cells / 64, sizeof *heavy)) != NULL)
		for (size_t c = 0; c < n_cells; c++)
			if (k[0].sums[c] >= o->edge_floor)
				heavy[c / 64] |= (uint64_t)1 << (c % 64);
	for (size_t t = 0; t < pieces; t++)
		free(k[t].sums);
	return heavy;
}

/* A rebuild from a first pass's location map that keeps some of its
 * nodes: each kept node has the same flat and cum as in the first pass
 * (a sample's cum counts once per node, and a dropped leaf's flat goes
 * to no one), when both read the same values. */
static bool same_weights(const struct graph *g, const struct graph *prev,
			 const struct graph_opts *o)
{
	return prev && g->from_map && prev->opts.sample_index == o->sample_index &&
	       prev->opts.mean_index == o->mean_index;
}

/* Sets each node's weights to those of its node in prev. */
static void weights_from(struct graph *g, const struct graph *prev)
{
	for (size_t i = 0; i < g->n_all; i++) {
		struct graph_node *n = g->all[i];
		const struct graph_node *pn = lookup(prev, NULL, &n->info, n->hash);
		if (pn) {
			n->flat = pn->flat;
			n->flat_div = pn->flat_div;
			n->cum = pn->cum;
			n->cum_div = pn->cum_div;
		}
	}
}

/* One piece of add_samples_marks' walk, with its own edges. */
struct marks_walk {
	const struct profile *p;
	const struct graph_opts *o;
	const uint32_t *first, *more;
	const uint8_t *inlined;
	const uint64_t *heavy;
	size_t n_all;
	struct hot_node *hot;	/* NULL: the weights are copied */
	struct mark_memo *memo;
	struct graph_utab edges;
	size_t lo, hi;
	bool failed;
};

static void marks_walk(void *arg, size_t piece)
{
	struct marks_walk *k = (struct marks_walk *)arg + piece;
	const struct profile *p = k->p;
	const uint32_t *first = k->first, *more = k->more;
	const uint8_t *inlined = k->inlined;
	struct hot_node *hot = k->hot;
	struct mark_memo *memo = k->memo;
	for (size_t si = k->lo; si < k->hi; si++) {
		const struct sample *s = &p->samples[si];
		int64_t w = sample_value(p, s, k->o->sample_index);
		int64_t dw = k->o->mean_index >= 0 ? sample_value(p, s, k->o->mean_index) : 0;
		uint64_t stamp = si + 1;
		uint32_t parent = HOT_NONE;
		bool residual = false;

		if (w == 0 && dw == 0)
			continue;
		for (uint32_t i = s->n_locs; i-- > 0;) {
			uint32_t f = first[sample_loc(p, s, i)], count;
			const uint32_t *ids = loc_ids(&f, more, &count);
			for (uint32_t j = count; j-- > 0;) {
				uint32_t n = ids[j];
				if (n == HOT_NONE) {
					residual = true;
					continue;
				}
				if (hot && hot[n].stamp != stamp) {
					hot[n].stamp = stamp;
					hot[n].cum += w;
					hot[n].cum_div += dw;
				}
				if (parent != HOT_NONE && n != parent && inlined[n] &&
				    (!k->heavy || cell_heavy(k->heavy, parent, n))) {
					struct graph_uedge *e = memo[n].e;
					if (memo[n].src != parent + 1) {
						const struct graph_uedge *before = k->edges.v;
						if (!(e = uedge_find(&k->edges, parent, n))) {
							k->failed = true;
							return;
						}
						if (k->edges.v != before)	/* grown: edges moved */
							memset(memo, 0, (k->n_all + 1) * sizeof *memo);
						memo[n] = (struct mark_memo){ parent + 1, e };
					}
					if (e->stamp != (uint32_t)stamp) {
						e->stamp = (uint32_t)stamp;
						e->weight += w;
						e->residual |= residual;
						/* a location's outermost line is called */
						e->inline_ &= j != count - 1;
					}
				}
				parent = n;
				residual = false;
			}
		}
		if (hot && parent != HOT_NONE && !residual) {
			hot[parent].flat += w;
			hot[parent].flat_div += dw;
		}
	}
}

/* add_samples for an unlisted graph (-top's markers: edges only into
 * inlined nodes; no tags, no edges_of): add_samples_nodes' walk over
 * node indexes, root first, with each node's last edge in an array of
 * its own, so that a frame reads no node.  Weights and edges come out as
 * add_samples makes them (a piece's edges are added to the graph's:
 * weights summed, residual if any piece's is, inline if every piece's
 * is).  copied: the nodes' weights come from elsewhere (same_weights),
 * and the walk makes the edges only. */
static int add_samples_marks(struct graph *g, const struct profile *p,
			     const struct graph_opts *o, const struct locnodes *lm,
			     bool copied)
{
	uint32_t *first = NULL, *more = NULL;
	uint8_t *inlined = calloc(g->n_all + 1, 1);
	uint64_t *heavy = NULL;
	size_t pieces = walk_pieces(o, p->n_samples);
	struct marks_walk k[WALK_MAX_PIECES];
	int rc = -1;
	memset(k, 0, sizeof k);
	if (!inlined || loc_tables(g, p, lm, &first, &more) < 0)
		goto out;
	for (size_t i = 0; i < g->n_all; i++)
		inlined[i] = g->all[i]->inlined_at;
	if (o->edge_floor > 0)
		heavy = heavy_cells(p, o, first, more, inlined);
	for (size_t t = 0; t < pieces; t++) {
		k[t] = (struct marks_walk){ .p = p, .o = o, .first = first, .more = more,
					    .inlined = inlined, .heavy = heavy,
					    .n_all = g->n_all };
		walk_range(p->n_samples, pieces, t, &k[t].lo, &k[t].hi);
		if (!(k[t].memo = calloc(g->n_all + 1, sizeof *k[t].memo)) ||
		    (!copied && !(k[t].hot = calloc(g->n_all + 1, sizeof *k[t].hot))))
			goto out;
	}
	runner_run(o->runner, pieces, marks_walk, k);
	for (size_t t = 0; t < pieces; t++)
		if (k[t].failed)
			goto out;
	/* The edges into the graph's table, in piece order. */
	if (pieces == 1 && !g->utab.n) {
		free(g->utab.v);
		g->utab = k[0].edges;
		k[0].edges = (struct graph_utab){ 0 };
	}
	for (size_t t = 0; t < pieces; t++)
		for (size_t i = 0; i < k[t].edges.cap; i++) {
			const struct graph_uedge *e = &k[t].edges.v[i];
			struct graph_uedge *d;
			if (!e->src)
				continue;
			if (!(d = uedge_find(&g->utab, e->src - 1, e->dst - 1)))
				goto out;
			d->weight += e->weight;
			d->residual |= e->residual;
			d->inline_ &= e->inline_;
			d->stamp = e->stamp;
		}
	g->n_edges = g->utab.n;
	if (!copied) {
		for (size_t t = 1; t < pieces; t++)
			hot_add(k[0].hot, k[t].hot, g->n_all);
		hot_to_nodes(g, k[0].hot);
	}
	rc = 0;
out:
	free(heavy);
	free(first);
	free(more);
	free(inlined);
	for (size_t t = 0; t < pieces; t++) {
		free(k[t].hot);
		free(k[t].memo);
		free(k[t].edges.v);
	}
	return rc;
}

/* only: when not NULL, the samples to walk (graph.wanted of a first
 * pass); the nodes' weights are then set by the caller. */
static int add_samples(struct graph *g, const struct profile *p,
		       const struct graph_opts *o, struct locnodes *lm, const uint8_t *only)
{
	for (size_t si = 0; si < p->n_samples; si++) {
		const struct sample *s = &p->samples[si];
		int64_t w = sample_value(p, s, o->sample_index);
		int64_t dw = o->mean_index >= 0 ? sample_value(p, s, o->mean_index) : 0;
		uint64_t stamp = si + 1;
		struct graph_node *parent = NULL;
		bool residual = false;

		if ((w == 0 && dw == 0) || (only && !(only[si / 8] & (1u << (si % 8)))))
			continue;
		const char *labels = o->track_tags ? join_labels(g, p, s) : "";
		for (uint32_t i = s->n_locs; i-- > 0;) {
			struct locnodes *ln = &lm[sample_loc(p, s, i)];
			for (uint32_t ni = ln->n; ni-- > 0;) {
				struct graph_node *n = ln->nodes[ni];
				if (!n) {
					residual = true;
					continue;
				}
				if (n->stamp != stamp) {
					n->stamp = stamp;
					n->cum += w;
					n->cum_div += dw;
					if (o->track_tags)
						tag_add(g, o, n, p, s, labels, w, dw, false);
					if (g->wanted && n->edges_wanted)
						g->wanted[si / 8] |= (uint8_t)(1u << (si % 8));
				}
				if (parent && n != parent && !o->no_edges &&
				    (!o->edges_of || parent->edges_wanted || n->edges_wanted) &&
				    (!o->edges_into_inlined || n->inlined_at)) {
					struct graph_edge *e = edge_get(g, parent, n, true);
					if (!e)
						return -1;
					if (e->stamp != stamp) {
						e->stamp = stamp;
						e->weight += w;
						e->weight_div += dw;
						e->residual |= residual;
						/* a location's outermost line is called */
						e->inline_ &= ni != ln->n - 1;
					}
				}
				parent = n;
				residual = false;
			}
		}
		if (parent && !residual) {
			parent->flat += w;
			parent->flat_div += dw;
			if (o->track_tags)
				tag_add(g, o, parent, p, s, labels, w, dw, true);
		}
	}
	return 0;
}

static int build_graph(struct graph *g, const struct profile *p,
		       const struct graph_opts *o, const struct graph *prev)
{
	struct locnodes *lm = calloc(p->n_locations + 1, sizeof *lm);
	int rc = -1;
	/* A whole graph's edges number about its frames or its locations,
	 * whichever is fewer: room for them at once spares the table's
	 * doublings (a kept-nodes rebuild has few, and grows as needed). */
	if (!prev && !o->no_edges && !o->edges_of && !o->edges_into_inlined) {
		size_t frames = 0, cap = 1024;
		for (size_t i = 0; i < p->n_samples && frames < 4 * p->n_locations; i++)
			frames += p->samples[i].n_locs;
		if (frames > 4 * p->n_locations)
			frames = 4 * p->n_locations;
		while (cap < 2 * frames)
			cap *= 2;
		g->etab = calloc(cap, sizeof *g->etab);
		if (g->etab)
			g->etab_cap = cap;
	}
	/* Nodes number at most the locations' lines (one per function, and
	 * one per mapping for lines without one, unless addresses or lines
	 * are kept): a node table that size is never rehashed, a walk over
	 * every node each time it doubles. */
	size_t lines = 0, cap = 1024;
	if (!o->keep_address && !o->keep_line) {
		/* (the table's size changes no output: counting every
		 * location's lines for a smaller one costs more) */
		lines = p->n_functions + p->n_mappings + 1;
	} else {
		for (size_t i = 0; i < p->n_locations; i++)
			lines += p->locations[i]->n_lines ? p->locations[i]->n_lines : 1;
	}
	while (cap < 2 * lines)
		cap *= 2;
	if ((g->hash = calloc(cap, sizeof *g->hash)) != NULL)
		g->hash_cap = cap;
	/* A first pass for edges_of notes the samples that will have edges;
	 * a rebuild from it walks only those, and its nodes' weights (which
	 * the kept nodes share with it) are copied. */
	if (o->no_edges && o->edges_of && !prev)
		g->wanted = calloc(p->n_samples / 8 + 1, 1);
	const uint8_t *only = prev && prev->wanted && o->edges_of && !o->no_edges && !o->track_tags
				      ? prev->wanted : NULL;
	if (lm && map_locations(g, p, o, prev, lm) == 0) {
		/* (whether the map was read is known from here) */
		bool copied = g->unlisted && same_weights(g, prev, o);
		rc = o->no_edges && !o->track_tags ? add_samples_nodes(g, p, o, lm)
		     : g->unlisted		   ? add_samples_marks(g, p, o, lm, copied)
						   : add_samples(g, p, o, lm, only);
		if (rc == 0 && (only || copied))
			weights_from(g, prev);
	}
	free(lm);
	return rc;
}

/* A call tree's node depends on its caller's, so per location only the
 * infos (and their hashes) of its frames are worked out once. */
struct locinfos {
	struct node_info *infos;
	uint32_t *hashes;
	uint32_t n;
};

static int map_location_infos(struct graph *g, const struct profile *p,
			      const struct graph_opts *o, struct locinfos *li)
{
	for (size_t i = 0; i < p->n_locations; i++) {
		const struct location *l = p->locations[i];
		uint32_t nl = l->n_lines ? l->n_lines : 1, first = graph_first_line(l, o);
		li[i].n = nl - first;
		li[i].infos = arena_alloc(&g->arena, li[i].n * sizeof *li[i].infos);
		li[i].hashes = arena_alloc(&g->arena, li[i].n * sizeof *li[i].hashes);
		if (!li[i].infos || !li[i].hashes)
			return -1;
		for (uint32_t j = first; j < nl; j++) {
			struct node_info *info = &li[i].infos[j - first];
			if (!graph_node_info(l, l->n_lines ? &l->lines[j] : NULL, o, info, g))
				return -1;
			li[i].hashes[j - first] = hash_info(g, info);
		}
	}
	return 0;
}

/* The sample a call tree is walking, with what every frame adds. */
struct tree_walk {
	const struct profile *p;
	const struct sample *s;
	const char *labels;
	int64_t w, dw;
};

/* One frame of a sample in a call tree: its node under parent gets the
 * sample's cum, and the edge from parent its weight.  A node occurs once
 * per path, so nothing is counted twice and no stamps are needed. */
static struct graph_node *tree_frame(struct graph *g, const struct graph_opts *o,
				     const struct tree_walk *t, struct graph_node *parent,
				     const struct locinfos *li, uint32_t ni)
{
	struct graph_node *n = find_or_insert(g, parent, &li->infos[ni],
					      hash_key(parent, li->hashes[ni]));
	if (!n)
		return NULL;
	n->cum += t->w;
	n->cum_div += t->dw;
	if (o->track_tags)
		tag_add(g, o, n, t->p, t->s, t->labels, t->w, t->dw, false);
	if (parent && !o->no_edges) {
		struct graph_edge *e = edge_get(g, parent, n, true);
		if (!e)
			return NULL;
		e->weight += t->w;
		e->weight_div += t->dw;
		/* Only the frames a location inlined into its last one are
		 * reached by an inline call. */
		if (ni == li->n - 1)
			e->inline_ = false;
	}
	return n;
}

/* pprof's newTree. */
static int build_tree(struct graph *g, const struct profile *p, const struct graph_opts *o)
{
	struct locinfos *li = calloc(p->n_locations + 1, sizeof *li);
	if (!li || map_location_infos(g, p, o, li) < 0)
		goto fail;
	for (size_t si = 0; si < p->n_samples; si++) {
		const struct sample *s = &p->samples[si];
		struct tree_walk t = { .p = p, .s = s, .labels = "", .w = sample_value(p, s, o->sample_index) };
		struct graph_node *parent = NULL;
		if (o->mean_index >= 0)
			t.dw = sample_value(p, s, o->mean_index);
		if (t.w == 0 && t.dw == 0)
			continue;
		if (o->track_tags)
			t.labels = join_labels(g, p, s);
		for (uint32_t i = s->n_locs; i-- > 0;) {
			size_t slot = sample_loc(p, s, i);
			if (slot >= p->n_locations)
				continue;
			for (uint32_t ni = li[slot].n; ni-- > 0;)
				if (!(parent = tree_frame(g, o, &t, parent, &li[slot], ni)))
					goto fail;
		}
		if (parent) {
			parent->flat += t.w;
			parent->flat_div += t.dw;
			if (o->track_tags)
				tag_add(g, o, parent, p, s, t.labels, t.w, t.dw, true);
		}
	}
	free(li);
	return 0;
fail:
	free(li);
	return -1;
}

struct graph *graph_build(const struct profile *p, const struct graph_opts *o,
			  const struct graph *prev)
{
	struct graph *g = calloc(1, sizeof *g);

	if (!g)
		return NULL;
	arena_init(&g->arena);
	g->out_only = o->out_edges_only;
	g->opts = *o;
	/* Only add_samples_marks makes unlisted edges (and their stamp is
	 * 32 bits). */
	g->unlisted = o->edges_unlisted && o->edges_into_inlined && !o->call_tree &&
		      !o->track_tags && !o->edges_of && p->n_samples < UINT32_MAX;
	g->clean_files = malloc(sizeof *g->clean_files);
	if (!g->clean_files || idmap_init(g->clean_files, p->n_functions) < 0) {
		free(g->clean_files);
		g->clean_files = NULL;
	}
	/* room for every function's name and file, and the mappings' files */
	size_t slots = 64;
	while (slots < 2 * (p->n_functions + p->n_mappings) && slots < ((size_t)1 << 20))
		slots *= 2;
	if ((g->hmemo = calloc(slots, sizeof *g->hmemo)) != NULL)
		g->hmemo_mask = slots - 1;
	if ((o->call_tree ? build_tree(g, p, o) : build_graph(g, p, o, prev)) < 0)
		goto fail;
	g->nodes = malloc((g->n_all + 1) * sizeof *g->nodes);
	if (!g->nodes) {
		graph_free(g);
		return NULL;
	}
	for (size_t i = 0; i < g->n_all; i++) {
		struct graph_node *n = g->all[i];
		if (n->cum == 0 && n->flat == 0)
			continue;
		if (o->drop_negative && (n->flat < 0 || (n->flat == 0 && n->cum < 0)))
			continue;
		g->nodes[g->n_nodes++] = n;
	}
	return g;
fail:
	graph_free(g);
	return NULL;
}

void graph_free(struct graph *g)
{
	if (!g)
		return;
	for (size_t i = 0; g->has_tags && i < g->n_all; i++)
		free(g->all[i]->tags);
	if (g->clean_files) {
		idmap_free(g->clean_files);
		free(g->clean_files);
	}
	free(g->all);
	free(g->hash);
	free(g->etab);
	free(g->utab.v);
	free(g->loc_first);
	free(g->loc_more);
	free(g->wanted);
	free(g->echunks);
	free(g->hmemo);
	free(g->nodes);
	arena_free(&g->arena);
	free(g);
}

const char *graph_node_name(struct graph *g, struct graph_node *n)
{
	if (n->pname)
		return n->pname;
	const struct node_info *i = &n->info;
	size_t nl = strlen(i->name);
	size_t len = nl + strlen(i->file) + strlen(i->objfile) + 64;
	char *s = arena_alloc(&g->arena, len), *w = s;
	if (!s)
		return "<oom>";
	*w = '\0';
	if (i->address) {
		for (int k = 15; k >= 0; k--)
			*w++ = "0123456789abcdef"[(i->address >> (4 * k)) & 15];
		*w = '\0';
	}
	if (nl) {
		if (w != s)
			*w++ = ' ';
		memcpy(w, i->name, nl + 1);
		w += nl;
	}
	const char *sep = w != s ? " " : "";
	if (i->lineno) {
		/* "file:line", without printf: -raw and -callgrind name every
		 * node so */
		size_t fl = strlen(i->file);
		if (*sep)
			*w++ = ' ';
		memcpy(w, i->file, fl);
		w += fl;
		*w++ = ':';
		uint64_t v = i->lineno < 0 ? -(uint64_t)i->lineno : (uint64_t)i->lineno;
		char d[24], *e = d + sizeof d;
		do
			*--e = (char)('0' + v % 10);
		while (v /= 10);
		if (i->lineno < 0)
			*--e = '-';
		memcpy(w, e, (size_t)(d + sizeof d - e));
		w[d + sizeof d - e] = '\0';
	} else if (*i->file)
		sprintf(w, "%s%s", sep, i->file);
	else if (*i->name)
		;
	else if (*i->objfile) {
		const char *b = strrchr(i->objfile, '/');
		sprintf(w, "%s[%s]", sep, b ? b + 1 : i->objfile);
	} else
		sprintf(w, "%s<unknown>", sep);
	n->pname = s;
	return s;
}

int64_t graph_node_flat(const struct graph_node *n)
{
	return n->flat_div ? n->flat / n->flat_div : n->flat;
}

int64_t graph_node_cum(const struct graph_node *n)
{
	return n->cum_div ? n->cum / n->cum_div : n->cum;
}

/* fmt.Sprint of a NodeInfo, pprof's last-resort tiebreak. */
static void info_sprint(const struct node_info *i, char *buf, size_t n)
{
	snprintf(buf, n, "{%s %s %llu %s %lld %lld %s}", i->name, i->orig_name,
		 (unsigned long long)i->address, i->file, (long long)i->start_line,
		 (long long)i->lineno, i->objfile);
}

/* pprof's node orders all compare |first| descending, then the printable
 * name, then |second| descending, then fmt.Sprint of the node info:
 * flat order is (flat, cum), cum order (cum, flat), entropy (score, flat). */
struct sort_key {
	struct graph_node *n;
	int64_t first, second;
	const char *name;	/* printable */
	uint64_t pre[2];	/* its first 16 bytes, big-endian, 0-padded */
};

static void pack_prefix(const char *s, uint64_t pre[2]);

/* The key's printable name, made when a comparison first needs it. */
static void key_name(struct graph *g, struct sort_key *k)
{
	if (!k->name) {
		k->name = graph_node_name(g, k->n);
		pack_prefix(k->name, k->pre);
	}
}

/* The order of two nodes' printable names when their addresses decide it
 * (a name with an address starts with it in 16 hex digits, so two
 * different addresses order as numbers); 0 when the names must. */
static int address_order(const struct graph_node *a, const struct graph_node *b)
{
	uint64_t x = a->info.address, y = b->info.address;
	if (x && y && x != y)
		return x < y ? -1 : 1;
	return 0;
}

/* strcmp's order of the names, mostly decided without them: by the
 * addresses, else by the packed prefixes, a prefix holding a NUL being
 * the whole name. */
static int cmp_names(struct graph *g, struct sort_key *l, struct sort_key *r)
{
	int c = address_order(l->n, r->n);
	if (c)
		return c;
	key_name(g, l);
	key_name(g, r);
	for (int i = 0; i < 2; i++)
		if (l->pre[i] != r->pre[i])
			return l->pre[i] < r->pre[i] ? -1 : 1;
	if (strnlen(l->name, 16) < 16)
		return 0;
	return strcmp(l->name + 16, r->name + 16);
}

static void pack_prefix(const char *s, uint64_t pre[2])
{
	pre[0] = pre[1] = 0;
	for (int i = 0; i < 16 && s[i]; i++)
		pre[i / 8] |= (uint64_t)(unsigned char)s[i] << (8 * (7 - i % 8));
}

/* The keys are sort_by's own array: names are cached in them. */
static int cmp_keys(struct graph *g, struct sort_key *l, struct sort_key *r)
{
	int64_t lv = abs64(l->first), rv = abs64(r->first);
	if (lv != rv)
		return lv > rv ? -1 : 1;
	int c = cmp_names(g, l, r);
	if (c)
		return c;
	lv = abs64(l->second);
	rv = abs64(r->second);
	if (lv != rv)
		return lv > rv ? -1 : 1;
	char lb[1024], rb[1024];
	info_sprint(&l->n->info, lb, sizeof lb);
	info_sprint(&r->n->info, rb, sizeof rb);
	return strcmp(lb, rb);
}

/* What most comparisons of a big graph's nodes need, small and side by
 * side: sort_by merges these, and calls cmp_keys on the whole keys only
 * when |first| and the addresses do not decide. */
struct quick_key {
	int64_t abs_first;
	uint64_t address;
	uint32_t i;	/* the whole key's index */
};

/* What a sort compares within: the graph (for names) and the whole
 * keys; passed down, so that sorts on two threads never meet. */
struct sort_ctx {
	struct graph *g;
	struct sort_key *keys;
};

static inline int cmp_quick(const struct sort_ctx *c, const struct quick_key *l,
			    const struct quick_key *r)
{
	if (l->abs_first != r->abs_first)
		return l->abs_first > r->abs_first ? -1 : 1;
	if (l->address && r->address && l->address != r->address)
		return l->address < r->address ? -1 : 1;
	return cmp_keys(c->g, &c->keys[l->i], &c->keys[r->i]);
}

/* Stable merge sort (qsort's order: glibc's is a stable merge sort too),
 * runs of up to 8 by insertion; tmp holds n / 2. */
static void merge_sort(const struct sort_ctx *c, struct quick_key *a, struct quick_key *tmp,
		       size_t n)
{
	if (n <= 8) {
		for (size_t i = 1; i < n; i++) {
			struct quick_key k = a[i];
			size_t j = i;
			for (; j > 0 && cmp_quick(c, &k, &a[j - 1]) < 0; j--)
				a[j] = a[j - 1];
			a[j] = k;
		}
		return;
	}
	size_t h = n / 2;
	merge_sort(c, a, tmp, h);
	merge_sort(c, a + h, tmp, n - h);
	if (cmp_quick(c, &a[h], &a[h - 1]) >= 0)
		return;	/* already in order */
	memcpy(tmp, a, h * sizeof *tmp);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		a[k++] = cmp_quick(c, &a[j], &tmp[i]) < 0 ? a[j++] : tmp[i++];
	while (i < h)
		a[k++] = tmp[i++];
}

/* Sorts g->nodes by the keys filled in by key(). */
static void sort_by(struct graph *g, void (*key)(struct sort_key *))
{
	size_t n = g->n_nodes;
	if (n > UINT32_MAX)
		return;
	struct sort_key *k = malloc((n + 1) * sizeof *k);
	struct quick_key *q = malloc((n + 1) * sizeof *q), *tmp = malloc((n / 2 + 1) * sizeof *tmp);
	if (!k || !q || !tmp) {
		free(k);
		free(q);
		free(tmp);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		k[i].n = g->nodes[i];
		key(&k[i]);
		k[i].name = NULL;
		q[i] = (struct quick_key){ abs64(k[i].first), k[i].n->info.address, (uint32_t)i };
	}
	merge_sort(&(struct sort_ctx){ g, k }, q, tmp, n);
	for (size_t i = 0; i < n; i++)
		g->nodes[i] = k[q[i].i].n;
	free(k);
	free(q);
	free(tmp);
}

static void flat_key(struct sort_key *k)
{
	k->first = k->n->flat;
	k->second = k->n->cum;
}

static void cum_key(struct sort_key *k)
{
	k->first = k->n->cum;
	k->second = k->n->flat;
}

void graph_sort(struct graph *g, enum graph_order order)
{
	sort_by(g, order == GRAPH_FLAT_NAME ? flat_key : cum_key);
}

/* strcmp of two nodes' printable names, made only when needed: a node
 * is its own name, and addresses may decide. */
static int node_name_cmp(struct graph *g, struct graph_node *a, struct graph_node *b)
{
	if (a == b)
		return 0;
	int c = address_order(a, b);
	if (c)
		return c;
	return strcmp(graph_node_name(g, a), graph_node_name(g, b));
}

static int cmp_edges(struct graph *g, const struct graph_edge *l, const struct graph_edge *r)
{
	/* pprof compares |weights| only when the weights differ, so w and -w
	 * are "equal" without looking at names. */
	if (l->weight != r->weight) {
		if (abs64(l->weight) == abs64(r->weight))
			return 0;
		return abs64(l->weight) > abs64(r->weight) ? -1 : 1;
	}
	int c = node_name_cmp(g, l->src, r->src);
	return c ? c : node_name_cmp(g, l->dst, r->dst);
}

/* Stable (insertion order breaks ties, as pprof's map order mostly does). */
void graph_sort_edges(struct graph *g, struct graph_edge **e, size_t n)
{
	if (n < 2)
		return;
	struct graph_edge **tmp = n > 8 ? malloc(n * sizeof *tmp) : NULL;
	if (!tmp) {
		/* few edges (most nodes), or no memory: insertion, stable too */
		for (size_t i = 1; i < n; i++)
			for (size_t j = i; j > 0 && cmp_edges(g, e[j], e[j - 1]) < 0; j--) {
				struct graph_edge *t = e[j];
				e[j] = e[j - 1];
				e[j - 1] = t;
			}
		return;
	}
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				tmp[k++] = cmp_edges(g, e[b], e[a]) < 0 ? e[b++] : e[a++];
			while (a < mid)
				tmp[k++] = e[a++];
			while (b < hi)
				tmp[k++] = e[b++];
		}
		memcpy(e, tmp, n * sizeof *e);
	}
	free(tmp);
}

/* Marks the graph's nodes (those in g->nodes, not every node made):
 * a bit per node index; NULL when out of memory. */
static uint8_t *node_set(const struct graph *g)
{
	uint8_t *in = calloc(g->n_all / 8 + 1, 1);
	for (size_t i = 0; in && i < g->n_nodes; i++)
		in[g->nodes[i]->idx / 8] |= (uint8_t)(1u << (g->nodes[i]->idx % 8));
	return in;
}

static bool in_set(const uint8_t *set, const struct graph_node *n)
{
	return set[n->idx / 8] & (1u << (n->idx % 8));
}

int graph_trim_edges(struct graph *g, int64_t cutoff)
{
	int dropped = 0;
	if (g->unlisted) {
		uint8_t *set = node_set(g);
		for (size_t k = 0; set && k < g->utab.cap; k++) {
			struct graph_uedge *e = &g->utab.v[k];
			if (e->src && !e->removed && in_set(set, g->all[e->dst - 1]) &&
			    abs64(e->weight) < cutoff) {
				e->removed = true;
				dropped++;
			}
		}
		free(set);
		return dropped;
	}
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct graph_node *n = g->nodes[i];
		for (uint32_t j = 0; j < n->n_in; j++) {
			struct graph_edge *e = n->in[j];
			if (!e->removed && abs64(e->weight) < cutoff) {
				e->removed = true;
				dropped++;
			}
		}
	}
	/* Compact the in/out arrays of every node. */
	for (size_t i = 0; i < g->n_all; i++) {
		struct graph_node *n = g->all[i];
		uint32_t k = 0;
		for (uint32_t j = 0; j < n->n_in; j++)
			if (!n->in[j]->removed)
				n->in[k++] = n->in[j];
		n->n_in = k;
		k = 0;
		for (uint32_t j = 0; j < n->n_out; j++)
			if (!n->out[j]->removed)
				n->out[k++] = n->out[j];
		n->n_out = k;
	}
	return dropped;
}

void graph_inline_marks(struct graph *g)
{
	for (size_t i = 0; i < g->n_all; i++) {
		struct graph_node *n = g->all[i];
		n->in_inline = n->in_noinline = false;
		for (uint32_t j = 0; j < n->n_in; j++) {
			if (n->in[j]->removed)
				continue;
			if (n->in[j]->inline_)
				n->in_inline = true;
			else
				n->in_noinline = true;
		}
	}
	for (size_t k = 0; g->unlisted && k < g->utab.cap; k++) {
		const struct graph_uedge *e = &g->utab.v[k];
		if (!e->src || e->removed)
			continue;
		if (e->inline_)
			g->all[e->dst - 1]->in_inline = true;
		else
			g->all[e->dst - 1]->in_noinline = true;
	}
}

int64_t graph_flat_sum(const struct graph *g)
{
	int64_t s = 0;
	for (size_t i = 0; i < g->n_nodes; i++)
		s += g->nodes[i]->flat;
	return s;
}

static double edge_entropy(struct graph_edge **e, uint32_t n, int64_t self)
{
	double score = 0;
	int64_t total = self;
	for (uint32_t i = 0; i < n; i++)
		if (e[i]->weight > 0)
			total += abs64(e[i]->weight);
	if (total != 0) {
		for (uint32_t i = 0; i < n; i++) {
			double f = (double)abs64(e[i]->weight) / (double)total;
			score += -f * log2(f);
		}
		if (self > 0) {
			double f = (double)abs64(self) / (double)total;
			score += -f * log2(f);
		}
	}
	return score;
}

static int64_t entropy_score(const struct graph_node *n)
{
	double score = 0;
	score += n->n_in == 0 ? 1 : edge_entropy(n->in, n->n_in, 0);
	score += n->n_out == 0 ? 1 : edge_entropy(n->out, n->n_out, n->flat);
	return (int64_t)(score * (double)n->cum) + n->flat;
}

static void entropy_key(struct sort_key *k)
{
	k->first = entropy_score(k->n);
	k->second = k->n->flat;
}

void graph_sort_entropy(struct graph *g)
{
	sort_by(g, entropy_key);
}

void graph_trim_tags(struct graph *g, int64_t cutoff)
{
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct graph_node *n = g->nodes[i];
		uint32_t k = 0;
		for (uint32_t j = 0; j < n->n_tags; j++)
			if (abs64(n->tags[j].flat) >= cutoff || abs64(n->tags[j].cum) >= cutoff)
				n->tags[k++] = n->tags[j];
		n->n_tags = k;
	}
}

static void edge_remove(struct graph_edge *e)
{
	struct graph_node *s = e->src, *d = e->dst;
	e->removed = true;
	for (uint32_t i = 0; i < s->n_out; i++)
		if (s->out[i] == e) {
			memmove(s->out + i, s->out + i + 1, (s->n_out - i - 1) * sizeof *s->out);
			s->n_out--;
			break;
		}
	for (uint32_t i = 0; i < d->n_in; i++)
		if (d->in[i] == e) {
			memmove(d->in + i, d->in + i + 1, (d->n_in - i - 1) * sizeof *d->in);
			d->n_in--;
			break;
		}
}

/* Takes n out of its call tree: its callees hang from its caller by
 * residual edges (inline only if both calls were), or become roots.  The
 * moved edges keep their weights; the edge hash, used only while building,
 * is not updated. */
static int tree_splice(struct graph *g, struct graph_node *n)
{
	/* Every tree node was made under one parent; trimming keeps it so. */
	assert(n->n_in <= 1);
	if (n->n_in == 0) {
		while (n->n_out)
			edge_remove(n->out[n->n_out - 1]);
		return 0;
	}
	struct graph_edge *up = n->in[0];
	struct graph_node *parent = up->src;
	bool inline_ = up->inline_;
	edge_remove(up);
	for (uint32_t i = 0; i < n->n_out; i++) {
		struct graph_edge *e = n->out[i];
		e->src = parent;
		e->residual = true;
		e->inline_ = inline_ && e->inline_;
		if (node_add_edge(g, &parent->out, &parent->n_out, &parent->cap_out, e) < 0)
			return -1;
	}
	n->n_out = 0;
	return 0;
}

int graph_trim_tree(struct graph *g)
{
	size_t k = 0;
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct graph_node *n = g->nodes[i];
		if (n->kept)
			g->nodes[k++] = n;
		else if (tree_splice(g, n) < 0)
			return -1;
	}
	g->n_nodes = k;
	return 0;
}

/* Is there another path from e's source to its destination? */
static bool redundant(struct graph *g, struct graph_edge *e)
{
	struct graph_node *src = e->src;
	struct graph_node **queue = malloc((g->n_all + 1) * sizeof *queue);
	size_t head = 0, tail = 0;
	bool found = false;
	if (!queue)
		return false;
	for (size_t i = 0; i < g->n_all; i++)
		g->all[i]->kept = false;
	e->dst->kept = true;
	queue[tail++] = e->dst;
	while (head < tail && !found) {
		struct graph_node *n = queue[head++];
		for (uint32_t i = 0; i < n->n_in; i++) {
			struct graph_edge *ie = n->in[i];
			if (ie == e || ie->src->kept)
				continue;
			if (ie->src == src) {
				found = true;
				break;
			}
			ie->src->kept = true;
			queue[tail++] = ie->src;
		}
	}
	free(queue);
	return found;
}

void graph_remove_redundant_edges(struct graph *g)
{
	for (size_t i = g->n_nodes; i > 0; i--) {
		struct graph_node *n = g->nodes[i - 1];
		uint32_t nin = n->n_in;
		struct graph_edge **in = malloc((nin + 1) * sizeof *in);
		if (!in)
			return;
		if (nin)
			memcpy(in, n->in, nin * sizeof *in);
		graph_sort_edges(g, in, nin);
		for (uint32_t j = nin; j > 0; j--) {
			struct graph_edge *e = in[j - 1];
			if (!e->residual)
				break;
			if (redundant(g, e))
				edge_remove(e);
		}
		free(in);
	}
}
