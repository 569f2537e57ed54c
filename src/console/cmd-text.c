/* text: the same report as top, under pprof's other name. */
#include "console/cmd.h"

const struct cmd_entry cmd_text_entry = {
	.name = "text",
	.args = "",
	.description = "Outputs top entries in text form",
	.usage = CMD_REPORT_USAGE("text"),
	.report = REPORT_TOP,
	.flags = CMD_REPORT,
	.exec = cmd_report_exec,
};
