/* pause: stops the renderer and the CPU sampler (the live console). */
#include "console/cmd.h"

#include "console/console.h"

static enum cmd_retval cmd_pause_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	(void)self;
	(void)err;
	ctx->con->live_ops->pause(ctx->con->live, true);
	sbuf_puts(ctx->msg, "rendering and sampling paused (resume to go on)\n");
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_pause_entry = {
	.name = "pause",
	.args = "",
	.description = "Pause rendering and CPU sampling",
	.usage = "pause",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_pause_exec,
};
