/* disasm, weblist: annotated assembly of the functions matching a regexp,
 * from the profiled binaries (src/symbol's binutils object tool: objdump
 * and nm, as pprof runs them).  weblist's page goes to -output, else to a
 * new file in pprof's temp folder (no browser is started). */
#include "console/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/output.h"
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

static enum cmd_retval weblist_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
				    struct rt_error *err)
{
	struct sbuf page;
	char name[4300];
	int rc = -1;

	if (ctx->cfg->output && *ctx->cfg->output)
		return disasm_exec(self, ctx, err);	/* the console writes it there */
	ctx->cfg->obj = binutils_objtool();
	sbuf_init(&page);
	if (report_generate(ctx->p, self->report, ctx->name, ctx->arg, ctx->cfg, &page,
			    ctx->msg, NULL, err) < 0)
		goto out;
	if (page.oom) {
		rt_error_set(err, "out of memory");
		goto out;
	}
	rc = output_write_temp(self->name, ".html", page.data ? page.data : "", page.len,
			       name, sizeof name, err);
	if (rc == 0)
		sbuf_printf(ctx->msg, "Generating report in %s\n", name);
out:
	sbuf_free(&page);
	return rc < 0 ? CMD_RETURN_ERROR : CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_weblist_entry = {
	.name = "weblist",
	.args = "R",
	.description = "Display annotated source in a web browser",
	.usage = CMD_LIST_USAGE("weblist"),
	.report = REPORT_WEBLIST,
	.flags = CMD_REPORT | CMD_PARAM,
	.exec = weblist_exec,
};
