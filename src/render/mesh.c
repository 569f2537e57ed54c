/* mesh: a shared triangle mesh's BVH, its world-space copy for single
 * placements, and ray tests against it.  Never allocates per ray. */
#include "render/mesh.h"

#include <stdlib.h>
#include <string.h>

#define MESH_LEAF 4	/* triangles per leaf, as SCENE_BVH_THRESHOLD */
#define MESH_STACK 64	/* halving splits: depth is log2(ntris) + 1 */

static struct bbox tri_box(const struct mesh *m, const struct mesh_tri *t)
{
	struct bbox b = bbox_empty();
	for (int k = 0; k < 3; k++)
		bbox_add_point(&b, m->pos[t->v[k]]);
	return b;
}

/* Building: triangles are split at the median centre along the widest
 * axis of their centres (a selection, not a sort: O(n) per level), the
 * tree's shape first; boxes come after, from the leaves up (refit). */
struct centre {
	double c[3];
	int tri;
};

static void swap_centres(struct centre *a, struct centre *b)
{
	struct centre t = *a;
	*a = *b;
	*b = t;
}

static int by_axis0(const void *a, const void *b)
{
	double x = ((const struct centre *)a)->c[0], y = ((const struct centre *)b)->c[0];
	return x < y ? -1 : x > y;
}

static int by_axis1(const void *a, const void *b)
{
	double x = ((const struct centre *)a)->c[1], y = ((const struct centre *)b)->c[1];
	return x < y ? -1 : x > y;
}

static int by_axis2(const void *a, const void *b)
{
	double x = ((const struct centre *)a)->c[2], y = ((const struct centre *)b)->c[2];
	return x < y ? -1 : x > y;
}

/* Puts the k-th smallest (by c[axis]) at v[k], smaller ones before it,
 * larger after.  Hoare partitions around a median of three; a sort
 * finishes any span that refuses to shrink (no quadratic inputs). */
static void select_kth(struct centre *v, int n, int k, int axis)
{
	static int (*const cmp[3])(const void *, const void *) = { by_axis0, by_axis1,
								   by_axis2 };
	int lo = 0, hi = n - 1, rounds = 0;
	while (hi > lo) {
		if (++rounds > 64) {
			qsort(v + lo, (size_t)(hi - lo + 1), sizeof *v, cmp[axis]);
			return;
		}
		int mid = lo + (hi - lo) / 2;
		if (v[mid].c[axis] < v[lo].c[axis])
			swap_centres(&v[mid], &v[lo]);
		if (v[hi].c[axis] < v[lo].c[axis])
			swap_centres(&v[hi], &v[lo]);
		if (v[hi].c[axis] < v[mid].c[axis])
			swap_centres(&v[hi], &v[mid]);
		double pivot = v[mid].c[axis];
		int i = lo, j = hi;
		while (i <= j) {
			while (v[i].c[axis] < pivot)
				i++;
			while (v[j].c[axis] > pivot)
				j--;
			if (i <= j)
				swap_centres(&v[i++], &v[j--]);
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

static int widest_axis(const struct centre *v, int n)
{
	double lo[3] = { INFINITY, INFINITY, INFINITY }, hi[3] = { -INFINITY, -INFINITY,
								   -INFINITY };
	for (int i = 0; i < n; i++)
		for (int a = 0; a < 3; a++) {
			lo[a] = v[i].c[a] < lo[a] ? v[i].c[a] : lo[a];
			hi[a] = v[i].c[a] > hi[a] ? v[i].c[a] : hi[a];
		}
	double x = hi[0] - lo[0], y = hi[1] - lo[1], z = hi[2] - lo[2];
	return x >= y && x >= z ? 0 : y >= z ? 1 : 2;
}

/* Shapes nodes[ni] over centres[first, first + n); *next: next free node. */
static void split_node(struct mesh *m, struct centre *v, int ni, int first,
		       int n, int *next)
{
	struct mesh_node *nd = &m->nodes[ni];
	if (n <= MESH_LEAF) {
		nd->first = first;
		nd->count = n;
		return;
	}
	select_kth(v + first, n, n / 2, widest_axis(v + first, n));
	int kids = *next;
	*next += 2;
	nd->first = kids;
	nd->count = 0;
	split_node(m, v, kids, first, n / 2, next);
	split_node(m, v, kids + 1, first + n / 2, n - n / 2, next);
}

/* Same shape of tree, boxes from the (moved) triangles: children first. */
static struct bbox refit(struct mesh *m, int ni)
{
	struct mesh_node *nd = &m->nodes[ni];
	if (nd->count == 0) {
		struct bbox r = refit(m, nd->first + 1);
		nd->box = refit(m, nd->first);
		bbox_merge(&nd->box, &r);
		return nd->box;
	}
	nd->box = bbox_empty();
	for (int i = nd->first; i < nd->first + nd->count; i++) {
		struct bbox b = tri_box(m, &m->tris[i]);
		bbox_merge(&nd->box, &b);
	}
	return nd->box;
}

int mesh_build(struct arena *a, struct mesh *m)
{
	m->nnodes = 0;
	m->nodes = NULL;
	if (m->ntris == 0)
		return 0;
	/* A binary tree with leaves of 1..MESH_LEAF has < 2 * ntris nodes. */
	size_t n = (size_t)m->ntris;
	struct centre *v = malloc(n * sizeof *v);
	struct mesh_tri *order = malloc(n * sizeof *order);
	struct mesh_node *nodes = malloc(2 * n * sizeof *nodes);
	int next = 1;
	if (!v || !order || !nodes) {
		free(v);
		free(order);
		free(nodes);
		return -1;
	}
	for (int i = 0; i < m->ntris; i++) {
		struct bbox b = tri_box(m, &m->tris[i]);
		v[i] = (struct centre){ { b.min.x + b.max.x, b.min.y + b.max.y,
					  b.min.z + b.max.z }, i };
	}
	m->nodes = nodes;
	split_node(m, v, 0, 0, m->ntris, &next);
	for (int i = 0; i < m->ntris; i++)
		order[i] = m->tris[v[i].tri];
	memcpy(m->tris, order, n * sizeof *order);
	free(v);
	free(order);
	refit(m, 0);
	m->nodes = arena_memdup(a, nodes, (size_t)next * sizeof *nodes);
	free(nodes);
	if (!m->nodes)
		return -1;
	m->nnodes = next;
	return 0;
}

struct mesh *mesh_bake(struct arena *a, const struct mesh *m,
		       const struct mat4 *w)
{
	struct mesh *b = arena_memdup(a, m, sizeof *m);
	if (!b)
		return NULL;
	b->pos = arena_alloc(a, (size_t)m->npos * sizeof *b->pos);
	b->nrm = arena_alloc(a, (size_t)m->nnrm * sizeof *b->nrm);
	b->nodes = arena_memdup(a, m->nodes, (size_t)m->nnodes * sizeof *b->nodes);
	if (!b->pos || !b->nrm || !b->nodes)
		return NULL;
	struct mat4 inv = mat4_inverse_of(w), nm = mat4_transpose(&inv);
	for (int i = 0; i < m->npos; i++)
		b->pos[i] = mat4_mul_point(w, m->pos[i]);
	for (int i = 0; i < m->nnrm; i++)
		b->nrm[i] = v3_norm(mat4_mul_vec(&nm, m->nrm[i]));
	if (b->nnodes)
		refit(b, 0);
	return b;
}

struct bbox mesh_bounds(const struct mesh *m)
{
	return m->nnodes ? m->nodes[0].box : bbox_empty();
}

/* Each triangle's own box is tested first, as for a lone triangle: a hit
 * behind the ray's origin then counts (for refraction) exactly as it would
 * for world-space triangles. */
static void leaf_intersect(const struct mesh *m, const struct mesh_node *nd,
			   const struct shape *s, const struct ray *r,
			   struct vec3 inv, struct xs *xs)
{
	for (int i = nd->first; i < nd->first + nd->count; i++) {
		const struct mesh_tri *t = &m->tris[i];
		struct vec3 p1 = m->pos[t->v[0]], p2 = m->pos[t->v[1]],
			    p3 = m->pos[t->v[2]];
		/* Plain compares: tri_box's fmin/fmax are calls, and this is
		 * per triangle per ray. */
		struct bbox b = {
			{ bbox_min(p1.x, bbox_min(p2.x, p3.x)), bbox_min(p1.y, bbox_min(p2.y, p3.y)),
			  bbox_min(p1.z, bbox_min(p2.z, p3.z)) },
			{ bbox_max(p1.x, bbox_max(p2.x, p3.x)), bbox_max(p1.y, bbox_max(p2.y, p3.y)),
			  bbox_max(p1.z, bbox_max(p2.z, p3.z)) }
		};
		double tt, u, v;
		if (bbox_hit(&b, r->origin, inv, INFINITY) &&
		    mesh_triangle_hit(p1, v3_sub(p2, p1), v3_sub(p3, p1), r, &tt, &u, &v))
			xs_push_tri(xs, tt, s, u, v, i);
	}
}

void mesh_intersect(const struct mesh *m, const struct shape *s,
		    const struct ray *r, struct xs *xs)
{
	struct vec3 inv = v3(1.0 / r->dir.x, 1.0 / r->dir.y, 1.0 / r->dir.z);
	int stack[MESH_STACK], n = 0;

	if (m->nnodes)
		stack[n++] = 0;
	while (n) {
		const struct mesh_node *nd = &m->nodes[stack[--n]];
		if (!bbox_hit(&nd->box, r->origin, inv, INFINITY))
			continue;
		if (nd->count) {
			leaf_intersect(m, nd, s, r, inv, xs);
		} else if (n + 2 <= MESH_STACK) {
			stack[n++] = nd->first + 1;
			stack[n++] = nd->first;
		}
	}
}

void mesh_intersect_all(const struct mesh *m, const struct shape *s,
			const struct ray *r, struct xs *xs)
{
	for (int i = 0; i < m->ntris; i++) {
		const struct mesh_tri *t = &m->tris[i];
		struct vec3 p1 = m->pos[t->v[0]];
		double tt, u, v;
		if (mesh_triangle_hit(p1, v3_sub(m->pos[t->v[1]], p1),
				       v3_sub(m->pos[t->v[2]], p1), r, &tt, &u, &v))
			xs_push_tri(xs, tt, s, u, v, i);
	}
}

struct vec3 mesh_normal(const struct mesh *m, int tri, double u, double v)
{
	const struct mesh_tri *t = &m->tris[tri];
	if (t->n[0] < 0) {
		struct vec3 p1 = m->pos[t->v[0]];
		struct vec3 e1 = v3_sub(m->pos[t->v[1]], p1), e2 = v3_sub(m->pos[t->v[2]], p1);
		return v3_norm(v3_cross(e2, e1));
	}
	return v3_add(v3_add(v3_scale(m->nrm[t->n[1]], u), v3_scale(m->nrm[t->n[2]], v)),
		      v3_scale(m->nrm[t->n[0]], 1 - u - v));
}
