/* node: building, bounding and dividing the scene tree. */
#include "render/node.h"

#include <string.h>

static struct node *node_new(struct arena *a, enum node_kind kind)
{
	struct node *n = arena_zalloc(a, sizeof *n);
	if (!n)
		return NULL;
	n->kind = kind;
	n->transform = mat4_identity();
	n->shadow = true;
	return n;
}

struct node *node_new_shape(struct arena *a, enum shape_kind kind)
{
	struct node *n = node_new(a, NODE_SHAPE);
	if (n)
		shape_init(&n->shape, kind);
	return n;
}

struct node *node_new_group(struct arena *a)
{
	return node_new(a, NODE_GROUP);
}

struct node *node_new_csg(struct arena *a, enum csg_op op, struct node *left,
			  struct node *right)
{
	struct node *n = node_new(a, NODE_CSG);
	if (n) {
		n->op = op;
		n->left = left;
		n->right = right;
	}
	return n;
}

int node_add_child(struct arena *a, struct node *g, struct node *child)
{
	if (g->nkids == g->capkids) {
		int cap = g->capkids ? g->capkids * 2 : 4;
		struct node **k = arena_alloc(a, (size_t)cap * sizeof *k);
		if (!k)
			return -1;
		if (g->nkids)
			memcpy(k, g->kids, (size_t)g->nkids * sizeof *k);
		g->kids = k;
		g->capkids = cap;
	}
	g->kids[g->nkids++] = child;
	return 0;
}

void node_set_transform(struct node *n, const struct mat4 *m)
{
	n->transform = *m;
}

struct node *node_clone(struct arena *a, const struct node *n)
{
	struct node *c = arena_memdup(a, n, sizeof *n);
	if (!c)
		return NULL;
	if (n->kind == NODE_GROUP) {
		c->kids = NULL;
		c->nkids = c->capkids = 0;
		for (int i = 0; i < n->nkids; i++) {
			struct node *k = node_clone(a, n->kids[i]);
			if (!k || node_add_child(a, c, k) < 0)
				return NULL;
		}
	} else if (n->kind == NODE_CSG) {
		c->left = node_clone(a, n->left);
		c->right = node_clone(a, n->right);
		if (!c->left || !c->right)
			return NULL;
	}
	return c;
}

int node_count_shapes(const struct node *n)
{
	int c = 0;
	switch (n->kind) {
	case NODE_SHAPE:
		return 1;
	case NODE_CSG:
		return node_count_shapes(n->left) + node_count_shapes(n->right);
	case NODE_GROUP:
		for (int i = 0; i < n->nkids; i++)
			c += node_count_shapes(n->kids[i]);
		return c;
	}
	return 0;
}

struct bbox node_bounds(const struct node *n)
{
	struct bbox b = bbox_empty(), k;
	switch (n->kind) {
	case NODE_SHAPE:
		return shape_local_bounds(&n->shape);
	case NODE_CSG:
		b = node_parent_bounds(n->left);
		k = node_parent_bounds(n->right);
		bbox_merge(&b, &k);
		return b;
	case NODE_GROUP:
		for (int i = 0; i < n->nkids; i++) {
			k = node_parent_bounds(n->kids[i]);
			bbox_merge(&b, &k);
		}
		return b;
	}
	return b;
}

struct bbox node_parent_bounds(const struct node *n)
{
	struct bbox b = node_bounds(n);
	return bbox_transform(&b, &n->transform);
}

int node_partition(struct arena *a, struct node *g, struct node **left,
		   struct node **right)
{
	struct bbox box = node_bounds(g), lb, rb;
	int keep = 0;

	*left = *right = NULL;
	bbox_split(&box, &lb, &rb);
	for (int i = 0; i < g->nkids; i++) {
		struct node *k = g->kids[i], **side = NULL;
		struct bbox kb = node_parent_bounds(k);
		if (bbox_contains_box(&lb, &kb))
			side = left;
		else if (bbox_contains_box(&rb, &kb))
			side = right;
		if (!side) {
			g->kids[keep++] = k;
			continue;
		}
		if (!*side && !(*side = node_new_group(a)))
			return -1;
		if (node_add_child(a, *side, k) < 0)
			return -1;
	}
	g->nkids = keep;
	return 0;
}

static int divide(struct arena *a, struct node *n, int threshold, int depth)
{
	if (depth > 48)	/* degenerate boxes split forever otherwise */
		return 0;
	if (n->kind == NODE_CSG)
		return divide(a, n->left, threshold, depth + 1) < 0 ||
				       divide(a, n->right, threshold, depth + 1) < 0
			       ? -1
			       : 0;
	if (n->kind != NODE_GROUP)
		return 0;
	if (n->nkids >= threshold) {
		struct node *l, *r;
		if (node_partition(a, n, &l, &r) < 0)
			return -1;
		if (l && node_add_child(a, n, l) < 0)
			return -1;
		if (r && node_add_child(a, n, r) < 0)
			return -1;
	}
	for (int i = 0; i < n->nkids; i++)
		if (divide(a, n->kids[i], threshold, depth + 1) < 0)
			return -1;
	return 0;
}

int node_divide(struct arena *a, struct node *n, int threshold)
{
	return divide(a, n, threshold, 0);
}
