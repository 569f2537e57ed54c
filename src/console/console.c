/* console: pprof's interactive loop (driver/interactive.go) minus the
 * terminal: shortcuts, assignments, session commands and report commands,
 * with pprof's messages.  Must never print: bytes go into the caller's
 * sbufs, so the piped loop, batch mode and the TUI share every line. */
#include "console/console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmdline.h"
#include "console/options.h"
#include "console/output.h"
#include "console/trend.h"

void console_init(struct console *c, const struct profile_source *src,
		  const struct report_config *cfg, bool interactive)
{
	memset(c, 0, sizeof *c);
	c->cfg = *cfg;
	arena_init(&c->strings);
	c->src = *src;
	c->interactive = interactive;
}

void console_free(struct console *c)
{
	arena_free(&c->strings);
}

static const struct profile *static_acquire(void *arg, struct rt_error *err)
{
	(void)err;
	return arg;
}

struct profile_source console_static_source(const struct profile *p)
{
	struct profile_source s = { static_acquire, NULL, (void *)p };
	return s;
}

static const struct profile *acquire(struct console *c, struct rt_error *err)
{
	const struct profile *p;

	err->msg[0] = '\0';
	p = c->src.acquire(c->src.arg, err);
	if (!p)
		rt_error_set(&c->no_profile, "%s", *err->msg ? err->msg :
			     "no profile to report on yet");
	return p;
}

static void release(struct console *c, const struct profile *p)
{
	if (p && c->src.release)
		c->src.release(c->src.arg, p);
}

void console_greeting(struct console *c, struct sbuf *msg)
{
	struct rt_error err;
	const struct profile *p = acquire(c, &err);

	/* A live profile is filling: its labels and pprof's "no samples"
	 * hint would describe an empty first moment. */
	if (p && !c->live && p->n_sample_types > 0 &&
	    profile_sample_index(p, c->cfg.sample_index, &err) >= 0) {
		struct sbuf labels;
		sbuf_init(&labels);
		if (report_profile_labels(p, &c->cfg, &labels, &err) == 0) {
			sbuf_add(msg, labels.data ? labels.data : "", labels.len);
			if (report_total(p, &c->cfg) == 0 && p->n_sample_types > 1)
				sbuf_puts(msg, "No samples were found with the default sample value type.\n"
					  "Try \"sample_index\" command to analyze different sample values.\n");
		}
		sbuf_free(&labels);
	}
	release(c, p);
	sbuf_puts(msg, "Entering interactive mode (type \"help\" for commands, \"o\" for options)\n");
}

void console_view_free(struct console_view *v)
{
	if (v->kind != VIEW_NONE) {
		flame_free(&v->tree);
		if (v->kind == VIEW_SANDWICH)
			flame_free(&v->callers);
	}
	memset(v, 0, sizeof *v);
}

void console_filters(const struct console *c, struct sbuf *out)
{
	const struct report_config *g = &c->cfg;
	const char *names[] = { "focus", "ignore", "hide", "show", "show_from", "prune_from",
				"tagfocus", "tagignore", "tagshow", "taghide", "tagroot",
				"tagleaf" };
	const char *vals[] = { g->focus, g->ignore, g->hide, g->show, g->show_from,
			       g->prune_from, g->tagfocus, g->tagignore, g->tagshow,
			       g->taghide, g->tagroot, g->tagleaf };
	bool first = true;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (vals[i] && *vals[i]) {
			sbuf_printf(out, "%s%s=%s", first ? "" : " ", names[i], vals[i]);
			first = false;
		}
}

static void truncate_to(struct sbuf *b, size_t len)
{
	b->len = len;
	if (b->data)
		b->data[len] = '\0';
}

static int route_output(struct console *c, const struct cmd_entry *e,
			const struct report_config *cfg, struct sbuf *out,
			size_t start, struct sbuf *msg, struct rt_error *err)
{
	const char *bytes = out->data ? out->data + start : "";
	size_t len = out->len - start;
	char name[256];
	int rc = 0;

	if (cfg->output && *cfg->output) {
		sbuf_printf(msg, "Generating report in %s\n", cfg->output);
		rc = output_write_file(cfg->output, bytes, len, err);
	} else if ((e->flags & CMD_BINARY) && c->interactive) {
		rc = output_write_numbered(c->file_prefix ? c->file_prefix : "profile",
					   e->suffix ? e->suffix : "", bytes, len, name,
					   sizeof name, err);
		if (rc == 0)
			sbuf_printf(msg, c->file_prefix ? "Saved profile in %s\n"
							: "Generating report in %s\n", name);
	} else {
		return 0;	/* stays in out, for the screen */
	}
	truncate_to(out, start);
	return rc;
}

/* A session command's word count against its spec ("", "A", "a", "*"). */
static int check_words(const struct cmd_entry *e, int argc, struct rt_error *err)
{
	const char *a = e->args ? e->args : "";
	bool ok = !strcmp(a, "*") || (!*a && argc == 0) || (!strcmp(a, "A") && argc == 1) ||
		  (!strcmp(a, "a") && argc <= 1);
	if (ok)
		return 0;
	const char *u = e->usage && *e->usage ? e->usage : e->name;
	size_t k = strcspn(u, "\n");
	return rt_error_set(err, "%s: %s (usage: %.*s%s)", e->name,
			    argc ? "too many arguments" : "needs an argument", (int)k, u,
			    u[k] ? ", ..." : "");
}

static double trend_key(void *arg, const char *function)
{
	return trend_rise(arg, function);
}

/* The live terminal's top pane shows each row's trend (and may sort by
 * it): the series is taken just before the report.  NULL: no trend (a
 * saved profile, a pipe, another command, or the series failed: the
 * report goes on without it). */
static struct trend *trend_start(struct console *c, const struct cmd_entry *e,
				 struct report_config *cfg)
{
	if (!c->screen || !c->live || !c->live_ops->series || e->report != REPORT_TOP ||
	    (e->flags & (CMD_SESSION | CMD_NO_PROFILE)) || e->exec != cmd_report_exec)
		return NULL;
	struct rt_error err;
	struct profile *s = c->live_ops->series(c->live, TREND_SECONDS, TREND_SLOT_SECONDS, &err);
	struct trend *t = s ? trend_build(s, cfg->sample_index, cfg->noinlines, &err) : NULL;
	if (t) {
		cfg->row_key = trend_key;
		cfg->row_key_arg = t;
	}
	return t;
}

/* Gives the rows the report just made their sparklines; the trend ends
 * here, and so does cfg's use of it. */
static void trend_finish(struct console *c, struct trend *t, struct report_config *cfg,
			 size_t first_item)
{
	if (t) {
		cfg->row_key = NULL;
		cfg->row_key_arg = NULL;
	}
	char spark[TREND_SPARK_MAX];
	for (size_t i = first_item; t && c->items && i < c->items->n; i++) {
		struct report_item *it = &c->items->v[i];
		if (it->row == REPORT_ROW_NODE && it->function && *it->function &&
		    trend_spark(t, it->function, spark, sizeof spark))
			it->trend = arena_strdup(&c->items->strings, spark);
	}
	trend_free(t);
}

enum cmd_retval console_run(struct console *c, const struct cmd_entry *e,
			    const char *name, const char *arg,
			    struct report_config *cfg, int argc, char **argv,
			    const struct profile *p, struct sbuf *out,
			    struct sbuf *msg, struct rt_error *err)
{
	struct cmd_ctx ctx = {
		.con = c, .p = p, .cfg = cfg, .name = name, .arg = arg,
		.argc = argc, .argv = argv, .out = out, .msg = msg,
		.items = c->items,
	};
	size_t start = out->len, first_item = c->items ? c->items->n : 0;
	enum cmd_retval rv;

	if ((e->flags & CMD_LIVE) && !c->live) {
		rt_error_set(err, "%s: only in the live console (rtprof scene.yaml)",
			     e->name);
		return CMD_RETURN_ERROR;
	}
	if ((e->flags & CMD_SESSION) && check_words(e, argc, err) < 0)
		return CMD_RETURN_ERROR;
	if (e->screen && !c->screen) {
		rt_error_set(err, "%s: only in the terminal console", e->name);
		return CMD_RETURN_ERROR;
	}
	if (!p && !(e->flags & CMD_NO_PROFILE)) {
		rt_error_set(err, "%s", *c->no_profile.msg ? c->no_profile.msg :
			     "no profile to report on yet");
		return CMD_RETURN_ERROR;
	}
	struct trend *tr = trend_start(c, e, cfg);
	rv = e->exec(e, &ctx, err);
	trend_finish(c, tr, cfg, first_item);
	if (rv == CMD_RETURN_NORMAL && !(e->flags & CMD_SESSION) &&
	    route_output(c, e, cfg, out, start, msg, err) < 0)
		rv = CMD_RETURN_ERROR;
	if (c->items && out->len == start)	/* nothing stays on the screen */
		c->items->n = first_item;
	if (rv == CMD_RETURN_ERROR) {
		truncate_to(out, start);
		return rv;
	}
	if (out->oom || msg->oom) {
		rt_error_set(err, "out of memory");
		return CMD_RETURN_ERROR;
	}
	c->screen_requests |= e->screen;
	return rv;
}

static void print_error(struct sbuf *msg, const struct rt_error *err)
{
	sbuf_puts(msg, err->msg);
	if (!*err->msg || err->msg[strlen(err->msg) - 1] != '\n')
		sbuf_putc(msg, '\n');
}

static char *trim(struct arena *a, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		     *s == '\v' || *s == '\f'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
		     s[n - 1] == '\r' || s[n - 1] == '\v' || s[n - 1] == '\f'))
		n--;
	return arena_strndup(a, s, n);
}

/* pprof's shortcuts: `:` and the sample type names (cpu, mean_cpu,
 * total_cpu).  Returns the number of expanded lines put in lines. */
static int expand(const struct profile *p, const char *input, struct arena *a,
		  const char **lines)
{
	static const char *const clear[] = {
		"focus=", "ignore=", "hide=", "tagfocus=", "tagignore="
	};

	if (strcmp(input, ":") == 0) {
		for (int i = 0; i < 5; i++)
			lines[i] = clear[i];
		return 5;
	}
	for (size_t i = 0; p && i < p->n_sample_types; i++) {
		const char *t = p->sample_types[i].type;
		size_t n = strlen(t);
		const char *mean = NULL;

		if (strcmp(input, t) == 0)
			mean = "";
		else if (strncmp(input, "total_", 6) == 0 && strcmp(input + 6, t) == 0)
			mean = "mean=0";
		else if (strncmp(input, "mean_", 5) == 0 && strcmp(input + 5, t) == 0)
			mean = "mean=1";
		if (!mean)
			continue;
		char *set = arena_alloc(a, n + 14);
		if (!set)
			break;
		snprintf(set, n + 14, "sample_index=%s", t);
		if (!*mean) {
			lines[0] = set;
			return 1;
		}
		lines[0] = mean;
		lines[1] = set;
		return 2;
	}
	lines[0] = input;
	return 1;
}

/* rtprof's own sort orders, in the terminal console only (pprof's
 * consoles keep pprof's choices and messages): sort=name, and over the
 * live session sort=trend.  True when value was one of them. */
static bool own_order(struct console *c, const char *value, struct sbuf *msg)
{
	if (!c->screen || (strcmp(value, "name") && strcmp(value, "trend")))
		return false;
	if (value[0] == 't' && !c->live) {
		sbuf_puts(msg, "sort=trend: only in the live console (rtprof scene.yaml)\n");
		return true;
	}
	c->cfg.order = value[0] == 'n' ? REPORT_ORDER_NAME : REPORT_ORDER_KEY;
	return true;
}

/* `name=value` or a bare option name.  Returns 1 when input was one. */
static int assign(struct console *c, const struct profile *p, const char *input,
		  struct arena *scratch, struct sbuf *msg)
{
	const char *eq = strchr(input, '=');
	char *name = trim(scratch, input, eq ? (size_t)(eq - input) : strlen(input));
	char *value = NULL;
	struct rt_error err;

	if (!name || !option_is_configurable(name))
		return 0;
	if (eq) {
		const char *v = eq + 1, *cut = NULL;
		for (const char *s = strstr(v, "//:"); s; s = strstr(s + 1, "//:"))
			cut = s;	/* the last comment marker */
		value = trim(scratch, v, cut ? (size_t)(cut - v) : strlen(v));
	} else {
		if (!option_is_bool(name)) {
			sbuf_printf(msg, "please specify a value, e.g. %s=<val>\n", name);
			return 1;
		}
		value = "";
	}
	if (!value)
		return 1;
	if (strcmp(name, "sample_index") == 0) {
		int idx;
		if (!p) {
			print_error(msg, &c->no_profile);
			return 1;
		}
		idx = profile_sample_index(p, value, &err);
		if (idx < 0) {
			print_error(msg, &err);
			return 1;
		}
		value = (char *)p->sample_types[idx].type;
	}
	if (strcmp(name, "sort") == 0 && own_order(c, value, msg))
		return 1;
	if (option_set(&c->cfg, &c->strings, name, value, &err) < 0)
		print_error(msg, &err);
	else if (strcmp(name, "sort") == 0 ||
		 (option_find_choice(name) && !strcmp(option_find_choice(name)->group, "sort")))
		c->cfg.order = REPORT_ORDER_PPROF;	/* flat or cum again */
	return 1;
}

/* One expanded input: an assignment, a session command or a report. */
static enum cmd_retval exec_one(struct console *c, const struct profile *p,
				const char *input, struct arena *scratch,
				struct sbuf *out, struct sbuf *msg)
{
	char *words[256];
	int n;
	const struct cmd_entry *e;
	struct cmdline cl;
	struct rt_error err;
	enum cmd_retval rv;

	if (assign(c, p, input, scratch, msg))
		return CMD_RETURN_NORMAL;
	n = cmdline_fields(input, scratch, words, 256);
	if (n < 0) {
		sbuf_puts(msg, "out of memory\n");
		return CMD_RETURN_NORMAL;
	}
	if (n == 0)
		return CMD_RETURN_NORMAL;
	e = cmd_find(words[0]);
	if (e && (e->flags & CMD_SESSION)) {
		rv = console_run(c, e, e->name, NULL, &c->cfg, n - 1, words + 1,
				 p, out, msg, &err);
	} else if (cmdline_parse(words, n, &c->cfg, scratch, &cl, &err) < 0) {
		rv = CMD_RETURN_ERROR;
		/* rtprof's own consoles suggest; piped input stays pprof's. */
		const char *near = c->screen && !strncmp(err.msg, "unrecognized command", 20)
					   ? cmd_nearest(words[0]) : NULL;
		if (near) {
			size_t k = strlen(err.msg);
			snprintf(err.msg + k, sizeof err.msg - k, " (did you mean \"%s\"?)", near);
		}
	} else {
		rv = console_run(c, cl.entry, cl.name, cl.arg, &cl.cfg, 0, NULL,
				 p, out, msg, &err);
	}
	if (rv == CMD_RETURN_ERROR) {
		print_error(msg, &err);
		rv = CMD_RETURN_NORMAL;
	}
	return rv;
}

enum cmd_retval console_exec_line(struct console *c, const char *line,
				  struct sbuf *out, struct sbuf *msg)
{
	struct arena scratch;
	struct rt_error err;
	const struct profile *p;
	const char *inputs[5];
	enum cmd_retval rv = CMD_RETURN_NORMAL;
	char *input;
	int n;

	arena_init(&scratch);
	if (c->items)
		report_items_reset(c->items);
	p = acquire(c, &err);
	input = trim(&scratch, line, strlen(line));
	n = input ? expand(p, input, &scratch, inputs) : 0;
	for (int i = 0; i < n && rv != CMD_RETURN_QUIT; i++)
		rv = exec_one(c, p, inputs[i], &scratch, out, msg);
	release(c, p);
	arena_free(&scratch);
	return rv;
}

/* One line of in into line (CONSOLE_MAX_LINE bytes with its NUL): 1, 0
 * at the end of input, -1 for a line too long, whose rest is skipped so
 * that memory stays bounded whatever is piped in. */
static int read_line(FILE *in, char *line)
{
	size_t n = 0;
	int ch;
	bool any = false, over = false;
	while ((ch = getc(in)) != EOF) {
		any = true;
		if (ch == '\n')
			break;
		if (n + 1 < CONSOLE_MAX_LINE)
			line[n++] = (char)ch;
		else
			over = true;
	}
	line[n] = '\0';
	if (!any)
		return 0;
	return over ? -1 : 1;
}

int console_loop(struct console *c, FILE *in, FILE *out, FILE *errf)
{
	struct sbuf rep, msg;
	char *line = malloc(CONSOLE_MAX_LINE);
	enum cmd_retval rv = CMD_RETURN_NORMAL;

	if (!line) {
		fputs("rtprof: out of memory\n", errf);
		return 0;
	}
	sbuf_init(&rep);
	sbuf_init(&msg);
	while (rv != CMD_RETURN_QUIT) {
		fputs("(pprof) ", out);
		fflush(out);
		int got = read_line(in, line);
		if (got == 0)
			break;
		if (got < 0) {
			fprintf(errf, "command line longer than %d bytes (the prompt line cap): "
				"ignored\n", CONSOLE_MAX_LINE - 1);
			fflush(errf);
			continue;
		}
		rv = console_exec_line(c, line, &rep, &msg);
		fwrite(msg.data ? msg.data : "", 1, msg.len, errf);
		fflush(errf);
		fwrite(rep.data ? rep.data : "", 1, rep.len, out);
		fflush(out);
		sbuf_reset(&rep);
		sbuf_reset(&msg);
	}
	free(line);
	sbuf_free(&rep);
	sbuf_free(&msg);
	return 0;
}
