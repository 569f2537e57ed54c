/* pattern: procedural colors (book ch. 10) with their own transform, plus
 * nesting (a pattern where a color would be), blending and texture maps.  Immutable once
 * the scene is built; shared by all render threads. */
#ifndef RENDER_PATTERN_H
#define RENDER_PATTERN_H

#include <stdbool.h>

#include "render/matrix.h"
#include "render/texture.h"

enum pattern_kind {
	PATTERN_STRIPES,
	PATTERN_GRADIENT,
	PATTERN_RINGS,
	PATTERN_CHECKERS,
	PATTERN_BLEND,	/* average of a and b */
	PATTERN_TEST,	/* the book's test pattern: color = point */
	PATTERN_MAP,	/* texture mapping (bonus chapter) */
};

struct pattern {
	enum pattern_kind kind;
	struct color a, b;
	const struct pattern *pa, *pb;	/* nested patterns replace a / b */
	const struct texture_map *map;	/* PATTERN_MAP */
	struct mat4 m, minv;
};

/* A pattern with identity transform. */
struct pattern pattern_make(enum pattern_kind kind, struct color a,
			    struct color b);
void pattern_set_transform(struct pattern *p, const struct mat4 *m);
/* Color at a point already in this pattern's space. */
struct color pattern_at(const struct pattern *p, struct vec3 pp,
			bool inverse_cache);
/* Color at an object-space point: applies the pattern transform first. */
struct color pattern_at_object(const struct pattern *p, struct vec3 op,
			       bool inverse_cache);

#endif
