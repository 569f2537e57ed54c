/* callgrind, kcachegrind: pprof's callgrind output (not in rtprof yet). */
#include "console/cmd.h"

const struct cmd_entry cmd_callgrind_entry = {
	.name = "callgrind",
	.args = "",
	.description = "Outputs a graph in callgrind format",
	.usage = CMD_GRAPH_USAGE("callgrind"),
	.flags = CMD_REPORT | CMD_BINARY | CMD_UNSUPPORTED,
	.exec = cmd_unsupported_exec,
};

const struct cmd_entry cmd_kcachegrind_entry = {
	.name = "kcachegrind",
	.args = "",
	.description = "Visualize report in KCachegrind",
	.usage = CMD_VIEWER_USAGE("kcachegrind"),
	.flags = CMD_REPORT | CMD_UNSUPPORTED,
	.exec = cmd_unsupported_exec,
};
