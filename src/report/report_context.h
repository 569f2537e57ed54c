/* report_context: what one report generation shares with the output
 * formats (report.go's work): the selected sample value, the total, the
 * output unit, the trimmed graph, the header labels and the row items.
 * Formats include this header and never the entry point's (report.c):
 * data flows entry -> filters -> context -> graph, formats -> context. */
#ifndef RT_REPORT_CONTEXT_H
#define RT_REPORT_CONTEXT_H

#include "base/rx.h"
#include "profile/profile_labels.h"
#include "base/rt_error.h"
#include "base/sbuf.h"
#include "report/graph.h"
#include "report/report_config.h"
#include "report/report_items.h"

struct rctx {
	const struct report_config *cfg;
	const struct profile *p;	/* filtered already; never written */
	enum report_cmd cmd;
	const char *cmd_name;
	struct rx symbol;	/* list/peek argument */
	bool has_symbol;
	const char *symbol_src;
	int sample_index;
	int mean_index;		/* -1 without -mean */
	char sample_type[128];	/* "mean_" prefixed with -mean */
	const char *sample_unit;
	double ratio;
	char output_unit[64];
	int64_t total;
	/* Per-command overrides (pprof's applyCommandOverrides), set by the
	 * entry point before the context is filled. */
	int nodecount;
	double nodefraction, edgefraction;
	const char *granularity;
	bool noinlines;
	bool compact_labels;
	bool callgrind_unit;	/* unit choice without the 100x rule */
	bool visual;		/* dot: entropy order, tags, redundant edges */
	int dropped_edges;
	struct graph_opts gopts;
	const char *filters[9];		/* set filter options, pprof's order */
	const char *filter_values[9];
	int n_filters;
	struct label_units units;	/* numeric label units by key */
	struct sbuf *out, *warn;
	struct report_items *items;	/* NULL: the caller wants text only */
	struct rt_error *err;
};

/* Fills sample index, unit, ratio, filter legend and graph options from
 * r->cfg and r->p; then the granularity's graph options. */
int rctx_options(struct rctx *r);
int rctx_granularity(struct rctx *r);
/* The total of sample index si (divided by mean index mi unless -1), as
 * pprof computes it (the diff base's samples alone when present). */
int64_t rctx_total(const struct profile *p, int si, int mi);

void rctx_format(const struct rctx *r, int64_t v, char *buf, size_t n);
const char *rctx_num_label_unit(const struct rctx *r, const char *key);

/* The trimmed graph (pprof's newTrimmedGraph) and unit selection. */
struct graph *rctx_trimmed_graph(struct rctx *r, int *orig_count,
				 int *dropped_nodes);
void rctx_select_unit(struct rctx *r, struct graph *g);
void rctx_profile_labels(struct rctx *r, struct sbuf *out);
void rctx_report_labels(struct rctx *r, struct graph *g, int orig_count,
			int dropped_nodes, struct sbuf *out);

/* Items: call just before the row's text is appended to
 * r->out.  NULL when r->items is NULL (or out of memory). */
struct report_item *rctx_item(struct rctx *r, enum report_row row, const char *name,
			      const struct node_info *info);
struct report_item *rctx_item_node(struct rctx *r, enum report_row row, struct graph *g,
				   struct graph_node *n);
/* Turns the offsets of items[first..] into line indexes of r->out. */
void rctx_items_done(struct rctx *r, size_t first);

#endif
