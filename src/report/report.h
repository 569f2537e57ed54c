/* report: pprof's text reports (top/text, traces, tags, raw, list, peek,
 * tree, proto, topproto) from a struct profile.  Output goes into an sbuf,
 * warnings (like pprof's "Focus expression matched no samples") into a
 * second sbuf; nothing here prints, exits or knows of terminals. */
#ifndef RT_REPORT_H
#define RT_REPORT_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/rt_error.h"
#include "base/sbuf.h"
#include "profile/profile.h"

/* pprof's driver config (internal/driver/config.go), same names and
 * defaults.  Strings are owned by the caller; NULL or "" means unset. */
struct report_config {
	const char *output;
	bool call_tree;
	bool relative_percentages;
	const char *unit;		/* "minimum" */
	bool compact_labels;		/* true in interactive mode */
	const char *source_path;
	const char *trim_path;
	bool intel_syntax;
	bool mean;
	const char *sample_index;
	double divide_by;		/* 1 */
	bool normalize;
	const char *sort;		/* "flat" or "cum" */
	const char *tagroot, *tagleaf;
	bool drop_negative;
	int nodecount;			/* -1: per command default */
	double nodefraction;		/* 0.005 */
	double edgefraction;		/* 0.001 */
	bool trim;			/* true */
	const char *focus, *ignore, *prune_from, *hide, *show, *show_from;
	const char *tagfocus, *tagignore, *tagshow, *taghide;
	bool noinlines;
	const char *granularity;	/* "functions", "filefunctions", "files",
					 * "lines", "addresses" */
};

void report_config_default(struct report_config *c);

/* Report commands, as pprof names them. */
enum report_cmd {
	REPORT_TOP,	/* top and text */
	REPORT_TRACES,
	REPORT_TAGS,
	REPORT_RAW,
	REPORT_LIST,	/* needs a regexp */
	REPORT_PEEK,	/* needs a regexp */
	REPORT_TREE,
	REPORT_PROTO,	/* binary gzip output */
	REPORT_TOPPROTO,/* binary gzip output */
	REPORT_COMMENTS,
	REPORT_CALLGRIND,
	REPORT_DOT,	/* also svg/png/pdf through Graphviz */
};

/* What a printed row shows (pprof's TextItem): the console selects,
 * lists and peeks by these, never by reading the text back. */
enum report_row {
	REPORT_ROW_NODE,	/* top/text rows, peek/tree's centre rows */
	REPORT_ROW_CALLER,	/* peek/tree: a caller of the centre node */
	REPORT_ROW_CALLEE,	/* peek/tree: a callee of the centre node */
	REPORT_ROW_FRAME,	/* traces: one frame of a sample */
	REPORT_ROW_ROUTINE,	/* list: a ROUTINE header */
	REPORT_ROW_SOURCE,	/* list: an annotated source line */
};

struct report_item {
	size_t line;		/* index of the row's line in the report text */
	enum report_row row;
	const char *name;	/* the node as printed, without " (inline)" */
	const char *function;	/* its function ("" at granularity files) */
	const char *file;	/* "" when unknown or not kept */
	int64_t lineno;		/* 0 unless the row is one line */
	uint64_t address;	/* 0 unless granularity addresses */
	int64_t flat, cum;	/* the row's values, in sample units */
};

/* The items of one report, in line order; strings live in the arena. */
struct report_items {
	struct report_item *v;
	size_t n, cap;
	struct arena strings;
};

void report_items_init(struct report_items *it);
void report_items_reset(struct report_items *it);
void report_items_free(struct report_items *it);
/* The item of line (an index into the report's lines), or NULL. */
const struct report_item *report_items_at(const struct report_items *it,
					  size_t line);

/* Generates one report.  cmd_name is the command as typed ("top", "text",
 * "list", ...; it selects per-command overrides exactly as pprof's
 * applyCommandOverrides).  regex is the argument of list/peek (else NULL).
 * With items (may be NULL), the rows that show a node are described
 * there too, their line indexes counted from the start of out.
 * On failure returns -1 with pprof's message (e.g. "no matches found for
 * regexp: X"); out may then hold partial output to discard. */
int report_generate(const struct profile *p, enum report_cmd cmd,
		    const char *cmd_name, const char *regex,
		    const struct report_config *cfg, struct sbuf *out,
		    struct sbuf *warnings, struct report_items *items,
		    struct rt_error *err);

/* The profile labels (File, Build ID, comments, Type, Time, Duration) that
 * the interactive greeting prints, each line ending in "\n". */
int report_profile_labels(const struct profile *p,
			  const struct report_config *cfg, struct sbuf *out,
			  struct rt_error *err);

/* Total of the selected sample index, as pprof computes it. */
int64_t report_total(const struct profile *p, const struct report_config *cfg);

#endif
