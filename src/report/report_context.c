/* report_context: report.go's shared work for every format: the sample
 * value and total, the trimmed graph (newTrimmedGraph), the output unit
 * and the header labels.  Reads the (filtered) profile, never writes it. */
#include "report/report_context.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/compare.h"
#include "base/gotime.h"
#include "measurement/measurement.h"

static bool set(const char *s)
{
	return s && *s;
}

void rctx_format(const struct rctx *r, int64_t v, char *buf, size_t n)
{
	if (r->ratio > 0 && r->ratio != 1)
		v = (int64_t)((double)v * r->ratio);
	meas_scaled_label(buf, n, v, r->sample_unit, r->output_unit);
}

const char *rctx_num_label_unit(const struct rctx *r, const char *key)
{
	return label_units_of(&r->units, key);
}



int64_t rctx_total(const struct profile *p, int si, int mi)
{
	int64_t div = 0, total = 0, ddiv = 0, dtotal = 0;
	for (size_t s = 0; s < p->n_samples; s++) {
		const struct sample *sm = &p->samples[s];
		int64_t v = sample_value(p, sm, si), d = mi >= 0 ? sample_value(p, sm, mi) : 0;
		if (v < 0)
			v = -v;
		total += v;
		div += d;
		if (sample_is_diff_base(p, sm)) {
			dtotal += v;
			ddiv += d;
		}
	}
	if (dtotal > 0) {
		total = dtotal;
		div = ddiv;
	}
	return div != 0 ? total / div : total;
}

int rctx_granularity(struct rctx *r)
{
	struct graph_opts *o = &r->gopts;
	const char *g = r->granularity;
	o->keep_inlines = !r->noinlines;
	o->keep_function = o->keep_file = o->keep_line = o->keep_address = false;
	if (!strcmp(g, "addresses")) {
		o->keep_function = o->keep_file = o->keep_line = o->keep_address = true;
	} else if (!strcmp(g, "lines")) {
		o->keep_function = o->keep_file = o->keep_line = true;
	} else if (!strcmp(g, "files")) {
		o->keep_file = true;
	} else if (!strcmp(g, "functions")) {
		o->keep_function = true;
	} else if (!strcmp(g, "filefunctions")) {
		o->keep_function = o->keep_file = true;
	} else {
		return rt_error_set(r->err, "unexpected granularity");
	}
	return 0;
}

int rctx_options(struct rctx *r)
{
	const struct report_config *c = r->cfg;
	const struct profile *p = r->p;
	if (p->n_sample_types == 0)
		return rt_error_set(r->err, "profile has no samples");
	int si = profile_sample_index(p, c->sample_index, r->err);
	if (si < 0)
		return -1;
	r->sample_index = si;
	r->mean_index = c->mean ? 0 : -1;
	snprintf(r->sample_type, sizeof r->sample_type, "%s%s", c->mean ? "mean_" : "",
		 p->sample_types[si].type);
	r->sample_unit = p->sample_types[si].unit;
	if (c->divide_by == 0)
		return rt_error_set(r->err, "zero divisor specified");
	r->ratio = 1 / c->divide_by;
	snprintf(r->output_unit, sizeof r->output_unit, "%s", set(c->unit) ? c->unit : "minimum");
	r->compact_labels = c->compact_labels;
	const char *names[] = { "focus", "ignore", "hide", "show", "show_from",
				"tagfocus", "tagignore", "tagshow", "taghide" };
	const char *vals[] = { c->focus, c->ignore, c->hide, c->show, c->show_from,
			       c->tagfocus, c->tagignore, c->tagshow, c->taghide };
	r->n_filters = 0;
	for (int i = 0; i < 9; i++)
		if (set(vals[i])) {
			r->filters[r->n_filters] = names[i];
			r->filter_values[r->n_filters++] = vals[i];
		}
	r->gopts.sample_index = si;
	r->gopts.mean_index = r->mean_index;
	r->gopts.drop_negative = c->drop_negative;
	/* pprof honours call_tree only for the call graph outputs. */
	r->gopts.call_tree = c->call_tree && (r->cmd == REPORT_DOT || r->cmd == REPORT_CALLGRIND);
	r->visual = r->cmd == REPORT_DOT;
	r->gopts.track_tags = r->visual;
	r->gopts.bytes_unit = rctx_num_label_unit(r, "bytes");
	r->gopts.runner = c->runner;
	r->gopts.obj_names = r->cmd == REPORT_RAW || r->cmd == REPORT_LIST ||
			     r->cmd == REPORT_CALLGRIND;
	return 0;
}

/* ---- trimmed graph, output unit, labels (report.go) ---- */

struct row_order {
	struct graph_node *n;
	const char *name;
	double key;
	size_t pos;
};

static int cmp_row_names(const void *a, const void *b)
{
	const struct row_order *l = a, *r = b;
	int c = strcmp(l->name, r->name);
	return c ? c : (l->pos > r->pos) - (l->pos < r->pos);
}

static int cmp_row_keys(const void *a, const void *b)
{
	const struct row_order *l = a, *r = b;
	if (l->key != r->key)
		return l->key > r->key ? -1 : 1;
	return (l->pos > r->pos) - (l->pos < r->pos);
}

/* cfg->order: the rows pprof's sort chose, printed in rtprof's own
 * order (ties keep pprof's).  Out of memory: pprof's order. */
static void rows_in_order(struct rctx *r, struct graph *g)
{
	const struct report_config *c = r->cfg;
	if (c->order == REPORT_ORDER_PPROF || (c->order == REPORT_ORDER_KEY && !c->row_key))
		return;
	struct row_order *k = malloc((g->n_nodes + 1) * sizeof *k);
	if (!k)
		return;
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct graph_node *n = g->nodes[i];
		k[i] = (struct row_order){ .n = n, .pos = i };
		if (c->order == REPORT_ORDER_NAME)
			k[i].name = graph_node_name(g, n) ? graph_node_name(g, n) : "";
		else
			k[i].key = c->row_key(c->row_key_arg, n->info.name ? n->info.name : "");
	}
	qsort(k, g->n_nodes, sizeof *k,
	      c->order == REPORT_ORDER_NAME ? cmp_row_names : cmp_row_keys);
	for (size_t i = 0; i < g->n_nodes; i++)
		g->nodes[i] = k[i].n;
	free(k);
}

static void sort_nodes(struct rctx *r, struct graph *g, enum graph_order order)
{
	if (r->visual)
		graph_sort_entropy(g);
	else
		graph_sort(g, order);
}

/* pprof's selectTopNodes: in visual mode each node's label tags (up to 4,
 * counted when their flat is non-zero) take room too. */
static size_t top_count(struct rctx *r, struct graph *g)
{
	size_t max = (size_t)r->nodecount;
	if (r->visual) {
		size_t count = 0;
		for (size_t i = 0; i < g->n_nodes; i++) {
			size_t tags = 0;
			for (uint32_t j = 0; j < g->nodes[i]->n_tags; j++)
				tags += g->nodes[i]->tags[j].flat != 0;
			if (tags > 4)
				tags = 4;
			count += tags + 1;
			if (count >= max) {
				max = i + 1;
				break;
			}
		}
	}
	return max < g->n_nodes ? max : g->n_nodes;
}

static struct graph *rebuild(struct rctx *r, const struct graph_opts *o, struct graph *g,
			     bool keep_marked)
{
	/* A call tree cannot be rebuilt from node infos: it is cut in place. */
	if (o->call_tree) {
		if (keep_marked && graph_trim_tree(g) < 0) {
			graph_free(g);
			return NULL;
		}
		return g;
	}
	/* A first pass that noted the samples with wanted edges is worth
	 * rebuilding from even when it keeps every node (see graph.wanted). */
	if (!keep_marked && g->wanted) {
		for (size_t i = 0; i < g->n_all; i++)
			g->all[i]->kept = true;
		keep_marked = true;
	}
	struct graph *ng = graph_build(r->p, o, keep_marked ? g : NULL);
	graph_free(g);
	return ng;
}

/* pprof's newTrimmedGraph.  Edges matter only in the graph finally
 * returned (and to the entropy order of dot), so the passes that only
 * choose nodes are built without them: at prompt sizes the last graph
 * holds ten nodes and its edges cost next to nothing. */
struct graph *rctx_trimmed_graph(struct rctx *r, int *orig_count, int *dropped_nodes)
{
	struct graph_opts bare = r->gopts;
	bare.no_edges = true;
	bare.track_tags = false;
	/* A call tree is built once, whole, and then only cut. */
	struct graph *g = graph_build(r->p, r->gopts.call_tree ? &r->gopts : &bare, NULL);
	if (!g)
		return NULL;
	int64_t total = graph_flat_sum(g);
	int64_t node_cutoff = abs64((int64_t)((double)total * r->nodefraction));
	int64_t edge_cutoff = abs64((int64_t)((double)total * r->edgefraction));
	size_t kept = g->n_nodes;
	*dropped_nodes = 0;
	if (node_cutoff > 0) {
		kept = 0;
		for (size_t i = 0; i < g->n_nodes; i++) {
			g->nodes[i]->kept = abs64(g->nodes[i]->cum) >= node_cutoff;
			kept += g->nodes[i]->kept;
		}
	}
	*dropped_nodes = (int)(g->n_nodes - kept);
	/* The last graph's edges lighter than edge_cutoff are trimmed
	 * before anyone reads them: -top's marker edges need not be made
	 * (dot, which counts the dropped edges, lists its edges). */
	struct graph_opts last = r->gopts;
	if (last.edges_unlisted && !r->visual)
		last.edge_floor = edge_cutoff;
	bool cut = kept != g->n_nodes, sorted = false;
	enum graph_order order = r->cfg->sort && !strcmp(r->cfg->sort, "cum")
					 ? GRAPH_CUM_NAME : GRAPH_FLAT_NAME;
	if (r->nodecount > 0 && !r->visual && !r->gopts.call_tree) {
		/* Nodes the cut keeps have the same flat and cum in a graph
		 * rebuilt without the others (a sample's cum counts once per
		 * node, and a dropped leaf's flat goes to no one), so the top is
		 * chosen from this graph's kept nodes directly. */
		size_t k = 0;
		for (size_t i = 0; i < g->n_nodes; i++)
			if (!cut || g->nodes[i]->kept)
				g->nodes[k++] = g->nodes[i];
		g->n_nodes = k;
		*orig_count = (int)k;
		sort_nodes(r, g, order);
		size_t top = top_count(r, g);
		/* Only edges into inlined nodes were asked for (-top's
		 * markers): when no chosen node is ever inlined, the rebuilt
		 * graph would add nothing to this one's nodes. */
		bool need_edges = !r->gopts.edges_into_inlined;
		for (size_t i = 0; i < top && !need_edges; i++)
			need_edges = g->nodes[i]->inlined_at;
		if (!need_edges) {
			g->n_nodes = top;
		} else {
			for (size_t i = 0; i < g->n_all; i++)
				g->all[i]->kept = false;
			for (size_t i = 0; i < top; i++)
				g->nodes[i]->kept = true;
			if (!(g = rebuild(r, &last, g, top < k || cut)))
				return NULL;
		}
	} else if (r->nodecount > 0) {
		/* dot: the entropy order needs edges to choose the top. */
		if (!(g = rebuild(r, &r->gopts, g, cut)))
			return NULL;
		*orig_count = (int)g->n_nodes;
		sort_nodes(r, g, order);
		graph_trim_tags(g, node_cutoff);
		graph_trim_edges(g, edge_cutoff);
		size_t top = top_count(r, g);
		/* pprof 1.19 sorts again only when the top drops nodes: a
		 * graph that keeps them all keeps the order its edges gave
		 * before the low-weight ones were trimmed. */
		sorted = top == g->n_nodes;
		if (top < g->n_nodes) {
			for (size_t i = 0; i < g->n_all; i++)
				g->all[i]->kept = false;
			for (size_t i = 0; i < top; i++)
				g->nodes[i]->kept = true;
			if (!(g = rebuild(r, &r->gopts, g, true)))
				return NULL;
		}
	} else {
		if (!(g = rebuild(r, &last, g, cut)))
			return NULL;
		*orig_count = (int)g->n_nodes;
	}
	if (!sorted)
		sort_nodes(r, g, order);
	if (r->cmd == REPORT_TOP)
		rows_in_order(r, g);
	if (r->visual)
		graph_trim_tags(g, node_cutoff);
	r->dropped_edges = graph_trim_edges(g, edge_cutoff);
	if (r->visual)
		graph_remove_redundant_edges(g);
	return g;
}

void rctx_select_unit(struct rctx *r, struct graph *g)
{
	if (strcmp(r->output_unit, "minimum") || g->n_nodes == 0)
		return;
	int64_t minv = 0;
	for (size_t i = 0; i < g->n_nodes; i++) {
		int64_t v = abs64(graph_node_flat(g->nodes[i]));
		if (v == 0)
			v = abs64(graph_node_cum(g->nodes[i]));
		if (v > 0 && (minv == 0 || v < minv))
			minv = v;
	}
	int64_t maxv = r->total;
	if (minv == 0)
		minv = maxv;
	if (r->ratio > 0 && r->ratio != 1) {
		minv = (int64_t)((double)minv * r->ratio);
		maxv = (int64_t)((double)maxv * r->ratio);
	}
	const char *minu, *maxu, *unit;
	meas_scale(minv, r->sample_unit, "minimum", &minu);
	meas_scale(maxv, r->sample_unit, "minimum", &maxu);
	unit = minu;
	if (strcmp(minu, maxu) && minv * 100 < maxv && !r->callgrind_unit)
		meas_scale(100 * minv, r->sample_unit, "minimum", &unit);
	snprintf(r->output_unit, sizeof r->output_unit, "%s", *unit ? unit : r->sample_unit);
}

void rctx_profile_labels(struct rctx *r, struct sbuf *out)
{
	const struct profile *p = r->p;
	char buf[128], pct[64];
	if (p->n_mappings > 0) {
		const char *f = p->mappings[0]->file;
		if (*f) {
			const char *b = strrchr(f, '/');
			sbuf_printf(out, "File: %s\n", b ? b + 1 : f);
		}
		if (*p->mappings[0]->build_id)
			sbuf_printf(out, "Build ID: %s\n", p->mappings[0]->build_id);
	}
	for (size_t i = 0; i < p->n_comments; i++)
		if (p->comments[i][0] != '#')
			sbuf_printf(out, "%s\n", p->comments[i]);
	if (r->sample_type[0])
		sbuf_printf(out, "Type: %s\n", r->sample_type);
	if (p->time_nanos) {
		sbuf_puts(out, "Time: ");
		go_time_label(p->time_nanos, out);
		sbuf_putc(out, '\n');
	}
	if (p->duration_nanos) {
		char dur[64];
		meas_scaled_label(dur, sizeof dur, p->duration_nanos, "nanoseconds", "auto");
		const char *u;
		double tn = meas_scale(r->total, r->sample_unit, "nanoseconds", &u);
		rctx_format(r, r->total, buf, sizeof buf);
		pct[0] = '\0';
		if (!strcmp(u, "ns") && tn != 0) {
			char p2[32];
			meas_percentage(p2, sizeof p2, (int64_t)tn, p->duration_nanos);
			snprintf(pct, sizeof pct, "(%s)", p2);
		}
		sbuf_printf(out, "Duration: %s, Total samples = %s %s\n", dur, buf, pct);
	}
}

void rctx_report_labels(struct rctx *r, struct graph *g, int orig_count,
			int dropped_nodes, struct sbuf *out)
{
	char a[64], b[64], pc[64];
	if (!r->compact_labels || r->visual)
		rctx_profile_labels(r, out);
	int64_t flat_sum = 0;
	for (size_t i = 0; i < g->n_nodes; i++)
		flat_sum += graph_node_flat(g->nodes[i]);
	if (r->n_filters) {
		sbuf_puts(out, "Active filters:\n");
		for (int i = 0; i < r->n_filters; i++) {
			const char *n = r->filters[i], *v = r->filter_values[i];
			size_t len = strlen(n) + 1 + strlen(v);
			if (len > 80) {
				struct sbuf t;
				sbuf_init(&t);
				sbuf_printf(&t, "%s=%s", n, v);
				sbuf_puts(out, "   ");
				sbuf_add(out, t.data, 80);
				sbuf_puts(out, "\xe2\x80\xa6\n");
				sbuf_free(&t);
			} else {
				sbuf_printf(out, "   %s=%s\n", n, v);
			}
		}
	}
	rctx_format(r, flat_sum, a, sizeof a);
	meas_percentage(pc, sizeof pc, flat_sum, r->total);
	const char *pt = pc;
	while (*pt == ' ')
		pt++;
	rctx_format(r, r->total, b, sizeof b);
	sbuf_printf(out, "Showing nodes accounting for %s, %s of %s total\n", a, pt, b);
	if (r->total != 0) {
		if (dropped_nodes > 0) {
			rctx_format(r, abs64((int64_t)((double)r->total * r->nodefraction)), a, sizeof a);
			sbuf_printf(out, "Dropped %d node%s (cum <= %s)\n", dropped_nodes,
				    dropped_nodes > 1 ? "s" : "", a);
		}
		if (r->visual && r->dropped_edges > 0) {
			rctx_format(r, abs64((int64_t)((double)r->total * r->edgefraction)), a, sizeof a);
			sbuf_printf(out, "Dropped %d edge%s (freq <= %s)\n", r->dropped_edges,
				    r->dropped_edges > 1 ? "s" : "", a);
		}
		if (g->n_nodes > 0 && (int)g->n_nodes < orig_count)
			sbuf_printf(out, "Showing top %zu nodes out of %d\n", g->n_nodes, orig_count);
	}
}

/* ---- items: recorded with the byte offset where their row starts,
 * turned into line indexes once the text is done ---- */

static const char *keep(struct report_items *it, const char *s)
{
	const char *c = arena_strdup(&it->strings, s ? s : "");
	return c ? c : "";
}

struct report_item *rctx_item(struct rctx *r, enum report_row row, const char *name,
			      const struct node_info *info)
{
	struct report_items *it = r->items;
	if (!it)
		return NULL;
	if (it->n == it->cap) {
		size_t cap = it->cap ? it->cap * 2 : 64;
		struct report_item *v = realloc(it->v, cap * sizeof *v);
		if (!v)
			return NULL;	/* rows without items: the text is still right */
		it->v = v;
		it->cap = cap;
	}
	struct report_item *item = &it->v[it->n++];
	memset(item, 0, sizeof *item);
	item->line = r->out->len;	/* an offset until rctx_items_done */
	item->row = row;
	item->name = keep(it, name);
	item->function = keep(it, info ? info->name : "");
	item->file = keep(it, info ? info->file : "");
	if (info) {
		item->lineno = info->lineno;
		item->address = info->address;
	}
	return item;
}

struct report_item *rctx_item_node(struct rctx *r, enum report_row row, struct graph *g,
				   struct graph_node *n)
{
	struct report_item *item = rctx_item(r, row, graph_node_name(g, n), &n->info);
	if (item) {
		item->flat = graph_node_flat(n);
		item->cum = graph_node_cum(n);
	}
	return item;
}

void rctx_items_done(struct rctx *r, size_t first)
{
	struct report_items *it = r->items;
	if (!it)
		return;
	const char *s = sbuf_str(r->out);
	size_t line = 0, pos = 0;
	for (size_t i = first; i < it->n; i++) {
		size_t off = it->v[i].line;
		assert(off >= pos);	/* rows are recorded in output order */
		for (; pos < off && pos < r->out->len; pos++)
			line += s[pos] == '\n';
		it->v[i].line = line;
	}
}
