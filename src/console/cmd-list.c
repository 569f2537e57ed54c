/* list: annotated source of the functions matching a regexp. */
#include "console/cmd.h"

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.args = "R",
	.description = "Output annotated source for functions matching regexp",
	.usage = CMD_LIST_USAGE("list"),
	.report = REPORT_LIST,
	.flags = CMD_REPORT | CMD_PARAM,
	.exec = cmd_report_exec,
};
