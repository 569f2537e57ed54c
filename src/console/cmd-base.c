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
	if (ctx->con->live_ops->set_base(ctx->con->live, on, err) < 0)
		return CMD_RETURN_ERROR;
	sbuf_puts(ctx->msg, on ? "reports now show the difference from this moment's profile (base off to stop)\n"
			       : "diff base removed\n");
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_base_entry = {
	.name = "base",
	.args = "a",
	.description = "Take the current profile as diff base (base off: stop)",
	.usage = "base\nbase off",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_base_exec,
};
