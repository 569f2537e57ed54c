/* save: writes the picture in progress to a PNG file. */
#include "console/cmd.h"

#include "console/console.h"

static enum cmd_retval cmd_save_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	if (ctx->con->live_ops->save_picture(ctx->con->live, ctx->argv[0], err) < 0)
		return cmd_arg_error(self, ctx, err);
	sbuf_printf(ctx->msg, "Saved picture in %s\n", ctx->argv[0]);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_save_entry = {
	.name = "save",
	.args = "A",
	.description = "Save the picture being rendered",
	.usage = "save FILE.png",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_save_exec,
};
