/* report_disasm: -disasm=RE, pprof's printAssembly: the symbols matching
 * RE in the binaries of the mappings that have matching samples, each
 * disassembled through the object tool and annotated with the samples
 * of its addresses.  Binaries are reached only through cfg->obj. */
#include "report/report_formats.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measurement/measurement.h"
#include "report/report_disasm.h"
#include "report/report_objtool.h"

struct objsym {
	struct report_sym sym;
	struct report_objfile *file;
	struct graph_node **nodes;	/* the symbol's samples */
	size_t n_nodes;
};

struct disasm_ctx {
	struct rctx *r;
	const struct report_objtool *t;
	struct graph *g;
	struct arena a;
	struct objsym *syms;
	size_t n_syms, cap_syms;
	struct report_objfile **files;
	size_t n_files;
	struct rt_error open_failed;	/* the first binary that did not open */
};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	if (s && s[1])
		return s + 1;
	return *path ? path : ".";
}

/* Go's strconv.ParseUint(s, 0, 64). */
static bool parse_address(const char *s, uint64_t *out)
{
	int base = 10;
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		base = 2, s += 2;
	else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
		base = 8, s += 2;
	else if (s[0] == '0' && s[1])
		base = 8, s += 1;
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	errno = 0;
	*out = strtoull(s, &end, base);
	return !*end && errno == 0;
}

static int add_file(struct disasm_ctx *d, struct report_objfile *f)
{
	struct report_objfile **n = realloc(d->files, (d->n_files + 1) * sizeof *n);

	if (!n)
		return -1;
	d->files = n;
	d->files[d->n_files++] = f;
	return 0;
}

static int add_syms(struct disasm_ctx *d, struct report_objfile *f, struct report_sym *s, size_t n)
{
	if (d->n_syms + n > d->cap_syms) {
		size_t cap = (d->n_syms + n) * 2;
		struct objsym *ns = realloc(d->syms, cap * sizeof *ns);
		if (!ns)
			return -1;
		d->syms = ns;
		d->cap_syms = cap;
	}
	for (size_t i = 0; i < n; i++) {
		memset(&d->syms[d->n_syms], 0, sizeof d->syms[0]);
		d->syms[d->n_syms].sym = s[i];
		d->syms[d->n_syms++].file = f;
	}
	return 0;
}

/* symbolsFromBinaries: only mappings with matching samples (or holding
 * the address the regexp spells) are opened; failures to open are
 * noted and skipped. */
static int symbols_from_binaries(struct disasm_ctx *d, const uint64_t *address)
{
	struct rctx *r = d->r;
	const struct profile *p = r->p;

	for (size_t i = 0; i < p->n_mappings; i++) {
		const struct mapping *m = p->mappings[i];
		bool has = false;
		struct report_objfile *f;
		struct report_sym *s;
		struct rt_error e;
		size_t n;

		for (size_t k = 0; k < d->g->n_nodes && !has; k++) {
			struct graph_node *gn = d->g->nodes[k];
			has = *gn->info.objfile && !strcmp(gn->info.objfile, m->file) &&
			      rx_match(&r->symbol, graph_node_name(d->g, gn));
		}
		if (!has && !(address && m->start <= *address && *address <= m->limit))
			continue;
		f = d->t->open(m->file, m->start, m->limit, m->offset, &e);
		if (!f) {
			/* pprof prints this on standard output at once, ahead of
			 * its buffered report (or alone when the report fails);
			 * rtprof's reports are one buffer, so it is a warning. */
			sbuf_printf(r->warn, "%s\n", e.msg);
			if (!*d->open_failed.msg)
				d->open_failed = e;
			continue;
		}
		if (add_file(d, f) < 0) {
			d->t->close(f);
			return rt_error_set(r->err, "out of memory");
		}
		if (d->t->symbols(f, &r->symbol, address ? *address : 0, &d->a, &s, &n, &e) < 0)
			continue;
		if (add_syms(d, f, s, n) < 0)
			return rt_error_set(r->err, "out of memory");
	}
	return 0;
}

/* nodesPerSymbol: the nodes whose address falls in [start, end). */
static int nodes_per_symbol(struct disasm_ctx *d)
{
	for (size_t i = 0; i < d->n_syms; i++) {
		struct objsym *s = &d->syms[i];
		for (size_t k = 0; k < d->g->n_nodes; k++) {
			struct graph_node *n = d->g->nodes[k];
			uint64_t a;
			if (d->t->obj_addr(s->file, n->info.address, &a) < 0 ||
			    a < s->sym.start || a >= s->sym.end)
				continue;
			if (!s->nodes && !(s->nodes = malloc(d->g->n_nodes * sizeof *s->nodes)))
				return rt_error_set(d->r->err, "out of memory");
			s->nodes[s->n_nodes++] = n;
		}
	}
	return 0;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct objsym *l = a, *r = b;
	int c = strcmp(l->sym.names[0], r->sym.names[0]);

	if (c)
		return c;
	return (l->sym.start > r->sym.start) - (l->sym.start < r->sym.start);
}

static int cmp_address(const void *a, const void *b)
{
	const struct graph_node *l = *(struct graph_node *const *)a;
	const struct graph_node *r = *(struct graph_node *const *)b;

	return (l->info.address > r->info.address) - (l->info.address < r->info.address);
}

static void value_or_dot(struct rctx *r, int64_t v, char *buf, size_t n)
{
	if (v == 0)
		snprintf(buf, n, ".");
	else
		rctx_format(r, v, buf, n);
}


/* annotateAssembly: each instruction takes the samples up to the next
 * one, and their location where objdump gave none. */
static void annotate(struct disasm_ctx *d, struct objsym *s, const struct report_inst *in, size_t n,
		     struct disasm_line *out)
{
	size_t k = 0;

	qsort(s->nodes, s->n_nodes, sizeof *s->nodes, cmp_address);
	for (size_t i = 0; i < n; i++) {
		uint64_t next = i + 1 < n ? in[i + 1].addr : UINT64_MAX;
		struct disasm_line *a = &out[i];
		a->addr = in[i].addr;
		a->text = in[i].text;
		a->function = in[i].function;
		a->line = in[i].line;
		a->full_file = in[i].file;
		a->file = *in[i].file ? base_name(in[i].file) : "";
		a->flat = a->cum = 0;
		a->home = 0;
		a->starts_block = false;
		for (; k < s->n_nodes; k++) {
			const struct node_info *ni = &s->nodes[k]->info;
			uint64_t addr;
			if (d->t->obj_addr(s->file, ni->address, &addr) < 0 || addr >= next)
				break;
			a->flat += s->nodes[k]->flat;
			a->cum += s->nodes[k]->cum;
			if (*ni->file && !*a->file) {
				a->full_file = ni->file;
				a->file = base_name(ni->file);
			}
			if (ni->lineno && !a->line)
				a->line = ni->lineno;
			if (*ni->name && !*a->function)
				a->function = ni->name;
		}
	}
}

static int symbol_lines(struct disasm_ctx *d, struct objsym *s, struct disasm_line **out,
			size_t *n)
{
	struct report_inst *in;

	if (d->t->disasm(s->sym.file, s->sym.start, s->sym.end, d->r->cfg->intel_syntax, &d->a,
			 &in, n, d->r->err) < 0)
		return -1;
	if (!(*out = arena_alloc(&d->a, (*n + 1) * sizeof **out)))
		return rt_error_set(d->r->err, "out of memory");
	annotate(d, s, in, *n, *out);
	return 0;
}

static int print_symbol(struct disasm_ctx *d, struct objsym *s)
{
	struct rctx *r = d->r;
	struct disasm_line *lines;
	size_t n;
	int64_t flat = 0, cum = 0;
	char fv[64], cv[64], pc[32];
	const char *function = "", *file = "";
	int64_t line = 0;

	for (size_t i = 0; i < s->n_nodes; i++) {
		flat += s->nodes[i]->flat;
		cum += s->nodes[i]->cum;
	}
	if (symbol_lines(d, s, &lines, &n) < 0)
		return -1;
	sbuf_printf(r->out, "ROUTINE ======================== %s\n", s->sym.names[0]);
	for (size_t i = 1; i < s->sym.n_names; i++)
		sbuf_printf(r->out, "    AKA ======================== %s\n", s->sym.names[i]);
	rctx_format(r, flat, fv, sizeof fv);
	rctx_format(r, cum, cv, sizeof cv);
	meas_percentage(pc, sizeof pc, cum, r->total);
	sbuf_printf(r->out, "%10s %10s (flat, cum) %s of Total\n", fv, cv, pc);
	for (size_t i = 0; i < n; i++) {
		struct disasm_line *a = &lines[i];
		struct sbuf loc;
		sbuf_init(&loc);
		if (strcmp(a->function, function) || strcmp(a->file, file) || a->line != line) {
			function = a->function, file = a->file, line = a->line;
			if (*a->function)
				sbuf_printf(&loc, "%s ", a->function);
			if (*a->file) {
				sbuf_puts(&loc, a->file);
				if (a->line)
					sbuf_printf(&loc, ":%" PRId64, a->line);
			}
		}
		value_or_dot(r, a->flat, fv, sizeof fv);
		value_or_dot(r, a->cum, cv, sizeof cv);
		if (!loc.len)
			sbuf_printf(r->out, "%10s %10s %10" PRIx64 ": %s\n", fv, cv, a->addr, a->text);
		else if (strlen(a->text) < 40)
			sbuf_printf(r->out, "%10s %10s %10" PRIx64 ": %-40s;%s\n", fv, cv, a->addr,
				    a->text, sbuf_str(&loc));
		else
			sbuf_printf(r->out, "%74s;%s\n%10s %10s %10" PRIx64 ": %s\n", "",
				    sbuf_str(&loc), fv, cv, a->addr, a->text);
		sbuf_free(&loc);
	}
	return 0;
}

int report_disasm_symbols(struct disasm_ctx *d)
{
	struct rctx *r = d->r;
	uint64_t address;
	bool has_address = parse_address(r->symbol_src, &address);
	size_t kept = 0;

	if (symbols_from_binaries(d, has_address ? &address : NULL) < 0 ||
	    nodes_per_symbol(d) < 0)
		return -1;
	/* Only symbols with samples are printed (pprof's symNodes map). */
	for (size_t i = 0; i < d->n_syms; i++)
		if (d->syms[i].n_nodes)
			d->syms[kept++] = d->syms[i];
		else
			free(d->syms[i].nodes);
	d->n_syms = kept;
	if (!kept && *d->open_failed.msg)	/* warnings go with a failed report */
		return rt_error_set(r->err, "%s; no matches found for regexp: %s",
				    d->open_failed.msg, r->symbol_src);
	if (kept)
		qsort(d->syms, d->n_syms, sizeof *d->syms, cmp_sym);
	return 0;
}

size_t report_disasm_count(const struct disasm_ctx *d)
{
	return d->n_syms;
}

int report_disasm_lines(struct disasm_ctx *d, size_t i, const char **name,
			const char **file, struct disasm_line **lines, size_t *n)
{
	struct objsym *s = &d->syms[i];

	if (symbol_lines(d, s, lines, n) < 0)
		return -1;
	*name = s->sym.names[0];
	*file = "";
	for (size_t k = 0; k < *n && !**file; k++)
		*file = (*lines)[k].full_file;
	return 0;
}

static int disasm(struct disasm_ctx *d)
{
	struct rctx *r = d->r;
	char tv[64];

	rctx_format(r, r->total, tv, sizeof tv);
	sbuf_printf(r->out, "Total: %s\n", tv);
	if (report_disasm_symbols(d) < 0)
		return -1;
	if (!d->n_syms)
		return rt_error_set(r->err, "no matches found for regexp: %s", r->symbol_src);
	for (size_t i = 0; i < d->n_syms; i++)
		if (print_symbol(d, &d->syms[i]) < 0)
			return -1;
	return 0;
}

struct disasm_ctx *report_disasm_begin(struct rctx *r)
{
	struct disasm_ctx *d;

	if (!r->cfg->obj) {
		rt_error_set(r->err, "%s: no object tool to read binaries with", r->cmd_name);
		return NULL;
	}
	if (!(d = calloc(1, sizeof *d))) {
		rt_error_set(r->err, "out of memory");
		return NULL;
	}
	d->r = r;
	d->t = r->cfg->obj;
	r->gopts.obj_names = true;
	r->gopts.no_edges = true;	/* the listing reads nodes' flat and cum only */
	if (!(d->g = graph_build(r->p, &r->gopts, NULL))) {
		free(d);
		rt_error_set(r->err, "out of memory");
		return NULL;
	}
	arena_init(&d->a);
	return d;
}

void report_disasm_end(struct disasm_ctx *d)
{
	for (size_t i = 0; i < d->n_syms; i++)
		free(d->syms[i].nodes);
	free(d->syms);
	for (size_t i = 0; i < d->n_files; i++)
		d->t->close(d->files[i]);
	free(d->files);
	arena_free(&d->a);
	graph_free(d->g);
	free(d);
}

int report_disasm(struct rctx *r)
{
	struct disasm_ctx *d = report_disasm_begin(r);
	int rc;

	if (!d)
		return -1;
	rc = disasm(d);
	report_disasm_end(d);
	return rc;
}
