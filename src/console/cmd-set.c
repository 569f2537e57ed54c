/* set: a renderer switch of the case study (the -set flag's switches). */
#include "console/cmd.h"

#include "console/console.h"

static enum cmd_retval cmd_set_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	if (ctx->argc == 0) {	/* what there is to set */
		ctx->con->live_ops->describe_switches(ctx->con->live, ctx->msg);
		return CMD_RETURN_NORMAL;
	}
	if (ctx->con->live_ops->set_switch(ctx->con->live, ctx->argv[0], err) < 0) {
		/* The reason names key=value already: "set foo=bar: ...". */
		struct rt_error why = *err;
		rt_error_set(err, "%s %s", self->name, why.msg);
		return CMD_RETURN_ERROR;
	}
	sbuf_printf(ctx->msg, "%s from the next frame\n", ctx->argv[0]);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_set_entry = {
	.name = "set",
	.args = "a",
	.description = "Renderer switches of the case study",
	.usage = "set KEY=VALUE (set alone lists the switches)\nset inverse_cache=on|off\nset alloc=naive|pooled",
	.flags = CMD_LIVE_FLAGS,
	.exec = cmd_set_exec,
};
