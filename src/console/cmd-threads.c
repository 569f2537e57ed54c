/* threads: the number of render threads (the -threads flag's range). */
#include "console/cmd.h"

#include "console/console.h"
#include "console/flags.h"

static enum cmd_retval cmd_threads_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	int n;
	if (flags_scene_value(self->name, ctx->argv[0], &n, err) < 0)
		return cmd_arg_error(self, ctx, err);
	ctx->con->live_ops->set_threads(ctx->con->live, n);
	sbuf_printf(ctx->msg, "%d render threads from the next frame\n", n);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_threads_entry = {
	.name = "threads",
	.args = "A",
	.description = "Render threads, from the next frame",
	.usage = "threads N",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_threads_exec,
};
