/* camera: pixels to rays (book ch. 7).  fov spans the longer image side. */
#ifndef RENDER_CAMERA_H
#define RENDER_CAMERA_H

#include <stdbool.h>

#include "render/ray.h"

struct camera {
	int hsize, vsize;
	double fov;
	struct mat4 transform, inv;	/* world -> camera (view transform) */
	double half_width, half_height, pixel_size;
};

void camera_init(struct camera *c, int hsize, int vsize, double fov);
void camera_set_transform(struct camera *c, const struct mat4 *m);
/* Ray through image position (px, py); pixel centres are at +0.5. */
struct ray camera_ray(const struct camera *c, double px, double py,
		      bool inverse_cache);

#endif
