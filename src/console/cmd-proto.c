/* proto: the (filtered, merged) profile as gzip'ed protobuf.  Binary:
 * at the prompt it goes to a file, never to the screen. */
#include "console/cmd.h"

const struct cmd_entry cmd_proto_entry = {
	.name = "proto",
	.args = "",
	.description = "Outputs the profile in compressed protobuf format",
	.usage = "",
	.report = REPORT_PROTO,
	.suffix = ".pb.gz",
	.flags = CMD_REPORT | CMD_BINARY | CMD_STREAM | CMD_RAW,
	.exec = cmd_report_exec,
};
