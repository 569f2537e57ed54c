/* cmd-table: the list of every console command and the texts made from
 * it (pprof's usage() and command.help()).  Adding a command is adding a
 * cmd-NAME.c file and one line here. */
#include "console/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/compare.h"
#include "console/options.h"

extern const struct cmd_entry cmd_callgrind_entry, cmd_comments_entry,
	cmd_disasm_entry, cmd_dot_entry, cmd_eog_entry, cmd_evince_entry,
	cmd_gif_entry, cmd_gv_entry, cmd_help_entry, cmd_kcachegrind_entry,
	cmd_list_entry, cmd_options_entry, cmd_pdf_entry, cmd_peek_entry,
	cmd_png_entry, cmd_proto_entry, cmd_ps_entry, cmd_quit_entry,
	cmd_raw_entry, cmd_svg_entry, cmd_tags_entry, cmd_text_entry,
	cmd_top_entry, cmd_topproto_entry, cmd_traces_entry, cmd_tree_entry,
	cmd_web_entry, cmd_weblist_entry, cmd_folded_entry, cmd_speedscope_entry,
	cmd_flame_entry, cmd_sandwich_entry;
/* the live console's */
extern const struct cmd_entry cmd_pause_entry, cmd_resume_entry, cmd_reset_entry,
	cmd_window_entry, cmd_rate_entry, cmd_profile_entry, cmd_threads_entry,
	cmd_jobs_entry, cmd_set_entry, cmd_base_entry, cmd_save_entry,
	cmd_refresh_entry, cmd_image_entry, cmd_freeze_entry;

const struct cmd_entry *const cmd_table[] = {
	&cmd_top_entry,
	&cmd_text_entry,
	&cmd_list_entry,
	&cmd_peek_entry,
	&cmd_traces_entry,
	&cmd_tree_entry,
	&cmd_tags_entry,
	&cmd_raw_entry,
	&cmd_comments_entry,
	&cmd_proto_entry,
	&cmd_topproto_entry,
	&cmd_callgrind_entry,
	&cmd_folded_entry,
	&cmd_speedscope_entry,
	&cmd_kcachegrind_entry,
	&cmd_disasm_entry,
	&cmd_weblist_entry,
	&cmd_dot_entry,
	&cmd_svg_entry,
	&cmd_png_entry,
	&cmd_pdf_entry,
	&cmd_gif_entry,
	&cmd_ps_entry,
	&cmd_web_entry,
	&cmd_eog_entry,
	&cmd_evince_entry,
	&cmd_gv_entry,
	&cmd_options_entry,
	&cmd_quit_entry,
	&cmd_help_entry,
	&cmd_flame_entry,
	&cmd_sandwich_entry,
	&cmd_pause_entry,
	&cmd_resume_entry,
	&cmd_reset_entry,
	&cmd_window_entry,
	&cmd_rate_entry,
	&cmd_profile_entry,
	&cmd_threads_entry,
	&cmd_jobs_entry,
	&cmd_set_entry,
	&cmd_base_entry,
	&cmd_save_entry,
	&cmd_refresh_entry,
	&cmd_image_entry,
	&cmd_freeze_entry,
	NULL
};

static bool alias_matches(const char *aliases, const char *name)
{
	size_t n = strlen(name);

	while (aliases && *aliases) {
		size_t k = strcspn(aliases, " ");
		if (k == n && strncmp(aliases, name, n) == 0)
			return true;
		aliases += k;
		aliases += strspn(aliases, " ");
	}
	return false;
}

enum cmd_retval cmd_arg_error(const struct cmd_entry *self, const struct cmd_ctx *ctx,
			      struct rt_error *err)
{
	struct sbuf words;
	sbuf_init(&words);
	sbuf_puts(&words, self->name);
	for (int i = 0; i < ctx->argc; i++)
		sbuf_printf(&words, " %s", ctx->argv[i]);
	rt_error_prefix(err, "%s", sbuf_str(&words));
	sbuf_free(&words);
	return CMD_RETURN_ERROR;
}

/* Levenshtein distance, capped: more than cap gives cap + 1. */
static size_t distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 32 || lb > 32 || (la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	size_t row[33];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

static void nearer(const char *word, const char *name, const char **best, size_t *bd)
{
	size_t d = distance(word, name, *bd);
	if (d < *bd) {
		*bd = d;
		*best = name;
	}
}

const char *cmd_nearest(const char *word)
{
	const char *best = NULL;
	size_t bd = strlen(word) < 4 ? 2 : 3;	/* at most 1 or 2 edits */
	for (size_t i = 0; cmd_table[i]; i++)
		if (!(cmd_table[i]->flags & CMD_UNSUPPORTED))
			nearer(word, cmd_table[i]->name, &best, &bd);
	for (size_t i = 0; i < options_count; i++)
		nearer(word, options_table[i].name, &best, &bd);
	return best;
}

const struct cmd_entry *cmd_find(const char *name)
{
	for (size_t i = 0; cmd_table[i]; i++)
		if (strcmp(cmd_table[i]->name, name) == 0 ||
		    alias_matches(cmd_table[i]->alias, name))
			return cmd_table[i];
	return NULL;
}

void cmd_help_text(const struct cmd_entry *e, struct sbuf *out)
{
	const char *u = e->usage;

	sbuf_printf(out, "%s\n", e->description);
	if (u && *u) {
		sbuf_puts(out, "  Usage:\n");
		for (;;) {
			size_t k = strcspn(u, "\n");
			sbuf_printf(out, "    %.*s\n", (int)k, u);
			if (!u[k])
				break;
			u += k + 1;
		}
	}
	sbuf_putc(out, '\n');
}

/* pprof's fmtHelp: "    %-16s %s" with the first line of d. */
static char *fmt_help(const char *prefix, const char *c, const char *d)
{
	char name[64], *s;
	size_t k = d ? strcspn(d, "\n") : 0;

	snprintf(name, sizeof name, "%s%s", prefix, c);
	if (asprintf(&s, "    %-16s %.*s", name, (int)k, d ? d : "") < 0)
		return NULL;
	return s;
}

/* Sorts lines, appends them joined by "\n" and frees them. */
static void put_sorted(struct sbuf *out, char **lines, size_t n, size_t sort_n)
{
	qsort(lines, sort_n, sizeof *lines, compare_strings);
	for (size_t i = 0; i < n; i++) {
		if (!lines[i])
			continue;
		if (i)
			sbuf_putc(out, '\n');
		sbuf_puts(out, lines[i]);
		free(lines[i]);
	}
}

static void usage_commands(bool command_line, bool only_working, struct sbuf *out)
{
	const char *prefix = command_line ? "-" : "";
	char *lines[64];
	size_t n = 0, sorted;

	for (size_t i = 0; cmd_table[i] && n < 48; i++) {
		const struct cmd_entry *e = cmd_table[i];
		if (!(e->flags & CMD_REPORT))
			continue;
		if ((command_line || only_working) && (e->flags & CMD_UNSUPPORTED))
			continue;
		if (!command_line && !only_working && (e->flags & CMD_OWN))
			continue;
		lines[n++] = fmt_help(prefix, e->name, e->description);
	}
	sorted = n;
	for (size_t i = 0; !command_line && cmd_table[i] && n < 64; i++)
		if (cmd_table[i]->help_name && (only_working || !(cmd_table[i]->flags & CMD_OWN)))
			lines[n++] = fmt_help("", cmd_table[i]->help_name,
					      cmd_table[i]->description);
	sbuf_puts(out, command_line ? "  Output formats (select at most one):\n"
				    : "  Commands:\n");
	put_sorted(out, lines, n, sorted);
}

static void usage_options(bool command_line, struct sbuf *out)
{
	const char *prefix = command_line ? "-" : "";
	char *vars[64], *groups[8];
	size_t nv = 0, ng = 0;

	for (size_t i = 0; i < options_count; i++) {
		const struct option *o = &options_table[i];
		if (o->type != OPT_CHOICE) {
			vars[nv++] = fmt_help(prefix, o->name, o->help);
			continue;
		}
		struct sbuf g;
		sbuf_init(&g);
		char *head = fmt_help("", o->name, "");
		sbuf_puts(&g, head ? head : "");
		free(head);
		for (size_t k = 0; o->choices[k]; k++) {
			const struct option_choice *c = option_find_choice(o->choices[k]);
			char *line = fmt_help(prefix, c->name, c->help);
			sbuf_printf(&g, "\n  %s", line ? line : "");
			free(line);
		}
		groups[ng++] = strdup(sbuf_str(&g));
		sbuf_free(&g);
	}
	sbuf_puts(out, "  Options:\n");
	put_sorted(out, vars, nv, nv);
	sbuf_puts(out, "\n\n  Option groups (only set one per group):\n");
	put_sorted(out, groups, ng, ng);
}

void cmd_usage(bool command_line, struct sbuf *out)
{
	usage_commands(command_line, false, out);
	sbuf_puts(out, "\n\n");
	usage_options(command_line, out);
}

void cmd_usage_working(struct sbuf *out)
{
	usage_commands(false, true, out);
	sbuf_puts(out, "\n\n");
	usage_options(false, out);
}
