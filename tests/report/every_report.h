/* every_report: the text reports a test drives one after the other (the
 * fuzz target over the reader, the allocation-failure test): every
 * format pprof has here, and rtprof's folded stacks. */
#ifndef RT_TESTS_EVERY_REPORT_H
#define RT_TESTS_EVERY_REPORT_H

#include "report/report.h"

static const struct every_report {
	enum report_cmd cmd;
	const char *name, *regex;
} every_report[] = {
	{ REPORT_TOP, "top", NULL },	   { REPORT_TRACES, "traces", NULL },
	{ REPORT_TAGS, "tags", NULL },	   { REPORT_RAW, "raw", NULL },
	{ REPORT_LIST, "list", "." },	   { REPORT_PEEK, "peek", "." },
	{ REPORT_TREE, "tree", NULL },	   { REPORT_PROTO, "proto", NULL },
	{ REPORT_CALLGRIND, "callgrind", NULL }, { REPORT_DOT, "dot", NULL },
	{ REPORT_FOLDED, "folded", NULL },
};
#define EVERY_REPORT_N (sizeof every_report / sizeof every_report[0])

#endif
