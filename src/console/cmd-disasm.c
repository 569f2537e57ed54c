/* disasm, weblist: annotated assembly and the browser listing, which need
 * the profiled binary (not in rtprof yet). */
#include "console/cmd.h"

const struct cmd_entry cmd_disasm_entry = {
	.name = "disasm",
	.args = "R",
	.description = "Output assembly listings annotated with samples",
	.usage = CMD_LIST_REDIRECT_USAGE("disasm"),
	.flags = CMD_REPORT | CMD_PARAM | CMD_UNSUPPORTED,
	.exec = cmd_unsupported_exec,
};

const struct cmd_entry cmd_weblist_entry = {
	.name = "weblist",
	.args = "R",
	.description = "Display annotated source in a web browser",
	.usage = CMD_LIST_USAGE("weblist"),
	.flags = CMD_REPORT | CMD_PARAM | CMD_UNSUPPORTED,
	.exec = cmd_unsupported_exec,
};
