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
 * table (struct cg) and has one symbol, so equal strings are one symbol:
 * grouping compares symbols, and the "(N) name" compression keeps each
 * string's numbers in its symbol. */
struct cg_sym {
	const char *s;	/* interned */
	size_t id[3];	/* its number as an ob, fl and fn name; 0: none yet */
};

enum { CG_OB, CG_FL, CG_FN };

struct cg_str {
	struct cg_sym *objfile, *file, *name, *orig;
	/* The file's and the name's numbers, copied from their symbols once
	 * known: a callee's are read here, without a visit to the symbol. */
	size_t fl_id, fn_id;
};

/* One of callgrind's "(N) name" tables (ob, fl, fn): with -call_tree the
 * " [i/n]" names can run to one per node. */
struct cg_names {
	int k;	/* the cg_sym.id index */
	size_t n;
};

struct cg {
	struct arena arena;
	struct strtab strs;
	struct idmap syms;	/* an interned string -> its symbol */
	struct idmap seen;	/* a string's address -> its symbol */
	struct cg_str *node;	/* by position (stamp - 1) */
	struct cg_names ob, fl, fn;
	struct graph_edge **sorted;	/* one node's out edges, sorted */
	size_t cap_sorted;
	bool oom;
};

static struct cg_sym *cg_sym(struct cg *c, const char *s)
{
	static struct cg_sym none = { "", { 0, 0, 0 } };
	const char *r = strtab_intern_cstr(&c->strs, s);
	struct cg_sym *y = r ? idmap_get(&c->syms, (uintptr_t)r) : NULL;
	if (y || !r) {
		c->oom |= !r;
		return r ? y : &none;
	}
	if (!(y = arena_zalloc(&c->arena, sizeof *y)) ||
	    idmap_put(&c->syms, (uintptr_t)r, y) < 0) {
		c->oom = true;
		return &none;
	}
	y->s = r;
	return y;
}

/* cg_sym of a string that stays put while the report runs (a node's
 * info, from the profile or the graph): nodes share their strings, so
 * the address finds the symbol without hashing the bytes. */
static struct cg_sym *cg_sym_kept(struct cg *c, const char *s)
{
	struct cg_sym *y = idmap_get(&c->seen, (uintptr_t)s);
	if (y)
		return y;
	y = cg_sym(c, s);
	if (idmap_put(&c->seen, (uintptr_t)s, y) < 0)
		c->oom = true;
	return y;
}

/* cg_sym_kept, remembering the last string of one field: neighbouring
 * nodes mostly share their objfile and orig_name. */
struct cg_last {
	const char *s;
	struct cg_sym *y;
};

static struct cg_sym *cg_sym_near(struct cg *c, struct cg_last *last, const char *s)
{
	if (s != last->s) {
		last->s = s;
		last->y = cg_sym_kept(c, s);
	}
	return last->y;
}

static int cg_init(struct cg *c, const struct graph *g)
{
	memset(c, 0, sizeof *c);
	arena_init(&c->arena);
	c->ob.k = CG_OB;
	c->fl.k = CG_FL;
	c->fn.k = CG_FN;
	int rc = strtab_init(&c->strs, &c->arena);
	rc |= idmap_init(&c->syms, g->n_nodes + 1) | idmap_init(&c->seen, g->n_nodes + 1);
	c->node = calloc(g->n_nodes + 1, sizeof *c->node);
	if (rc < 0 || !c->node)
		return -1;
	struct cg_last ob = { 0 }, fl = { 0 }, fn = { 0 }, orig = { 0 };
	for (size_t i = 0; i < g->n_nodes; i++) {
		const struct node_info *in = &g->nodes[i]->info;
		c->node[i] = (struct cg_str){ cg_sym_near(c, &ob, in->objfile),
					      cg_sym_near(c, &fl, in->file),
					      cg_sym_near(c, &fn, in->name),
					      cg_sym_near(c, &orig, in->orig_name), 0, 0 };
	}
	return c->oom ? -1 : 0;
}

static void cg_free(struct cg *c)
{
	free(c->sorted);
	free(c->node);
	idmap_free(&c->syms);
	idmap_free(&c->seen);
	strtab_free(&c->strs);
	arena_free(&c->arena);
}

/* The report is a million short pieces: they are gathered in a line
 * buffer and handed to the sbuf a kilobyte at a time. */
struct lw {
	struct sbuf *out;
	char *w;
	char buf[1024];
};

static void lw_flush(struct lw *l)
{
	sbuf_add(l->out, l->buf, (size_t)(l->w - l->buf));
	l->w = l->buf;
}

/* Room for n more bytes (n at most sizeof buf). */
static inline void lw_room(struct lw *l, size_t n)
{
	if ((size_t)(l->buf + sizeof l->buf - l->w) < n)
		lw_flush(l);
}

static inline __attribute__((always_inline)) void lw_add(struct lw *l, const char *s, size_t n)
{
	if (n > sizeof l->buf / 2) {
		lw_flush(l);
		sbuf_add(l->out, s, n);
		return;
	}
	lw_room(l, n);
	memcpy(l->w, s, n);
	l->w += n;
}

/* A string literal. */
#define LW_LIT(l, s) lw_add((l), (s), sizeof(s) - 1)

static inline void lw_putc(struct lw *l, char c)
{
	lw_room(l, 1);
	*l->w++ = c;
}

/* Write v in base 10 or 16 (lowercase) ending at end; return where it
 * starts.  printf is the cost of a call line otherwise. */
static inline char *dec_digits(char *end, uint64_t v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

static inline char *hex_digits(char *end, uint64_t v)
{
	do {
		*--end = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	return end;
}

static inline void lw_int(struct lw *l, int64_t v)
{
	char tmp[20];
	int n = 0;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	lw_room(l, 21);
	if (v < 0)
		*l->w++ = '-';
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		*l->w++ = tmp[--n];
}

/* "(N)" */
static inline void put_id(size_t id, struct lw *l)
{
	lw_putc(l, '(');
	lw_int(l, (int64_t)id);
	lw_putc(l, ')');
}

/* A name in table t: "(N) name" the first time, "(N)" after; an empty
 * name never gets a number.  *cache (when not NULL) keeps the number for
 * the node the name belongs to. */
static void cg_name(struct cg_names *t, struct cg_sym *y, size_t *cache, struct lw *l)
{
	if (cache && *cache) {
		put_id(*cache, l);
		return;
	}
	size_t id = y->id[t->k];
	if (!id) {
		if (!*y->s)
			return;
		id = y->id[t->k] = ++t->n;
		put_id(id, l);
		lw_putc(l, ' ');
		lw_add(l, y->s, strlen(y->s));
	} else {
		put_id(id, l);
	}
	if (cache)
		*cache = id;
}

/* pprof's callgrind addresses: absolute in hex, or relative to the
 * previous node's when that is shorter, "*" when the same. */
static void cg_address(const struct node_info *prev, uint64_t cur, struct lw *l)
{
	/* "0x" and the hex digits: 2 + bits / 4, rounded up */
	int alen = 2 + (cur ? (64 - __builtin_clzll(cur) + 3) / 4 : 1);
	if (prev && prev->address == cur) {
		lw_putc(l, '*');
		return;
	}
	if (prev) {
		int64_t d = (int64_t)(cur - prev->address);
		uint64_t u = d < 0 ? -(uint64_t)d : (uint64_t)d;
		int rlen = 1;	/* the sign */
		for (uint64_t v = u; v; v /= 10)
			rlen++;
		if (rlen < alen) {
			char rbuf[24], *rend = rbuf + sizeof rbuf, *r = dec_digits(rend, u);
			*--r = d < 0 ? '-' : '+';
			lw_add(l, r, (size_t)(rend - r));
			return;
		}
	}
	char abuf[24], *aend = abuf + sizeof abuf, *a = hex_digits(aend, cur);
	*--a = 'x';
	*--a = '0';
	lw_add(l, a, (size_t)(aend - a));
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
static int disambiguate_sorted(struct graph_node **by, size_t n, const struct cg *cg,
			       size_t *suffix, size_t *count)
{
	struct cg_run *runs = malloc((n + 1) * sizeof *runs);
	if (!runs)
		return -1;
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
	free(runs);
	return 0;
}

/* Most (file, name) pairs hold one function: a pass over a hash table of
 * the pairs (each slot the position + 1 of the pair's first node) finds
 * the few that hold more, and only their nodes are sorted. */
static int disambiguate(struct graph *g, const struct cg *cg, size_t *suffix, size_t *count)
{
	size_t n = g->n_nodes, cap = 16;
	if (n >= UINT32_MAX / 2) {
		/* positions would not fit the table's slots: sort them all */
		struct graph_node **by = malloc((n + 1) * sizeof *by);
		int rc = by ? 0 : -1;
		if (by) {
			memcpy(by, g->nodes, n * sizeof *by);
			rc = disambiguate_sorted(by, n, cg, suffix, count);
		}
		free(by);
		return rc;
	}
	while (cap < n + n / 2)
		cap *= 2;
	uint32_t *t = calloc(cap, sizeof *t), *first = malloc((n + 1) * sizeof *first);
	bool *several = calloc(n + 1, sizeof *several);
	int rc = -1;
	if (!t || !first || !several)
		goto out;
	sort_cg = cg;
	size_t n_several = 0;
	for (size_t i = 0; i < n; i++) {
		const struct cg_str *cs = &cg->node[i];	/* g->nodes[i]'s stamp is i + 1 */
		uint64_t h = idmap_mix((uint64_t)(uintptr_t)cs->file * 31 + (uintptr_t)cs->name);
		size_t j = h & (cap - 1);
		for (; t[j]; j = (j + 1) & (cap - 1)) {
			const struct cg_str *fs = &cg->node[t[j] - 1];
			if (fs->file == cs->file && fs->name == cs->name)
				break;
		}
		if (!t[j])
			t[j] = (uint32_t)i + 1;
		first[i] = t[j] - 1;
		if (!several[first[i]] && cmp_function(g->nodes[first[i]], g->nodes[i]) != 0) {
			several[first[i]] = true;
			n_several++;
		}
	}
	rc = 0;
	if (n_several) {
		struct graph_node **by = malloc((n + 1) * sizeof *by);
		size_t k = 0;
		if (by) {
			for (size_t i = 0; i < n; i++)
				if (several[first[i]])
					by[k++] = g->nodes[i];
			rc = disambiguate_sorted(by, k, cg, suffix, count);
		} else {
			rc = -1;
		}
		free(by);
	}
out:
	free(t);
	free(first);
	free(several);
	return rc;
}

/* A callee's callgrind name, interned; pprof names nodes outside the
 * graph "". */
static struct cg_sym *callee_name(struct cg *cg, const struct graph_node *c,
				   const size_t *suffix, const size_t *count)
{
	if (!c->stamp)
		return cg_sym(cg, "");
	size_t pos = c->stamp - 1;
	if (!suffix[pos])
		return cg->node[pos].name;
	char buf[4096];
	snprintf(buf, sizeof buf, "%s [%zu/%zu]", c->info.name, suffix[pos], count[pos]);
	return cg_sym(cg, buf);
}

/* One node: its ob/fl/fn lines when they change, its own cost, and one
 * call per out edge, heaviest first. */
static int print_node(struct graph *g, struct cg *cg, struct lw *l, const struct meas_scaler *sc,
		      struct graph_node *n, size_t pos, const struct node_info *prev,
		      const size_t *suffix,
		      const size_t *count)
{
	struct cg_str *cs = &cg->node[pos];	/* n->stamp is pos + 1 */
	const struct cg_str *ps = prev ? &cg->node[pos - 1] : NULL;
	if (!ps || cs->objfile != ps->objfile || cs->file != ps->file || cs->name != ps->name) {
		LW_LIT(l, "\nob=");
		cg_name(&cg->ob, cs->objfile, NULL, l);
		LW_LIT(l, "\nfl=");
		cg_name(&cg->fl, cs->file, &cs->fl_id, l);
		LW_LIT(l, "\nfn=");
		cg_name(&cg->fn, cs->name, &cs->fn_id, l);
		lw_putc(l, '\n');
	}
	cg_address(prev, n->info.address, l);
	lw_putc(l, ' ');
	lw_int(l, n->info.lineno);
	lw_putc(l, ' ');
	lw_int(l, (int64_t)meas_scaler_apply(sc, graph_node_flat(n)));
	lw_putc(l, '\n');
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
	/* The callees' entries are scattered: ask for them all at once
	 * rather than wait for each in turn. */
	for (uint32_t j = 0; j < n->n_out; j++)
		if (out[j]->dst->stamp)
			__builtin_prefetch(&cg->node[out[j]->dst->stamp - 1]);
	for (uint32_t j = 0; j < n->n_out; j++) {
		struct graph_node *c = out[j]->dst;
		LW_LIT(l, "cfl=");
		struct cg_str *ccs = c->stamp ? &cg->node[c->stamp - 1] : NULL;
		if (ccs)
			cg_name(&cg->fl, ccs->file, &ccs->fl_id, l);
		else
			cg_name(&cg->fl, cg_sym(cg, c->info.file), NULL, l);
		LW_LIT(l, "\ncfn=");
		bool plain = ccs && !suffix[c->stamp - 1];
		cg_name(&cg->fn, callee_name(cg, c, suffix, count), plain ? &ccs->fn_id : NULL,
			l);
		LW_LIT(l, "\ncalls=0 ");
		cg_address(prev, c->info.address, l);
		lw_putc(l, ' ');
		lw_int(l, c->info.lineno);
		LW_LIT(l, "\n* * ");
		lw_int(l, (int64_t)meas_scaler_apply(sc, out[j]->weight));
		lw_putc(l, '\n');
	}
	return cg->oom ? -1 : 0;
}

int report_callgrind(struct rctx *r)
{
	r->nodefraction = r->edgefraction = 0;
	r->nodecount = 0;
	r->gopts.obj_names = true;
	r->gopts.out_edges_only = true;	/* callgrind prints callees only */
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
	struct lw l = { .out = r->out };
	l.w = l.buf;
	struct meas_scaler sc;
	meas_scaler_init(&sc, r->sample_unit, r->output_unit);
	for (size_t i = 0; i < g->n_nodes && rc == 0 && !r->out->sink_failed; i++) {
		/* Nodes print in sort order, not memory order: the next ones,
		 * their edge lists, edges and callees are fetched ahead, a
		 * step further each so that every prefetch finds its pointer
		 * already loaded. */
		if (i + 4 < g->n_nodes)
			__builtin_prefetch(g->nodes[i + 4]);
		if (i + 3 < g->n_nodes)
			__builtin_prefetch(g->nodes[i + 3]->out);
		if (i + 2 < g->n_nodes) {
			const struct graph_node *nx = g->nodes[i + 2];
			for (uint32_t j = 0; j < nx->n_out && j < 8; j++)
				__builtin_prefetch(nx->out[j]);
		}
		if (i + 1 < g->n_nodes) {
			const struct graph_node *nx = g->nodes[i + 1];
			for (uint32_t j = 0; j < nx->n_out && j < 8; j++)
				__builtin_prefetch(nx->out[j]->dst);
		}
		rc = print_node(g, &cg, &l, &sc, g->nodes[i], i, prev, suffix, count);
		prev = &g->nodes[i]->info;
		if (l.w - l.buf > (ptrdiff_t)sizeof l.buf / 2)
			lw_flush(&l);
	}
	lw_flush(&l);
	cg_free(&cg);
	free(suffix);
	free(count);
	graph_free(g);
	return rc < 0 ? rt_error_set(r->err, "out of memory") : 0;
}
