/* obj: Wavefront OBJ meshes (book ch. 15): v, vn, f (fan-triangulated,
 * v, v/vt, v//vn, v/vt/vn, negative indices), g.  Everything else is
 * counted as ignored.  Malformed numbers or indices are errors with the
 * file's line number; the parser never trusts the input. */
#ifndef RENDER_OBJ_H
#define RENDER_OBJ_H

#include "base/arena.h"
#include "base/rt_error.h"
#include "render/node.h"

struct obj_file {
	struct vec3 *v, *vn;	/* 1-based: v[1..nv] */
	int nv, nvn;
	struct node *default_group;
	struct node **groups;	/* named groups, in file order */
	char **names;
	int ngroups;
	int ignored;		/* unrecognised lines */
	int ntriangles;
};

/* name is used in error messages ("name:LINE: ..."). */
int obj_parse(struct arena *a, const char *text, size_t len, const char *name,
	      struct obj_file *out, struct rt_error *err);
int obj_load(struct arena *a, const char *path, struct obj_file *out,
	     struct rt_error *err);
void obj_free(struct obj_file *f);
/* A group holding the default group (if it has faces) and every named one. */
struct node *obj_to_group(struct arena *a, const struct obj_file *f);

#endif
