/* report_list: -list=RE, annotated source (source.go printSource). */
#include "report/report_formats.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measurement/measurement.h"

struct srcfile {
	char *path;
	char **lines;	/* lines[1..n] */
	size_t n;
	char err[8192 + 64];
};

/* pprof's trimPath: cut up to /<basename(dir)>/ of a search dir, or a
 * trim_path prefix, or /proc/self/cwd/. */
static const char *trim_path(const char *path, const char *trim, const char *search)
{
	if (!trim || !*trim) {
		char *dirs = strdup(search), *save, *d;
		for (d = dirs ? strtok_r(dirs, ":", &save) : NULL; d; d = strtok_r(NULL, ":", &save)) {
			size_t dl = strlen(d);
			while (dl > 1 && d[dl - 1] == '/')
				d[--dl] = '\0';
			const char *b = strrchr(d, '/');
			b = b ? b + 1 : d;
			char want[4096];
			snprintf(want, sizeof want, "/%s/", b);
			const char *f = strstr(path, want);
			if (f) {
				free(dirs);
				return f + strlen(want);
			}
		}
		free(dirs);
	}
	static const char *fixed[] = { "/proc/self/cwd/./", "/proc/self/cwd/" };
	if (trim && *trim) {
		char *copy = strdup(trim), *save, *t;
		for (t = copy ? strtok_r(copy, ":", &save) : NULL; t; t = strtok_r(NULL, ":", &save)) {
			size_t tl = strlen(t);
			if (strncmp(path, t, tl) == 0 && (t[tl - 1] == '/' ? 1 : path[tl] == '/')) {
				size_t cut = t[tl - 1] == '/' ? tl : tl + 1;
				free(copy);
				return path + cut;
			}
		}
		free(copy);
	}
	for (int i = 0; i < 2; i++)
		if (strncmp(path, fixed[i], strlen(fixed[i])) == 0)
			return path + strlen(fixed[i]);
	return path;
}

static FILE *open_source(const char *path, const char *search, const char *trim,
			 char *err, size_t errn)
{
	const char *p = trim_path(path, trim, search);
	if (p[0] == '/') {
		FILE *f = fopen(p, "r");
		if (!f)
			snprintf(err, errn, "open %s: %s", p,
				 errno == ENOENT ? "no such file or directory" : strerror(errno));
		return f;
	}
	char *dirs = strdup(search), *save, *d;
	for (d = dirs ? strtok_r(dirs, ":", &save) : NULL; d; d = strtok_r(NULL, ":", &save)) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s", d);
		for (;;) {
			char full[8192];
			snprintf(full, sizeof full, "%s/%s", dir, p);
			FILE *f = fopen(full, "r");
			if (f) {
				free(dirs);
				return f;
			}
			char *slash = strrchr(dir, '/');
			if (!slash || strcmp(dir, "/") == 0)
				break;
			if (slash == dir)
				dir[1] = '\0';
			else
				*slash = '\0';
		}
	}
	free(dirs);
	snprintf(err, errn, "could not find file %s on path %s", p, search);
	return NULL;
}

static void load_source(struct srcfile *s, const char *search, const char *trim)
{
	FILE *f = open_source(s->path, search, trim, s->err, sizeof s->err);
	size_t cap = 0;
	s->n = 0;
	s->lines = NULL;
	if (!f)
		return;
	char *line = NULL;
	size_t ln = 0;
	ssize_t r;
	while ((r = getline(&line, &ln, f)) >= 0) {
		if (r > 0 && line[r - 1] == '\n')
			line[--r] = '\0';
		if (r > 0 && line[r - 1] == '\r')
			line[--r] = '\0';
		if (s->n + 2 > cap) {
			cap = cap ? cap * 2 : 256;
			char **nl = realloc(s->lines, cap * sizeof *nl);
			if (!nl)
				break;
			s->lines = nl;
		}
		s->lines[++s->n] = strdup(line);
	}
	free(line);
	fclose(f);
}

static void value_or_dot(struct rctx *r, int64_t v, char *buf, size_t n)
{
	if (v == 0)
		snprintf(buf, n, ".");
	else
		rctx_format(r, v, buf, n);
}

static int cmp_name(const void *a, const void *b)
{
	const struct graph_node *l = *(struct graph_node *const *)a;
	const struct graph_node *r = *(struct graph_node *const *)b;
	int c = strcmp(l->info.name, r->info.name);
	if (c)
		return c;
	c = strcmp(l->info.file, r->info.file);
	if (c)
		return c;
	return (l->info.start_line > r->info.start_line) - (l->info.start_line < r->info.start_line);
}

static void print_file(struct rctx *r, struct graph_node **fns, size_t n, const char *name,
		       const char *search)
{
	int64_t flat = 0, cum = 0;
	for (size_t i = 0; i < n; i++) {
		flat += fns[i]->flat;
		cum += fns[i]->cum;
	}
	char fv[64], cv[64], pc[32];
	rctx_format(r, flat, fv, sizeof fv);
	rctx_format(r, cum, cv, sizeof cv);
	meas_percentage(pc, sizeof pc, cum, r->total);
	struct srcfile sf = { .path = (char *)fns[0]->info.file };
	sf.err[0] = '\0';
	load_source(&sf, search, r->cfg->trim_path);
	struct report_item *item = rctx_item(r, REPORT_ROW_ROUTINE, name, &fns[0]->info);
	if (item) {
		item->lineno = 0;
		item->flat = flat;
		item->cum = cum;
	}
	sbuf_printf(r->out, "ROUTINE ======================== %s in %s\n", name, sf.path);
	sbuf_printf(r->out, "%10s %10s (flat, cum) %s of Total\n", fv, cv, pc);
	if (sf.err[0]) {
		sbuf_printf(r->out, " Error: %s\n", sf.err);
		return;
	}
	const int margin = 5;
	int64_t start = fns[0]->info.start_line ? fns[0]->info.start_line
						 : fns[0]->info.lineno - margin;
	int64_t end = fns[0]->info.lineno + margin;
	for (size_t i = 0; i < n; i++) {
		int64_t ns = fns[i]->info.start_line ? fns[i]->info.start_line
						     : fns[i]->info.lineno - margin;
		int64_t ne = fns[i]->info.lineno + margin;
		if (ns < start)
			start = ns;
		else if (ne > end)
			end = ne;
	}
	if (start < 1)
		start = 1;
	for (int64_t ln = start; ln <= end && (size_t)ln <= sf.n; ln++) {
		int64_t f = 0, c = 0;
		for (size_t i = 0; i < n; i++)
			if (fns[i]->info.lineno == ln) {
				f += fns[i]->flat;
				c += fns[i]->cum;
			}
		value_or_dot(r, f, fv, sizeof fv);
		value_or_dot(r, c, cv, sizeof cv);
		struct report_item *row = rctx_item(r, REPORT_ROW_SOURCE, name, &fns[0]->info);
		if (row) {
			row->lineno = ln;
			row->address = 0;
			row->flat = f;
			row->cum = c;
		}
		sbuf_printf(r->out, "%10s %10s %6lld:%s\n", fv, cv, (long long)ln, sf.lines[ln]);
	}
	for (size_t i = 1; i <= sf.n; i++)
		free(sf.lines[i]);
	free(sf.lines);
}

int report_list(struct rctx *r)
{
	r->gopts.obj_names = true;
	r->gopts.no_edges = true;	/* a listing reads nodes' flat and cum only */
	struct graph *g = graph_build(r->p, &r->gopts, NULL);
	if (!g)
		return rt_error_set(r->err, "out of memory");
	struct graph_node **m = malloc((g->n_nodes + 1) * sizeof *m);
	size_t nm = 0;
	if (!m) {
		graph_free(g);
		return rt_error_set(r->err, "out of memory");
	}
	for (size_t i = 0; i < g->n_nodes; i++)
		if (rx_match(&r->symbol, g->nodes[i]->info.name))
			m[nm++] = g->nodes[i];
	if (nm == 0) {
		free(m);
		graph_free(g);
		return rt_error_set(r->err, "no matches found for regexp: %s", r->symbol_src);
	}
	/* Nodes sorted by function name, file and start line, stable otherwise. */
	qsort(m, nm, sizeof *m, cmp_name);
	char search[4096];
	if (r->cfg->source_path && *r->cfg->source_path)
		snprintf(search, sizeof search, "%s", r->cfg->source_path);
	else if (!getcwd(search, sizeof search))
		snprintf(search, sizeof search, ".");
	char tv[64];
	rctx_format(r, r->total, tv, sizeof tv);
	sbuf_printf(r->out, "Total: %s\n", tv);
	for (size_t i = 0; i < nm;) {
		size_t j = i;
		while (j < nm && !strcmp(m[j]->info.name, m[i]->info.name))
			j++;
		const char *name = m[i]->info.name;
		bool any_file = false;
		for (size_t k = i; k < j; k++)
			any_file = any_file || *m[k]->info.file;
		if (!any_file) {
			sbuf_printf(r->out, "No source information for %s\n", name);
		} else {
			for (size_t k = i; k < j;) {
				size_t e = k;
				while (e < j && !strcmp(m[e]->info.file, m[k]->info.file))
					e++;
				if (*m[k]->info.file)
					print_file(r, m + k, e - k, name, search);
				k = e;
			}
		}
		i = j;
	}
	free(m);
	graph_free(g);
	return 0;
}
