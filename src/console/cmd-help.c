/* help [command|option]: pprof's commandHelp, from the command and option
 * tables. */
#include "console/cmd.h"

#include <string.h>

#include "console/console.h"

#include "console/options.h"

static enum cmd_retval cmd_help_exec(const struct cmd_entry *self,
				     struct cmd_ctx *ctx, struct rt_error *err)
{
	struct sbuf topic;
	const struct cmd_entry *e;
	const char *help;

	(void)self;
	if (ctx->argc == 0) {
		bool own = ctx->con && (ctx->con->live || ctx->con->screen);
		if (ctx->con && ctx->con->live) {
			/* The live console's own commands come first. */
			sbuf_puts(ctx->msg, "  Live commands (the render and the sampler):\n");
			for (size_t i = 0; cmd_table[i]; i++)
				if (cmd_table[i]->flags & CMD_LIVE)
					sbuf_printf(ctx->msg, "    %-16s %s\n", cmd_table[i]->name,
						    cmd_table[i]->description);
			sbuf_putc(ctx->msg, '\n');
		}
		if (ctx->con && ctx->con->screen)
			sbuf_puts(ctx->msg,
				  "  Keys in the pane (Esc from the prompt): arrows move, Enter lists,\n"
				  "    p peeks, f flame, s sandwich, / searches, n next; F C N T sort\n"
				  "    top by flat, cum, name or trend (sort=name, sort=trend: the live\n"
				  "    top pane's trend column, the last minute's share per function)\n\n");
		if (own)
			cmd_usage_working(ctx->msg);
		else
			cmd_usage(false, ctx->msg);
		sbuf_puts(ctx->msg, "\n  :   Clear focus/ignore/hide/tagfocus/tagignore\n");
		sbuf_puts(ctx->msg, "\n  type \"help <cmd|option>\" for more information\n");
		return CMD_RETURN_NORMAL;
	}
	sbuf_init(&topic);
	for (int i = 0; i < ctx->argc; i++) {
		if (i)
			sbuf_putc(&topic, ' ');
		sbuf_puts(&topic, ctx->argv[i]);
	}
	e = cmd_find(sbuf_str(&topic));
	/* pprof answers for its report commands only; rtprof also for its
	 * live ones. */
	if (e && (!(e->flags & CMD_SESSION) || (e->flags & CMD_LIVE)) &&
	    strcmp(e->name, sbuf_str(&topic)) == 0) {
		cmd_help_text(e, ctx->msg);
	} else if ((help = option_help(sbuf_str(&topic)))) {
		sbuf_puts(ctx->msg, help);
		sbuf_putc(ctx->msg, '\n');
	} else {
		rt_error_set(err, "Unknown command: %s", sbuf_str(&topic));
		sbuf_free(&topic);
		return CMD_RETURN_ERROR;
	}
	sbuf_free(&topic);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.args = "*",
	.description = "Show commands and options, or help on one of them",
	.usage = "help [command|option]",
	.flags = CMD_SESSION | CMD_NO_PROFILE,
	.exec = cmd_help_exec,
};
