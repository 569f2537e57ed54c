/* traces: every sample with its stack and labels. */
#include "console/cmd.h"

const struct cmd_entry cmd_traces_entry = {
	.name = "traces",
	.args = "",
	.description = "Outputs all profile samples in text form",
	.usage = "",
	.report = REPORT_TRACES,
	.flags = CMD_REPORT | CMD_STREAM,
	.exec = cmd_report_exec,
};
