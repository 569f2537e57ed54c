/* world: flattening the scene tree into shapes + BVH, and traversal. */
#include "render/world.h"

#include <string.h>

#include "render/mesh.h"

struct flat {
	struct arena *a;
	struct world *w;
	const struct node **queue;	/* group per bvh node */
	struct mat4 *xf;		/* world transform per bvh node */
	const struct material **mat;	/* inherited material per bvh node */
	bool *shadow;
	long baked;	/* triangles copied for shared meshes' placements */
};

#define WORLD_BAKE_TRIANGLES 100000L

static int flatten_shape(struct flat *f, const struct node *n,
			 const struct mat4 *parent, const struct material *mat,
			 bool shadow, struct shape *out);

static int count_groups(const struct node *n)
{
	int c = 1;
	for (int i = 0; i < n->nkids; i++)
		if (n->kids[i]->kind == NODE_GROUP)
			c += count_groups(n->kids[i]);
	return c;
}

static int count_prims(const struct node *n)
{
	int c = 0;
	for (int i = 0; i < n->nkids; i++)
		c += n->kids[i]->kind == NODE_GROUP ? count_prims(n->kids[i]) : 1;
	return c;
}

/* Flattens every primitive under n (groups dissolved) into out[]. */
static int flatten_all(struct flat *f, const struct node *n,
		       const struct mat4 *parent, const struct material *mat,
		       bool shadow, struct shape *out, int *k)
{
	if (n->kind != NODE_GROUP)
		return flatten_shape(f, n, parent, mat, shadow, &out[(*k)++]);
	struct mat4 w = mat4_mul(parent, &n->transform);
	if (n->material)
		mat = n->material;
	shadow = shadow && n->shadow;
	for (int i = 0; i < n->nkids; i++)
		if (flatten_all(f, n->kids[i], &w, mat, shadow, out, k) < 0)
			return -1;
	return 0;
}

static int count_leaves(const struct node *n)
{
	if (n->kind != NODE_GROUP)
		return 1;
	int c = 0;
	for (int i = 0; i < n->nkids; i++)
		c += count_leaves(n->kids[i]);
	return c;
}

static int flatten_csg(struct flat *f, const struct node *n,
		       const struct mat4 *w, const struct material *mat,
		       bool shadow, struct shape *out)
{
	int nl = count_leaves(n->left), nr = count_leaves(n->right), k = 0;

	shape_init(out, SHAPE_CSG);
	out->csg.op = n->op;
	out->csg.kids = arena_zalloc(f->a, (size_t)(nl + nr) * sizeof(struct shape));
	if (!out->csg.kids)
		return -1;
	if (flatten_all(f, n->left, w, mat, shadow, out->csg.kids, &k) < 0 ||
	    flatten_all(f, n->right, w, mat, shadow, out->csg.kids, &k) < 0)
		return -1;
	for (int i = 0; i < nl + nr; i++)	/* see mesh_intersect_all */
		if (out->csg.kids[i].kind == SHAPE_MESH)
			out->csg.kids[i].mesh.in_csg = true;
	out->csg.nleft = nl;
	out->csg.nright = nr;
	out->shadow = shadow;
	out->material = mat;
	out->box = shape_local_bounds(out);
	f->w->nshapes += 1;
	return 0;
}

/* Mesh triangles get world-space vertices: no per-ray transform at all. */
static void bake_triangle(struct shape *s, const struct mat4 *w)
{
	struct shape t = *s;
	struct mat4 inv = mat4_inverse_of(w), nm = mat4_transpose(&inv);
	shape_set_triangle(s, mat4_mul_point(w, t.tri.p1),
			   mat4_mul_point(w, t.tri.p2), mat4_mul_point(w, t.tri.p3));
	if (s->kind == SHAPE_SMOOTH_TRIANGLE) {
		s->tri.n1 = v3_norm(mat4_mul_vec(&nm, t.tri.n1));
		s->tri.n2 = v3_norm(mat4_mul_vec(&nm, t.tri.n2));
		s->tri.n3 = v3_norm(mat4_mul_vec(&nm, t.tri.n3));
	}
}

/* A mesh placed once is moved to world space, like lone triangles, and so
 * are the first placements of shared meshes while the copies stay small:
 * rays then need no transform and the arithmetic is that of world-space
 * triangles.  Past the budget a placement shares its mesh's triangles and
 * carries the transform, so memory grows per mesh, not per placement. */
static int flatten_mesh(struct flat *f, struct shape *out, const struct mat4 *w)
{
	struct mesh *m = out->mesh.m;
	if (m->uses <= 1 || f->baked + m->ntris <= WORLD_BAKE_TRIANGLES) {
		if (m->uses > 1)
			f->baked += m->ntris;
		if (!(out->mesh.m = mesh_bake(f->a, m, w)))
			return -1;
		out->box = shape_local_bounds(out);
		return 0;
	}
	shape_set_transform(out, w);
	out->mesh.flip = mat4_determinant(w) < 0;
	return 0;
}

static void count_mesh_uses(const struct node *n, int add)
{
	if (n->kind == NODE_SHAPE && n->shape.kind == SHAPE_MESH)
		n->shape.mesh.m->uses = add ? n->shape.mesh.m->uses + 1 : 0;
	if (n->kind == NODE_CSG) {
		count_mesh_uses(n->left, add);
		count_mesh_uses(n->right, add);
	}
	for (int i = 0; n->kind == NODE_GROUP && i < n->nkids; i++)
		count_mesh_uses(n->kids[i], add);
}

static int flatten_shape(struct flat *f, const struct node *n,
			 const struct mat4 *parent, const struct material *mat,
			 bool shadow, struct shape *out)
{
	struct mat4 w = mat4_mul(parent, &n->transform);
	if (n->material)
		mat = n->material;
	shadow = shadow && n->shadow;
	if (n->kind == NODE_CSG)
		return flatten_csg(f, n, &w, mat, shadow, out);
	*out = n->shape;
	if (mat)
		out->material = mat;
	out->shadow = shadow;
	if (out->kind == SHAPE_TRIANGLE || out->kind == SHAPE_SMOOTH_TRIANGLE)
		bake_triangle(out, &w);
	else if (out->kind == SHAPE_MESH) {
		if (flatten_mesh(f, out, &w) < 0)
			return -1;
	} else
		shape_set_transform(out, &w);
	f->w->nshapes += 1;
	return 0;
}

/* Breadth first, so each group's shapes and sub-groups are contiguous. */
static int flatten_groups(struct flat *f)
{
	struct world *w = f->w;
	int nnodes = 1;

	for (int i = 0; i < nnodes; i++) {
		const struct node *g = f->queue[i];
		struct bvh_node *b = &w->nodes[i];
		struct mat4 xf = mat4_mul(&f->xf[i], &g->transform);
		const struct material *mat = g->material ? g->material : f->mat[i];
		bool shadow = f->shadow[i] && g->shadow;

		b->prim_begin = w->nprims;
		for (int k = 0; k < g->nkids; k++)
			if (g->kids[k]->kind != NODE_GROUP &&
			    flatten_shape(f, g->kids[k], &xf, mat, shadow,
					  &w->prims[w->nprims++]) < 0)
				return -1;
		b->prim_end = w->nprims;
		b->kid_begin = nnodes;
		for (int k = 0; k < g->nkids; k++) {
			if (g->kids[k]->kind != NODE_GROUP)
				continue;
			f->queue[nnodes] = g->kids[k];
			f->xf[nnodes] = xf;
			f->mat[nnodes] = mat;
			f->shadow[nnodes] = shadow;
			nnodes++;
		}
		b->kid_end = nnodes;
	}
	w->nnodes = nnodes;
	return 0;
}

/* Children come after parents, so one backward pass fills every box. */
static void compute_boxes(struct world *w)
{
	for (int i = w->nnodes - 1; i >= 0; i--) {
		struct bvh_node *b = &w->nodes[i];
		b->box = bbox_empty();
		for (int p = b->prim_begin; p < b->prim_end; p++)
			bbox_merge(&b->box, &w->prims[p].box);
		for (int k = b->kid_begin; k < b->kid_end; k++)
			bbox_merge(&b->box, &w->nodes[k].box);
		b->infinite = bbox_is_infinite(&b->box);
	}
}

int world_build(struct world *w, const struct node *root, struct arena *a,
		struct rt_error *err)
{
	int ng = count_groups(root), np = count_prims(root);
	struct flat f = { .a = a, .w = w };

	w->prims = arena_zalloc(a, (size_t)(np ? np : 1) * sizeof *w->prims);
	w->nodes = arena_zalloc(a, (size_t)ng * sizeof *w->nodes);
	f.queue = arena_alloc(a, (size_t)ng * sizeof *f.queue);
	f.xf = arena_alloc(a, (size_t)ng * sizeof *f.xf);
	f.mat = arena_alloc(a, (size_t)ng * sizeof *f.mat);
	f.shadow = arena_alloc(a, (size_t)ng * sizeof *f.shadow);
	if (!w->prims || !w->nodes || !f.queue || !f.xf || !f.mat || !f.shadow)
		return rt_error_set(err, "out of memory building the scene");
	w->nprims = 0;
	w->nshapes = 0;
	f.queue[0] = root;
	f.xf[0] = mat4_identity();
	f.mat[0] = NULL;
	f.shadow[0] = true;
	count_mesh_uses(root, 0);
	count_mesh_uses(root, 1);
	if (flatten_groups(&f) < 0)
		return rt_error_set(err, "out of memory building the scene");
	compute_boxes(w);
	return 0;
}

struct walk {
	const struct world *w;
	struct vec3 o, inv;
	const struct ray *r;
	struct xs *xs;
	bool cache;
};

static void walk_intersect(const struct walk *k, int ni)
{
	const struct bvh_node *b = &k->w->nodes[ni];
	if (!b->infinite && !bbox_hit(&b->box, k->o, k->inv, INFINITY))
		return;
	for (int p = b->prim_begin; p < b->prim_end; p++) {
		const struct shape *s = &k->w->prims[p];
		if (s->kind != SHAPE_PLANE && !bbox_hit(&s->box, k->o, k->inv, INFINITY))
			continue;
		shape_intersect(s, k->r, k->xs, k->cache);
	}
	for (int c = b->kid_begin; c < b->kid_end; c++)
		walk_intersect(k, c);
}

static struct vec3 inverse_dir(struct vec3 d)
{
	return v3(1.0 / d.x, 1.0 / d.y, 1.0 / d.z);
}

void world_intersect(const struct world *w, const struct ray *r,
		     struct xs *xs, bool cache)
{
	struct walk k = { w, r->origin, inverse_dir(r->dir), r, xs, cache };
	if (w->nnodes)
		walk_intersect(&k, 0);
}

static bool walk_occluded(const struct walk *k, int ni, double dist)
{
	const struct bvh_node *b = &k->w->nodes[ni];
	if (!b->infinite && !bbox_hit(&b->box, k->o, k->inv, dist))
		return false;
	for (int p = b->prim_begin; p < b->prim_end; p++) {
		const struct shape *s = &k->w->prims[p];
		if (!s->shadow ||
		    (s->kind != SHAPE_PLANE && !bbox_hit(&s->box, k->o, k->inv, dist)))
			continue;
		int base = k->xs->n;
		bool hit = false;
		shape_intersect(s, k->r, k->xs, k->cache);
		for (int i = base; i < k->xs->n && !hit; i++)
			hit = k->xs->v[i].t >= 0 && k->xs->v[i].t < dist;
		k->xs->n = base;
		if (hit)
			return true;
	}
	for (int c = b->kid_begin; c < b->kid_end; c++)
		if (walk_occluded(k, c, dist))
			return true;
	return false;
}

bool world_occluded(const struct world *w, const struct ray *r, double dist,
		    struct xs *xs, bool cache)
{
	struct walk k = { w, r->origin, inverse_dir(r->dir), r, xs, cache };
	return w->nnodes && walk_occluded(&k, 0, dist);
}
