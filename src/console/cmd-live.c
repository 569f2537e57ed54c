/* The live console's own commands (rtprof scene.yaml): they steer the
 * renderer and the sampler through src/console/live.c.  Over a saved
 * profile the console refuses them (CMD_LIVE). */
#include "console/cmd.h"

#include "console/console.h"

static enum cmd_retval live_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				 struct rt_error *err)
{
	if (!ctx->con->live_command ||
	    ctx->con->live_command(ctx->con->live, self->name, ctx->argc, ctx->argv,
				   ctx->msg, err) < 0)
		return CMD_RETURN_ERROR;
	return CMD_RETURN_NORMAL;
}

/* image and freeze act on the screen: the terminal console handles them
 * before the command table; elsewhere they have nothing to act on. */
static enum cmd_retval screen_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				   struct rt_error *err)
{
	(void)ctx;
	rt_error_set(err, "%s: only in the terminal console", self->name);
	return CMD_RETURN_ERROR;
}

#define LIVE(n, a, desc)					\
	const struct cmd_entry cmd_##n##_entry = {		\
		.name = #n,					\
		.args = "",					\
		.description = desc,				\
		.usage = a,					\
		.flags = CMD_LIVE | CMD_SESSION | CMD_NO_PROFILE, \
		.exec = live_exec,				\
	}

LIVE(pause, "pause", "Pause rendering and CPU sampling");
LIVE(resume, "resume", "Resume rendering and CPU sampling");
LIVE(reset, "reset", "Drop the samples collected so far");
LIVE(window, "window 10s|2m|all", "Report on the last seconds of samples, or all");
LIVE(rate, "rate HZ", "CPU sampling rate, 10 to 1000 Hz");
LIVE(profile, "profile cpu|alloc|mutex", "Which profile the reports show");
LIVE(threads, "threads N", "Render threads, from the next frame");
LIVE(jobs, "jobs pixel|line|tile", "Work split of the render threads");
LIVE(set, "set inverse_cache=on|off\nset alloc=naive|pooled",
     "Renderer switches of the case study");
LIVE(base, "base\nbase off", "Take the current profile as diff base (base off: stop)");
LIVE(save, "save FILE.png", "Save the picture being rendered");
LIVE(refresh, "refresh SECONDS", "Seconds between refreshes of the report pane");

const struct cmd_entry cmd_image_entry = {
	.name = "image",
	.args = "",
	.description = "Show or hide the picture being rendered",
	.usage = "image",
	.flags = CMD_LIVE | CMD_SESSION | CMD_NO_PROFILE,
	.exec = screen_exec,
};

const struct cmd_entry cmd_freeze_entry = {
	.name = "freeze",
	.args = "",
	.description = "Stop (or restart) refreshing the report pane",
	.usage = "freeze",
	.flags = CMD_LIVE | CMD_SESSION | CMD_NO_PROFILE,
	.exec = screen_exec,
};
