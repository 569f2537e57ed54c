/* image: shows or hides the picture pane; the screen does the work (cmd_entry.screen). */
#include "console/cmd.h"

#include "console/console.h"

static enum cmd_retval cmd_image_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	(void)self;
	(void)ctx;
	(void)err;
	return CMD_RETURN_NORMAL;	/* the terminal console toggles the pane */
}

const struct cmd_entry cmd_image_entry = {
	.name = "image",
	.args = "",
	.description = "Show or hide the picture being rendered",
	.usage = "image",
	.flags = CMD_LIVE_FLAGS,
	.screen = CMD_SCREEN_IMAGE,
	.exec = cmd_image_exec,
};
