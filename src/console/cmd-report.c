/* cmd-report: the exec shared by every report command: one call into
 * src/report with this run's options.  Where the bytes go (screen, file,
 * pane) is the caller's business. */
#include "console/cmd.h"

enum cmd_retval cmd_report_exec(const struct cmd_entry *self,
				struct cmd_ctx *ctx, struct rt_error *err)
{
	if (report_generate(ctx->p, self->report, ctx->name, ctx->arg,
			    ctx->cfg, ctx->out, ctx->msg, ctx->items, err) < 0)
		return CMD_RETURN_ERROR;
	return CMD_RETURN_NORMAL;
}
