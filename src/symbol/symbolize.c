/* symbolize: pprof's locateBinaries and local symbolizer over objfile.
 * go tool pprof's object tool reports no build id, so a mapping with one
 * never matches a local file ("build-id mismatch") and the symbolizer's
 * own build id check never fires; both are kept as pprof has them.
 * Functions made here are shared by name and file (pprof's map of
 * Function values) and appended after the profile's own. */
#include "symbol/symbolize.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/path_clean.h"
#include "symbol/objfile.h"

/* Go's filepath.Join of two parts (either may be empty). */
static char *join2(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *buf = malloc(n), *out = malloc(n + 2);

	if (!buf || !out) {
		free(buf);
		free(out);
		return NULL;
	}
	if (!*a || !*b)
		snprintf(buf, n, "%s%s", a, b);
	else
		snprintf(buf, n, "%s/%s", a, b);
	if (!*buf) {
		free(buf);
		*out = 0;
		return out;
	}
	path_clean_to(out, buf);
	free(buf);
	return out;
}

static char *join3(const char *a, const char *b, const char *c)
{
	char *ab = join2(a, b), *r;

	if (!ab)
		return NULL;
	r = join2(ab, c);
	free(ab);
	return r;
}

/* Tries one candidate: 1 when it became the mapping's file, 0 when not,
 * -1 when out of memory. */
static int try_file(struct profile *p, struct mapping *m, const char *name,
		    struct sbuf *msg)
{
	struct rt_error e;

	if (objfile_check(name, &e) < 0)
		return 0;
	if (*m->build_id) {
		/* The object tool's build id is always "". */
		sbuf_printf(msg, "Ignoring local file %s: build-id mismatch (%s != )\n",
			    name, m->build_id);
		return 0;
	}
	if (!(m->file = profile_str(p, name)))
		return -1;
	return 1;
}

struct names {
	char **v;
	size_t n, cap;
	bool oom;
};

static void names_add(struct names *l, char *name)
{
	if (!name || l->oom) {
		free(name);
		l->oom = true;
		return;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			free(name);
			l->oom = true;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = name;
}

/* The candidates of one search directory, in pprof's order. */
static void candidates(const struct mapping *m, const char *dir, struct names *l)
{
	const char *base = "";

	if (*m->file) {
		base = strrchr(m->file, '/') ? strrchr(m->file, '/') + 1 : m->file;
		if (!*base)
			base = m->file;
	}
	if (*m->build_id) {
		char *pat = join3(dir, m->build_id, "*");
		glob_t g;
		names_add(l, join3(dir, m->build_id, base));
		if (pat && glob(pat, 0, NULL, &g) == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++)
				names_add(l, strdup(g.gl_pathv[i]));
			globfree(&g);
		}
		free(pat);
		names_add(l, join3(dir, m->file, m->build_id));
	}
	if (*m->file) {
		if (*base)
			names_add(l, join2(dir, base));
		names_add(l, join2(dir, m->file));
	}
}

static int locate_in(struct profile *p, struct mapping *m, const char *dir,
		     struct sbuf *msg)
{
	struct names l = { 0 };
	int rc = 0;

	candidates(m, dir, &l);
	if (l.oom)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		rc = try_file(p, m, l.v[i], msg);
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i]);
	free(l.v);
	return rc;
}

int symbol_locate_binaries(struct profile *p, const char *search_path,
			   struct sbuf *msg, struct rt_error *err)
{
	for (size_t i = 0; i < p->n_mappings; i++) {
		struct mapping *m = p->mappings[i];
		const char *s = search_path;
		for (;;) {
			size_t k = strcspn(s, ":");
			char *dir = strndup(s, k);
			int rc = dir ? locate_in(p, m, dir, msg) : -1;
			free(dir);
			if (rc < 0)
				return rt_error_set(err, "out of memory");
			if (rc > 0 || !s[k])
				break;
			s += k + 1;
		}
	}
	return 0;
}

/* --- The symbolizer: newMapping, then doLocalSymbolize --- */

struct segment {
	struct objfile *obj;
	uint64_t offset;	/* runtime start - load address */
};

/* Go's url.Parse(file).IsAbs() with a scheme containing "http". */
static bool is_http_url(const char *file)
{
	size_t k = 0;
	bool http = false;

	if (!((file[0] >= 'a' && file[0] <= 'z') || (file[0] >= 'A' && file[0] <= 'Z')))
		return false;
	for (; file[k] && file[k] != ':'; k++) {
		char c = file[k];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
			return false;
	}
	if (file[k] != ':')
		return false;
	for (size_t i = 0; i + 4 <= k; i++)
		if (strncasecmp(file + i, "http", 4) == 0)
			http = true;
	return http;
}

static bool unsymbolizable(const struct mapping *m)
{
	const char *base = strrchr(m->file, '/') ? strrchr(m->file, '/') + 1 : m->file;

	return base[0] == '[' || strncmp(base, "linux-vdso", 10) == 0 ||
	       strncmp(m->file, "/dev/dri/", 9) == 0;
}

/* Opens the segments of the used mappings that need symbols. */
static int open_segments(struct profile *p, bool force, struct segment *segs,
			 struct sbuf *msg)
{
	bool missing = false, *used = calloc(p->n_mappings + 1, sizeof *used);

	if (!used)
		return -1;
	for (size_t k = 0; k < p->n_locations; k++)
		for (size_t i = 0; i < p->n_mappings; i++)
			if (p->locations[k]->mapping == p->mappings[i]) {
				used[i] = true;
				break;
			}
	for (size_t i = 0; i < p->n_mappings; i++) {
		const struct mapping *m = p->mappings[i];
		const char *base;
		struct rt_error e;
		uint64_t load;

		if (!used[i])
			continue;
		if (!force && (m->has_functions || m->has_filenames || m->has_line_numbers))
			continue;
		if (!*m->file) {
			if (i == 0)
				sbuf_puts(msg, "Main binary filename not available.\n");
			else
				missing = true;
			continue;
		}
		if (unsymbolizable(m) || (!*m->build_id && is_http_url(m->file)))
			continue;
		base = strrchr(m->file, '/') ? strrchr(m->file, '/') + 1 : m->file;
		segs[i].obj = objfile_open(m->file, &e);
		if (!segs[i].obj) {
			sbuf_printf(msg, "Local symbolization failed for %s", *base ? base : m->file);
			if (*m->build_id)
				sbuf_printf(msg, " (build ID %s)", m->build_id);
			sbuf_printf(msg, ": %s\n", e.msg);
			missing = true;
			continue;
		}
		if (m->start != 0 && objfile_load_address(segs[i].obj, &load) == 0)
			segs[i].offset = m->start - load;
	}
	free(used);
	if (missing)
		sbuf_puts(msg, "Some binary filenames not available. Symbolization may be incomplete.\n"
			  "Try setting PPROF_BINARY_PATH to the search path for local binaries.\n");
	return 0;
}

/* Functions made by the symbolizer, found again by (name, file): both
 * are interned, so pointers compare. */
struct fn_table {
	struct function **slots;
	size_t cap;
};

static struct function *fn_get(struct profile *p, struct fn_table *t,
			       const char *name, const char *file)
{
	size_t h = ((uintptr_t)name * 31 + (uintptr_t)file) * 0x9e3779b97f4a7c15ULL >> 7;
	size_t i = h & (t->cap - 1);
	struct function *f;

	for (; t->slots[i]; i = (i + 1) & (t->cap - 1))
		if (t->slots[i]->name == name && t->slots[i]->filename == file)
			return t->slots[i];
	f = profile_add_function(p, (uint64_t)p->n_functions + 1);
	if (!f)
		return NULL;
	f->name = f->system_name = name;
	f->filename = file;
	t->slots[i] = f;
	return f;
}

static int symbolize_locations(struct profile *p, struct segment *segs,
			       struct fn_table *t)
{
	for (size_t k = 0; k < p->n_locations; k++) {
		struct location *l = p->locations[k];
		struct objfile_frame fr;
		struct segment *s = NULL;
		struct mapping *m = l->mapping;
		const char *name, *file;
		struct line *ln;

		for (size_t i = 0; m && i < p->n_mappings; i++)
			if (p->mappings[i] == m) {
				s = &segs[i];
				break;
			}
		if (!s || !s->obj || objfile_source_line(s->obj, l->address - s->offset, &fr) < 0)
			continue;
		if (!(name = profile_str(p, fr.func)) || !(file = profile_str(p, fr.file)) ||
		    !(ln = arena_zalloc(&p->arena, sizeof *ln)))
			return -1;
		if (!(ln->fn = fn_get(p, t, name, file)))
			return -1;
		ln->line = fr.line;
		l->lines = ln;
		l->n_lines = 1;
		l->is_folded = false;
		m->has_functions |= *name != 0;
		m->has_filenames |= *file != 0;
		m->has_line_numbers |= fr.line != 0;
		m->has_inline_frames = true;
	}
	return 0;
}

int symbol_symbolize(struct profile *p, bool force, struct sbuf *msg,
		     struct rt_error *err)
{
	struct segment *segs = calloc(p->n_mappings + 1, sizeof *segs);
	struct fn_table t = { 0 };
	int rc = -1;

	t.cap = 64;
	while (t.cap < 2 * p->n_locations)
		t.cap *= 2;
	t.slots = calloc(t.cap, sizeof *t.slots);
	if (segs && t.slots && open_segments(p, force, segs, msg) == 0)
		rc = symbolize_locations(p, segs, &t);
	for (size_t i = 0; segs && i < p->n_mappings; i++)
		objfile_close(segs[i].obj);
	free(segs);
	free(t.slots);
	if (rc < 0)
		return rt_error_set(err, "out of memory");
	return 0;
}
