/* obj: a line-oriented OBJ reader building triangle nodes. */
#include "render/obj.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/textfile.h"

#define OBJ_MAX_BYTES (256u << 20)

struct objp {
	struct arena *a;
	struct obj_file *f;
	const char *name;
	int line;
	int capv, capvn, capg;
	struct node *cur;
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
		v = P->f->nv + v + 1;
	if (n < 0)
		n = P->f->nvn + n + 1;
	if (v < 1 || v > P->f->nv) {
		char msg[96];
		snprintf(msg, sizeof msg, "vertex index %s out of range (%d vertices)",
			 tok, P->f->nv);
		return bad(P, msg);
	}
	if (n > P->f->nvn || (n < 1 && strstr(tok, "//")))
		return bad(P, "normal index out of range");
	*vi = (int)v;
	*ni = (int)n;
	return 0;
}

static int add_triangle(struct objp *P, const int *vi, const int *ni)
{
	struct obj_file *f = P->f;
	bool smooth = ni[0] > 0 && ni[1] > 0 && ni[2] > 0;
	struct node *t = node_new_shape(P->a, smooth ? SHAPE_SMOOTH_TRIANGLE
						     : SHAPE_TRIANGLE);
	if (!t)
		return rt_error_set(P->err, "out of memory reading %s", P->name);
	shape_set_triangle(&t->shape, f->v[vi[0]], f->v[vi[1]], f->v[vi[2]]);
	if (smooth) {
		t->shape.tri.n1 = f->vn[ni[0]];
		t->shape.tri.n2 = f->vn[ni[1]];
		t->shape.tri.n3 = f->vn[ni[2]];
	}
	f->ntriangles++;
	if (node_add_child(P->a, P->cur, t) < 0)
		return rt_error_set(P->err, "out of memory reading %s", P->name);
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

static int start_group(struct objp *P, char *s)
{
	struct obj_file *f = P->f;
	while (*s == ' ' || *s == '\t')
		s++;
	s[strcspn(s, "\r\n")] = 0;
	if (grow((void **)&f->groups, &P->capg, f->ngroups + 1, sizeof *f->groups) < 0 ||
	    !(f->names = realloc(f->names, (size_t)P->capg * sizeof *f->names)))
		return rt_error_set(P->err, "out of memory reading %s", P->name);
	struct node *g = node_new_group(P->a);
	char *name = arena_strdup(P->a, s);
	if (!g || !name)
		return rt_error_set(P->err, "out of memory reading %s", P->name);
	f->groups[f->ngroups] = g;
	f->names[f->ngroups++] = name;
	P->cur = g;
	return 0;
}

static int parse_line(struct objp *P, char *s)
{
	struct obj_file *f = P->f;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '#' || *s == '\r')
		return 0;
	if (!strncmp(s, "v ", 2) || !strncmp(s, "v\t", 2)) {
		if (grow((void **)&f->v, &P->capv, f->nv + 1, sizeof *f->v) < 0)
			return rt_error_set(P->err, "out of memory reading %s", P->name);
		return parse_vec(P, s + 2, &f->v[++f->nv]);
	}
	if (!strncmp(s, "vn ", 3) || !strncmp(s, "vn\t", 3)) {
		if (grow((void **)&f->vn, &P->capvn, f->nvn + 1, sizeof *f->vn) < 0)
			return rt_error_set(P->err, "out of memory reading %s", P->name);
		return parse_vec(P, s + 3, &f->vn[++f->nvn]);
	}
	if (!strncmp(s, "f ", 2) || !strncmp(s, "f\t", 2))
		return parse_face(P, s + 2);
	if (!strncmp(s, "g ", 2) || !strncmp(s, "g\t", 2))
		return start_group(P, s + 2);
	f->ignored++;
	return 0;
}

int obj_parse(struct arena *a, const char *text, size_t len, const char *name,
	      struct obj_file *out, struct rt_error *err)
{
	struct objp P = { .a = a, .f = out, .name = name, .err = err };
	char *line = NULL;
	size_t cap = 0;

	memset(out, 0, sizeof *out);
	out->default_group = P.cur = node_new_group(a);
	if (!P.cur)
		return rt_error_set(err, "out of memory reading %s", name);
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		if (j - i + 1 > cap) {
			cap = j - i + 1;
			char *nl = realloc(line, cap);
			if (!nl) {
				free(line);
				return rt_error_set(err, "out of memory reading %s", name);
			}
			line = nl;
		}
		memcpy(line, text + i, j - i);
		line[j - i] = 0;
		P.line++;
		if (memchr(text + i, 0, j - i) || parse_line(&P, line) < 0) {
			if (memchr(text + i, 0, j - i))
				bad(&P, "binary data in an OBJ file");
			free(line);
			obj_free(out);
			return -1;
		}
		i = j + 1;
	}
	free(line);
	return 0;
}

int obj_load(struct arena *a, const char *path, struct obj_file *out,
	     struct rt_error *err)
{
	size_t len;
	char *buf = textfile_read(path, OBJ_MAX_BYTES, &len, err);
	if (!buf)
		return -1;
	int rc = obj_parse(a, buf, len, path, out, err);
	free(buf);
	return rc;
}

void obj_free(struct obj_file *f)
{
	free(f->v);
	free(f->vn);
	free(f->groups);
	free(f->names);
	f->v = f->vn = NULL;
	f->groups = NULL;
	f->names = NULL;
}

struct node *obj_to_group(struct arena *a, const struct obj_file *f)
{
	struct node *g = node_new_group(a);
	if (!g)
		return NULL;
	if (f->default_group->nkids && node_add_child(a, g, f->default_group) < 0)
		return NULL;
	for (int i = 0; i < f->ngroups; i++)
		if (node_add_child(a, g, f->groups[i]) < 0)
			return NULL;
	return g;
}
