/* report_text: -top/-text and -tree/-peek (report.go printText, printTree). */
#include "report/report_formats.h"

#include <stdlib.h>
#include <string.h>

#include "measurement/measurement.h"

int report_text(struct rctx *r)
{
	int orig, dropped;
	/* Edges serve only the (inline) markers here: the ones into
	 * inlined nodes, in no node's lists (a call tree is cut through
	 * its lists). */
	r->gopts.edges_into_inlined = true;
	r->gopts.edges_unlisted = !r->gopts.call_tree;
	struct graph *g = rctx_trimmed_graph(r, &orig, &dropped);
	if (!g)
		return rt_error_set(r->err, "out of memory");
	graph_inline_marks(g);
	rctx_select_unit(r, g);
	rctx_report_labels(r, g, orig, dropped, r->out);
	sbuf_printf(r->out, "%10s %5s%% %5s%% %10s %5s%%\n", "flat", "flat", "sum", "cum", "cum");
	int64_t sum = 0;
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct graph_node *n = g->nodes[i];
		int64_t flat = graph_node_flat(n), cum = graph_node_cum(n);
		bool inl = n->in_inline, noinl = n->in_noinline;
		char fv[64], cv[64], fp[32], sp[32], cp[32];
		sum += flat;
		rctx_format(r, flat, fv, sizeof fv);
		rctx_format(r, cum, cv, sizeof cv);
		meas_percentage(fp, sizeof fp, flat, r->total);
		meas_percentage(sp, sizeof sp, sum, r->total);
		meas_percentage(cp, sizeof cp, cum, r->total);
		rctx_item_node(r, REPORT_ROW_NODE, g, n);
		sbuf_printf(r->out, "%10s %s %s %10s %s  %s%s\n", fv, fp, sp, cv, cp,
			    graph_node_name(g, n),
			    inl ? (noinl ? " (partial-inline)" : " (inline)") : "");
	}
	graph_free(g);
	return 0;
}

static void print_edges(struct rctx *r, struct graph *g, struct graph_edge **e,
			uint32_t n, int64_t cum, bool in)
{
	struct graph_edge **sorted = malloc((n + 1) * sizeof *sorted);
	if (!sorted)
		return;
	if (n)
		memcpy(sorted, e, n * sizeof *sorted);
	graph_sort_edges(g, sorted, n);
	for (uint32_t i = 0; i < n; i++) {
		char w[64], pc[32];
		rctx_format(r, sorted[i]->weight, w, sizeof w);
		meas_percentage(pc, sizeof pc, sorted[i]->weight, cum);
		struct graph_node *other = in ? sorted[i]->src : sorted[i]->dst;
		struct report_item *item = rctx_item_node(r, in ? REPORT_ROW_CALLER
								 : REPORT_ROW_CALLEE, g, other);
		if (item)	/* the row shows the edge's weight */
			item->flat = item->cum = sorted[i]->weight;
		sbuf_printf(r->out, "%50s %s |   %s%s\n", w, pc, graph_node_name(g, other),
			    sorted[i]->inline_ ? " (inline)" : "");
	}
	free(sorted);
}

static bool matches_symbol(const char *name, void *arg)
{
	return rx_match(arg, name);
}

int report_tree(struct rctx *r)
{
	static const char sep[] =
		"----------------------------------------------------------+-------------\n";
	int orig, dropped;
	/* peek prints the edges of matching nodes only: build no others. */
	if (r->has_symbol) {
		r->gopts.edges_of = matches_symbol;
		r->gopts.edges_arg = &r->symbol;
	}
	struct graph *g = rctx_trimmed_graph(r, &orig, &dropped);
	if (!g)
		return rt_error_set(r->err, "out of memory");
	rctx_select_unit(r, g);
	rctx_report_labels(r, g, orig, dropped, r->out);
	sbuf_puts(r->out, sep);
	sbuf_puts(r->out, "      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t \n");
	int64_t sum = 0;
	int matched = 0;
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct graph_node *n = g->nodes[i];
		const char *name = graph_node_name(g, n);
		/* a node made with edges_of holds the match already */
		if (r->has_symbol &&
		    !(n->edges_checked ? n->edges_wanted : rx_match(&r->symbol, name)))
			continue;
		matched++;
		int64_t flat = graph_node_flat(n), cum = graph_node_cum(n);
		sbuf_puts(r->out, sep);
		print_edges(r, g, n->in, n->n_in, cum, true);
		sum += flat;
		char fv[64], cv[64], fp[32], sp[32], cp[32];
		rctx_format(r, flat, fv, sizeof fv);
		rctx_format(r, cum, cv, sizeof cv);
		meas_percentage(fp, sizeof fp, flat, r->total);
		meas_percentage(sp, sizeof sp, sum, r->total);
		meas_percentage(cp, sizeof cp, cum, r->total);
		rctx_item_node(r, REPORT_ROW_NODE, g, n);
		sbuf_printf(r->out, "%10s %s %s %10s %s                | %s\n", fv, fp, sp, cv,
			    cp, name);
		print_edges(r, g, n->out, n->n_out, cum, false);
	}
	if (g->n_nodes > 0)
		sbuf_puts(r->out, sep);
	graph_free(g);
	if (r->has_symbol && matched == 0)
		return rt_error_set(r->err, "no matches found for regexp: %s", r->symbol_src);
	return 0;
}
