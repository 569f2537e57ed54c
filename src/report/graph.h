/* graph: nodes and edges from samples, as pprof's internal/graph builds
 * them for text reports: one node per distinct NodeInfo (or, for a call
 * tree, per call path), cum counted once per sample, inline edges,
 * trimming and sort orders. */
#ifndef RT_GRAPH_H
#define RT_GRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/idmap.h"
#include "profile/profile.h"

struct node_info {
	const char *name, *orig_name, *file, *objfile;
	uint64_t address;
	int64_t start_line, lineno;
};

struct graph_edge {
	struct graph_node *src, *dst;
	int64_t weight, weight_div;
	bool residual, inline_;
	bool removed;
	uint64_t stamp;	/* last sample that added to it */
};

/* A label tag of a node (dot nodelets): a sample's string labels joined as
 * "k:v\\nk2:v2" (group is ""), or a numeric "bytes" value (group is the
 * sample's joined string labels). */
struct graph_tag {
	char *name;
	const char *group;	/* NULL for string-label tags */
	const char *unit;
	int64_t value;
	int64_t flat, flat_div, cum, cum_div;
};

struct graph_node {
	/* Fields are ordered by use, so that a walk touches few cache lines:
	 * the info and stamp first (every frame; callgrind's callees), then
	 * the weights and edge lists (every frame; every printed node). */
	struct node_info info;
	uint64_t stamp;
	int64_t flat, flat_div, cum, cum_div;
	struct graph_edge **in, **out;	/* live edges (removed ones skipped) */
	uint32_t n_in, n_out, cap_in, cap_out;
	/* The edge into this node found last, and its source: a function is
	 * mostly called from the same place, so most lookups end here. */
	struct graph_node *last_in_src;
	struct graph_edge *last_in;
	/* Call tree: the node this one was created under (its key with its
	 * info; pprof's per-parent NodeMap).  NULL in a graph, and for roots. */
	struct graph_node *tree_parent;
	struct graph_node *next_hash;
	uint32_t hash;
	uint32_t idx;	/* index in graph.all */
	char *pname;	/* printable name, built on demand (graph's arena) */
	struct graph_tag *tags;
	uint32_t n_tags, cap_tags;
	bool kept;	/* scratch for trimming */
	bool edges_checked, edges_wanted;	/* see graph_opts.edges_of */
	bool inlined_at;	/* some location holds it at an inlined line */
	/* graph_inline_marks: some live edge into it is inline, is not. */
	bool in_inline, in_noinline;
};

struct runner;

struct graph_opts {
	int sample_index;
	int mean_index;		/* -1 when not -mean */
	bool obj_names;		/* raw/list/disasm/callgrind keep objfile */
	bool drop_negative;
	/* pprof's CallTree: a node per call path instead of per info; such a
	 * graph is cut with graph_trim_tree, never rebuilt with kept_from. */
	bool call_tree;
	bool track_tags;	/* dot: keep label tags per node */
	bool no_edges;		/* nodes' flat and cum only (a first pass) */
	bool out_edges_only;	/* nodes list their callees, not their callers */
	/* Edges live in the graph's table only, in no node's in/out lists
	 * (-top's markers, read with graph_inline_marks).  Taken only with
	 * edges_into_inlined, and without call_tree, track_tags or edges_of:
	 * otherwise the edges are listed, as usual. */
	bool edges_unlisted;
	/* When set, only edges touching a node whose printable name it accepts
	 * are built (peek prints no others). */
	bool (*edges_of)(const char *name, void *arg);
	void *edges_arg;
	/* When set, only edges into nodes that some location holds at an
	 * inlined line (not its last) are built: an edge into another node is
	 * never inline, so -top's (inline) markers need no others. */
	bool edges_into_inlined;
	/* With unlisted edges: an edge whose weight stays below this floor
	 * may be left out, when no sample's weight is negative (-top trims
	 * such edges before it reads the markers).  0: every edge is made. */
	int64_t edge_floor;
	const char *bytes_unit;	/* unit of numeric "bytes" labels */
	/* Runs the walks over sample ranges at once, when set (base/runner.h):
	 * the nodes-only pass and the -top markers' passes. */
	const struct runner *runner;
	/* Granularity applied while reading (pprof's Aggregate). */
	bool keep_function, keep_file, keep_line, keep_address, keep_inlines;
};

/* An edge of a graph_opts.edges_unlisted graph: the edge itself sits in
 * the graph's table (graph.utab), so that finding it is one cache miss.
 * Its weight_div is not kept: -top's markers read the weight only. */
struct graph_uedge {
	uint32_t src, dst;	/* graph.all index + 1; 0 marks an empty slot */
	uint32_t stamp;	/* last sample (index + 1) that added to it */
	bool inline_, residual, removed;
	int64_t weight;
};

/* A table of unlisted edges: open addressing by (src, dst), at most three
 * quarters full. */
struct graph_utab {
	struct graph_uedge *v;
	size_t cap, n;
};

struct graph_nodeset;
#define GRAPH_ECHUNK 1024	/* edges per chunk of graph.echunks */

struct graph {
	struct arena arena;
	struct graph_node **nodes;	/* selected nodes (flat or cum != 0) */
	size_t n_nodes;
	/* internals */
	struct graph_node **all;
	size_t n_all, cap_all;
	struct graph_node **hash;
	size_t hash_cap;
	/* Edges by (src, dst): open addressing, each slot the edge's number
	 * + 1 (0: empty), four bytes so that the table stays small; edge k
	 * is echunks[k / GRAPH_ECHUNK][k % GRAPH_ECHUNK]. */
	uint32_t *etab;
	size_t etab_cap, n_edges;
	struct graph_edge **echunks;
	size_t cap_echunks;
	/* An unlisted graph's edges instead (n_edges counts them too). */
	struct graph_utab utab;
	/* A nodes-only pass's location -> node map, kept for a rebuild from
	 * this graph (see add_samples_nodes): loc_first[location] is a node
	 * index, or (top bit set) a place in loc_more holding the count,
	 * then the nodes; NULL when this pass made none. */
	uint32_t *loc_first, *loc_more;
	size_t loc_n;	/* the locations it maps */
	bool from_map;	/* built from the previous pass's loc_first */
	struct idmap *clean_files;	/* function -> cleaned file name */
	bool has_tags;	/* some node's tags were allocated */
	bool out_only;	/* graph_opts.out_edges_only: no node.in lists */
	/* The options it was built with: a rebuild reads the location map
	 * only when they name nodes alike, and the nodes' edges_wanted are
	 * the answers of its edges_of. */
	struct graph_opts opts;
	bool unlisted;	/* graph_opts.edges_unlisted, taken: no in/out lists at all */
	/* A first pass (no_edges) with edges_of: a bit per sample holding a
	 * node whose edges are wanted.  A rebuild from this graph walks only
	 * those samples and takes every node's weights from here. */
	uint8_t *wanted;
	/* Strings' hashes by address (direct-mapped, hmemo_mask + 1 slots,
	 * NULL when none): a node info's strings are the profile's and the
	 * graph's, which stay put while the graph lives. */
	struct graph_hmemo *hmemo;
	size_t hmemo_mask;
};

/* Builds the graph.  With kept_from (a previous graph of the same profile),
 * only nodes whose info matches one of its nodes marked kept are made
 * (pprof's KeptNodes): frames of other nodes are skipped. */
struct graph *graph_build(const struct profile *p, const struct graph_opts *o,
			  const struct graph *kept_from);
void graph_free(struct graph *g);

const char *graph_node_name(struct graph *g, struct graph_node *n);
int64_t graph_node_flat(const struct graph_node *n);
int64_t graph_node_cum(const struct graph_node *n);

enum graph_order { GRAPH_FLAT_NAME, GRAPH_CUM_NAME };
void graph_sort(struct graph *g, enum graph_order order);
/* pprof's EntropyOrder for dot. */
void graph_sort_entropy(struct graph *g);
/* Drops tags whose |flat| and |cum| are below cutoff. */
void graph_trim_tags(struct graph *g, int64_t cutoff);
/* pprof's TrimTree: drops the nodes of a call tree not marked kept; their
 * children hang from the nearest kept ancestor by a residual edge (or
 * become roots).  -1 when out of memory. */
int graph_trim_tree(struct graph *g);
/* pprof's RemoveRedundantEdges (dot). */
void graph_remove_redundant_edges(struct graph *g);
/* Sorts an edge array by |weight| desc, then src name, then dst name. */
void graph_sort_edges(struct graph *g, struct graph_edge **e, size_t n);
int graph_trim_edges(struct graph *g, int64_t cutoff);
/* Sets every node's in_inline and in_noinline from its live in-edges
 * (listed or not): pprof's (inline) and (partial-inline) markers. */
void graph_inline_marks(struct graph *g);
int64_t graph_flat_sum(const struct graph *g);

/* The first of a location's lines that makes a node (a frame): without
 * inlines only the outermost function (the last line) does. */
uint32_t graph_first_line(const struct location *l, const struct graph_opts *o);
/* Fills the node info of the line li of location l (NULL: no node). */
bool graph_node_info(const struct location *l, const struct line *ln,
		     const struct graph_opts *o, struct node_info *out,
		     struct graph *g);

#endif
