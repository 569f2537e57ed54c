/* matrix: 4x4 arithmetic and the book's transform constructors. */
#include "render/matrix.h"

#include <string.h>

struct mat4 mat4_identity(void)
{
	struct mat4 r = { { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 },
			    { 0, 0, 0, 1 } } };
	return r;
}

struct mat4 mat4_mul(const struct mat4 *a, const struct mat4 *b)
{
	struct mat4 r;
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			r.m[i][j] = a->m[i][0] * b->m[0][j] + a->m[i][1] * b->m[1][j] +
				    a->m[i][2] * b->m[2][j] + a->m[i][3] * b->m[3][j];
	return r;
}

struct mat4 mat4_transpose(const struct mat4 *a)
{
	struct mat4 r;
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			r.m[i][j] = a->m[j][i];
	return r;
}

bool mat4_equal(const struct mat4 *a, const struct mat4 *b, double eps)
{
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			if (fabs(a->m[i][j] - b->m[i][j]) >= eps)
				return false;
	return true;
}

bool mat4_is_identity(const struct mat4 *a)
{
	struct mat4 id = mat4_identity();
	return memcmp(a, &id, sizeof id) == 0;
}

void mat_submatrix(const double *m, int n, int r, int c, double *out)
{
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (i == r)
			continue;
		for (int j = 0; j < n; j++)
			if (j != c)
				out[k++] = m[i * n + j];
	}
}

double mat_minor(const double *m, int n, int r, int c)
{
	double sub[9];
	mat_submatrix(m, n, r, c, sub);
	return mat_determinant(sub, n - 1);
}

double mat_cofactor(const double *m, int n, int r, int c)
{
	double minor = mat_minor(m, n, r, c);
	return (r + c) % 2 ? -minor : minor;
}

double mat_determinant(const double *m, int n)
{
	if (n == 1)
		return m[0];
	if (n == 2)
		return m[0] * m[3] - m[1] * m[2];
	double det = 0;
	for (int c = 0; c < n; c++)
		det += m[c] * mat_cofactor(m, n, 0, c);
	return det;
}

double mat4_determinant(const struct mat4 *a)
{
	return mat_determinant(&a->m[0][0], 4);
}

bool mat4_inverse(const struct mat4 *a, struct mat4 *out)
{
	const double *m = &a->m[0][0];
	double cof[4][4], det = 0;

	for (int r = 0; r < 4; r++)
		for (int c = 0; c < 4; c++)
			cof[r][c] = mat_cofactor(m, 4, r, c);
	for (int c = 0; c < 4; c++)
		det += m[c] * cof[0][c];
	if (det == 0)
		return false;
	for (int r = 0; r < 4; r++)
		for (int c = 0; c < 4; c++)
			out->m[c][r] = cof[r][c] / det;
	return true;
}

struct mat4 mat4_inverse_of(const struct mat4 *a)
{
	struct mat4 r;
	if (!mat4_inverse(a, &r))
		return mat4_identity();
	return r;
}

struct mat4 translation(double x, double y, double z)
{
	struct mat4 r = mat4_identity();
	r.m[0][3] = x;
	r.m[1][3] = y;
	r.m[2][3] = z;
	return r;
}

struct mat4 scaling(double x, double y, double z)
{
	struct mat4 r = mat4_identity();
	r.m[0][0] = x;
	r.m[1][1] = y;
	r.m[2][2] = z;
	return r;
}

struct mat4 rotation_x(double a)
{
	struct mat4 r = mat4_identity();
	r.m[1][1] = cos(a);
	r.m[1][2] = -sin(a);
	r.m[2][1] = sin(a);
	r.m[2][2] = cos(a);
	return r;
}

struct mat4 rotation_y(double a)
{
	struct mat4 r = mat4_identity();
	r.m[0][0] = cos(a);
	r.m[0][2] = sin(a);
	r.m[2][0] = -sin(a);
	r.m[2][2] = cos(a);
	return r;
}

struct mat4 rotation_z(double a)
{
	struct mat4 r = mat4_identity();
	r.m[0][0] = cos(a);
	r.m[0][1] = -sin(a);
	r.m[1][0] = sin(a);
	r.m[1][1] = cos(a);
	return r;
}

struct mat4 shearing(double xy, double xz, double yx, double yz, double zx,
		     double zy)
{
	struct mat4 r = mat4_identity();
	r.m[0][1] = xy;
	r.m[0][2] = xz;
	r.m[1][0] = yx;
	r.m[1][2] = yz;
	r.m[2][0] = zx;
	r.m[2][1] = zy;
	return r;
}

struct mat4 view_transform(struct vec3 from, struct vec3 to, struct vec3 up)
{
	struct vec3 forward = v3_norm(v3_sub(to, from));
	struct vec3 left = v3_cross(forward, v3_norm(up));
	struct vec3 true_up = v3_cross(left, forward);
	struct mat4 orientation = { { { left.x, left.y, left.z, 0 },
				      { true_up.x, true_up.y, true_up.z, 0 },
				      { -forward.x, -forward.y, -forward.z, 0 },
				      { 0, 0, 0, 1 } } };
	struct mat4 t = translation(-from.x, -from.y, -from.z);
	return mat4_mul(&orientation, &t);
}
