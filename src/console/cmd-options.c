/* options (o): every option with its current value, as pprof's `o`. */
#include "console/cmd.h"
#include "console/options.h"

static enum cmd_retval cmd_options_exec(const struct cmd_entry *self,
					struct cmd_ctx *ctx, struct rt_error *err)
{
	(void)self;
	(void)err;
	options_print(ctx->cfg, ctx->p, ctx->msg);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_options_entry = {
	.name = "options",
	.alias = "o",
	.help_name = "o/options",
	.args = "*",
	.description = "List options and their current values",
	.usage = "",
	.flags = CMD_SESSION,
	.exec = cmd_options_exec,
};
