/* callgrind: pprof's callgrind output (binary-like: at the prompt it goes
 * to profile001.callgraph.out).  kcachegrind writes the file pprof would
 * open KCachegrind on, and names it (cmd-graph.c's viewers). */
#include "console/cmd.h"

const struct cmd_entry cmd_callgrind_entry = {
	.name = "callgrind",
	.args = "",
	.description = "Outputs a graph in callgrind format",
	.usage = CMD_GRAPH_USAGE("callgrind"),
	.report = REPORT_CALLGRIND,
	.suffix = ".callgraph.out",
	.flags = CMD_REPORT | CMD_BINARY | CMD_STREAM,
	.exec = cmd_report_exec,
};

const struct cmd_entry cmd_kcachegrind_entry = {
	.name = "kcachegrind",
	.args = "",
	.description = "Visualize report in KCachegrind",
	.usage = CMD_VIEWER_USAGE("kcachegrind"),
	.report = REPORT_CALLGRIND,
	.suffix = ".grind",
	.flags = CMD_REPORT,
	.exec = cmd_viewer_exec,
};
