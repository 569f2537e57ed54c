/* flame: the call tree of a profile, as flame graphs draw it: one node
 * per distinct path of names from a root, cum and flat per node,
 * children in name order (so the picture keeps its places between
 * refreshes).  Names follow the granularity as the other reports do.
 * With a diff base merged in (samples labelled pprof::base=true), the
 * base's samples are kept apart: widths stay the current profile's and
 * base_cum says how much the base had, to colour growth. */
#ifndef RT_FLAME_H
#define RT_FLAME_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/rx.h"
#include "base/rt_error.h"
#include "base/strtab.h"
#include "profile/profile.h"
#include "report/graph.h"

struct flame_node {
	const char *name;	/* interned; "" for the root */
	int64_t cum, flat;	/* the current samples (not the base's) */
	int64_t base_cum;	/* the base's share, positive; 0 without one */
	uint32_t parent;	/* node index; the root (0) is its own */
	uint32_t child, next;	/* first child, next sibling; 0: none */
	uint32_t depth;		/* the root is 0 */
};

struct flame_slot {
	uint32_t node, parent;	/* node 0: a free slot */
	const char *name;
};

struct flame {
	struct flame_node *v;	/* v[0] is the root: everything */
	size_t n, cap;
	bool diff;		/* a base is merged in */
	struct arena arena;
	struct strtab names;
	/* build state */
	struct flame_slot *hash;
	size_t hash_cap, hash_n;	/* hash_n: pairs in hash */
};

/* Builds the tree of p's samples for sample index si (divided by mean
 * index mi unless -1), naming frames with o's granularity.  Frames below
 * a node narrower than min_share of the total are left out (the node's
 * cum still counts them): a view needs only what it can draw; 0 keeps
 * the whole tree (folded stacks). */
#define FLAME_VIEW_MIN_SHARE (1.0 / 8192)
int flame_build(struct flame *f, const struct profile *p, int si, int mi,
		const struct graph_opts *o, double min_share, struct rt_error *err);
void flame_free(struct flame *f);

/* The sandwich of the functions matching re: in callees, the first frame
 * from the root that matches and everything it calls (a tree rooted at
 * it); in callers, the same frame and its callers up to the root (the
 * function first).  *matched: some sample had such a frame. */
int flame_sandwich(struct flame *callers, struct flame *callees, const struct profile *p,
		   int si, int mi, const struct graph_opts *o, const struct rx *re,
		   bool *matched, struct rt_error *err);

/* Calls fn for every node with a flat value, root to leaf order of
 * names in path[0..depth): the folded stacks' lines. */
void flame_paths(const struct flame *f,
		 void (*fn)(const char *const *path, uint32_t depth, int64_t flat, void *arg),
		 void *arg);

#endif
