/* report_callgrind: -callgrind (report.go printCallgrind): address
 * granularity, name compression tables, relative addresses. */
#include "report/report_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measurement/measurement.h"

/* A name -> number table for callgrind's "(N) name" compression. */
struct cg_names {
	char **names;	/* owned copies */
	size_t n, cap;
};

static void cg_names_free(struct cg_names *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
}

static void cg_name(struct cg_names *t, const char *name, struct sbuf *out)
{
	if (!*name)
		return;
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->names[i], name)) {
			sbuf_printf(out, "(%zu)", i + 1);
			return;
		}
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 64;
		char **nn = realloc(t->names, nc * sizeof *nn);
		if (!nn)
			return;
		t->names = nn;
		t->cap = nc;
	}
	if (!(t->names[t->n] = strdup(name)))
		return;
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

/* pprof's Node.Function: in a call tree the same function called from
 * two nodes is two functions. */
static bool same_function(const struct graph_node *m, const struct graph_node *n)
{
	const struct node_info *a = &m->info, *b = &n->info;
	return m->tree_parent == n->tree_parent &&
	       !strcmp(a->name, b->name) && !strcmp(a->orig_name, b->orig_name) &&
	       !strcmp(a->file, b->file) && a->start_line == b->start_line &&
	       !strcmp(a->objfile, b->objfile);
}

/* pprof's getDisambiguatedNames: " [i/n]" when one (file, name) pair covers
 * several functions (numbered in node order). */
static void disambiguated(struct graph *g, struct graph_node *n, char *buf, size_t len)
{
	size_t count = 0, index = 0;
	struct graph_node **firsts = malloc((g->n_nodes + 1) * sizeof *firsts);
	snprintf(buf, len, "%s", n->info.name);
	if (!firsts)
		return;
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct graph_node *m = g->nodes[i];
		if (strcmp(m->info.file, n->info.file) || strcmp(m->info.name, n->info.name))
			continue;
		size_t k;
		for (k = 0; k < count; k++)
			if (same_function(firsts[k], m))
				break;
		if (k == count)
			firsts[count++] = m;
	}
	for (size_t k = 0; k < count; k++)
		if (same_function(firsts[k], n))
			index = k;
	if (count > 1)
		snprintf(buf, len, "%s [%zu/%zu]", n->info.name, index + 1, count);
	free(firsts);
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
	r->callgrind_unit = true;
	rctx_select_unit(r, g);
	sbuf_puts(r->out, "positions: instr line\n");
	sbuf_printf(r->out, "events: %s(%s)\n", r->sample_type, r->output_unit);
	struct cg_names ob = { 0 }, fl = { 0 }, fn = { 0 };
	const struct node_info *prev = NULL;
	char name[4096];
	for (size_t i = 0; i < g->n_nodes; i++) {
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
				disambiguated(g, c, name, sizeof name);
				sbuf_puts(r->out, "\ncfn=");
				cg_name(&fn, name, r->out);
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
	cg_names_free(&ob);
	cg_names_free(&fl);
	cg_names_free(&fn);
	graph_free(g);
	return 0;
}
