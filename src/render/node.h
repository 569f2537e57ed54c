/* node: the scene as loaded, a tree of groups, CSGs and primitives, each
 * with its transform relative to its parent (book ch. 14, 16, bonus
 * "Bounding Boxes").  divide() reshapes it into a bounding-volume
 * hierarchy; world_build (world.h) then flattens it for rendering.  All
 * nodes live in one arena; the tree is never used by render threads. */
#ifndef RENDER_NODE_H
#define RENDER_NODE_H

#include "base/arena.h"
#include "render/shape.h"

enum node_kind { NODE_SHAPE, NODE_GROUP, NODE_CSG };

struct node {
	enum node_kind kind;
	struct mat4 transform;	/* object -> parent */
	const struct material *material;	/* NULL: inherit from parent */
	bool shadow;		/* false also disables all descendants */
	struct shape shape;	/* NODE_SHAPE: the primitive (local params) */
	struct node **kids;	/* NODE_GROUP */
	int nkids, capkids;
	struct node *left, *right;	/* NODE_CSG */
	enum csg_op op;
};

/* NULL when out of memory. */
struct node *node_new_shape(struct arena *a, enum shape_kind kind);
struct node *node_new_group(struct arena *a);
struct node *node_new_csg(struct arena *a, enum csg_op op, struct node *left,
			  struct node *right);
int node_add_child(struct arena *a, struct node *group, struct node *child);
void node_set_transform(struct node *n, const struct mat4 *m);
/* Copies a subtree (for instantiating defined objects). */
struct node *node_clone(struct arena *a, const struct node *n);
/* Count of primitives (CSG operands included) in the subtree. */
int node_count_shapes(const struct node *n);

/* Bounds in the node's own space, and in its parent's. */
struct bbox node_bounds(const struct node *n);
struct bbox node_parent_bounds(const struct node *n);

/* Moves the kids that fit wholly in either half of the group's bounds into
 * *left / *right (new groups, NULL when empty); the rest stay. */
int node_partition(struct arena *a, struct node *g, struct node **left,
		   struct node **right);
/* The book's divide(): partition groups with >= threshold kids, recurse. */
int node_divide(struct arena *a, struct node *n, int threshold);
/* The book's divide leaves every kid that straddles a split where it was;
 * on meshes that is dozens of triangles tested by every ray entering the
 * box.  This splits any group holding more than 2 * leaf bounded
 * primitives by the median of their centres along the widest axis,
 * recursively.  Unbounded kids (planes) stay put. */
int node_split_straddlers(struct arena *a, struct node *n, int leaf);

#endif
