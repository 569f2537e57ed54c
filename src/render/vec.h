/* vec: points, vectors and colors for the ray tracer, all inline.  Points
 * and vectors share struct vec3; the book's w is implied by the matrix
 * function applied (mat4_mul_point translates, mat4_mul_vec does not).
 * Must never allocate: these run millions of times per frame. */
#ifndef RENDER_VEC_H
#define RENDER_VEC_H

#include <math.h>

/* The book's EPSILON: equality of tuples and the acne offset. */
#define RT_EPS 1e-5

struct vec3 {
	double x, y, z;
};

struct color {
	double r, g, b;
};

static inline struct vec3 v3(double x, double y, double z)
{
	return (struct vec3){ x, y, z };
}

static inline struct vec3 v3_add(struct vec3 a, struct vec3 b)
{
	return v3(a.x + b.x, a.y + b.y, a.z + b.z);
}

static inline struct vec3 v3_sub(struct vec3 a, struct vec3 b)
{
	return v3(a.x - b.x, a.y - b.y, a.z - b.z);
}

static inline struct vec3 v3_scale(struct vec3 a, double s)
{
	return v3(a.x * s, a.y * s, a.z * s);
}

static inline struct vec3 v3_neg(struct vec3 a)
{
	return v3(-a.x, -a.y, -a.z);
}

static inline double v3_dot(struct vec3 a, struct vec3 b)
{
	return a.x * b.x + a.y * b.y + a.z * b.z;
}

static inline struct vec3 v3_cross(struct vec3 a, struct vec3 b)
{
	return v3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z,
		  a.x * b.y - a.y * b.x);
}

static inline double v3_len(struct vec3 a)
{
	return sqrt(v3_dot(a, a));
}

static inline struct vec3 v3_norm(struct vec3 a)
{
	double l = v3_len(a);
	return l > 0 ? v3_scale(a, 1.0 / l) : a;
}

/* Reflects v around normal n (book ch. 6). */
static inline struct vec3 v3_reflect(struct vec3 v, struct vec3 n)
{
	return v3_sub(v, v3_scale(n, 2 * v3_dot(v, n)));
}

static inline double v3_axis(struct vec3 a, int axis)
{
	return axis == 0 ? a.x : axis == 1 ? a.y : a.z;
}

static inline struct color rgb(double r, double g, double b)
{
	return (struct color){ r, g, b };
}

static inline struct color color_add(struct color a, struct color b)
{
	return rgb(a.r + b.r, a.g + b.g, a.b + b.b);
}

static inline struct color color_sub(struct color a, struct color b)
{
	return rgb(a.r - b.r, a.g - b.g, a.b - b.b);
}

static inline struct color color_scale(struct color a, double s)
{
	return rgb(a.r * s, a.g * s, a.b * s);
}

/* Hadamard (component-wise) product. */
static inline struct color color_mul(struct color a, struct color b)
{
	return rgb(a.r * b.r, a.g * b.g, a.b * b.b);
}

#endif
