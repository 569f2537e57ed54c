/* topproto: the top entries as a gzip'ed protobuf profile. */
#include "console/cmd.h"

const struct cmd_entry cmd_topproto_entry = {
	.name = "topproto",
	.args = "",
	.description = "Outputs top entries in compressed protobuf format",
	.usage = "",
	.report = REPORT_TOPPROTO,
	.suffix = ".pb.gz",
	.flags = CMD_REPORT | CMD_BINARY,
	.exec = cmd_report_exec,
};
