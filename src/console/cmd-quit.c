/* quit (q, exit): leaves the console; EOF does the same. */
#include "console/cmd.h"

static enum cmd_retval cmd_quit_exec(const struct cmd_entry *self,
				     struct cmd_ctx *ctx, struct rt_error *err)
{
	(void)self;
	(void)ctx;
	(void)err;
	return CMD_RETURN_QUIT;
}

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.alias = "exit q",
	.help_name = "q/quit/exit/^D",
	.args = "*",
	.description = "Exit pprof",
	.usage = "",
	.flags = CMD_SESSION | CMD_NO_PROFILE,
	.exec = cmd_quit_exec,
};
