/* report_config: pprof's driver configuration and the report commands,
 * shared by the entry point, its filters, the context and the console. */
#ifndef RT_REPORT_CONFIG_H
#define RT_REPORT_CONFIG_H

#include <stdbool.h>

/* pprof's driver config (internal/driver/config.go), same names and
 * defaults.  Strings are owned by the caller; NULL or "" means unset. */
struct report_objtool;

struct runner;

struct report_config {
	const char *output;
	/* Binaries for disasm (report_objtool.h); NULL: none can be read. */
	const struct report_objtool *obj;
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
	/* Where a report may run pieces of its work at once (base/runner.h);
	 * NULL: one after the other.  The batch driver's uses the CPUs. */
	const struct runner *runner;
	const char *granularity;	/* "functions", "filefunctions", "files",
					 * "lines", "addresses" */
	/* rtprof's own row orders for top (the terminal console's N and T
	 * keys; never set by a flag, so pprof's output stays pprof's):
	 * pprof's sort chooses the rows, then they print by name, or by
	 * row_key of their function, highest first. */
	enum report_order {
		REPORT_ORDER_PPROF,
		REPORT_ORDER_NAME,
		REPORT_ORDER_KEY,
	} order;
	double (*row_key)(void *arg, const char *function);
	void *row_key_arg;
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
	REPORT_FOLDED,	/* rtprof's: collapsed stacks, "a;b;c N" */
	REPORT_SPEEDSCOPE, /* rtprof's: speedscope's JSON file format */
	REPORT_DISASM,	/* needs a regexp and report_config.obj */
	REPORT_WEBLIST,	/* the same; an HTML page */
};

#endif
