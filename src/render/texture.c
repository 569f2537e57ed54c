/* texture: uv patterns, mappings and the PPM reader. */
#include "render/texture.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>

static double fmod1(double x, double m)
{
	double r = fmod(x, m);
	return r < 0 ? r + m : r;
}

struct color uv_pattern_at(const struct uv_pattern *p, double u, double v)
{
	switch (p->kind) {
	case UV_CHECKERS: {
		long u2 = (long)floor(u * p->width), v2 = (long)floor(v * p->height);
		return ((u2 + v2) & 1) == 0 ? p->a : p->b;
	}
	case UV_ALIGN_CHECK:
		if (v > 0.8) {
			if (u < 0.2)
				return p->ul;
			if (u > 0.8)
				return p->ur;
		} else if (v < 0.2) {
			if (u < 0.2)
				return p->bl;
			if (u > 0.8)
				return p->br;
		}
		return p->main;
	case UV_IMAGE: {
		const struct canvas *c = p->image;
		double x = u * (c->width - 1), y = (1 - v) * (c->height - 1);
		int xi = (int)lround(x), yi = (int)lround(y);
		xi = xi < 0 ? 0 : xi >= c->width ? c->width - 1 : xi;
		yi = yi < 0 ? 0 : yi >= c->height ? c->height - 1 : yi;
		return canvas_read(c, xi, yi);
	}
	}
	return p->a;
}

void spherical_map(struct vec3 p, double *u, double *v)
{
	double theta = atan2(p.x, p.z), radius = v3_len(p);
	double phi = acos(radius > 0 ? p.y / radius : 1);
	*u = 1 - (theta / (2 * M_PI) + 0.5);
	*v = 1 - phi / M_PI;
}

void planar_map(struct vec3 p, double *u, double *v)
{
	*u = fmod1(p.x, 1);
	*v = fmod1(p.z, 1);
}

void cylindrical_map(struct vec3 p, double *u, double *v)
{
	double theta = atan2(p.x, p.z);
	*u = 1 - (theta / (2 * M_PI) + 0.5);
	*v = fmod1(p.y, 1);
}

enum cube_face cube_face_from_point(struct vec3 p)
{
	double c = fmax(fabs(p.x), fmax(fabs(p.y), fabs(p.z)));
	if (c == p.x)
		return FACE_RIGHT;
	if (c == -p.x)
		return FACE_LEFT;
	if (c == p.y)
		return FACE_UP;
	if (c == -p.y)
		return FACE_DOWN;
	if (c == p.z)
		return FACE_FRONT;
	return FACE_BACK;
}

void cube_uv(enum cube_face face, struct vec3 p, double *u, double *v)
{
	switch (face) {
	case FACE_FRONT:
		*u = fmod1(p.x + 1, 2) / 2;
		*v = fmod1(p.y + 1, 2) / 2;
		return;
	case FACE_BACK:
		*u = fmod1(1 - p.x, 2) / 2;
		*v = fmod1(p.y + 1, 2) / 2;
		return;
	case FACE_LEFT:
		*u = fmod1(p.z + 1, 2) / 2;
		*v = fmod1(p.y + 1, 2) / 2;
		return;
	case FACE_RIGHT:
		*u = fmod1(1 - p.z, 2) / 2;
		*v = fmod1(p.y + 1, 2) / 2;
		return;
	case FACE_UP:
		*u = fmod1(p.x + 1, 2) / 2;
		*v = fmod1(1 - p.z, 2) / 2;
		return;
	case FACE_DOWN:
		*u = fmod1(p.x + 1, 2) / 2;
		*v = fmod1(p.z + 1, 2) / 2;
		return;
	}
}

struct color texture_map_at(const struct texture_map *t, struct vec3 p)
{
	double u = 0, v = 0;
	const struct uv_pattern *uv = t->faces[0];
	switch (t->mapping) {
	case MAP_SPHERICAL:
		spherical_map(p, &u, &v);
		break;
	case MAP_PLANAR:
		planar_map(p, &u, &v);
		break;
	case MAP_CYLINDRICAL:
		cylindrical_map(p, &u, &v);
		break;
	case MAP_CUBE: {
		enum cube_face f = cube_face_from_point(p);
		cube_uv(f, p, &u, &v);
		uv = t->faces[f];
		break;
	}
	}
	return uv_pattern_at(uv, u, v);
}

struct ppm {
	const char *s, *end, *name;
	struct rt_error *err;
};

/* Next header integer, skipping blanks and # comments. */
static int ppm_int(struct ppm *P, long lo, long hi, long *out)
{
	for (;;) {
		while (P->s < P->end && isspace((unsigned char)*P->s))
			P->s++;
		if (P->s < P->end && *P->s == '#') {
			while (P->s < P->end && *P->s != '\n')
				P->s++;
			continue;
		}
		break;
	}
	if (P->s >= P->end || !isdigit((unsigned char)*P->s))
		return rt_error_set(P->err, "%s: bad PPM: expected a number", P->name);
	long v = 0;
	while (P->s < P->end && isdigit((unsigned char)*P->s) && v <= hi)
		v = v * 10 + (*P->s++ - '0');
	if (v < lo || v > hi)
		return rt_error_set(P->err, "%s: bad PPM: %ld out of range %ld..%ld",
				    P->name, v, lo, hi);
	*out = v;
	return 0;
}

int canvas_from_ppm(struct canvas *c, const char *text, size_t len,
		    const char *name, struct rt_error *err)
{
	struct ppm P = { text, text + len, name, err };
	long w, h, maxv, v;

	if (len < 2 || text[0] != 'P' || (text[1] != '3' && text[1] != '6'))
		return rt_error_set(err, "%s: not a PPM file (P3 or P6)", name);
	bool raw = text[1] == '6';
	P.s += 2;
	if (ppm_int(&P, 1, 16384, &w) < 0 || ppm_int(&P, 1, 16384, &h) < 0 ||
	    ppm_int(&P, 1, 255, &maxv) < 0)
		return -1;
	if (w * h > (64L << 20))
		return rt_error_set(err, "%s: %ldx%ld is more than 64M pixels (the image "
				    "size cap)", name, w, h);
	if (canvas_init(c, (int)w, (int)h, err) < 0)
		return -1;
	if (raw)
		P.s++;	/* the single blank after maxval */
	for (long i = 0; i < w * h * 3; i++) {
		if (raw) {
			if (P.s >= P.end) {
				canvas_free(c);
				return rt_error_set(err, "%s: bad PPM: data ends early", name);
			}
			v = (unsigned char)*P.s++;
			if (v > maxv)
				v = maxv;
		} else if (ppm_int(&P, 0, maxv, &v) < 0) {
			canvas_free(c);
			return -1;
		}
		c->rgb[i] = (uint8_t)((v * 255 + maxv / 2) / maxv);
	}
	return 0;
}
