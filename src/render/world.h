/* world: what render threads read: lights, flattened shapes and the BVH
 * over them.  Built once from a node tree (world_build); immutable and
 * shared read-only by every render thread afterwards, so no locks. */
#ifndef RENDER_WORLD_H
#define RENDER_WORLD_H

#include "base/arena.h"
#include "base/rt_error.h"
#include "render/light.h"
#include "render/node.h"
#include "render/shape.h"

/* One group of the divided tree.  Its own shapes are prims[prim_begin,
 * prim_end); its sub-groups are nodes[kid_begin, kid_end). */
struct bvh_node {
	struct bbox box;	/* world space */
	bool infinite;		/* box test skipped (holds a plane) */
	int prim_begin, prim_end, kid_begin, kid_end;
};

struct world {
	struct light *lights;
	int nlights;
	struct shape *prims;
	int nprims;
	struct bvh_node *nodes;	/* nodes[0] is the root */
	int nnodes;
	int nshapes;		/* primitives including CSG operands */
};

/* Flattens root (a group; run node_divide first for a useful BVH) into w.
 * Lights are set separately.  Memory comes from a. */
int world_build(struct world *w, const struct node *root, struct arena *a,
		struct rt_error *err);

/* Appends every hit of r (unsorted). */
void world_intersect(const struct world *w, const struct ray *r,
		     struct xs *xs, bool inverse_cache);
/* Any shadow-casting hit with 0 <= t < dist?  Uses the tail of xs as
 * scratch and leaves xs->n as it found it. */
bool world_occluded(const struct world *w, const struct ray *r, double dist,
		    struct xs *xs, bool inverse_cache);

#endif
