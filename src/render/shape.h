/* shape: the primitives a ray can hit (book ch. 5, 9, 12, 13, 15, 16).
 * A built world holds only flattened shapes: every ancestor group's
 * transform is folded into m / minv / normal_m, and lone triangles carry
 * world-space vertices (xform false).  An OBJ mesh is one SHAPE_MESH
 * shape per placement, sharing its triangles (mesh.h).  Groups survive
 * only as BVH nodes (see world.h); a CSG keeps its operands as flattened
 * shapes of its own.  Immutable during a render. */
#ifndef RENDER_SHAPE_H
#define RENDER_SHAPE_H

#include <stdbool.h>

#include "render/bbox.h"
#include "render/material.h"
#include "render/ray.h"
#include "render/xs.h"

enum shape_kind {
	SHAPE_SPHERE,
	SHAPE_PLANE,
	SHAPE_CUBE,
	SHAPE_CYLINDER,
	SHAPE_CONE,
	SHAPE_TRIANGLE,
	SHAPE_SMOOTH_TRIANGLE,
	SHAPE_CSG,
	SHAPE_MESH,	/* one placement of a shared OBJ mesh (mesh.h) */
};

enum csg_op { CSG_UNION, CSG_INTERSECTION, CSG_DIFFERENCE };

/* Field order matters: what a ray test reads first (kind, box, triangle
 * vertices) shares the first cache lines; the matrices come last. */
struct shape {
	enum shape_kind kind;
	bool shadow;	/* casts shadows (YAML `shadow:`) */
	bool xform;	/* has a non-identity transform */
	const struct material *material;
	struct bbox box;	/* world space */
	union {
		struct {
			double min, max;	/* exclusive y limits */
			bool closed;
		} cyl;	/* cylinder and cone */
		struct {
			struct vec3 p1, e1, e2, normal, p2, p3;
			struct vec3 n1, n2, n3;	/* smooth triangles */
		} tri;
		struct {
			enum csg_op op;
			struct shape *kids;	/* nleft, then nright */
			int nleft, nright;
		} csg;
		struct {
			struct mesh *m;
			bool flip;	/* mirrored placement: flat normals flip */
			bool in_csg;	/* a CSG operand: every hit on the line
					 * counts, so no box culls any */
		} mesh;
	};
	struct mat4 minv;	/* world -> object, cached */
	struct mat4 m;		/* object -> world */
	struct mat4 normal_m;	/* transpose(minv), cached */
};

struct mesh;

/* A primitive with identity transform, default material, no limits. */
void shape_init(struct shape *s, enum shape_kind kind);
void shape_set_transform(struct shape *s, const struct mat4 *m);
/* Sets vertices (and for smooth triangles, normals); computes edges. */
void shape_set_triangle(struct shape *s, struct vec3 p1, struct vec3 p2,
			struct vec3 p3);
/* Object-space bounds of a primitive (csg: of its operands). */
struct bbox shape_local_bounds(const struct shape *s);

/* Appends the hits of an object-space ray. */
void shape_local_intersect(const struct shape *s, const struct ray *r,
			   struct xs *xs);
/* Object-space normal; hit gives u/v for smooth triangles (may be NULL). */
struct vec3 shape_local_normal(const struct shape *s, struct vec3 p,
			       const struct isect *hit);

/* Appends the hits of a world-space ray.  Without inverse_cache the
 * inverse is recomputed here, on every call (the talk's naive version). */
void shape_intersect(const struct shape *s, const struct ray *r, struct xs *xs,
		     bool inverse_cache);
struct vec3 shape_world_to_object(const struct shape *s, struct vec3 p,
				  bool inverse_cache);
struct vec3 shape_normal_to_world(const struct shape *s, struct vec3 n,
				  bool inverse_cache);
struct vec3 shape_normal_at(const struct shape *s, struct vec3 world_point,
			    const struct isect *hit, bool inverse_cache);

/* CSG rule (book ch. 16): keep a hit on the left (lhit) or right operand
 * given whether the ray is currently inside the left / right operand. */
bool csg_allowed(enum csg_op op, bool lhit, bool inl, bool inr);
/* Filters a t-sorted list whose entries carry is_left flags; returns the
 * kept count, compacted in place (keep order). */
int csg_filter(enum csg_op op, struct isect *v, const bool *is_left, int n);

#endif
