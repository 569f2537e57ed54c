/* peek: callers and callees of the functions matching a regexp. */
#include "console/cmd.h"

const struct cmd_entry cmd_peek_entry = {
	.name = "peek",
	.args = "R",
	.description = "Output callers/callees of functions matching regexp",
	.usage = "peek func_regex\n"
		 "Display callers and callees of functions matching func_regex.",
	.report = REPORT_PEEK,
	.flags = CMD_REPORT | CMD_PARAM,
	.exec = cmd_report_exec,
};
