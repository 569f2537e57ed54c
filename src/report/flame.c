/* flame: the call tree of a profile (see flame.h).  Nodes live in one
 * array; (parent, name) pairs are found through an open-addressing hash
 * of node indexes; names are interned, so a pair compares by pointer. */
#include "report/flame.h"

#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "base/rx.h"
#include "profile/profile_labels.h"

static uint64_t pair_hash(uint32_t parent, const char *name)
{
	return idmap_mix(((uint64_t)parent << 32) ^ (uint64_t)(uintptr_t)name);
}

/* The (parent, name) pairs are kept in the hash slots themselves, so a
 * lookup touches one slot and no node. */
static int grow_hash(struct flame *f)
{
	size_t cap = f->hash_cap ? f->hash_cap * 2 : 1024;
	struct flame_slot *h = calloc(cap, sizeof *h);
	if (!h)
		return -1;
	for (size_t i = 0; i < f->hash_cap; i++) {
		struct flame_slot *o = &f->hash[i];
		if (!o->node)
			continue;
		size_t k = pair_hash(o->parent, o->name) & (cap - 1);
		while (h[k].node)
			k = (k + 1) & (cap - 1);
		h[k] = *o;
	}
	free(f->hash);
	f->hash = h;
	f->hash_cap = cap;
	return 0;
}

/* Makes the child of parent named name, whose pair belongs in hash slot
 * k; 0 when out of memory. */
static uint32_t new_child(struct flame *f, size_t k, uint32_t parent, const char *name)
{
	if (f->n == f->cap) {
		size_t cap = f->cap * 2;
		struct flame_node *v = realloc(f->v, cap * sizeof *v);
		if (!v)
			return 0;
		f->v = v;
		f->cap = cap;
	}
	uint32_t i = (uint32_t)f->n++;
	memset(&f->v[i], 0, sizeof f->v[i]);
	f->v[i].name = name;
	f->v[i].parent = parent;
	f->v[i].depth = f->v[parent].depth + 1;
	f->hash[k] = (struct flame_slot){ i, parent, name };
	f->hash_n++;
	return i;
}

/* The child of parent named name (an interned pointer), made if new; 0
 * when out of memory.  The lookup is inline: the flame view's passes
 * make one per frame they walk. */
static inline uint32_t child(struct flame *f, uint32_t parent, const char *name)
{
	if ((f->hash_n + 1) * 2 > f->hash_cap && grow_hash(f) < 0)
		return 0;
	size_t mask = f->hash_cap - 1, k = pair_hash(parent, name) & mask;
	for (; f->hash[k].node; k = (k + 1) & mask)
		if (f->hash[k].parent == parent && f->hash[k].name == name)
			return f->hash[k].node;
	return new_child(f, k, parent, name);
}

/* A location's frame names, outermost first: most locations have one,
 * held in the entry itself, so that a frame costs one random read. */
struct locframes {
	const void *p;	/* count 1: the name; more: an array of them */
	uint32_t count;
};

static inline const char *frame_name(const struct locframes *lf, uint32_t k)
{
	return lf->count == 1 ? lf->p : ((const char *const *)lf->p)[k];
}

/* Frame names of every location, interned once: locs[slot]. */
struct frames {
	struct locframes *locs;
	/* One scratch graph for graph_node_info's file cleaning and
	 * graph_node_name's room, for every location. */
	struct graph g;
	/* When a line's name shows nothing of it but its function's (no
	 * address, line number or object file), the names by function:
	 * locations mostly share their functions. */
	bool by_function;
	struct idmap fn_names;
};

static int frames_init(struct frames *fr, const struct profile *p, const struct graph_opts *o)
{
	memset(fr, 0, sizeof *fr);
	arena_init(&fr->g.arena);
	fr->by_function = o->keep_function && !o->keep_address && !o->keep_line &&
			  !o->obj_names;
	fr->locs = calloc(p->n_locations + 1, sizeof *fr->locs);
	if (!fr->locs ||
	    (fr->by_function && idmap_init(&fr->fn_names, p->n_functions) < 0))
		return -1;
	return 0;
}

static void frames_free(struct frames *fr)
{
	free(fr->locs);
	arena_free(&fr->g.arena);
	if (fr->by_function)
		idmap_free(&fr->fn_names);
}

/* The interned name of line ln of l (NULL: a location without lines). */
static const char *line_name(struct flame *f, const struct location *l, const struct line *ln,
			     const struct graph_opts *o, struct frames *fr)
{
	bool memo = fr->by_function && ln && ln->fn && *ln->fn->name;
	if (memo) {
		const char *name = idmap_get(&fr->fn_names, (uintptr_t)ln->fn);
		if (name)
			return name;
	}
	struct graph_node tmp;
	memset(&tmp, 0, sizeof tmp);
	graph_node_info(l, ln, o, &tmp.info, &fr->g);
	const char *name = strtab_intern_cstr(&f->names, graph_node_name(&fr->g, &tmp));
	if (name && memo && idmap_put(&fr->fn_names, (uintptr_t)ln->fn, (void *)name) < 0)
		return NULL;
	return name;
}

/* The frame names of one location, outermost first, into fr (slot). */
static int location_names(struct flame *f, const struct location *l,
			  const struct graph_opts *o, struct frames *fr, size_t slot)
{
	uint32_t nl = l->n_lines ? l->n_lines : 1;
	uint32_t first = graph_first_line(l, o);
	const char *one;
	const char **v = nl - first == 1 ? &one : arena_alloc(&f->arena, (nl - first) * sizeof *v);
	uint32_t k = 0;
	int rc = v ? 0 : -1;
	for (uint32_t j = nl; rc == 0 && j-- > first;) {	/* outermost first */
		const char *name = line_name(f, l, l->n_lines ? &l->lines[j] : NULL, o, fr);
		if (!name)
			rc = -1;
		else
			v[k++] = name;
	}
	if (rc == 0)
		fr->locs[slot] = (struct locframes){ k == 1 ? (const void *)v[0] : (const void *)v, k };
	return rc;
}

static int frame_names(struct flame *f, const struct profile *p, const struct graph_opts *o,
		       struct frames *fr)
{
	int rc = frames_init(fr, p, o);
	for (size_t i = 0; i < p->n_locations && rc == 0; i++)
		rc = location_names(f, p->locations[i], o, fr, i);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Links each node's children in name order, in time linear in the nodes:
 * the distinct names are few and sorted once, then the nodes are bucketed
 * by their name's rank and pushed onto their parents' lists from the last
 * rank to the first. */
static int link_children(struct flame *f)
{
	struct idmap rank;	/* interned name -> rank + 1 */
	const char **names = malloc((f->n + 1) * sizeof *names);
	uint32_t *count = NULL, *order = NULL;
	size_t nn = 0;
	int rc = -1;
	if (!names || idmap_init(&rank, 1024) < 0) {
		free(names);
		return -1;
	}
	for (size_t i = 1; i < f->n; i++)
		if (!idmap_get(&rank, (uintptr_t)f->v[i].name)) {
			if (idmap_put(&rank, (uintptr_t)f->v[i].name, (void *)1) < 0)
				goto out;
			names[nn++] = f->v[i].name;
		}
	qsort(names, nn, sizeof *names, cmp_str);
	for (size_t r = 0; r < nn; r++)
		if (idmap_put(&rank, (uintptr_t)names[r], (void *)(uintptr_t)(r + 1)) < 0)
			goto out;
	count = calloc(nn + 1, sizeof *count);
	order = malloc((f->n + 1) * sizeof *order);
	if (!count || !order)
		goto out;
	for (size_t i = 1; i < f->n; i++)
		count[(uintptr_t)idmap_get(&rank, (uintptr_t)f->v[i].name)]++;
	for (size_t r = 1; r <= nn; r++)
		count[r] += count[r - 1];
	for (size_t i = f->n; i-- > 1;)
		order[--count[(uintptr_t)idmap_get(&rank, (uintptr_t)f->v[i].name)]] = (uint32_t)i;
	for (size_t k = f->n - 1; k-- > 0;) {
		struct flame_node *c = &f->v[order[k]];
		c->next = f->v[c->parent].child;
		f->v[c->parent].child = order[k];
	}
	rc = 0;
out:
	idmap_free(&rank);
	free(names);
	free(count);
	free(order);
	return rc;
}

/* Adds one sample's path of names (root first) with its value, to the
 * leaf alone: tree_done sums the subtrees into cum (in a tree, a node's
 * cum is its subtree's own values, each sample counted once). */
static int add_path(struct flame *f, const char *const *names, uint32_t n, int64_t v, bool base)
{
	uint32_t node = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!(node = child(f, node, names[i])))
			return -1;
	struct flame_node *x = &f->v[node];
	if (base) {
		x->base_cum -= v;	/* base samples are negated */
		f->diff = true;
	} else {
		x->flat += v;
		x->cum += v;
	}
	return 0;
}

static int tree_init(struct flame *f)
{
	memset(f, 0, sizeof *f);
	arena_init(&f->arena);
	f->cap = 1024;
	f->v = calloc(f->cap, sizeof *f->v);
	if (!f->v || strtab_init(&f->names, &f->arena) < 0)
		return -1;
	f->n = 1;
	f->v[0].name = "";
	return 0;
}

static int tree_done(struct flame *f)
{
	free(f->hash);
	f->hash = NULL;
	f->hash_cap = 0;
	/* Children come after their parents: one backward pass sums them. */
	for (size_t i = f->n; i-- > 1;) {
		struct flame_node *x = &f->v[i], *p = &f->v[x->parent];
		p->cum += x->cum;
		p->base_cum += x->base_cum;
	}
	return link_children(f);
}

/* A sample's value at index si, divided by index mi's unless -1. */
static int64_t sample_mean(const struct profile *p, const struct sample *sm, int si, int mi)
{
	int64_t v = sample_value(p, sm, (size_t)si), d = mi >= 0 ? sample_value(p, sm, (size_t)mi) : 0;
	return d ? v / d : v;
}

/* Walks p's samples with their names root first: fn(names, n, value,
 * base, arg) for each sample with a value.  Names are interned in f. */
static int each_sample(struct flame *f, const struct profile *p, int si, int mi,
		       const struct graph_opts *o,
		       int (*fn)(const char **names, uint32_t n, int64_t v, bool base, void *arg),
		       void *arg)
{
	struct frames fr;
	const char **path = NULL;
	size_t cap = 0;
	int rc = frame_names(f, p, o, &fr);
	for (size_t s = 0; s < p->n_samples && rc == 0; s++) {
		const struct sample *sm = &p->samples[s];
		int64_t v = sample_mean(p, sm, si, mi);
		if (v == 0)
			continue;
		uint32_t n = 0;
		for (uint32_t i = sm->n_locs; i-- > 0 && rc == 0;) {
			size_t slot = sample_loc(p, sm, i);
			for (uint32_t k = 0; k < fr.locs[slot].count; k++) {
				if (n == cap) {
					cap = cap ? cap * 2 : 64;
					const char **np = realloc(path, cap * sizeof *np);
					if (!np) {
						rc = -1;
						break;
					}
					path = np;
				}
				path[n++] = frame_name(&fr.locs[slot], k);
			}
		}
		if (rc == 0)
			rc = fn(path, n, v, sample_is_diff_base(p, sm), arg);
	}
	frames_free(&fr);
	free(path);
	return rc;
}

/* A sample on its way down the tree, one level a pass: its node so far
 * and its next frame: location `left - 1` of its frames (leaf first, so
 * counting down from the root) and frame `frame` of that location's
 * names.  32 bytes: a pass streams through every walker twice, and the
 * walkers are most of what a pass reads. */
struct walker {
	const void *frames;	/* the sample's frames: 16 or 32 bits (narrow) */
	int64_t v;
	uint32_t node;
	uint32_t left;		/* locations not yet passed; 0 at the leaf */
	uint32_t frame;
	bool base;
};

/* The location slot of the walker's next frame. */
static inline uint32_t walker_slot(bool narrow, const struct walker *w)
{
	if (narrow) {
		uint16_t s = ((const uint16_t *)w->frames)[w->left - 1];
		return s == 0xffff ? PROFILE_NO_SLOT : s;
	}
	return ((const uint32_t *)w->frames)[w->left - 1];
}

/* A pass's sums for the nodes it makes (all of its walkers' nodes are
 * new: a pass makes the nodes of one depth): dense, so that they stay in
 * the cache where the nodes themselves would not; added to the nodes once
 * the pass is done. */
struct sums {
	int64_t cum, base_cum, flat;
};

static int sums_room(struct sums **a, size_t *cap, size_t need)
{
	if (need < *cap)
		return 0;
	size_t ncap = *cap ? *cap : 1024;
	while (ncap <= need)
		ncap *= 2;
	struct sums *n = realloc(*a, ncap * sizeof *n);
	if (!n)
		return -1;
	memset(n + *cap, 0, (ncap - *cap) * sizeof *n);
	*a = n;
	*cap = ncap;
	return 0;
}

/* Adds the walker's value to the cum (or base_cum) of a node on its
 * path. */
static void walker_add(struct sums *x, const struct walker *w)
{
	if (w->base)
		x->base_cum -= w->v;	/* base samples are negated */
	else
		x->cum += w->v;
}

/* Whether the walkers at a node go on down: the node is wide enough. */
static bool wide(const struct sums *x, int64_t min)
{
	int64_t c = x->cum < 0 ? -x->cum : x->cum;
	return c >= min || x->base_cum >= min;
}

/* Breadth first: each pass moves every walker one frame down, then the
 * walkers whose node is narrower than min_share of the total stop there
 * (the node keeps their value in its cum; below it is left out).  With
 * min_share 0 the tree is whole.  A view gets its tree in time that
 * follows the frames it can draw, not the profile's distinct stacks.
 * Every location is named first, in slot order: in the order of the
 * walk, the same naming reads the locations at random. */
int flame_build(struct flame *f, const struct profile *p, int si, int mi,
		const struct graph_opts *o, double min_share, struct rt_error *err)
{
	struct frames fr;
	struct walker *w = NULL;
	struct sums *acc = NULL;
	size_t n = 0, acc_cap = 0;
	memset(&fr, 0, sizeof fr);	/* (frames_free's, whatever fails) */
	int rc = tree_init(f);
	if (rc == 0 && frame_names(f, p, o, &fr) < 0)
		rc = -1;
	if (rc == 0) {
		w = malloc((p->n_samples + 1) * sizeof *w);
		rc = w ? 0 : -1;
	}
	int64_t total = 0;
	for (size_t s = 0; s < p->n_samples && rc == 0; s++) {
		const struct sample *sm = &p->samples[s];
		int64_t v = sample_mean(p, sm, si, mi);
		if (v == 0)
			continue;
		bool base = sample_is_diff_base(p, sm);
		if (base) {
			f->v[0].base_cum -= v;	/* base samples are negated */
			f->diff = true;
		} else {
			f->v[0].cum += v;
			total += v < 0 ? -v : v;
		}
		if (!sm->n_locs) {	/* no frames at all: flat at the root */
			if (!base)
				f->v[0].flat += v;
			continue;
		}
		w[n++] = (struct walker){ .frames = sample_frames(p, sm), .v = v, .left = sm->n_locs,
					  .base = base };
	}
	int64_t min = (int64_t)((double)total * min_share);
	while (n && rc == 0) {
		/* Every walker moves to its child.  All are at nodes of the
		 * same depth, so a (parent, name) pair is only ever looked up
		 * in one pass: the pairs table holds that pass's pairs alone, a
		 * few thousand where the tree has tens of thousands of nodes,
		 * and stays in the cache with the nodes it makes. */
		if (f->hash_cap)
			memset(f->hash, 0, f->hash_cap * sizeof *f->hash);
		f->hash_n = 0;
		uint32_t first = (uint32_t)f->n, last_parent = UINT32_MAX, last_c = 0;
		const char *last_name = NULL;
		for (size_t i = 0; i < n; i++) {
			struct walker *x = &w[i];
			const struct locframes *lf = &fr.locs[walker_slot(p->narrow, x)];
			/* Walkers in sample order often take the same pair as
			 * the one before: near the root, nearly all do. */
			const char *name = frame_name(lf, x->frame);
			uint32_t c = last_c;
			if (x->node != last_parent || name != last_name) {
				c = child(f, x->node, name);
				if (!c || sums_room(&acc, &acc_cap, c - first) < 0) {
					rc = -1;
					break;
				}
				last_parent = x->node;
				last_name = name;
				last_c = c;
			}
			if (++x->frame == lf->count) {
				x->left--;
				x->frame = 0;
			}
			x->node = c;
			walker_add(&acc[c - first], x);
			if (x->base)
				f->diff = true;
		}
		/* Keep the walkers that moved into a wide node and have frames
		 * left; a walker at its leaf gives its node the flat value. */
		size_t k = 0;
		for (size_t i = 0; i < n && rc == 0; i++) {
			struct walker *x = &w[i];
			struct sums *a = &acc[x->node - first];
			if (!x->left) {
				if (!x->base)
					a->flat += x->v;
				continue;
			}
			if (!wide(a, min))
				continue;
			if (k != i)
				w[k] = *x;
			k++;
		}
		n = k;
		/* the pass's sums into its nodes, and cleared for the next */
		size_t made = f->n - first;
		for (size_t i = 0; i < made && rc == 0; i++) {
			struct flame_node *x = &f->v[first + i];
			x->cum = acc[i].cum;
			x->base_cum = acc[i].base_cum;
			x->flat = acc[i].flat;
		}
		if (acc)
			memset(acc, 0, (made < acc_cap ? made : acc_cap) * sizeof *acc);
	}
	free(acc);
	frames_free(&fr);
	free(w);
	free(f->hash);
	f->hash = NULL;
	f->hash_cap = 0;
	if (rc < 0 || link_children(f) < 0) {
		flame_free(f);
		return rt_error_set(err, "out of memory");
	}
	return 0;
}

struct sandwich {
	struct flame *callers, *callees;
	const struct rx *re;
	const char **rev;
	size_t cap;
	bool matched;
};

/* The first frame from the root that matches: callees below it, callers
 * above it (reversed, the function first). */
static int add_sandwich(const char **names, uint32_t n, int64_t v, bool base, void *arg)
{
	struct sandwich *w = arg;
	uint32_t k = 0;
	while (k < n && !rx_match(w->re, names[k]))
		k++;
	if (k == n)
		return 0;
	w->matched = true;
	if (k + 1 > w->cap) {
		w->cap = (k + 1) * 2;
		const char **r = realloc(w->rev, w->cap * sizeof *r);
		if (!r)
			return -1;
		w->rev = r;
	}
	for (uint32_t i = 0; i <= k; i++)
		w->rev[i] = names[k - i];
	/* The callers' tree has its own interned names: intern there. */
	for (uint32_t i = 0; i <= k; i++)
		if (!(w->rev[i] = strtab_intern_cstr(&w->callers->names, w->rev[i])))
			return -1;
	if (add_path(w->callers, w->rev, k + 1, v, base) < 0)
		return -1;
	return add_path(w->callees, names + k, n - k, v, base);
}

int flame_sandwich(struct flame *callers, struct flame *callees, const struct profile *p,
		   int si, int mi, const struct graph_opts *o, const struct rx *re,
		   bool *matched, struct rt_error *err)
{
	struct sandwich w = { callers, callees, re, NULL, 0, false };
	int rc = tree_init(callers) < 0 || tree_init(callees) < 0 ? -1 : 0;
	if (rc == 0)
		rc = each_sample(callees, p, si, mi, o, add_sandwich, &w);
	if (rc == 0)
		rc = tree_done(callers) < 0 || tree_done(callees) < 0 ? -1 : 0;
	free(w.rev);
	*matched = w.matched;
	if (rc < 0) {
		flame_free(callers);
		flame_free(callees);
		return rt_error_set(err, "out of memory");
	}
	return 0;
}

void flame_free(struct flame *f)
{
	free(f->v);
	free(f->hash);
	strtab_free(&f->names);
	arena_free(&f->arena);
	memset(f, 0, sizeof *f);
}

void flame_paths(const struct flame *f,
		 void (*fn)(const char *const *path, uint32_t depth, int64_t flat, void *arg),
		 void *arg)
{
	if (f->n < 2)
		return;
	uint32_t max = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].depth > max)
			max = f->v[i].depth;
	const char **path = malloc((max + 1) * sizeof *path);
	if (!path)
		return;
	/* Depth first, children in name order. */
	uint32_t n = f->v[0].child;
	while (n) {
		const struct flame_node *x = &f->v[n];
		path[x->depth - 1] = x->name;
		if (x->flat)
			fn(path, x->depth, x->flat, arg);
		if (x->child) {
			n = x->child;
			continue;
		}
		while (n && !f->v[n].next)
			n = f->v[n].parent;
		n = n ? f->v[n].next : 0;
	}
	free(path);
}
