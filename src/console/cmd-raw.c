/* raw: the profile as text (pprof's Profile.String). */
#include "console/cmd.h"

const struct cmd_entry cmd_raw_entry = {
	.name = "raw",
	.args = "",
	.description = "Outputs a text representation of the raw profile",
	.usage = "",
	.report = REPORT_RAW,
	.flags = CMD_REPORT | CMD_STREAM,
	.exec = cmd_report_exec,
};
