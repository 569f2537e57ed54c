/* image: shows or hides the picture pane; the screen does the work (cmd_entry.screen). */
#include "console/cmd.h"

#include "console/console.h"

#include <string.h>

static enum cmd_retval cmd_image_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	if (ctx->argc == 0)
		return CMD_RETURN_NORMAL;	/* the terminal console toggles the pane */
	if (!strcmp(ctx->argv[0], "on"))
		ctx->con->screen_requests |= CMD_SCREEN_IMAGE_ON;
	else if (!strcmp(ctx->argv[0], "off"))
		ctx->con->screen_requests |= CMD_SCREEN_IMAGE_OFF;
	else
		return cmd_arg_error(self, ctx, (rt_error_set(err, "expected on or off"), err));
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_image_entry = {
	.name = "image",
	.args = "a",
	.description = "Show or hide the picture being rendered",
	.usage = "image [on|off]",
	.flags = CMD_LIVE_FLAGS,
	.screen = CMD_SCREEN_IMAGE,
	.exec = cmd_image_exec,
};
