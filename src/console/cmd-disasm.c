/* disasm, weblist: annotated assembly of the functions matching a regexp,
 * from the profiled binaries (src/symbol's binutils object tool: objdump
 * and nm, as pprof runs them). */
#include "console/cmd.h"

#include "symbol/binutils.h"

static enum cmd_retval disasm_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				   struct rt_error *err)
{
	ctx->cfg->obj = binutils_objtool();
	if (report_generate(ctx->p, self->report, ctx->name, ctx->arg, ctx->cfg, ctx->out,
			    ctx->msg, ctx->items, err) < 0)
		return CMD_RETURN_ERROR;
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_disasm_entry = {
	.name = "disasm",
	.args = "R",
	.description = "Output assembly listings annotated with samples",
	.usage = CMD_LIST_REDIRECT_USAGE("disasm"),
	.report = REPORT_DISASM,
	.flags = CMD_REPORT | CMD_PARAM,
	.exec = disasm_exec,
};

const struct cmd_entry cmd_weblist_entry = {
	.name = "weblist",
	.args = "R",
	.description = "Display annotated source in a web browser",
	.usage = CMD_LIST_USAGE("weblist"),
	.flags = CMD_REPORT | CMD_PARAM | CMD_UNSUPPORTED,
	.exec = cmd_unsupported_exec,
};
