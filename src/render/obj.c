/* obj: a line-oriented OBJ reader filling one compact mesh. */
#include "render/obj.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/textfile.h"

#define OBJ_MAX_BYTES (256u << 20)

struct objp {
	struct obj_file *f;
	const char *name;
	int line;
	long max;	/* the triangle cap, also for vertices and normals */
	struct vec3 *v, *vn;	/* growing: copied into the arena at the end */
	struct mesh_tri *t;
	int nv, nvn, nt, capv, capvn, capt;
	struct rt_error *err;
};

static int grow(void **p, int *cap, int need, size_t elem)
{
	if (need < *cap)
		return 0;
	int ncap = *cap ? *cap * 2 : 64;
	while (ncap <= need)
		ncap *= 2;
	void *np = realloc(*p, (size_t)ncap * elem);
	if (!np)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

static int bad(struct objp *P, const char *what)
{
	return rt_error_set(P->err, "%s:%d: %s", P->name, P->line, what);
}

static int oom(struct objp *P)
{
	return rt_error_set(P->err, "out of memory reading %s", P->name);
}

static int over_cap(struct objp *P, const char *what)
{
	return rt_error_set(P->err, "%s:%d: more than %ld %s in the scene's meshes "
			    "(the triangle cap)", P->name, P->line, P->max, what);
}

static int parse_vec(struct objp *P, char *s, struct vec3 *out)
{
	double d[3];
	for (int i = 0; i < 3; i++) {
		char *end;
		errno = 0;
		d[i] = strtod(s, &end);
		if (end == s || errno || !isfinite(d[i]))
			return bad(P, "expected three numbers");
		s = end;
	}
	*out = v3(d[0], d[1], d[2]);
	return 0;
}

/* Parses "v", "v/vt", "v//vn" or "v/vt/vn" into 1-based indices. */
static int parse_ref(struct objp *P, const char *tok, int *vi, int *ni)
{
	char *end;
	long v = strtol(tok, &end, 10), n = 0;
	if (end == tok)
		return bad(P, "bad face vertex");
	if (*end == '/') {
		const char *t = end + 1;
		if (*t != '/')
			strtol(t, &end, 10);	/* texture index: ignored */
		else
			end = (char *)t;
		if (*end == '/') {
			t = end + 1;
			n = strtol(t, &end, 10);
			if (end == t)
				return bad(P, "bad face normal index");
		}
	}
	if (*end)
		return bad(P, "bad face vertex");
	if (v < 0)
		v = P->nv + v + 1;
	if (n < 0)
		n = P->nvn + n + 1;
	if (v < 1 || v > P->nv) {
		char msg[96];
		snprintf(msg, sizeof msg, "vertex index %s out of range (%d vertices)",
			 tok, P->nv);
		return bad(P, msg);
	}
	if (n > P->nvn || (n < 1 && strstr(tok, "//")))
		return bad(P, "normal index out of range");
	*vi = (int)v;
	*ni = (int)n;
	return 0;
}

static int add_triangle(struct objp *P, const int *vi, const int *ni)
{
	bool smooth = ni[0] > 0 && ni[1] > 0 && ni[2] > 0;
	if (P->nt >= P->max)
		return over_cap(P, "triangles");
	if (grow((void **)&P->t, &P->capt, P->nt + 1, sizeof *P->t) < 0)
		return oom(P);
	struct mesh_tri *t = &P->t[P->nt++];
	for (int k = 0; k < 3; k++) {
		t->v[k] = vi[k] - 1;
		t->n[k] = smooth ? ni[k] - 1 : -1;
	}
	return 0;
}

static int parse_face(struct objp *P, char *s)
{
	int vi[3], ni[3], k = 0;
	char *save, *tok;
	for (tok = strtok_r(s, " \t\r", &save); tok;
	     tok = strtok_r(NULL, " \t\r", &save), k++) {
		int v = 0, n = 0;
		if (parse_ref(P, tok, &v, &n) < 0)
			return -1;
		if (k < 3) {
			vi[k] = v;
			ni[k] = n;
		} else {
			vi[1] = vi[2];
			ni[1] = ni[2];
			vi[2] = v;
			ni[2] = n;
		}
		if (k >= 2 && add_triangle(P, vi, ni) < 0)
			return -1;
	}
	if (k < 3)
		return bad(P, "a face needs at least three vertices");
	return 0;
}

static int parse_line(struct objp *P, char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '#' || *s == '\r')
		return 0;
	if (!strncmp(s, "v ", 2) || !strncmp(s, "v\t", 2)) {
		if (P->nv >= P->max)
			return over_cap(P, "vertices");
		if (grow((void **)&P->v, &P->capv, P->nv + 1, sizeof *P->v) < 0)
			return oom(P);
		return parse_vec(P, s + 2, &P->v[P->nv++]);
	}
	if (!strncmp(s, "vn ", 3) || !strncmp(s, "vn\t", 3)) {
		if (P->nvn >= P->max)
			return over_cap(P, "normals");
		if (grow((void **)&P->vn, &P->capvn, P->nvn + 1, sizeof *P->vn) < 0)
			return oom(P);
		return parse_vec(P, s + 3, &P->vn[P->nvn++]);
	}
	if (!strncmp(s, "f ", 2) || !strncmp(s, "f\t", 2))
		return parse_face(P, s + 2);
	if (!strncmp(s, "g ", 2) || !strncmp(s, "g\t", 2) || !strcmp(s, "g")) {
		P->f->ngroups++;
		return 0;
	}
	P->f->ignored++;
	return 0;
}

/* Moves the parsed arrays into the arena (exact sizes) and builds the BVH. */
static int finish(struct arena *a, struct objp *P)
{
	struct mesh *m = arena_zalloc(a, sizeof *m);
	if (!m)
		return oom(P);
	m->npos = P->nv;
	m->nnrm = P->nvn;
	m->ntris = P->nt;
	m->pos = arena_memdup(a, P->v, (size_t)P->nv * sizeof *m->pos);
	m->nrm = arena_memdup(a, P->vn, (size_t)P->nvn * sizeof *m->nrm);
	m->tris = arena_memdup(a, P->t, (size_t)P->nt * sizeof *m->tris);
	if (!m->pos || !m->nrm || !m->tris || mesh_build(a, m) < 0)
		return oom(P);
	P->f->mesh = m;
	return 0;
}

int obj_parse(struct arena *a, const char *text, size_t len, const char *name,
	      long max, struct obj_file *out, struct rt_error *err)
{
	struct objp P = { .f = out, .name = name, .max = max, .err = err };
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < len && rc == 0;) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		if (j - i + 1 > cap) {
			cap = j - i + 1;
			char *nl = realloc(line, cap);
			if (!nl) {
				rc = oom(&P);
				break;
			}
			line = nl;
		}
		memcpy(line, text + i, j - i);
		line[j - i] = 0;
		P.line++;
		if (memchr(text + i, 0, j - i))
			rc = bad(&P, "binary data in an OBJ file");
		else
			rc = parse_line(&P, line);
		i = j + 1;
	}
	if (rc == 0)
		rc = finish(a, &P);
	free(line);
	free(P.v);
	free(P.vn);
	free(P.t);
	return rc;
}

int obj_load(struct arena *a, const char *path, long max, struct obj_file *out,
	     struct rt_error *err)
{
	size_t len;
	char *buf = textfile_read(path, OBJ_MAX_BYTES, &len, err);
	if (!buf)
		return -1;
	int rc = obj_parse(a, buf, len, path, max, out, err);
	free(buf);
	return rc;
}
