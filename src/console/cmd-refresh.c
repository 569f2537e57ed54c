/* refresh: how often the report pane re-runs its command. */
#include "console/cmd.h"

#include "base/goparse.h"
#include "console/console.h"

static enum cmd_retval cmd_refresh_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	double s;
	if (go_parse_float(ctx->argv[0], &s) != GO_PARSE_OK || !(s >= 0.1 && s <= 3600)) {
		rt_error_set(err, "expected seconds from 0.1 to 3600");
		return cmd_arg_error(self, ctx, err);
	}
	ctx->con->live_ops->set_refresh(ctx->con->live, s);
	sbuf_printf(ctx->msg, "report pane refreshed every %g s\n", s);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_refresh_entry = {
	.name = "refresh",
	.args = "A",
	.description = "Seconds between refreshes of the report pane",
	.usage = "refresh SECONDS",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_refresh_exec,
};
