/* material: surface parameters for Phong shading, reflection and
 * refraction (book ch. 6, 11).  Immutable during a render. */
#ifndef RENDER_MATERIAL_H
#define RENDER_MATERIAL_H

#include "render/pattern.h"

struct material {
	struct color color;
	const struct pattern *pattern;	/* overrides color when set */
	double ambient, diffuse, specular, shininess;
	double reflective, transparency, refractive_index;
};

static inline struct material material_default(void)
{
	return (struct material){ .color = { 1, 1, 1 },
				  .ambient = 0.1,
				  .diffuse = 0.9,
				  .specular = 0.9,
				  .shininess = 200,
				  .reflective = 0,
				  .transparency = 0,
				  .refractive_index = 1 };
}

#endif
