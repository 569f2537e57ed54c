/* freeze: stops or restarts the pane's refresh; the screen does the work. */
#include "console/cmd.h"

#include "console/console.h"

static enum cmd_retval cmd_freeze_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	(void)self;
	(void)ctx;
	(void)err;
	return CMD_RETURN_NORMAL;	/* the terminal console toggles the refresh */
}

const struct cmd_entry cmd_freeze_entry = {
	.name = "freeze",
	.args = "",
	.description = "Stop (or restart) refreshing the report pane",
	.usage = "freeze",
	.flags = CMD_LIVE_FLAGS,
	.screen = CMD_SCREEN_FREEZE,
	.exec = cmd_freeze_exec,
};
