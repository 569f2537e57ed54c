/* window: how many seconds of samples the reports show (the -window flag's range). */
#include "console/cmd.h"

#include "console/console.h"
#include "console/flags.h"

static enum cmd_retval cmd_window_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	int seconds;
	if (flags_scene_value(self->name, ctx->argv[0], &seconds, err) < 0)
		return cmd_arg_error(self, ctx, err);
	ctx->con->live_ops->set_window(ctx->con->live, seconds);
	if (seconds)
		sbuf_printf(ctx->msg, "reports show the last %d seconds\n", seconds);
	else
		sbuf_puts(ctx->msg, "reports show everything since the start or reset\n");
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_window_entry = {
	.name = "window",
	.args = "A",
	.description = "Report on the last seconds of samples, or all",
	.usage = "window 10s|2m|all",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_window_exec,
};
