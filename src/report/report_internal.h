/* report_internal: the state one report generation carries between the
 * pipeline (report.c) and the output formats (report_*.c). */
#ifndef RT_REPORT_INTERNAL_H
#define RT_REPORT_INTERNAL_H

#include "report/graph.h"
#include "report/report.h"
#include "base/rx.h"

struct rctx {
	const struct report_config *cfg;
	struct profile *p;	/* the profile, or a copy that filters edit */
	bool owns_profile;
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
	int nodecount;
	double nodefraction, edgefraction;
	bool compact_labels;
	bool callgrind_unit;	/* unit choice without the 100x rule */
	bool visual;		/* dot: entropy order, tags, redundant edges */
	int dropped_edges;
	const char *granularity;
	bool noinlines;
	struct graph_opts gopts;
	const char *filters[9];		/* set filter options, pprof's order */
	const char *filter_values[9];
	int n_filters;
	/* numeric label units by key: parallel arrays */
	const char **nl_keys, **nl_units;
	size_t n_nl;
	struct sbuf *out, *warn;
	struct rt_error *err;
};

void rctx_format(const struct rctx *r, int64_t v, char *buf, size_t n);
const char *rctx_num_label_unit(const struct rctx *r, const char *key);

/* The trimmed graph (pprof's newTrimmedGraph) and unit selection. */
struct graph *rctx_trimmed_graph(struct rctx *r, int *orig_count,
				 int *dropped_nodes);
void rctx_select_unit(struct rctx *r, struct graph *g);
void rctx_profile_labels(struct rctx *r, struct sbuf *out);
void rctx_report_labels(struct rctx *r, struct graph *g, int orig_count,
			int dropped_nodes, struct sbuf *out);

int report_text(struct rctx *r);
int report_tree(struct rctx *r);
int report_traces(struct rctx *r);
int report_tags(struct rctx *r);
int report_raw(struct rctx *r);
int report_list(struct rctx *r);
int report_proto(struct rctx *r);
int report_topproto(struct rctx *r);
int report_callgrind(struct rctx *r);
int report_dot(struct rctx *r);

#endif
