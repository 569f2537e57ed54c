/* base: reports become the difference from this moment's profile. */
#include "console/cmd.h"

#include "console/console.h"

#include <string.h>

static enum cmd_retval cmd_base_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	bool on = ctx->argc == 0;
	if (!on && strcmp(ctx->argv[0], "off")) {
		rt_error_set(err, "expected nothing or off");
		return cmd_arg_error(self, ctx, err);
	}
	double seconds;
	if (ctx->con->live_ops->set_base(ctx->con->live, on, &seconds, err) < 0)
		return CMD_RETURN_ERROR;
	if (on)
		sbuf_printf(ctx->msg, "base: these %.1fs of samples; reports show the time since, "
			    "scaled to %.1fs, minus the base (base off to stop)\n", seconds, seconds);
	else
		sbuf_puts(ctx->msg, "diff base removed\n");
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_base_entry = {
	.name = "base",
	.args = "a",
	.description = "Diff against now: later reports show the time since, scaled to the base's length, minus it",
	.usage = "base\nbase off",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_base_exec,
};
