/* matrix: 4x4 transforms (book ch. 3-4, 7).  Inversion is the expensive
 * operation the `inverse_cache=off` switch repeats per use; everything else
 * is a handful of multiplies. */
#ifndef RENDER_MATRIX_H
#define RENDER_MATRIX_H

#include <stdbool.h>

#include "render/vec.h"

struct mat4 {
	double m[4][4];
};

struct mat4 mat4_identity(void);
struct mat4 mat4_mul(const struct mat4 *a, const struct mat4 *b);
struct mat4 mat4_transpose(const struct mat4 *a);
bool mat4_equal(const struct mat4 *a, const struct mat4 *b, double eps);
bool mat4_is_identity(const struct mat4 *a);

/* Determinant of an n x n row-major matrix (n <= 4), by cofactors. */
double mat_determinant(const double *m, int n);
/* Copies m (n x n) without row r and column c into out ((n-1)^2). */
void mat_submatrix(const double *m, int n, int r, int c, double *out);
double mat_minor(const double *m, int n, int r, int c);
double mat_cofactor(const double *m, int n, int r, int c);
double mat4_determinant(const struct mat4 *a);
/* Book inversion by cofactors; returns false (out untouched) if singular. */
bool mat4_inverse(const struct mat4 *a, struct mat4 *out);
/* Inverse or identity when singular (scene transforms are checked at load). */
struct mat4 mat4_inverse_of(const struct mat4 *a);

static inline struct vec3 mat4_mul_point(const struct mat4 *a, struct vec3 p)
{
	return v3(a->m[0][0] * p.x + a->m[0][1] * p.y + a->m[0][2] * p.z + a->m[0][3],
		  a->m[1][0] * p.x + a->m[1][1] * p.y + a->m[1][2] * p.z + a->m[1][3],
		  a->m[2][0] * p.x + a->m[2][1] * p.y + a->m[2][2] * p.z + a->m[2][3]);
}

static inline struct vec3 mat4_mul_vec(const struct mat4 *a, struct vec3 v)
{
	return v3(a->m[0][0] * v.x + a->m[0][1] * v.y + a->m[0][2] * v.z,
		  a->m[1][0] * v.x + a->m[1][1] * v.y + a->m[1][2] * v.z,
		  a->m[2][0] * v.x + a->m[2][1] * v.y + a->m[2][2] * v.z);
}

struct mat4 translation(double x, double y, double z);
struct mat4 scaling(double x, double y, double z);
struct mat4 rotation_x(double r);
struct mat4 rotation_y(double r);
struct mat4 rotation_z(double r);
struct mat4 shearing(double xy, double xz, double yx, double yz, double zx,
		     double zy);
struct mat4 view_transform(struct vec3 from, struct vec3 to, struct vec3 up);

#endif
