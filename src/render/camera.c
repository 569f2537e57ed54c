/* camera: pixel size and ray construction. */
#include "render/camera.h"

void camera_init(struct camera *c, int hsize, int vsize, double fov)
{
	c->hsize = hsize;
	c->vsize = vsize;
	c->fov = fov;
	c->transform = c->inv = mat4_identity();
	double half_view = tan(fov / 2), aspect = (double)hsize / vsize;
	if (aspect >= 1) {
		c->half_width = half_view;
		c->half_height = half_view / aspect;
	} else {
		c->half_width = half_view * aspect;
		c->half_height = half_view;
	}
	c->pixel_size = c->half_width * 2 / hsize;
}

void camera_set_transform(struct camera *c, const struct mat4 *m)
{
	c->transform = *m;
	c->inv = mat4_inverse_of(m);
}

struct ray camera_ray(const struct camera *c, double px, double py, bool cache)
{
	double wx = c->half_width - px * c->pixel_size;
	double wy = c->half_height - py * c->pixel_size;
	struct mat4 tmp;
	const struct mat4 *inv = &c->inv;
	if (!cache) {
		tmp = mat4_inverse_of(&c->transform);
		inv = &tmp;
	}
	struct vec3 pixel = mat4_mul_point(inv, v3(wx, wy, -1));
	struct vec3 origin = mat4_mul_point(inv, v3(0, 0, 0));
	return ray_make(origin, v3_norm(v3_sub(pixel, origin)));
}
