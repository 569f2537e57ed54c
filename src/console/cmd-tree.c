/* tree: a text rendering of the call graph. */
#include "console/cmd.h"

const struct cmd_entry cmd_tree_entry = {
	.name = "tree",
	.args = "",
	.description = "Outputs a text rendering of call graph",
	.usage = CMD_REPORT_USAGE("tree"),
	.report = REPORT_TREE,
	.flags = CMD_REPORT,
	.exec = cmd_report_exec,
};
