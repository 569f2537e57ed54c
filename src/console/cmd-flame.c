/* flame, sandwich: the terminal console's views (rtprof's own).  They
 * build trees into console.view, which the terminal draws and refreshes;
 * elsewhere there is nothing to draw on (-folded writes the stacks). */
#include "console/cmd.h"

#include <stdio.h>
#include <string.h>

#include "console/console.h"

static enum cmd_retval view_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				 struct rt_error *err)
{
	struct console_view *v = ctx->con->view;
	bool sandwich = !strcmp(self->name, "sandwich");
	const char *re = sandwich ? ctx->argv[0] : NULL;
	console_view_free(v);
	if (report_flame(ctx->p, ctx->cfg, re, &v->tree, sandwich ? &v->callers : NULL,
			 FLAME_VIEW_MIN_SHARE, ctx->msg, err) < 0)
		return CMD_RETURN_ERROR;
	v->kind = sandwich ? VIEW_SANDWICH : VIEW_FLAME;
	snprintf(v->title, sizeof v->title, "%s", re ? re : "");
	int si = profile_sample_index(ctx->p, ctx->cfg->sample_index, NULL);
	if (si >= 0) {
		snprintf(v->sample_type, sizeof v->sample_type, "%s", ctx->p->sample_types[si].type);
		snprintf(v->sample_unit, sizeof v->sample_unit, "%s", ctx->p->sample_types[si].unit);
	}
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_flame_entry = {
	.name = "flame",
	.help_name = "flame",
	.args = "",
	.description = "Flame graph of the profile (keys: arrows, Enter zooms, / searches)",
	.usage = "flame\n"
		 "An icicle graph of the current profile, refreshed live: arrows move between\n"
		 "frames, Enter zooms in, Backspace zooms out, v flips, / highlights matches,\n"
		 "l lists and p peeks the frame's function, s shows its sandwich.",
	.flags = CMD_SESSION | CMD_VIEW | CMD_OWN,
	.screen = CMD_SCREEN_VIEW,
	.exec = view_exec,
};

const struct cmd_entry cmd_sandwich_entry = {
	.name = "sandwich",
	.help_name = "sandwich",
	.args = "A",
	.description = "Callers above and callees below the functions matching RE",
	.usage = "sandwich RE\n"
		 "Every caller path of the matching functions above them (merged), every\n"
		 "callee path below, both live; Enter on a frame moves the sandwich to it.",
	.flags = CMD_SESSION | CMD_VIEW | CMD_OWN,
	.screen = CMD_SCREEN_VIEW,
	.exec = view_exec,
};
