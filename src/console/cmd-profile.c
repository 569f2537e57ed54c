/* profile: which of the sampler's profiles the reports show. */
#include "console/cmd.h"

#include "console/console.h"

#include <string.h>

static enum cmd_retval cmd_profile_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	const char *name;
	if (ctx->con->live_ops->set_kind(ctx->con->live, ctx->argv[0], &name, err) < 0)
		return cmd_arg_error(self, ctx, err);
	sbuf_printf(ctx->msg, "reports show the %s profile%s\n", name,
		    !strcmp(name, "mutex") ? " (contended locks: set lock=shared makes the workers share one)" :
		    !strcmp(name, "block") ? " (time threads spent waiting: job queue, frame barrier, joins)" : "");
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_profile_entry = {
	.name = "profile",
	.args = "A",
	.description = "Which profile the reports show",
	.usage = "profile cpu|alloc|mutex|block",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_profile_exec,
};
