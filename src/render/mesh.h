/* mesh: the triangles of one OBJ file, stored once however many times the
 * scene places it (spec §2 `add: obj`).  Vertices and normals are shared
 * by index; a triangle is six ints; a BVH over the triangles lives in the
 * mesh's own space.  A SHAPE_MESH shape is one placement: its transform
 * and material, pointing here.  Built while loading, immutable once the
 * world is built, read by every render thread. */
#ifndef RENDER_MESH_H
#define RENDER_MESH_H

#include <math.h>
#include <stdbool.h>

#include "base/arena.h"
#include "render/bbox.h"
#include "render/xs.h"

struct shape;

struct mesh_tri {
	int v[3];	/* into pos */
	int n[3];	/* into nrm; n[0] < 0: flat (normal from the edges) */
};

/* Inner node (count 0): children at nodes[first] and nodes[first + 1].
 * Leaf: tris[first, first + count). */
struct mesh_node {
	struct bbox box;
	int first, count;
};

struct mesh {
	struct vec3 *pos, *nrm;
	int npos, nnrm;
	struct mesh_tri *tris;
	int ntris;
	struct mesh_node *nodes;	/* nodes[0] is the root; none when empty */
	int nnodes;
	int uses;	/* placements in the built world (world_build counts) */
};

/* Builds the BVH (reordering tris); -1 when out of memory. */
int mesh_build(struct arena *a, struct mesh *m);
/* A copy with positions and normals moved to world space by w, sharing
 * the triangles, for a mesh placed once: its rays need no transform and
 * its arithmetic is exactly that of world-space triangles.  NULL: oom. */
struct mesh *mesh_bake(struct arena *a, const struct mesh *m,
		       const struct mat4 *w);
struct bbox mesh_bounds(const struct mesh *m);

/* Möller-Trumbore (book ch. 15) for a triangle given by p1 and its edges
 * e1 = p2 - p1, e2 = p3 - p1: one body for lone and mesh triangles, so
 * both give the same bits. */
static inline bool mesh_triangle_hit(struct vec3 p1, struct vec3 e1,
				     struct vec3 e2, const struct ray *r,
				     double *t, double *u, double *v)
{
	struct vec3 dxe2 = v3_cross(r->dir, e2);
	double det = v3_dot(e1, dxe2);
	if (fabs(det) < 1e-12)
		return false;
	double f = 1.0 / det;
	struct vec3 p1o = v3_sub(r->origin, p1);
	*u = f * v3_dot(p1o, dxe2);
	if (*u < 0 || *u > 1)
		return false;
	struct vec3 oxe1 = v3_cross(p1o, e1);
	*v = f * v3_dot(r->dir, oxe1);
	if (*v < 0 || *u + *v > 1)
		return false;
	*t = f * v3_dot(e2, oxe1);
	return true;
}

/* Appends the hits of a ray in the mesh's space, each naming s (the
 * placement) and the triangle. */
void mesh_intersect(const struct mesh *m, const struct shape *s,
		    const struct ray *r, struct xs *xs);
/* The same without any box test: for CSG operands, whose rule counts
 * every crossing of the line, behind the origin too. */
void mesh_intersect_all(const struct mesh *m, const struct shape *s,
			const struct ray *r, struct xs *xs);
/* Normal of triangle tri at barycentrics u, v, in the mesh's space. */
struct vec3 mesh_normal(const struct mesh *m, int tri, double u, double v);

#endif
