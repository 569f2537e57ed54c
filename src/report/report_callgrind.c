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

/* Every string the report compares or prints is interned once in one
 * table (struct cg), so equal strings are equal pointers: grouping and the
 * "(N) name" compression then compare pointers, not bytes. */
struct cg_str {
	const char *objfile, *file, *name, *orig;
	size_t fl_id, fn_id;	/* numbers of file and name once printed */
};

/* A name -> number table for callgrind's "(N) name" compression, keyed by
 * interned pointer: with -call_tree the " [i/n]" names can run to one per
 * node. */
struct cg_names {
	struct idmap ids;	/* interned name -> its number */
	size_t n;
};

struct cg {
	struct arena arena;
	struct strtab strs;
	struct idmap seen;	/* a string's address -> its interned copy */
	struct cg_str *node;	/* by position (stamp - 1) */
	struct cg_names ob, fl, fn;
	struct graph_edge **sorted;	/* one node's out edges, sorted */
	size_t cap_sorted;
	bool oom;
};

static const char *cg_intern(struct cg *c, const char *s)
{
	const char *r = strtab_intern_cstr(&c->strs, s);
	if (!r) {
		c->oom = true;
		return "";
	}
	return r;
}

/* cg_intern of a string that stays put while the report runs (a node's
 * info, from the profile or the graph): nodes share their strings, so
 * the address finds the interned copy without hashing the bytes. */
static const char *cg_intern_kept(struct cg *c, const char *s)
{
	const char *r = idmap_get(&c->seen, (uintptr_t)s);
	if (r)
		return r;
	r = cg_intern(c, s);
	if (idmap_put(&c->seen, (uintptr_t)s, (void *)r) < 0)
		c->oom = true;
	return r;
}

static int cg_init(struct cg *c, const struct graph *g)
{
	memset(c, 0, sizeof *c);
	arena_init(&c->arena);
	int rc = strtab_init(&c->strs, &c->arena);
	rc |= idmap_init(&c->ob.ids, 64) | idmap_init(&c->fl.ids, 1024) |
	      idmap_init(&c->fn.ids, g->n_nodes + 1) | idmap_init(&c->seen, g->n_nodes + 1);
	c->node = calloc(g->n_nodes + 1, sizeof *c->node);
	if (rc < 0 || !c->node)
		return -1;
	for (size_t i = 0; i < g->n_nodes; i++) {
		const struct node_info *in = &g->nodes[i]->info;
		c->node[i] = (struct cg_str){ cg_intern_kept(c, in->objfile),
					      cg_intern_kept(c, in->file),
					      cg_intern_kept(c, in->name),
					      cg_intern_kept(c, in->orig_name), 0, 0 };
	}
	return c->oom ? -1 : 0;
}

static void cg_free(struct cg *c)
{
	free(c->sorted);
	free(c->node);
	idmap_free(&c->ob.ids);
	idmap_free(&c->fl.ids);
	idmap_free(&c->fn.ids);
	idmap_free(&c->seen);
	strtab_free(&c->strs);
	arena_free(&c->arena);
}

static void put_uint(struct sbuf *out, uint64_t v)
{
	char buf[24], *w = buf + sizeof buf;
	do
		*--w = (char)('0' + v % 10);
	while (v /= 10);
	sbuf_add(out, w, (size_t)(buf + sizeof buf - w));
}

static void put_int(struct sbuf *out, int64_t v)
{
	if (v < 0) {
		sbuf_putc(out, '-');
		put_uint(out, -(uint64_t)v);
	} else {
		put_uint(out, (uint64_t)v);
	}
}

/* name is interned in c->strs; *cache (when not NULL) keeps its number
 * for the node it belongs to, sparing the table lookup next time. */
static void cg_name(struct cg *c, struct cg_names *t, const char *name, size_t *cache,
		    struct sbuf *out)
{
	/* A cached number is printed without touching the string (or the
	 * table): an empty name never gets one. */
	if (cache && *cache) {
		sbuf_putc(out, '(');
		put_uint(out, *cache);
		sbuf_putc(out, ')');
		return;
	}
	if (!*name)
		return;
	size_t id = (size_t)(uintptr_t)idmap_get(&t->ids, (uintptr_t)name);
	sbuf_putc(out, '(');
	if (id) {
		if (cache)
			*cache = id;
		put_uint(out, id);
		sbuf_putc(out, ')');
		return;
	}
	if (idmap_put(&t->ids, (uintptr_t)name, (void *)(uintptr_t)(t->n + 1)) < 0) {
		c->oom = true;
		return;
	}
	if (cache)
		*cache = t->n + 1;
	put_uint(out, ++t->n);
	sbuf_puts(out, ") ");
	sbuf_puts(out, name);
}

/* Writes v in base 10 (hex: base 16, lowercase) ending at end; returns
 * where it starts.  printf is the cost of a call line otherwise. */
static char *digits(char *end, uint64_t v, bool hex)
{
	do {
		*--end = "0123456789abcdef"[hex ? v % 16 : v % 10];
		v = hex ? v / 16 : v / 10;
	} while (v);
	return end;
}

/* pprof's callgrind addresses: absolute in hex, or relative to the
 * previous node's when that is shorter, "*" when the same. */
static void cg_address(const struct node_info *prev, uint64_t cur, struct sbuf *out)
{
	char abuf[24], rbuf[24];
	char *aend = abuf + sizeof abuf, *a = digits(aend, cur, true);
	*--a = 'x';
	*--a = '0';
	if (!prev) {
		sbuf_add(out, a, (size_t)(aend - a));
		return;
	}
	if (prev->address == cur) {
		sbuf_putc(out, '*');
		return;
	}
	int64_t d = (int64_t)(cur - prev->address);
	char *rend = rbuf + sizeof rbuf;
	char *r = digits(rend, d < 0 ? -(uint64_t)d : (uint64_t)d, false);
	*--r = d < 0 ? '-' : '+';
	if (rend - r < aend - a)
		sbuf_add(out, r, (size_t)(rend - r));
	else
		sbuf_add(out, a, (size_t)(aend - a));
}

/* Nodes grouped by (file, name), then by function (pprof's Node.Function:
 * in a call tree the same function under two parents is two functions),
 * then by position in the graph (stamp).  Groups only need to be told
 * apart, not ordered by name, so interned pointers compare as numbers. */
static const struct cg *sort_cg;

static int cmp_ptr(const void *a, const void *b)
{
	return a == b ? 0 : (uintptr_t)a < (uintptr_t)b ? -1 : 1;
}

static int cmp_name(const struct graph_node *a, const struct graph_node *b)
{
	const struct cg_str *x = &sort_cg->node[a->stamp - 1], *y = &sort_cg->node[b->stamp - 1];
	int c = cmp_ptr(x->file, y->file);
	return c ? c : cmp_ptr(x->name, y->name);
}

static int cmp_function(const struct graph_node *a, const struct graph_node *b)
{
	int c = cmp_name(a, b);
	if (c)
		return c;
	const struct cg_str *x = &sort_cg->node[a->stamp - 1], *y = &sort_cg->node[b->stamp - 1];
	if ((c = cmp_ptr(a->tree_parent, b->tree_parent)) != 0 ||
	    (c = cmp_ptr(x->orig, y->orig)) != 0 || (c = cmp_ptr(x->objfile, y->objfile)) != 0)
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
static int disambiguate(struct graph *g, const struct cg *cg, size_t *suffix, size_t *count)
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
	sort_cg = cg;
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

/* A callee's callgrind name, interned; pprof names nodes outside the
 * graph "". */
static const char *callee_name(struct cg *cg, const struct graph_node *c,
			       const size_t *suffix, const size_t *count)
{
	if (!c->stamp)
		return "";
	size_t pos = c->stamp - 1;
	if (!suffix[pos])
		return cg->node[pos].name;
	char buf[4096];
	snprintf(buf, sizeof buf, "%s [%zu/%zu]", c->info.name, suffix[pos], count[pos]);
	return cg_intern(cg, buf);
}

/* One node: its ob/fl/fn lines when they change, its own cost, and one
 * call per out edge, heaviest first. */
static int print_node(struct rctx *r, struct graph *g, struct cg *cg, struct graph_node *n,
		      const struct node_info *prev, const size_t *suffix, const size_t *count)
{
	struct cg_str *cs = &cg->node[n->stamp - 1];
	const struct cg_str *ps = prev ? &cg->node[n->stamp - 2] : NULL;
	const char *u;
	if (!ps || cs->objfile != ps->objfile || cs->file != ps->file || cs->name != ps->name) {
		sbuf_puts(r->out, "\nob=");
		cg_name(cg, &cg->ob, cs->objfile, NULL, r->out);
		sbuf_puts(r->out, "\nfl=");
		cg_name(cg, &cg->fl, cs->file, &cs->fl_id, r->out);
		sbuf_puts(r->out, "\nfn=");
		cg_name(cg, &cg->fn, cs->name, &cs->fn_id, r->out);
		sbuf_putc(r->out, '\n');
	}
	cg_address(prev, n->info.address, r->out);
	sbuf_putc(r->out, ' ');
	put_int(r->out, n->info.lineno);
	sbuf_putc(r->out, ' ');
	put_int(r->out, (int64_t)meas_scale(graph_node_flat(n), r->sample_unit, r->output_unit, &u));
	sbuf_putc(r->out, '\n');
	if (n->n_out > cg->cap_sorted) {
		size_t nc = n->n_out * 2;
		struct graph_edge **ns = realloc(cg->sorted, nc * sizeof *ns);
		if (!ns)
			return -1;
		cg->sorted = ns;
		cg->cap_sorted = nc;
	}
	struct graph_edge **out = cg->sorted;
	if (n->n_out)
		memcpy(out, n->out, n->n_out * sizeof *out);
	graph_sort_edges(g, out, n->n_out);
	for (uint32_t j = 0; j < n->n_out; j++) {
		struct graph_node *c = out[j]->dst;
		sbuf_puts(r->out, "cfl=");
		struct cg_str *ccs = c->stamp ? &cg->node[c->stamp - 1] : NULL;
		if (ccs)
			cg_name(cg, &cg->fl, ccs->file, &ccs->fl_id, r->out);
		else
			cg_name(cg, &cg->fl, cg_intern(cg, c->info.file), NULL, r->out);
		sbuf_puts(r->out, "\ncfn=");
		bool plain = ccs && !suffix[c->stamp - 1];
		cg_name(cg, &cg->fn, callee_name(cg, c, suffix, count), plain ? &ccs->fn_id : NULL,
			r->out);
		sbuf_puts(r->out, "\ncalls=0 ");
		cg_address(prev, c->info.address, r->out);
		sbuf_putc(r->out, ' ');
		put_int(r->out, c->info.lineno);
		sbuf_puts(r->out, "\n* * ");
		put_int(r->out, (int64_t)meas_scale(out[j]->weight, r->sample_unit, r->output_unit, &u));
		sbuf_putc(r->out, '\n');
	}
	return cg->oom ? -1 : 0;
}

int report_callgrind(struct rctx *r)
{
	r->nodefraction = r->edgefraction = 0;
	r->nodecount = 0;
	r->gopts.obj_names = true;
	/* pprof's newTrimmedGraph with nothing to trim (no node or edge
	 * fraction, no node count) is the whole graph in node order: built
	 * once, with its edges, instead of once without and again with. */
	struct graph *g = graph_build(r->p, &r->gopts, NULL);
	if (!g)
		return rt_error_set(r->err, "out of memory");
	graph_sort(g, r->cfg->sort && !strcmp(r->cfg->sort, "cum") ? GRAPH_CUM_NAME
								  : GRAPH_FLAT_NAME);
	r->dropped_edges = 0;
	/* Stamps become node positions (from 1; 0: not in the graph). */
	for (size_t i = 0; i < g->n_all; i++)
		g->all[i]->stamp = 0;
	for (size_t i = 0; i < g->n_nodes; i++)
		g->nodes[i]->stamp = i + 1;
	struct cg cg;
	size_t *suffix = calloc(g->n_nodes + 1, sizeof *suffix);
	size_t *count = calloc(g->n_nodes + 1, sizeof *count);
	/* cg is set up (and freed) whatever fails. */
	int rc = cg_init(&cg, g);
	if (rc < 0 || !suffix || !count || disambiguate(g, &cg, suffix, count) < 0)
		rc = -1;
	if (rc == 0) {
		r->callgrind_unit = true;
		rctx_select_unit(r, g);
		sbuf_puts(r->out, "positions: instr line\n");
		sbuf_printf(r->out, "events: %s(%s)\n", r->sample_type, r->output_unit);
	}
	const struct node_info *prev = NULL;
	for (size_t i = 0; i < g->n_nodes && rc == 0 && !r->out->sink_failed; i++) {
		rc = print_node(r, g, &cg, g->nodes[i], prev, suffix, count);
		prev = &g->nodes[i]->info;
	}
	cg_free(&cg);
	free(suffix);
	free(count);
	graph_free(g);
	return rc < 0 ? rt_error_set(r->err, "out of memory") : 0;
}
