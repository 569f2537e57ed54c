/* resume: restarts what pause stopped. */
#include "console/cmd.h"

#include "console/console.h"

static enum cmd_retval cmd_resume_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	(void)self;
	(void)err;
	ctx->con->live_ops->pause(ctx->con->live, false);
	sbuf_puts(ctx->msg, "rendering and sampling resumed\n");
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_resume_entry = {
	.name = "resume",
	.args = "",
	.description = "Resume rendering and CPU sampling",
	.usage = "resume",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_resume_exec,
};
