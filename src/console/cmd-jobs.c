/* jobs: how the render threads split a frame. */
#include "console/cmd.h"

#include "console/console.h"

static enum cmd_retval cmd_jobs_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	if (ctx->con->live_ops->set_jobs(ctx->con->live, ctx->argv[0], err) < 0)
		return cmd_arg_error(self, ctx, err);
	sbuf_printf(ctx->msg, "jobs=%s from the next frame\n", ctx->argv[0]);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_jobs_entry = {
	.name = "jobs",
	.args = "A",
	.description = "Work split of the render threads",
	.usage = "jobs pixel|line|tile",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_jobs_exec,
};
