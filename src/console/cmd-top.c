/* top: pprof's top entries in text form (`top10`, `top -cum`, -top). */
#include "console/cmd.h"

const struct cmd_entry cmd_top_entry = {
	.name = "top",
	.args = "",
	.description = "Outputs top entries in text form",
	.usage = CMD_REPORT_USAGE("top"),
	.report = REPORT_TOP,
	.flags = CMD_REPORT,
	.exec = cmd_report_exec,
};
