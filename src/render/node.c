/* node: building, bounding and dividing the scene tree. */
#include "render/node.h"

#include <stdlib.h>
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

struct centred {
	struct node *n;
	double key;
};

static int by_key(const void *a, const void *b)
{
	double x = ((const struct centred *)a)->key, y = ((const struct centred *)b)->key;
	return x < y ? -1 : x > y;
}

static bool splittable(const struct node *k, struct bbox *box)
{
	if (k->kind == NODE_GROUP)
		return false;
	*box = node_parent_bounds(k);
	return !bbox_is_empty(box) && !bbox_is_infinite(box);
}

/* Moves the bounded primitive kids of g into two median-split groups. */
static int split_median(struct arena *a, struct node *g, int leaf, int depth)
{
	struct centred *c = malloc((size_t)g->nkids * sizeof *c);
	struct bbox cb = bbox_empty(), kb;
	int n = 0, keep = 0;

	if (!c)
		return -1;
	for (int i = 0; i < g->nkids; i++) {
		if (!splittable(g->kids[i], &kb)) {
			g->kids[keep++] = g->kids[i];
			continue;
		}
		c[n].n = g->kids[i];
		bbox_add_point(&cb, v3_scale(v3_add(kb.min, kb.max), 0.5));
		n++;
	}
	struct vec3 ext = v3_sub(cb.max, cb.min);
	int axis = ext.x >= ext.y && ext.x >= ext.z ? 0 : ext.y >= ext.z ? 1 : 2;
	for (int i = 0; i < n; i++) {
		kb = node_parent_bounds(c[i].n);
		c[i].key = v3_axis(kb.min, axis) + v3_axis(kb.max, axis);
	}
	qsort(c, (size_t)n, sizeof *c, by_key);
	g->nkids = keep;
	int rc = 0;
	for (int half = 0; half < 2 && rc == 0; half++) {
		struct node *sub = node_new_group(a);
		int lo = half ? n / 2 : 0, hi = half ? n : n / 2;
		if (!sub || node_add_child(a, g, sub) < 0)
			rc = -1;
		for (int i = lo; i < hi && rc == 0; i++)
			if (node_add_child(a, sub, c[i].n) < 0)
				rc = -1;
		if (rc == 0 && hi - lo > 2 * leaf && depth < 64)
			rc = split_median(a, sub, leaf, depth + 1);
	}
	free(c);
	return rc;
}

static int straddlers(struct arena *a, struct node *n, int leaf, int depth)
{
	struct bbox kb;
	int bounded = 0;

	if (n->kind == NODE_CSG)
		return straddlers(a, n->left, leaf, depth + 1) < 0 ||
				       straddlers(a, n->right, leaf, depth + 1) < 0
			       ? -1
			       : 0;
	if (n->kind != NODE_GROUP || depth > 200)
		return 0;
	for (int i = 0; i < n->nkids; i++)
		if (straddlers(a, n->kids[i], leaf, depth + 1) < 0)
			return -1;
	for (int i = 0; i < n->nkids; i++)
		bounded += splittable(n->kids[i], &kb);
	if (bounded > 2 * leaf)
		return split_median(a, n, leaf, 0);
	return 0;
}

int node_split_straddlers(struct arena *a, struct node *n, int leaf)
{
	return straddlers(a, n, leaf, 0);
}
