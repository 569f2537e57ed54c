/* flame: the call tree of a profile (see flame.h).  Nodes live in one
 * array; (parent, name) pairs are found through an open-addressing hash
 * of node indexes; names are interned, so a pair compares by pointer. */
#include "report/flame.h"

#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"

static uint64_t pair_hash(uint32_t parent, const char *name)
{
	return idmap_mix(((uint64_t)parent << 32) ^ (uint64_t)(uintptr_t)name);
}

static int grow_hash(struct flame *f)
{
	size_t cap = f->hash_cap ? f->hash_cap * 2 : 1024;
	uint32_t *h = calloc(cap, sizeof *h);
	if (!h)
		return -1;
	for (size_t i = 1; i < f->n; i++) {
		size_t k = pair_hash(f->v[i].parent, f->v[i].name) & (cap - 1);
		while (h[k])
			k = (k + 1) & (cap - 1);
		h[k] = (uint32_t)i;
	}
	free(f->hash);
	f->hash = h;
	f->hash_cap = cap;
	return 0;
}

/* The child of parent named name (an interned pointer), made if new; 0
 * when out of memory. */
static uint32_t child(struct flame *f, uint32_t parent, const char *name)
{
	if ((f->n + 1) * 2 > f->hash_cap && grow_hash(f) < 0)
		return 0;
	size_t k = pair_hash(parent, name) & (f->hash_cap - 1);
	for (; f->hash[k]; k = (k + 1) & (f->hash_cap - 1)) {
		struct flame_node *c = &f->v[f->hash[k]];
		if (c->parent == parent && c->name == name)
			return f->hash[k];
	}
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
	f->hash[k] = i;
	return i;
}

static bool is_base(const struct sample *s)
{
	for (uint32_t i = 0; i < s->n_labels; i++)
		if (s->labels[i].str && !strcmp(s->labels[i].key, "pprof::base") &&
		    !strcmp(s->labels[i].str, "true"))
			return true;
	return false;
}

/* Frame names of every location, interned once: names[slot] holds the
 * location's frames outermost first, count in counts[slot]. */
struct frames {
	const char ***names;
	uint32_t *counts;
};

static int frame_names(struct flame *f, const struct profile *p, const struct graph_opts *o,
		       struct frames *fr)
{
	struct graph g;	/* only for graph_node_info's file cleaning */
	memset(&g, 0, sizeof g);
	arena_init(&g.arena);
	fr->names = calloc(p->n_locations + 1, sizeof *fr->names);
	fr->counts = calloc(p->n_locations + 1, sizeof *fr->counts);
	int rc = fr->names && fr->counts ? 0 : -1;
	for (size_t i = 0; i < p->n_locations && rc == 0; i++) {
		const struct location *l = p->locations[i];
		uint32_t nl = l->n_lines ? l->n_lines : 1;
		uint32_t first = (!o->keep_inlines && l->n_lines > 1) ? l->n_lines - 1 : 0;
		const char **v = arena_alloc(&f->arena, (nl - first) * sizeof *v);
		if (!v) {
			rc = -1;
			break;
		}
		uint32_t k = 0;
		for (uint32_t j = nl; j-- > first;) {	/* outermost first */
			struct graph_node tmp;
			memset(&tmp, 0, sizeof tmp);
			graph_node_info(l, l->n_lines ? &l->lines[j] : NULL, o, &tmp.info, &g);
			const char *name = strtab_intern_cstr(&f->names, graph_node_name(&g, &tmp));
			free(tmp.pname);
			if (!name) {
				rc = -1;
				break;
			}
			v[k++] = name;
		}
		fr->names[i] = v;
		fr->counts[i] = k;
	}
	arena_free(&g.arena);
	return rc;
}

static int cmp_name(const void *a, const void *b, void *arg)
{
	const struct flame_node *v = arg;
	return strcmp(v[*(const uint32_t *)a].name, v[*(const uint32_t *)b].name);
}

/* Links each node's children in name order. */
static int link_children(struct flame *f)
{
	uint32_t *order = malloc((f->n + 1) * sizeof *order);
	if (!order)
		return -1;
	for (size_t i = 0; i + 1 < f->n; i++)
		order[i] = (uint32_t)i + 1;
	/* Sorted by name, then linked in reverse: each list ends up in order. */
	qsort_r(order, f->n - 1, sizeof *order, cmp_name, f->v);
	for (size_t i = f->n - 1; i-- > 0;) {
		struct flame_node *c = &f->v[order[i]];
		c->next = f->v[c->parent].child;
		f->v[c->parent].child = order[i];
	}
	free(order);
	return 0;
}

int flame_build(struct flame *f, const struct profile *p, int si, int mi,
		const struct graph_opts *o, struct rt_error *err)
{
	memset(f, 0, sizeof *f);
	arena_init(&f->arena);
	f->cap = 1024;
	f->v = calloc(f->cap, sizeof *f->v);
	struct frames fr = { NULL, NULL };
	uint32_t *path = NULL;
	size_t path_cap = 0;
	if (!f->v || strtab_init(&f->names, &f->arena) < 0)
		goto oom;
	f->n = 1;
	f->v[0].name = "";
	if (frame_names(f, p, o, &fr) < 0)
		goto oom;
	for (size_t s = 0; s < p->n_samples; s++) {
		const struct sample *sm = &p->samples[s];
		int64_t v = sm->values[si], d = mi >= 0 ? sm->values[mi] : 0;
		if (d)
			v /= d;
		if (v == 0)
			continue;
		bool base = is_base(sm);
		f->diff = f->diff || base;
		uint32_t node = 0, depth = 0;
		for (uint32_t i = sm->n_locs; i-- > 0;) {
			size_t slot = sm->locs[i]->slot;
			for (uint32_t k = 0; k < fr.counts[slot]; k++) {
				if (!(node = child(f, node, fr.names[slot][k])))
					goto oom;
				if (depth == path_cap) {
					path_cap = path_cap ? path_cap * 2 : 64;
					uint32_t *np = realloc(path, path_cap * sizeof *np);
					if (!np)
						goto oom;
					path = np;
				}
				path[depth++] = node;
			}
		}
		/* cum counts a node once per sample (recursion included). */
		for (uint32_t i = 0; i <= depth; i++) {
			struct flame_node *n = &f->v[i ? path[i - 1] : 0];
			if (base)
				n->base_cum -= v;	/* base samples are negated */
			else
				n->cum += v;
		}
		if (!base)
			f->v[node].flat += v;
	}
	if (link_children(f) < 0)
		goto oom;
	free(fr.names);
	free(fr.counts);
	free(path);
	free(f->hash);
	f->hash = NULL;
	return 0;
oom:
	free(fr.names);
	free(fr.counts);
	free(path);
	flame_free(f);
	return rt_error_set(err, "out of memory");
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
