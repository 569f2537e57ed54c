/* scene: the YAML loader.  Parser events are read into a libyaml document
 * (so every node keeps its line and column) under the nesting and alias
 * caps; we walk it top to bottom, resolving defines eagerly.  A define only
 * sees the defines written before it, so forward references and cycles are
 * reported, never followed. */
#include "render/scene.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/idmap.h"
#include "base/strtab.h"
#include "render/obj.h"
#include "render/textfile.h"

enum def_kind { DEF_MATERIAL, DEF_TRANSFORM, DEF_OBJECT };

struct define {
	const char *name;
	enum def_kind kind;
	struct material mat;
	struct mat4 xf;
	yaml_node_t *obj;
	int visible;	/* defines visible from inside this one */
};

struct loader {
	struct scene *sc;
	const char *file;
	const char *dir;
	yaml_document_t doc;
	struct rt_error *err;
	struct define *defs;
	int ndefs, capdefs;
	int visible;	/* defines visible to the item being read */
	int depth;
	long budget;	/* shapes and patterns left: YAML aliases can nest */
	struct light *lights;
	int nlights, caplights;
	bool have_camera;
	struct node *root;
	struct strtab paths;	/* OBJ paths as resolved; slots NULL until one */
	struct idmap meshes;	/* interned path -> struct mesh */
	long ntriangles;	/* in all meshes read, each counted once */
};

#define MAX_DEPTH 64
/* Shapes and patterns, each use of a define counted: a shape costs about
 * 4 KB while loading, so this bounds a scene near 400 MB. */
#define MAX_ITEMS 100000L
/* YAML caps (man page, "Limits"): lists and mappings open at once, and
 * nodes that aliases may repeat in total. */
#define SCENE_MAX_NESTING 256
#define SCENE_MAX_ALIASED 100000
/* YAML nodes written in the file (about 160 bytes each once read). */
#define SCENE_MAX_NODES 2000000
/* Triangles in all the scene's OBJ files, each file counted once however
 * often it is placed; vertices and normals have the same cap. */
#define SCENE_MAX_TRIANGLES 2000000L

static int fail(struct loader *L, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct loader *L, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return rt_error_set(L->err, "%s:%zu:%zu: %s", L->file,
			    n ? n->start_mark.line + 1 : 1,
			    n ? n->start_mark.column + 1 : 1, msg);
}

static void warn(struct loader *L, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct loader *L, const yaml_node_t *n, const char *fmt, ...)
{
	struct scene *sc = L->sc;
	char msg[400], full[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(full, sizeof full, "%s:%zu:%zu: %s", L->file,
		 n->start_mark.line + 1, n->start_mark.column + 1, msg);
	if (sc->nwarnings >= 100)
		return;
	const char **w = arena_alloc(&sc->arena, (size_t)(sc->nwarnings + 1) * sizeof *w);
	char *s = arena_strdup(&sc->arena, full);
	if (!w || !s)
		return;
	if (sc->nwarnings)
		memcpy(w, sc->warnings, (size_t)sc->nwarnings * sizeof *w);
	w[sc->nwarnings++] = s;
	sc->warnings = w;
}

static int oom(struct loader *L)
{
	return rt_error_set(L->err, "%s: out of memory", L->file);
}

/* --- yaml node access --- */

static yaml_node_t *node_at(struct loader *L, int id)
{
	return yaml_document_get_node(&L->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
						: NULL;
}

static yaml_node_t *map_get(struct loader *L, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(node_at(L, p->key));
		if (k && !strcmp(k, key))
			return node_at(L, p->value);
	}
	return NULL;
}

static int seq_len(const yaml_node_t *n)
{
	return (int)(n->data.sequence.items.top - n->data.sequence.items.start);
}

static yaml_node_t *seq_at(struct loader *L, const yaml_node_t *n, int i)
{
	return node_at(L, n->data.sequence.items.start[i]);
}

static bool key_in(const char *k, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(k, *list))
			return true;
	return false;
}

/* Warns about every key of map not in known. */
static void check_keys(struct loader *L, yaml_node_t *map,
		       const char *const *known)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node_at(L, p->key);
		const char *k = scalar(kn);
		if (!k)
			warn(L, kn, "ignoring a non-scalar key");
		else if (!key_in(k, known))
			warn(L, kn, "ignoring unknown key '%s'", k);
	}
}

static int get_float(struct loader *L, yaml_node_t *n, double *out)
{
	const char *s = scalar(n);
	char *end;
	if (!s)
		return fail(L, n, "expected a number");
	errno = 0;
	double d = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(d))
		return fail(L, n, "'%s' is not a number", s);
	*out = d;
	return 0;
}

static int get_int(struct loader *L, yaml_node_t *n, int lo, int hi, int *out)
{
	const char *s = scalar(n);
	char *end;
	if (!s)
		return fail(L, n, "expected an integer");
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno)
		return fail(L, n, "'%s' is not an integer", s);
	if (v < lo || v > hi)
		return fail(L, n, "%ld is out of range (%d..%d)", v, lo, hi);
	*out = (int)v;
	return 0;
}

static int get_bool(struct loader *L, yaml_node_t *n, bool *out)
{
	const char *s = scalar(n);
	if (s && (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "yes")))
		*out = true;
	else if (s && (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "no")))
		*out = false;
	else
		return fail(L, n, "expected true or false");
	return 0;
}

static int get_vec3(struct loader *L, yaml_node_t *n, struct vec3 *out)
{
	double d[3];
	if (!n || n->type != YAML_SEQUENCE_NODE || seq_len(n) != 3)
		return fail(L, n, "expected a list of 3 numbers, like [1, 0, 0]");
	for (int i = 0; i < 3; i++)
		if (get_float(L, seq_at(L, n, i), &d[i]) < 0)
			return -1;
	*out = v3(d[0], d[1], d[2]);
	return 0;
}

static int get_color(struct loader *L, yaml_node_t *n, struct color *out)
{
	struct vec3 v;
	if (get_vec3(L, n, &v) < 0)
		return -1;
	*out = rgb(v.x, v.y, v.z);
	return 0;
}

/* A required key: fails at the mapping when absent. */
static yaml_node_t *need(struct loader *L, yaml_node_t *map, const char *key,
			 const char *what)
{
	yaml_node_t *v = map_get(L, map, key);
	if (!v)
		fail(L, map, "%s needs '%s'", what, key);
	return v;
}

/* --- defines --- */

static struct define *lookup(struct loader *L, const char *name)
{
	for (int i = L->visible - 1; i >= 0; i--)
		if (!strcmp(L->defs[i].name, name))
			return &L->defs[i];
	return NULL;
}

static int unknown_name(struct loader *L, yaml_node_t *n, const char *name,
			const char *what)
{
	for (int i = L->visible; i < L->ndefs; i++)
		if (!strcmp(L->defs[i].name, name))
			return fail(L, n, "'%s' is used before it is defined "
				    "(forward references and define cycles are not allowed)",
				    name);
	return fail(L, n, "unknown %s '%s' (a define must come before its use)",
		    what, name);
}

/* --- transforms --- */

static int transform_op(struct loader *L, yaml_node_t *n, struct mat4 *m)
{
	static const struct {
		const char *name;
		int nargs;
	} ops[] = { { "translate", 3 }, { "scale", 3 },	   { "rotate-x", 1 },
		    { "rotate-y", 1 },	{ "rotate-z", 1 }, { "shear", 6 } };
	int len = seq_len(n);
	const char *op = len ? scalar(seq_at(L, n, 0)) : NULL;
	double a[6];
	unsigned i;

	if (!op)
		return fail(L, n, "a transform starts with its name, like [translate, 1, 2, 3]");
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (!strcmp(op, ops[i].name))
			break;
	if (i == sizeof ops / sizeof ops[0])
		return fail(L, n, "unknown transform '%s' (known: translate, scale, "
			    "rotate-x, rotate-y, rotate-z, shear)", op);
	if (len - 1 != ops[i].nargs)
		return fail(L, n, "'%s' takes %d number%s, not %d", op, ops[i].nargs,
			    ops[i].nargs > 1 ? "s" : "", len - 1);
	for (int k = 0; k < ops[i].nargs; k++)
		if (get_float(L, seq_at(L, n, k + 1), &a[k]) < 0)
			return -1;
	switch (i) {
	case 0: *m = translation(a[0], a[1], a[2]); break;
	case 1: *m = scaling(a[0], a[1], a[2]); break;
	case 2: *m = rotation_x(a[0]); break;
	case 3: *m = rotation_y(a[0]); break;
	case 4: *m = rotation_z(a[0]); break;
	default: *m = shearing(a[0], a[1], a[2], a[3], a[4], a[5]); break;
	}
	return 0;
}

/* Entries apply in the order written: M = Tn ... T1. */
static int get_transform(struct loader *L, yaml_node_t *n, struct mat4 *out)
{
	struct mat4 m = mat4_identity(), t;
	if (n->type != YAML_SEQUENCE_NODE)
		return fail(L, n, "expected a list of transforms, like [[translate, 0, 1, 0]]");
	for (int i = 0; i < seq_len(n); i++) {
		yaml_node_t *item = seq_at(L, n, i);
		const char *name = scalar(item);
		if (name) {
			struct define *d = lookup(L, name);
			if (!d)
				return unknown_name(L, item, name, "transform");
			if (d->kind != DEF_TRANSFORM)
				return fail(L, item, "'%s' is not a transform list", name);
			t = d->xf;
		} else if (item->type == YAML_SEQUENCE_NODE) {
			if (transform_op(L, item, &t) < 0)
				return -1;
		} else {
			return fail(L, item, "expected a transform like [scale, 2, 2, 2] or a defined name");
		}
		m = mat4_mul(&t, &m);
	}
	*out = m;
	return 0;
}

/* --- patterns and materials --- */

static int get_pattern(struct loader *L, yaml_node_t *n,
		       const struct pattern **out);

static int pattern_side(struct loader *L, yaml_node_t *n, struct color *c,
			const struct pattern **nested)
{
	if (n && n->type == YAML_MAPPING_NODE)
		return get_pattern(L, n, nested);
	return get_color(L, n, c);
}

/* Reads a PPM (relative to the scene's folder) into the scene's arena. */
static int load_image(struct loader *L, yaml_node_t *fn,
		      const struct canvas **out)
{
	const char *file = scalar(fn);
	char path[PATH_MAX];
	struct rt_error e;
	struct canvas tmp, *c;
	size_t len;

	if (!file || !*file)
		return fail(L, fn, "file must be a path to a PPM image");
	if (file[0] == '/' || !L->dir)
		snprintf(path, sizeof path, "%s", file);
	else
		snprintf(path, sizeof path, "%s/%s", L->dir, file);
	char *text = textfile_read(path, 256u << 20, &len, &e);
	if (!text)
		return fail(L, fn, "%s", e.msg);
	int rc = canvas_from_ppm(&tmp, text, len, path, &e);
	free(text);
	if (rc < 0)
		return fail(L, fn, "%s", e.msg);
	size_t bytes = (size_t)tmp.width * tmp.height * 3;
	c = arena_alloc(&L->sc->arena, sizeof *c);
	uint8_t *px = c ? arena_memdup(&L->sc->arena, tmp.rgb, bytes) : NULL;
	canvas_free(&tmp);
	if (!px)
		return oom(L);
	*c = (struct canvas){ tmp.width, tmp.height, px };
	*out = c;
	return 0;
}

static int get_uv_pattern(struct loader *L, yaml_node_t *n,
			  const struct uv_pattern **out)
{
	static const char *const keys[] = { "type", "width", "height", "colors",
					    "file", NULL };
	yaml_node_t *tn, *v;
	const char *type;
	struct uv_pattern *p = arena_zalloc(&L->sc->arena, sizeof *p);

	if (!p)
		return oom(L);
	if (!n || n->type != YAML_MAPPING_NODE)
		return fail(L, n, "a uv_pattern is a mapping with a type");
	if (!(tn = need(L, n, "type", "a uv_pattern")))
		return -1;
	check_keys(L, n, keys);
	type = scalar(tn);
	if (type && !strcmp(type, "checkers")) {
		p->kind = UV_CHECKERS;
		if (!(v = need(L, n, "width", "uv checkers")) ||
		    get_int(L, v, 1, 100000, &p->width) < 0 ||
		    !(v = need(L, n, "height", "uv checkers")) ||
		    get_int(L, v, 1, 100000, &p->height) < 0 ||
		    !(v = need(L, n, "colors", "uv checkers")))
			return -1;
		if (v->type != YAML_SEQUENCE_NODE || seq_len(v) != 2)
			return fail(L, v, "uv checkers need exactly 2 colors");
		if (get_color(L, seq_at(L, v, 0), &p->a) < 0 ||
		    get_color(L, seq_at(L, v, 1), &p->b) < 0)
			return -1;
	} else if (type && !strcmp(type, "align_check")) {
		static const char *const names[] = { "main", "ul", "ur", "bl", "br", NULL };
		struct color *dst[] = { &p->main, &p->ul, &p->ur, &p->bl, &p->br };
		p->kind = UV_ALIGN_CHECK;
		if (!(v = need(L, n, "colors", "an align_check")))
			return -1;
		if (v->type != YAML_MAPPING_NODE)
			return fail(L, v, "align_check colors are main, ul, ur, bl and br");
		check_keys(L, v, names);
		for (int i = 0; i < 5; i++) {
			yaml_node_t *c = need(L, v, names[i], "align_check colors");
			if (!c || get_color(L, c, dst[i]) < 0)
				return -1;
		}
	} else if (type && !strcmp(type, "image")) {
		p->kind = UV_IMAGE;
		if (!(v = need(L, n, "file", "an image uv_pattern")) ||
		    load_image(L, v, &p->image) < 0)
			return -1;
	} else {
		return fail(L, tn, "unknown uv_pattern type '%s' (checkers, align_check "
			    "or image)", type ? type : "?");
	}
	*out = p;
	return 0;
}

static int get_texture_map(struct loader *L, yaml_node_t *n, struct pattern *p)
{
	static const char *const faces[] = { "left", "right", "front", "back",
					     "up", "down" };
	static const char *const maps[] = { "spherical", "planar", "cylindrical",
					    "cube" };
	struct texture_map *t = arena_zalloc(&L->sc->arena, sizeof *t);
	yaml_node_t *mn = need(L, n, "mapping", "a map pattern");
	const char *m = scalar(mn);
	unsigned i;

	if (!t)
		return oom(L);
	if (!mn)
		return -1;
	for (i = 0; m && i < 4; i++)
		if (!strcmp(m, maps[i]))
			break;
	if (!m || i == 4)
		return fail(L, mn, "unknown mapping '%s' (spherical, planar, "
			    "cylindrical or cube)", m ? m : "?");
	t->mapping = (enum uv_mapping)i;
	if (t->mapping == MAP_CUBE) {
		for (int f = 0; f < 6; f++) {
			yaml_node_t *fn = need(L, n, faces[f], "a cube map");
			if (!fn || get_uv_pattern(L, fn, &t->faces[f]) < 0)
				return -1;
		}
	} else {
		yaml_node_t *un = need(L, n, "uv_pattern", "a map pattern");
		if (!un || get_uv_pattern(L, un, &t->faces[0]) < 0)
			return -1;
	}
	p->kind = PATTERN_MAP;
	p->map = t;
	return 0;
}

static int get_pattern(struct loader *L, yaml_node_t *n,
		       const struct pattern **out)
{
	static const char *const keys[] = { "type", "colors", "transform", NULL };
	static const char *const map_keys[] = { "type", "mapping", "uv_pattern",
						"transform", "left", "right", "front",
						"back", "up", "down", NULL };
	static const struct {
		const char *name;
		enum pattern_kind kind;
	} kinds[] = { { "stripes", PATTERN_STRIPES }, { "gradient", PATTERN_GRADIENT },
		      { "rings", PATTERN_RINGS },     { "ring", PATTERN_RINGS },
		      { "checkers", PATTERN_CHECKERS }, { "blend", PATTERN_BLEND },
		      { "blended", PATTERN_BLEND } };
	if (n->type != YAML_MAPPING_NODE)
		return fail(L, n, "a pattern is a mapping with type and colors");
	if (++L->depth > MAX_DEPTH)
		return fail(L, n, "shapes and patterns nested more than %d deep "
			    "(the shape nesting cap)", MAX_DEPTH);
	if (--L->budget < 0)
		return fail(L, n, "more than %ld shapes and patterns (the shape cap)",
			    MAX_ITEMS);
	yaml_node_t *tn = need(L, n, "type", "a pattern"), *cn;
	if (!tn)
		return -1;
	const char *type = scalar(tn);
	bool map = type && !strcmp(type, "map");
	unsigned i;
	for (i = 0; type && i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(type, kinds[i].name))
			break;
	if (!map && (!type || i == sizeof kinds / sizeof kinds[0]))
		return fail(L, tn, "unsupported pattern type '%s' (supported: stripes, "
			    "gradient, rings, checkers, blend, map)", type ? type : "?");
	check_keys(L, n, map ? map_keys : keys);
	struct pattern *p = arena_alloc(&L->sc->arena, sizeof *p);
	if (!p)
		return oom(L);
	*p = pattern_make(map ? PATTERN_MAP : kinds[i].kind, rgb(1, 1, 1),
			  rgb(0, 0, 0));
	if (map) {
		if (get_texture_map(L, n, p) < 0)
			return -1;
	} else {
		if (!(cn = need(L, n, "colors", "a pattern")))
			return -1;
		if (cn->type != YAML_SEQUENCE_NODE || seq_len(cn) != 2)
			return fail(L, cn, "a pattern needs exactly 2 colors");
		if (pattern_side(L, seq_at(L, cn, 0), &p->a, &p->pa) < 0 ||
		    pattern_side(L, seq_at(L, cn, 1), &p->b, &p->pb) < 0)
			return -1;
	}
	yaml_node_t *xn = map_get(L, n, "transform");
	if (xn) {
		struct mat4 m;
		if (get_transform(L, xn, &m) < 0)
			return -1;
		if (mat4_determinant(&m) == 0)
			return fail(L, xn, "the pattern transform cannot be inverted (a scale of 0?)");
		pattern_set_transform(p, &m);
	}
	L->depth--;
	*out = p;
	return 0;
}

/* Overlays the keys of map onto *m. */
static int material_keys(struct loader *L, yaml_node_t *map, struct material *m)
{
	static const char *const keys[] = { "color", "pattern", "ambient", "diffuse",
					    "specular", "shininess", "reflective",
					    "transparency", "refractive-index", NULL };
	static const char *const nums[] = { "ambient", "diffuse", "specular",
					    "shininess", "reflective", "transparency",
					    "refractive-index" };
	double *dst[] = { &m->ambient, &m->diffuse, &m->specular, &m->shininess,
			  &m->reflective, &m->transparency, &m->refractive_index };
	yaml_node_t *v;

	check_keys(L, map, keys);
	if ((v = map_get(L, map, "color")) && get_color(L, v, &m->color) < 0)
		return -1;
	if ((v = map_get(L, map, "pattern")) && get_pattern(L, v, &m->pattern) < 0)
		return -1;
	for (int i = 0; i < 7; i++)
		if ((v = map_get(L, map, nums[i])) && get_float(L, v, dst[i]) < 0)
			return -1;
	if (m->shininess <= 0 && (v = map_get(L, map, "shininess")))
		return fail(L, v, "shininess must be greater than 0");
	if (m->refractive_index <= 0 && (v = map_get(L, map, "refractive-index")))
		return fail(L, v, "refractive-index must be greater than 0");
	return 0;
}

static int get_material(struct loader *L, yaml_node_t *n,
			const struct material **out)
{
	const char *name = scalar(n);
	struct material *m = arena_alloc(&L->sc->arena, sizeof *m);
	if (!m)
		return oom(L);
	if (name) {
		struct define *d = lookup(L, name);
		if (!d)
			return unknown_name(L, n, name, "material");
		if (d->kind != DEF_MATERIAL)
			return fail(L, n, "'%s' is not a material", name);
		*m = d->mat;
	} else if (n->type == YAML_MAPPING_NODE) {
		*m = material_default();
		if (material_keys(L, n, m) < 0)
			return -1;
	} else {
		return fail(L, n, "expected a material mapping or a defined material name");
	}
	*out = m;
	return 0;
}

/* --- shapes --- */

static struct node *build_shape(struct loader *L, yaml_node_t *item,
				const char *kind_key);

static int common_keys(struct loader *L, yaml_node_t *item, struct node *n,
		       bool append)
{
	yaml_node_t *v;
	if ((v = map_get(L, item, "transform"))) {
		struct mat4 m;
		if (get_transform(L, v, &m) < 0)
			return -1;
		if (mat4_determinant(&m) == 0)
			return fail(L, v, "this transform cannot be inverted (a scale of 0?)");
		n->transform = append ? mat4_mul(&m, &n->transform) : m;
	}
	if ((v = map_get(L, item, "material")) && get_material(L, v, &n->material) < 0)
		return -1;
	if ((v = map_get(L, item, "shadow")) && get_bool(L, v, &n->shadow) < 0)
		return -1;
	return 0;
}

static int limits_keys(struct loader *L, yaml_node_t *item, struct shape *s)
{
	yaml_node_t *v;
	if ((v = map_get(L, item, "min")) && get_float(L, v, &s->cyl.min) < 0)
		return -1;
	if ((v = map_get(L, item, "max")) && get_float(L, v, &s->cyl.max) < 0)
		return -1;
	if ((v = map_get(L, item, "closed")) && get_bool(L, v, &s->cyl.closed) < 0)
		return -1;
	if (s->cyl.min > s->cyl.max)
		return fail(L, item, "min (%g) is greater than max (%g)", s->cyl.min,
			    s->cyl.max);
	return 0;
}

static int group_children(struct loader *L, yaml_node_t *item, struct node *g)
{
	yaml_node_t *kids = map_get(L, item, "children");
	if (!kids)
		return 0;
	if (kids->type != YAML_SEQUENCE_NODE)
		return fail(L, kids, "children must be a list of shapes");
	for (int i = 0; i < seq_len(kids); i++) {
		struct node *k = build_shape(L, seq_at(L, kids, i), "add");
		if (!k)
			return -1;
		if (node_add_child(&L->sc->arena, g, k) < 0)
			return oom(L);
	}
	return 0;
}

/* Each OBJ file is read once per scene; every use places the same mesh. */
static struct mesh *load_mesh(struct loader *L, yaml_node_t *fn, const char *path)
{
	struct obj_file of;
	struct rt_error e;
	const char *key;

	if (!L->paths.slots && (strtab_init(&L->paths, &L->sc->arena) < 0 ||
				idmap_init(&L->meshes, 16) < 0)) {
		oom(L);
		return NULL;
	}
	if (!(key = strtab_intern_cstr(&L->paths, path))) {
		oom(L);
		return NULL;
	}
	struct mesh *m = idmap_get(&L->meshes, (uint64_t)(uintptr_t)key);
	if (m)
		return m;
	if (obj_load(&L->sc->arena, path, SCENE_MAX_TRIANGLES - L->ntriangles,
		     &of, &e) < 0) {
		fail(L, fn, "%s", e.msg);
		return NULL;
	}
	if (idmap_put(&L->meshes, (uint64_t)(uintptr_t)key, of.mesh) < 0) {
		oom(L);
		return NULL;
	}
	L->ntriangles += of.mesh->ntris;
	if (of.mesh->ntris == 0)
		warn(L, fn, "%s has no faces", scalar(fn));
	return of.mesh;
}

static struct node *build_obj(struct loader *L, yaml_node_t *item)
{
	yaml_node_t *fn = need(L, item, "file", "an obj");
	const char *file = scalar(fn);
	char path[PATH_MAX];

	if (!fn)
		return NULL;
	if (!file || !*file) {
		fail(L, fn, "file must be a path to an OBJ file");
		return NULL;
	}
	if (file[0] == '/' || !L->dir)
		snprintf(path, sizeof path, "%s", file);
	else
		snprintf(path, sizeof path, "%s/%s", L->dir, file);
	struct mesh *m = load_mesh(L, fn, path);
	if (!m)
		return NULL;
	struct node *n = node_new_shape(&L->sc->arena, SHAPE_MESH);
	if (!n) {
		oom(L);
		return NULL;
	}
	n->shape.mesh.m = m;
	n->shape.box = shape_local_bounds(&n->shape);
	return n;
}

static struct node *build_csg(struct loader *L, yaml_node_t *item)
{
	yaml_node_t *opn = map_get(L, item, "operation");
	if (!opn)
		opn = map_get(L, item, "op");
	const char *op = scalar(opn);
	enum csg_op o;
	if (!opn) {
		fail(L, item, "a csg needs 'operation' (union, intersection or difference)");
		return NULL;
	}
	if (op && !strcmp(op, "union"))
		o = CSG_UNION;
	else if (op && !strcmp(op, "intersection"))
		o = CSG_INTERSECTION;
	else if (op && !strcmp(op, "difference"))
		o = CSG_DIFFERENCE;
	else {
		fail(L, opn, "unknown csg operation '%s' (union, intersection or difference)",
		     op ? op : "?");
		return NULL;
	}
	yaml_node_t *ln = need(L, item, "left", "a csg"), *rn;
	if (!ln || !(rn = need(L, item, "right", "a csg")))
		return NULL;
	struct node *l = build_shape(L, ln, "type"), *r;
	if (!l || !(r = build_shape(L, rn, "type")))
		return NULL;
	struct node *n = node_new_csg(&L->sc->arena, o, l, r);
	if (!n)
		oom(L);
	return n;
}

static struct node *instantiate(struct loader *L, yaml_node_t *item,
				struct define *d)
{
	static const char *const keys[] = { "add", "type", "transform", "material",
					    "shadow", NULL };
	int saved = L->visible;
	L->visible = d->visible;
	struct node *n = build_shape(L, d->obj, "add");
	L->visible = saved;
	if (!n)
		return NULL;
	check_keys(L, item, keys);
	/* Use-site transform applies after the define's own. */
	if (common_keys(L, item, n, true) < 0)
		return NULL;
	return n;
}

static const char *shape_kind_key(struct loader *L, yaml_node_t *item,
				  const char *kind_key, yaml_node_t **kn)
{
	*kn = map_get(L, item, kind_key);
	if (!*kn && !strcmp(kind_key, "type"))
		*kn = map_get(L, item, "add");
	return scalar(*kn);
}

static struct node *build_shape(struct loader *L, yaml_node_t *item,
				const char *kind_key)
{
	static const struct {
		const char *name;
		enum shape_kind kind;
	} prims[] = { { "sphere", SHAPE_SPHERE },     { "plane", SHAPE_PLANE },
		      { "cube", SHAPE_CUBE },	      { "cylinder", SHAPE_CYLINDER },
		      { "cone", SHAPE_CONE } };
	static const char *const prim_keys[] = { "add", "type", "transform",
						 "material", "shadow", NULL };
	static const char *const limit_keys[] = { "add", "type", "transform",
						  "material", "shadow", "min",
						  "max", "closed", NULL };
	static const char *const group_keys[] = { "add", "type", "transform",
						  "material", "shadow",
						  "children", NULL };
	static const char *const obj_keys[] = { "add", "type", "transform",
						"material", "shadow", "file", NULL };
	static const char *const csg_keys[] = { "add", "type", "transform",
						"material", "shadow", "operation",
						"op", "left", "right", NULL };
	struct node *n = NULL;
	yaml_node_t *kn;

	if (!item || item->type != YAML_MAPPING_NODE) {
		fail(L, item, "expected a shape mapping");
		return NULL;
	}
	if (++L->depth > MAX_DEPTH) {
		fail(L, item, "shapes and patterns nested more than %d deep "
		     "(the shape nesting cap)", MAX_DEPTH);
		return NULL;
	}
	if (--L->budget < 0) {
		fail(L, item, "more than %ld shapes and patterns (the shape cap)",
		     MAX_ITEMS);
		return NULL;
	}
	const char *kind = shape_kind_key(L, item, kind_key, &kn);
	if (!kind) {
		fail(L, kn ? kn : item, "a shape needs '%s:' naming its kind", kind_key);
		return NULL;
	}
	for (unsigned i = 0; i < sizeof prims / sizeof prims[0]; i++)
		if (!strcmp(kind, prims[i].name)) {
			n = node_new_shape(&L->sc->arena, prims[i].kind);
			if (!n) {
				oom(L);
				return NULL;
			}
			bool lim = prims[i].kind == SHAPE_CYLINDER ||
				   prims[i].kind == SHAPE_CONE;
			check_keys(L, item, lim ? limit_keys : prim_keys);
			if (lim && limits_keys(L, item, &n->shape) < 0)
				return NULL;
			break;
		}
	if (n) {
		/* primitive: done above */
	} else if (!strcmp(kind, "group")) {
		check_keys(L, item, group_keys);
		if (!(n = node_new_group(&L->sc->arena))) {
			oom(L);
			return NULL;
		}
		if (group_children(L, item, n) < 0)
			return NULL;
	} else if (!strcmp(kind, "obj")) {
		check_keys(L, item, obj_keys);
		if (!(n = build_obj(L, item)))
			return NULL;
	} else if (!strcmp(kind, "csg")) {
		check_keys(L, item, csg_keys);
		if (!(n = build_csg(L, item)))
			return NULL;
	} else if (!strcmp(kind, "triangle")) {
		fail(L, kn, "triangles come only from OBJ files (use add: obj)");
		return NULL;
	} else {
		struct define *d = lookup(L, kind);
		if (!d) {
			unknown_name(L, kn, kind, "shape");
			return NULL;
		}
		if (d->kind != DEF_OBJECT) {
			fail(L, kn, "'%s' is not a defined object", kind);
			return NULL;
		}
		n = instantiate(L, item, d);
		L->depth--;
		return n;
	}
	if (common_keys(L, item, n, false) < 0)
		return NULL;
	L->depth--;
	return n;
}

/* --- camera, lights, defines --- */

static int read_camera(struct loader *L, yaml_node_t *item)
{
	static const char *const keys[] = { "add", "width", "height", "field-of-view",
					    "from", "to", "up", "supersample",
					    "frames", NULL };
	struct scene *sc = L->sc;
	int w = 100, h = 100;
	double fov = M_PI / 3;
	yaml_node_t *v;

	check_keys(L, item, keys);
	sc->up = v3(0, 1, 0);
	sc->aa = 1;
	sc->frames = 0;
	if ((v = map_get(L, item, "width")) && get_int(L, v, 1, 16384, &w) < 0)
		return -1;
	if ((v = map_get(L, item, "height")) && get_int(L, v, 1, 16384, &h) < 0)
		return -1;
	if ((v = map_get(L, item, "field-of-view"))) {
		if (get_float(L, v, &fov) < 0)
			return -1;
		if (!(fov > 0 && fov < M_PI))
			return fail(L, v, "field-of-view is in radians and must be between 0 and pi");
	}
	if (!(v = need(L, item, "from", "the camera")) || get_vec3(L, v, &sc->from) < 0)
		return -1;
	if (!(v = need(L, item, "to", "the camera")) || get_vec3(L, v, &sc->to) < 0)
		return -1;
	if ((v = map_get(L, item, "up")) && get_vec3(L, v, &sc->up) < 0)
		return -1;
	if ((v = map_get(L, item, "supersample")) && get_int(L, v, 1, 16, &sc->aa) < 0)
		return -1;
	if ((v = map_get(L, item, "frames")) && get_int(L, v, 0, 100000, &sc->frames) < 0)
		return -1;
	struct vec3 fwd = v3_sub(sc->to, sc->from);
	if (v3_len(fwd) == 0)
		return fail(L, item, "camera 'from' and 'to' are the same point");
	if (v3_len(v3_cross(v3_norm(fwd), v3_norm(sc->up))) < 1e-9)
		return fail(L, item, "camera 'up' is parallel to the view direction");
	camera_init(&sc->camera, w, h, fov);
	struct mat4 vt = view_transform(sc->from, sc->to, sc->up);
	camera_set_transform(&sc->camera, &vt);
	L->have_camera = true;
	return 0;
}

static int read_light(struct loader *L, yaml_node_t *item)
{
	static const char *const point_keys[] = { "add", "at", "intensity", NULL };
	static const char *const area_keys[] = { "add", "corner", "uvec", "vvec",
						 "usteps", "vsteps", "jitter",
						 "intensity", NULL };
	struct light l;
	struct color c;
	yaml_node_t *v;

	if (!(v = need(L, item, "intensity", "a light")) || get_color(L, v, &c) < 0)
		return -1;
	if (map_get(L, item, "corner")) {
		struct vec3 corner, u, w;
		int us, vs;
		bool jitter = false;
		check_keys(L, item, area_keys);
		if (!(v = need(L, item, "corner", "an area light")) || get_vec3(L, v, &corner) < 0 ||
		    !(v = need(L, item, "uvec", "an area light")) || get_vec3(L, v, &u) < 0 ||
		    !(v = need(L, item, "vvec", "an area light")) || get_vec3(L, v, &w) < 0 ||
		    !(v = need(L, item, "usteps", "an area light")) || get_int(L, v, 1, 64, &us) < 0 ||
		    !(v = need(L, item, "vsteps", "an area light")) || get_int(L, v, 1, 64, &vs) < 0)
			return -1;
		if ((v = map_get(L, item, "jitter")) && get_bool(L, v, &jitter) < 0)
			return -1;
		l = light_area(corner, u, us, w, vs, jitter, c);
	} else {
		struct vec3 at;
		check_keys(L, item, point_keys);
		if (!(v = need(L, item, "at", "a point light")) || get_vec3(L, v, &at) < 0)
			return -1;
		l = light_point(at, c);
	}
	if (L->nlights == L->caplights) {
		int cap = L->caplights ? L->caplights * 2 : 4;
		struct light *nl = arena_alloc(&L->sc->arena, (size_t)cap * sizeof *nl);
		if (!nl)
			return oom(L);
		if (L->nlights)
			memcpy(nl, L->lights, (size_t)L->nlights * sizeof *nl);
		L->lights = nl;
		L->caplights = cap;
	}
	L->lights[L->nlights++] = l;
	return 0;
}

static int read_cpuloader(struct loader *L, yaml_node_t *item)
{
	static const char *const keys[] = { "add", "share", NULL };
	yaml_node_t *v;
	double share = 0.25;
	check_keys(L, item, keys);
	if ((v = map_get(L, item, "share"))) {
		if (get_float(L, v, &share) < 0)
			return -1;
		if (!(share > 0 && share < 1))
			return fail(L, v, "share is a fraction of worker time, between 0 and 1");
	}
	L->sc->cpuloader = share;
	return 0;
}

static int read_define(struct loader *L, yaml_node_t *item)
{
	static const char *const keys[] = { "define", "extend", "value", NULL };
	yaml_node_t *nn = map_get(L, item, "define"), *val, *ext;
	const char *name = scalar(nn);
	struct define d = { .name = name, .visible = L->ndefs };

	check_keys(L, item, keys);
	if (!name || !*name)
		return fail(L, nn, "define needs a name");
	if (!(val = need(L, item, "value", "a define")))
		return -1;
	L->visible = L->ndefs;
	if ((ext = map_get(L, item, "extend"))) {
		const char *pn = scalar(ext);
		struct define *p = pn ? lookup(L, pn) : NULL;
		if (!pn)
			return fail(L, ext, "extend needs the name of a defined material");
		if (!p)
			return !strcmp(pn, name) ? fail(L, ext, "define '%s' extends itself", name)
						 : unknown_name(L, ext, pn, "material");
		if (p->kind != DEF_MATERIAL || val->type != YAML_MAPPING_NODE ||
		    map_get(L, val, "add"))
			return fail(L, ext, "extend works only between materials");
		d.mat = p->mat;
	} else {
		d.mat = material_default();
	}
	if (val->type == YAML_SEQUENCE_NODE) {
		d.kind = DEF_TRANSFORM;
		if (get_transform(L, val, &d.xf) < 0)
			return -1;
	} else if (val->type == YAML_MAPPING_NODE && map_get(L, val, "add")) {
		d.kind = DEF_OBJECT;
		d.obj = val;
		/* Build once now so errors point at the define, not each use. */
		struct node *probe = build_shape(L, val, "add");
		if (!probe)
			return -1;
	} else if (val->type == YAML_MAPPING_NODE) {
		d.kind = DEF_MATERIAL;
		if (material_keys(L, val, &d.mat) < 0)
			return -1;
	} else {
		return fail(L, val, "a define's value is a material, a transform list or a shape");
	}
	if (L->ndefs == L->capdefs) {
		int cap = L->capdefs ? L->capdefs * 2 : 16;
		struct define *nd = realloc(L->defs, (size_t)cap * sizeof *nd);
		if (!nd)
			return oom(L);
		L->defs = nd;
		L->capdefs = cap;
	}
	L->defs[L->ndefs++] = d;
	return 0;
}

static int read_add(struct loader *L, yaml_node_t *item)
{
	const char *what = scalar(map_get(L, item, "add"));
	if (what && !strcmp(what, "camera"))
		return read_camera(L, item);
	if (what && (!strcmp(what, "light") || !strcmp(what, "area_light")))
		return read_light(L, item);
	if (what && !strcmp(what, "cpuloader"))
		return read_cpuloader(L, item);
	struct node *n = build_shape(L, item, "add");
	if (!n)
		return -1;
	if (node_add_child(&L->sc->arena, L->root, n) < 0)
		return oom(L);
	return 0;
}

static int read_items(struct loader *L)
{
	yaml_node_t *root = yaml_document_get_root_node(&L->doc);
	if (!root)
		return rt_error_set(L->err, "%s:1:1: the scene is empty", L->file);
	if (root->type != YAML_SEQUENCE_NODE)
		return fail(L, root, "a scene is a list of '- add:' and '- define:' items");
	for (int i = 0; i < seq_len(root); i++) {
		yaml_node_t *item = seq_at(L, root, i);
		if (item->type != YAML_MAPPING_NODE)
			return fail(L, item, "expected an '- add:' or '- define:' item");
		bool add = map_get(L, item, "add"), def = map_get(L, item, "define");
		if (add == def)
			return fail(L, item, add ? "an item has either add: or define:, not both"
						 : "an item needs add: or define:");
		L->visible = L->ndefs;
		L->depth = 0;
		if ((add ? read_add(L, item) : read_define(L, item)) < 0)
			return -1;
	}
	if (!L->have_camera)
		return fail(L, root, "the scene has no camera (add one with '- add: camera')");
	return 0;
}

/* --- reading YAML events into a document ---
 * libyaml's own loader has no depth limit and slows down quadratically
 * with nesting, so the document is built here from parser events: the
 * nesting cap stops the parse at the first event past it, and aliases are
 * measured as they appear (an alias bomb is refused before it is walked). */

struct yframe {
	int id;		/* the open sequence or mapping */
	int key;	/* mapping: the key waiting for its value, or 0 */
	long size;	/* nodes in the expansion so far, aliases included */
	const char *anchor;	/* its anchor's interned name, or NULL */
};

struct yanchor {
	int id;
	long size;	/* -1 while the anchored node is still open */
};

struct yreader {
	struct loader *L;
	yaml_document_t *doc;
	struct yframe stack[SCENE_MAX_NESTING];
	int depth;
	struct arena names;	/* anchor names and records, for the parse */
	struct strtab tab;	/* a name's interned copy is its key below */
	struct idmap anchors;	/* interned name -> struct yanchor */
	long repeated;	/* nodes repeated by aliases so far */
	long nodes;	/* nodes read so far */
};

static int yfail(struct yreader *R, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int yfail(struct yreader *R, yaml_mark_t m, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return rt_error_set(R->L->err, "%s:%zu:%zu: %s", R->L->file, m.line + 1,
			    m.column + 1, msg);
}

static struct yanchor *anchor_get(struct yreader *R, const char *key)
{
	return idmap_get(&R->anchors, (uint64_t)(uintptr_t)key);
}

/* Records (or redefines, as YAML allows) an anchor on node id; *key is
 * the interned name. */
static int anchor_set(struct yreader *R, const char *name, int id,
		      const char **key)
{
	if (!(*key = strtab_intern_cstr(&R->tab, name)))
		return oom(R->L);
	struct yanchor *a = anchor_get(R, *key);
	if (!a && (!(a = arena_alloc(&R->names, sizeof *a)) ||
		   idmap_put(&R->anchors, (uint64_t)(uintptr_t)*key, a) < 0))
		return oom(R->L);
	a->id = id;
	a->size = -1;
	return 0;
}

/* Attaches a finished node (size nodes once expanded) to the open parent. */
static int attach(struct yreader *R, int id, long size, const char *anchor)
{
	struct yanchor *a = anchor ? anchor_get(R, anchor) : NULL;
	if (a && a->id == id)	/* not since redefined on an inner node */
		a->size = size;
	if (R->depth == 0)
		return 0;	/* the root */
	struct yframe *f = &R->stack[R->depth - 1];
	f->size += size;
	yaml_node_t *parent = yaml_document_get_node(R->doc, f->id);
	int ok;
	if (parent->type == YAML_SEQUENCE_NODE) {
		ok = yaml_document_append_sequence_item(R->doc, f->id, id);
	} else if (!f->key) {
		f->key = id;
		ok = 1;
	} else {
		ok = yaml_document_append_mapping_pair(R->doc, f->id, f->key, id);
		f->key = 0;
	}
	return ok ? 0 : oom(R->L);
}

static int on_alias(struct yreader *R, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	const char *key = strtab_intern_cstr(&R->tab, name);
	if (!key)
		return oom(R->L);
	struct yanchor *a = anchor_get(R, key);
	if (!a)
		return yfail(R, ev->start_mark, "unknown alias *%s (no anchor &%s before it)",
			     name, name);
	if (a->size < 0)
		return yfail(R, ev->start_mark, "alias *%s is inside the node it names "
			     "(a loop)", name);
	R->repeated += a->size;
	if (R->repeated > SCENE_MAX_ALIASED)
		return yfail(R, ev->start_mark, "aliases repeat more than %d YAML nodes "
			     "(the alias cap)", SCENE_MAX_ALIASED);
	return attach(R, a->id, a->size, NULL);
}

/* Counts one more node read at mark m. */
static int count_node(struct yreader *R, yaml_mark_t m)
{
	if (++R->nodes > SCENE_MAX_NODES)
		return yfail(R, m, "more than %d YAML nodes (the YAML node cap)",
			     SCENE_MAX_NODES);
	return 0;
}

static int on_scalar(struct yreader *R, const yaml_event_t *ev)
{
	if (count_node(R, ev->start_mark) < 0)
		return -1;
	int id = yaml_document_add_scalar(R->doc, NULL, ev->data.scalar.value,
					  (int)ev->data.scalar.length,
					  ev->data.scalar.style);
	if (!id)
		return oom(R->L);
	yaml_node_t *n = yaml_document_get_node(R->doc, id);
	n->start_mark = ev->start_mark;
	n->end_mark = ev->end_mark;
	const char *anchor = (const char *)ev->data.scalar.anchor, *kept = NULL;
	if (anchor && anchor_set(R, anchor, id, &kept) < 0)
		return -1;
	return attach(R, id, 1, kept);
}

static int on_start(struct yreader *R, const yaml_event_t *ev)
{
	bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
	if (R->depth == SCENE_MAX_NESTING)
		return yfail(R, ev->start_mark, "lists and mappings nested more than %d "
			     "deep (the nesting cap)", SCENE_MAX_NESTING);
	if (count_node(R, ev->start_mark) < 0)
		return -1;
	int id = seq ? yaml_document_add_sequence(R->doc, NULL,
						  ev->data.sequence_start.style)
		     : yaml_document_add_mapping(R->doc, NULL,
						 ev->data.mapping_start.style);
	if (!id)
		return oom(R->L);
	yaml_node_t *n = yaml_document_get_node(R->doc, id);
	n->start_mark = ev->start_mark;
	const char *anchor = seq ? (const char *)ev->data.sequence_start.anchor
				 : (const char *)ev->data.mapping_start.anchor, *kept = NULL;
	if (anchor && anchor_set(R, anchor, id, &kept) < 0)
		return -1;
	R->stack[R->depth++] = (struct yframe){ id, 0, 1, kept };
	return 0;
}

static int on_end(struct yreader *R, const yaml_event_t *ev)
{
	struct yframe f = R->stack[--R->depth];
	yaml_node_t *n = yaml_document_get_node(R->doc, f.id);
	n->end_mark = ev->end_mark;
	return attach(R, f.id, f.size, f.anchor);
}

static int on_event(struct yreader *R, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return on_alias(R, ev);
	case YAML_SCALAR_EVENT:
		return on_scalar(R, ev);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_start(R, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(R, ev);
	default:
		return 0;
	}
}

/* Reads the first document of the stream into L->doc. */
static int parse_yaml(struct loader *L, const char *yaml, size_t len)
{
	struct yreader R = { .L = L, .doc = &L->doc };
	yaml_parser_t p;
	yaml_event_t ev;
	int rc = 0;

	arena_init(&R.names);
	if (!yaml_document_initialize(&L->doc, NULL, NULL, NULL, 1, 1))
		return oom(L);
	if (strtab_init(&R.tab, &R.names) < 0 || idmap_init(&R.anchors, 16) < 0 ||
	    !yaml_parser_initialize(&p)) {
		idmap_free(&R.anchors);
		strtab_free(&R.tab);
		arena_free(&R.names);
		yaml_document_delete(&L->doc);
		return oom(L);
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)yaml, len);
	for (bool done = false; !done && rc == 0;) {
		if (!yaml_parser_parse(&p, &ev)) {
			rc = rt_error_set(L->err, "%s:%zu:%zu: %s%s%s", L->file,
					  p.problem_mark.line + 1, p.problem_mark.column + 1,
					  p.problem ? p.problem : "bad YAML",
					  p.context ? " " : "", p.context ? p.context : "");
			break;
		}
		done = ev.type == YAML_DOCUMENT_END_EVENT || ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(&R, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	idmap_free(&R.anchors);
	strtab_free(&R.tab);
	arena_free(&R.names);
	if (rc < 0)
		yaml_document_delete(&L->doc);
	return rc;
}
static void set_name(struct scene *sc, const char *file)
{
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	snprintf(sc->name, sizeof sc->name, "%s", base);
	char *dot = strrchr(sc->name, '.');
	if (dot && dot != sc->name)
		*dot = 0;
}

int scene_load_string(struct scene *sc, const char *yaml, size_t len,
		      const char *file, const char *dir, struct rt_error *err)
{
	struct loader L = { .sc = sc, .file = file, .dir = dir, .err = err,
			    .budget = MAX_ITEMS };

	memset(sc, 0, sizeof *sc);
	arena_init(&sc->arena);
	set_name(sc, file);
	if (parse_yaml(&L, yaml, len) < 0) {
		arena_free(&sc->arena);
		return -1;
	}
	int rc = -1;
	bool read = false;
	if (!(L.root = node_new_group(&sc->arena)))
		oom(&L);
	else
		read = read_items(&L) == 0;
	/* Done with the YAML (about 2 KB a shape): free it before building. */
	yaml_document_delete(&L.doc);
	free(L.defs);
	strtab_free(&L.paths);
	idmap_free(&L.meshes);
	if (read) {
		if (node_divide(&sc->arena, L.root, SCENE_BVH_THRESHOLD) < 0 ||
		    node_split_straddlers(&sc->arena, L.root, SCENE_BVH_THRESHOLD) < 0)
			oom(&L);
		else if (world_build(&sc->world, L.root, &sc->arena, err) == 0)
			rc = 0;
	}
	sc->world.lights = L.lights;
	sc->world.nlights = L.nlights;
	if (rc < 0)
		arena_free(&sc->arena);
	return rc;
}

int scene_load(struct scene *sc, const char *path, struct rt_error *err)
{
	size_t len;
	char *buf = textfile_read(path, 64u << 20, &len, err);
	if (!buf)
		return -1;
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	int rc = scene_load_string(sc, buf, len, path, slash ? dir : ".", err);
	free(buf);
	return rc;
}

void scene_free(struct scene *sc)
{
	arena_free(&sc->arena);
}

void scene_resize(struct scene *sc, int width, int height)
{
	struct mat4 xf = sc->camera.transform;
	camera_init(&sc->camera, width, height, sc->camera.fov);
	camera_set_transform(&sc->camera, &xf);
}

struct camera scene_camera_at(const struct scene *sc, int frame)
{
	if (sc->frames <= 0)
		return sc->camera;
	struct camera c;
	double a = 2 * M_PI * (frame % sc->frames) / sc->frames;
	struct vec3 off = v3_sub(sc->from, sc->to);
	struct vec3 from = v3_add(sc->to, v3(off.x * cos(a) + off.z * sin(a), off.y,
					     -off.x * sin(a) + off.z * cos(a)));
	camera_init(&c, sc->camera.hsize, sc->camera.vsize, sc->camera.fov);
	struct mat4 vt = view_transform(from, sc->to, sc->up);
	camera_set_transform(&c, &vt);
	return c;
}
