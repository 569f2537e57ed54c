/* report_items: the rows a report printed, described for the console
 * (pprof's TextItems).  The context records them (rctx_item); this file
 * only holds and looks them up. */
#ifndef RT_REPORT_ITEMS_H
#define RT_REPORT_ITEMS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

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
	/* The terminal console's trend sparkline of the row's function (UTF-8,
	 * see src/console/trend.h), or NULL: filled by the console, never by
	 * a report. */
	const char *trend;
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

#endif
