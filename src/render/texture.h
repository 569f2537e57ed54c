/* texture: the bonus chapter "Texture Mapping": 2-D (u, v) patterns
 * (checkers, align check, images) and the mappings that take a point on a
 * shape to (u, v): spherical, planar, cylindrical and the six faces of a
 * cube.  Images are 8-bit canvases read from PPM files at load time.
 * Immutable during a render. */
#ifndef RENDER_TEXTURE_H
#define RENDER_TEXTURE_H

#include "render/canvas.h"
#include "render/vec.h"

enum uv_kind { UV_CHECKERS, UV_ALIGN_CHECK, UV_IMAGE };

struct uv_pattern {
	enum uv_kind kind;
	int width, height;		/* checkers: squares across u and v */
	struct color a, b;		/* checkers */
	struct color main, ul, ur, bl, br;	/* align check */
	const struct canvas *image;	/* image */
};

enum uv_mapping { MAP_SPHERICAL, MAP_PLANAR, MAP_CYLINDRICAL, MAP_CUBE };
enum cube_face { FACE_LEFT, FACE_RIGHT, FACE_FRONT, FACE_BACK, FACE_UP, FACE_DOWN };

struct color uv_pattern_at(const struct uv_pattern *p, double u, double v);
void spherical_map(struct vec3 p, double *u, double *v);
void planar_map(struct vec3 p, double *u, double *v);
void cylindrical_map(struct vec3 p, double *u, double *v);
enum cube_face cube_face_from_point(struct vec3 p);
void cube_uv(enum cube_face face, struct vec3 p, double *u, double *v);

/* A texture-mapped pattern: faces[0] for the single-pattern mappings,
 * faces[FACE_*] for MAP_CUBE. */
struct texture_map {
	enum uv_mapping mapping;
	const struct uv_pattern *faces[6];
};
struct color texture_map_at(const struct texture_map *t, struct vec3 p);

/* Reads a plain (P3) or raw (P6) PPM into c; messages name the file. */
int canvas_from_ppm(struct canvas *c, const char *text, size_t len,
		    const char *name, struct rt_error *err);

#endif
