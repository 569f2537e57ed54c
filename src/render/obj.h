/* obj: Wavefront OBJ meshes (book ch. 15): v, vn, f (fan-triangulated,
 * v, v/vt, v//vn, v/vt/vn, negative indices), g.  Everything else is
 * counted as ignored.  Malformed numbers or indices are errors with the
 * file's line number; the parser never trusts the input.  A file becomes
 * one mesh (mesh.h): groups only name parts of it, so they are not kept. */
#ifndef RENDER_OBJ_H
#define RENDER_OBJ_H

#include "base/arena.h"
#include "base/rt_error.h"
#include "render/mesh.h"

struct obj_file {
	struct mesh *mesh;	/* in the arena, BVH built */
	int ngroups;		/* g lines */
	int ignored;		/* unrecognised lines */
};

/* name is used in error messages ("name:LINE: ...").  More than max
 * triangles, or more than max vertices or normals, is an error naming the
 * triangle cap. */
int obj_parse(struct arena *a, const char *text, size_t len, const char *name,
	      long max, struct obj_file *out, struct rt_error *err);
int obj_load(struct arena *a, const char *path, long max, struct obj_file *out,
	     struct rt_error *err);

#endif
