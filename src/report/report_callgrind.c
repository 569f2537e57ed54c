/* report_callgrind: -callgrind (report.go printCallgrind): address
 * granularity, name compression tables, relative addresses. */
#include "report/report_formats.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "base/strtab.h"
#include "measurement/measurement.h"

/* A name -> number table for callgrind's "(N) name" compression.  Names
 * are interned, and numbered by their interned pointer: with -call_tree
 * the " [i/n]" names can run to one per node. */
struct cg_names {
	struct arena arena;
	struct strtab strs;
	struct idmap ids;	/* interned name -> its number */
	size_t n;
	bool oom;
};

static int cg_names_init(struct cg_names *t)
{
	memset(t, 0, sizeof *t);
	arena_init(&t->arena);
	if (strtab_init(&t->strs, &t->arena) < 0)
		return -1;
	return idmap_init(&t->ids, 64);
}

static void cg_names_free(struct cg_names *t)
{
	idmap_free(&t->ids);
	strtab_free(&t->strs);
	arena_free(&t->arena);
}

static void cg_name(struct cg_names *t, const char *name, struct sbuf *out)
{
	if (!*name)
		return;
	const char *s = strtab_intern_cstr(&t->strs, name);
	if (!s) {
		t->oom = true;
		return;
	}
	size_t id = (size_t)(uintptr_t)idmap_get(&t->ids, (uintptr_t)s);
	if (id) {
		sbuf_printf(out, "(%zu)", id);
		return;
	}
	if (idmap_put(&t->ids, (uintptr_t)s, (void *)(uintptr_t)(t->n + 1)) < 0) {
		t->oom = true;
		return;
	}
	t->n++;
	sbuf_printf(out, "(%zu) %s", t->n, name);
}

static void cg_address(const struct node_info *prev, uint64_t cur, struct sbuf *out)
{
	char abs[32], rel[32];
	snprintf(abs, sizeof abs, cur ? "%#" PRIx64 : "0x0", cur);
	if (!prev) {
		sbuf_puts(out, abs);
		return;
	}
	if (prev->address == cur) {
		sbuf_putc(out, '*');
		return;
	}
	snprintf(rel, sizeof rel, "%+" PRId64, (int64_t)(cur - prev->address));
	sbuf_puts(out, strlen(rel) < strlen(abs) ? rel : abs);
}

/* Nodes ordered by (file, name), then by function (pprof's Node.Function:
 * in a call tree the same function under two parents is two functions),
 * then by position in the graph (stamp). */
static int cmp_name(const struct graph_node *a, const struct graph_node *b)
{
	int c = strcmp(a->info.file, b->info.file);
	return c ? c : strcmp(a->info.name, b->info.name);
}

static int cmp_function(const struct graph_node *a, const struct graph_node *b)
{
	int c = cmp_name(a, b);
	if (c)
		return c;
	if (a->tree_parent != b->tree_parent)
		return (uintptr_t)a->tree_parent < (uintptr_t)b->tree_parent ? -1 : 1;
	if ((c = strcmp(a->info.orig_name, b->info.orig_name)) != 0 ||
	    (c = strcmp(a->info.objfile, b->info.objfile)) != 0)
		return c;
	if (a->info.start_line != b->info.start_line)
		return a->info.start_line < b->info.start_line ? -1 : 1;
	return 0;
}

static int cmp_nodes(const void *x, const void *y)
{
	const struct graph_node *a = *(struct graph_node *const *)x;
	const struct graph_node *b = *(struct graph_node *const *)y;
	int c = cmp_function(a, b);
	if (c)
		return c;
	return a->stamp < b->stamp ? -1 : a->stamp > b->stamp;
}

/* One function of a (file, name) group: its first node's position. */
struct cg_run {
	uint64_t first;
	size_t start, end;
};

static int cmp_runs(const void *x, const void *y)
{
	const struct cg_run *a = x, *b = y;
	return a->first < b->first ? -1 : a->first > b->first;
}

/* pprof's getDisambiguatedNames: callgrind merges the functions of one
 * (file, name), so when several share them each gets " [i/n]", i counting
 * functions in node order.  suffix[pos] is i (from 1), 0 for no suffix,
 * and count[pos] is n; positions are the nodes' stamps - 1.  Sorting makes
 * this n log n: a call tree has a function under every caller. */
static int disambiguate(struct graph *g, size_t *suffix, size_t *count)
{
	size_t n = g->n_nodes;
	struct graph_node **by = malloc((n + 1) * sizeof *by);
	struct cg_run *runs = malloc((n + 1) * sizeof *runs);
	if (!by || !runs) {
		free(by);
		free(runs);
		return -1;
	}
	memcpy(by, g->nodes, n * sizeof *by);
	qsort(by, n, sizeof *by, cmp_nodes);
	for (size_t gs = 0, ge; gs < n; gs = ge) {
		size_t nr = 0;
		for (ge = gs; ge < n && cmp_name(by[gs], by[ge]) == 0; ge++) {
			if (ge == gs || cmp_function(by[ge - 1], by[ge]) != 0)
				runs[nr++] = (struct cg_run){ by[ge]->stamp, ge, ge };
			runs[nr - 1].end = ge + 1;
		}
		qsort(runs, nr, sizeof *runs, cmp_runs);
		for (size_t k = 0; k < nr; k++)
			for (size_t i = runs[k].start; i < runs[k].end; i++) {
				suffix[by[i]->stamp - 1] = nr > 1 ? k + 1 : 0;
				count[by[i]->stamp - 1] = nr;
			}
	}
	free(by);
	free(runs);
	return 0;
}

/* A callee's callgrind name; pprof names nodes outside the graph "". */
static const char *callee_name(const struct graph_node *c, const size_t *suffix,
			       const size_t *count, char *buf, size_t len)
{
	if (!c->stamp)
		return "";
	size_t pos = c->stamp - 1;
	if (!suffix[pos])
		return c->info.name;
	snprintf(buf, len, "%s [%zu/%zu]", c->info.name, suffix[pos], count[pos]);
	return buf;
}

int report_callgrind(struct rctx *r)
{
	int orig, dropped;
	r->nodefraction = r->edgefraction = 0;
	r->nodecount = 0;
	r->gopts.obj_names = true;
	struct graph *g = rctx_trimmed_graph(r, &orig, &dropped);
	if (!g)
		return rt_error_set(r->err, "out of memory");
	/* Stamps become node positions (from 1; 0: not in the graph). */
	for (size_t i = 0; i < g->n_all; i++)
		g->all[i]->stamp = 0;
	for (size_t i = 0; i < g->n_nodes; i++)
		g->nodes[i]->stamp = i + 1;
	size_t *suffix = calloc(g->n_nodes + 1, sizeof *suffix);
	size_t *count = calloc(g->n_nodes + 1, sizeof *count);
	if (!suffix || !count || disambiguate(g, suffix, count) < 0) {
		free(suffix);
		free(count);
		graph_free(g);
		return rt_error_set(r->err, "out of memory");
	}
	r->callgrind_unit = true;
	rctx_select_unit(r, g);
	sbuf_puts(r->out, "positions: instr line\n");
	sbuf_printf(r->out, "events: %s(%s)\n", r->sample_type, r->output_unit);
	struct cg_names ob, fl, fn;
	int rc = 0;
	/* All three are set up (and freed) whatever fails. */
	if ((cg_names_init(&ob) | cg_names_init(&fl) | cg_names_init(&fn)) < 0)
		rc = -1;
	const struct node_info *prev = NULL;
	char name[4096];
	for (size_t i = 0; i < g->n_nodes && rc == 0 && !r->out->sink_failed; i++) {
		struct graph_node *n = g->nodes[i];
		if (!prev || strcmp(n->info.objfile, prev->objfile) ||
		    strcmp(n->info.file, prev->file) || strcmp(n->info.name, prev->name)) {
			sbuf_puts(r->out, "\nob=");
			cg_name(&ob, n->info.objfile, r->out);
			sbuf_puts(r->out, "\nfl=");
			cg_name(&fl, n->info.file, r->out);
			sbuf_puts(r->out, "\nfn=");
			cg_name(&fn, n->info.name, r->out);
			sbuf_putc(r->out, '\n');
		}
		const char *u;
		cg_address(prev, n->info.address, r->out);
		sbuf_printf(r->out, " %lld %lld\n", (long long)n->info.lineno,
			    (long long)meas_scale(graph_node_flat(n), r->sample_unit, r->output_unit, &u));
		struct graph_edge **out = malloc((n->n_out + 1) * sizeof *out);
		if (out) {
			if (n->n_out)
				memcpy(out, n->out, n->n_out * sizeof *out);
			graph_sort_edges(g, out, n->n_out);
			for (uint32_t j = 0; j < n->n_out; j++) {
				struct graph_node *c = out[j]->dst;
				sbuf_puts(r->out, "cfl=");
				cg_name(&fl, c->info.file, r->out);
				sbuf_puts(r->out, "\ncfn=");
				cg_name(&fn, callee_name(c, suffix, count, name, sizeof name), r->out);
				sbuf_puts(r->out, "\ncalls=0 ");
				cg_address(prev, c->info.address, r->out);
				sbuf_printf(r->out, " %lld\n* * %lld\n", (long long)c->info.lineno,
					    (long long)meas_scale(out[j]->weight, r->sample_unit,
								  r->output_unit, &u));
			}
			free(out);
		}
		prev = &n->info;
	}
	if (ob.oom || fl.oom || fn.oom)
		rc = -1;
	cg_names_free(&ob);
	cg_names_free(&fl);
	cg_names_free(&fn);
	free(suffix);
	free(count);
	graph_free(g);
	return rc < 0 ? rt_error_set(r->err, "out of memory") : 0;
}
