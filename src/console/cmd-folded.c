/* folded, speedscope: the call tree out to other tools (rtprof's own
 * formats).  -folded prints collapsed stacks for flamegraph.pl;
 * -speedscope=FILE writes speedscope's JSON file, atomically. */
#include "console/cmd.h"

#include "console/console.h"
#include "console/output.h"

const struct cmd_entry cmd_folded_entry = {
	.name = "folded",
	.args = "",
	.description = "Outputs collapsed stacks (a;b;c N) for flamegraph.pl",
	.usage = "folded [focus_regex]* [-ignore_regex]* >f\n"
		 "Include samples matching focus_regex, and exclude ignore_regex.\n"
		 "Optionally save the report on the file f",
	.report = REPORT_FOLDED,
	.flags = CMD_REPORT | CMD_OWN,
	.exec = cmd_report_exec,
};

static enum cmd_retval cmd_speedscope_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
					   struct rt_error *err)
{
	struct sbuf json;
	sbuf_init(&json);
	int rc = report_generate(ctx->p, self->report, ctx->name, NULL, ctx->cfg, &json,
				 ctx->msg, NULL, err);
	if (rc == 0)
		rc = output_write_file(ctx->arg, json.data ? json.data : "", json.len, err);
	if (rc == 0)
		sbuf_printf(ctx->msg, "Generating report in %s\n", ctx->arg);
	sbuf_free(&json);
	return rc < 0 ? CMD_RETURN_ERROR : CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_speedscope_entry = {
	.name = "speedscope",
	.args = "R",
	.description = "Writes the profile in speedscope's JSON file format to FILE",
	.usage = "speedscope FILE [focus_regex]* [-ignore_regex]*\n"
		 "Include samples matching focus_regex, and exclude ignore_regex.",
	.report = REPORT_SPEEDSCOPE,
	.flags = CMD_REPORT | CMD_PARAM | CMD_OWN,
	.exec = cmd_speedscope_exec,
};
