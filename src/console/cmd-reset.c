/* reset: drops the samples collected so far. */
#include "console/cmd.h"

#include "console/console.h"

static enum cmd_retval cmd_reset_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	(void)self;
	(void)err;
	ctx->con->live_ops->reset(ctx->con->live);
	sbuf_puts(ctx->msg, "samples dropped: profiles start from now\n");
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_reset_entry = {
	.name = "reset",
	.args = "",
	.description = "Drop the samples collected so far",
	.usage = "reset",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_reset_exec,
};
