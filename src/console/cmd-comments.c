/* comments: the profile's comments, one per line. */
#include "console/cmd.h"

const struct cmd_entry cmd_comments_entry = {
	.name = "comments",
	.args = "",
	.description = "Output all profile comments",
	.usage = "",
	.report = REPORT_COMMENTS,
	.flags = CMD_REPORT,
	.exec = cmd_report_exec,
};
