/* rate: the CPU sampling rate (the -rate flag's range). */
#include "console/cmd.h"

#include "console/console.h"
#include "console/flags.h"

static enum cmd_retval cmd_rate_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	int hz;
	if (flags_scene_value(self->name, ctx->argv[0], &hz, err) < 0 ||
	    ctx->con->live_ops->set_rate(ctx->con->live, hz, err) < 0)
		return cmd_arg_error(self, ctx, err);
	sbuf_printf(ctx->msg, "CPU sampling at %d Hz\n", hz);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_rate_entry = {
	.name = "rate",
	.args = "A",
	.description = "CPU sampling rate, 10 to 1000 Hz",
	.usage = "rate HZ",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_rate_exec,
};
