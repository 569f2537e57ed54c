/* complete: pprof's completer (driver/interactive.go: newCompleter) over
 * the command and option tables, and the terminal console's bash-style
 * completion (candidates for a second Tab).  Pure: reads the line, the
 * profile's names and the live switches' description; returns strings. */
#include "console/complete.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "console/cmdline.h"
#include "console/options.h"

/* The only command or option name starting with token, or NULL. */
static const char *match_name(const char *token, struct arena *a)
{
	char *low = arena_strdup(a, token);
	const char *found = NULL;
	int n = 0;

	if (!low)
		return NULL;
	for (char *s = low; *s; s++)
		*s = (char)tolower((unsigned char)*s);
	size_t k = strlen(low);
	for (size_t i = 0; cmd_table[i]; i++)
		if ((cmd_table[i]->flags & (CMD_REPORT | CMD_LIVE)) &&
		    strncmp(cmd_table[i]->name, low, k) == 0)
			found = cmd_table[i]->name, n++;
	for (size_t i = 0; i < options_count; i++) {
		const struct option *o = &options_table[i];
		if (strncmp(o->name, low, k) == 0)
			found = o->name, n++;
		for (size_t c = 0; o->choices && o->choices[c]; c++)
			if (strncmp(o->choices[c], low, k) == 0)
				found = o->choices[c], n++;
	}
	return n == 1 ? found : NULL;
}

/* The only function name containing sub, else sub. */
static const char *match_function(const char *sub, const struct profile *p)
{
	const char *found = NULL;

	for (size_t i = 0; p && i < p->n_functions; i++) {
		const char *name = p->functions[i]->name;
		if (!strstr(name, sub))
			continue;
		if (found)
			return sub;
		found = name;
	}
	return found ? found : sub;
}

static const char *join(char **w, int n, const char *last, struct arena *a)
{
	size_t len = strlen(last) + 1;
	char *s, *e;

	for (int i = 0; i < n; i++)
		len += strlen(w[i]) + 1;
	s = e = arena_alloc(a, len);
	if (!s)
		return NULL;
	for (int i = 0; i < n; i++)
		e = stpcpy(stpcpy(e, w[i]), " ");
	strcpy(e, last);
	return s;
}

const char *console_complete(const char *line, const struct profile *p,
			     struct arena *a)
{
	char *w[256];
	int n = cmdline_fields(line, a, w, 256);
	const struct cmd_entry *e;
	const char *m;

	if (n <= 0)
		return line;
	if (n == 1) {
		m = match_name(w[0], a);
		return m ? m : line;
	}
	if (n == 2 && strcmp(w[0], "help") == 0) {
		m = match_name(w[1], a);
		return m ? join(w, 1, m, a) : line;
	}
	e = cmd_find(w[0]);
	if (!e || !(e->flags & CMD_REPORT) || strcmp(w[0], "tags") == 0 ||
	    strcmp(e->name, w[0]) != 0)
		return line;
	const char *last = w[n - 1];
	if (last[0] == '-') {
		const char *f = match_function(last + 1, p);
		char *dashed = arena_alloc(a, strlen(f) + 2);
		if (!dashed)
			return line;
		dashed[0] = '-';
		strcpy(dashed + 1, f);
		last = dashed;
	} else {
		last = match_function(last, p);
	}
	m = join(w, n - 1, last, a);
	return m ? m : line;
}

/* ---- bash-style: every candidate, and the line as far as they agree ---- */

#define MAX_CANDS 256

struct cands {
	const char **v;
	size_t n;
	struct arena *a;
	bool prefix;		/* candidates extend the word (else: contain it) */
};

static void cand_add(struct cands *c, const char *word, const char *s)
{
	if (!s || c->n >= MAX_CANDS)
		return;
	if (c->prefix ? strncasecmp(s, word, strlen(word)) != 0 : !strstr(s, word))
		return;
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], s))
			return;
	c->v[c->n++] = s;
}

static const char *cat(struct arena *a, const char *x, const char *y)
{
	char *s = arena_alloc(a, strlen(x) + strlen(y) + 1);
	if (s)
		stpcpy(stpcpy(s, x), y);
	return s;
}

static void first_words(struct cands *c, const char *word)
{
	for (size_t i = 0; cmd_table[i]; i++)
		if (!(cmd_table[i]->flags & CMD_UNSUPPORTED))
			cand_add(c, word, cmd_table[i]->name);
	for (size_t i = 0; i < options_count; i++) {
		const struct option *o = &options_table[i];
		cand_add(c, word, cat(c->a, o->name, "="));
		for (size_t k = 0; o->choices && o->choices[k]; k++)
			cand_add(c, word, o->choices[k]);
	}
}

static void function_names(struct cands *c, const char *word, const struct profile *p,
			   const char *dash)
{
	c->prefix = false;
	for (size_t i = 0; p && i < p->n_functions && c->n < MAX_CANDS; i++)
		if (strstr(p->functions[i]->name, word))
			cand_add(c, word, cat(c->a, dash, p->functions[i]->name));
}

/* "key=value   (on|off)" lines of switches_describe: keys, or a key's
 * values after "key=". */
static void switch_words(struct cands *c, const char *word, const char *switches)
{
	const char *eq = strchr(word, '=');
	for (const char *l = switches; l && *l;) {
		size_t len = strcspn(l, "\n");
		size_t klen = strcspn(l, "=");
		if (klen < len) {
			char *key = arena_strndup(c->a, l, klen);
			if (!eq) {
				cand_add(c, word, cat(c->a, key ? key : "", "="));
			} else if (key && (size_t)(eq - word) == klen && !strncmp(word, key, klen)) {
				const char *open = memchr(l, '(', len), *close = open ? memchr(open, ')', (size_t)(l + len - open)) : NULL;
				char *vals = open && close ? arena_strndup(c->a, open + 1, (size_t)(close - open - 1)) : NULL;
				/* only lists like on|off, not ranges */
				for (char *v = vals, *save = NULL; v && !strpbrk(vals, " ;.");
				     v = NULL) {
					for (char *t = strtok_r(v, "|", &save); t; t = strtok_r(NULL, "|", &save))
						cand_add(c, word, cat(c->a, cat(c->a, key, "="), t));
				}
			}
		}
		l += len + (l[len] == '\n');
	}
}

static const char *const live_values[][6] = {
	{ "jobs", "pixel", "line", "tile", NULL },
	{ "profile", "cpu", "alloc", "mutex", "block", NULL },
	{ "window", "10s", "1m", "all", NULL },
	{ "image", "on", "off", NULL },
	{ "base", "off", NULL },
};

static void option_values(struct cands *c, const char *word, const struct profile *p)
{
	const char *eq = strchr(word, '=');
	char *name = arena_strndup(c->a, word, (size_t)(eq - word));
	const struct option *o = name ? option_find(name) : NULL;
	if (!o)
		return;
	const char *pre = cat(c->a, name, "=");
	static const char *const regexps[] = { "focus", "ignore", "hide", "show", "show_from",
					       "prune_from", NULL };
	for (size_t i = 0; regexps[i]; i++)
		if (!strcmp(name, regexps[i])) {
			function_names(c, eq + 1, p, "");
			for (size_t k = 0; k < c->n; k++)
				c->v[k] = cat(c->a, pre, c->v[k]);
			return;
		}
	if (o->type == OPT_BOOL) {
		cand_add(c, word, cat(c->a, pre, "true"));
		cand_add(c, word, cat(c->a, pre, "false"));
	} else if (!strcmp(name, "sample_index")) {
		for (size_t i = 0; p && i < p->n_sample_types; i++)
			cand_add(c, word, cat(c->a, pre, p->sample_types[i].type));
	}
	for (size_t k = 0; o->choices && o->choices[k]; k++)
		cand_add(c, word, cat(c->a, pre, o->choices[k]));
}

static int cmp_cand(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

void console_complete_all(const char *line, const struct profile *p, const char *switches,
			  struct arena *a, struct completion *out)
{
	char *w[256];
	int n = cmdline_fields(line, a, w, 256);
	size_t len = strlen(line);
	bool fresh = len && (line[len - 1] == ' ' || line[len - 1] == '\t');
	struct cands c = { arena_alloc(a, MAX_CANDS * sizeof *c.v), 0, a, true };
	out->line = line;
	out->cands = NULL;
	out->n = 0;
	if (n < 0 || !c.v)
		return;
	const char *word = fresh || n == 0 ? "" : w[n - 1];
	int before = fresh ? n : n - 1;	/* words kept as they are */
	const struct cmd_entry *e = before > 0 ? cmd_find(w[0]) : NULL;
	if (before == 0) {
		if (strchr(word, '='))
			option_values(&c, word, p);
		else
			first_words(&c, word);
	} else if (!strcmp(w[0], "help") && before == 1) {
		first_words(&c, word);
	} else if (e && !strcmp(e->name, "set") && before == 1 && switches) {
		switch_words(&c, word, switches);
	} else if (e && (e->flags & CMD_LIVE) && before == 1) {
		for (size_t i = 0; i < sizeof live_values / sizeof *live_values; i++)
			if (!strcmp(live_values[i][0], e->name))
				for (size_t k = 1; k < 6 && live_values[i][k]; k++)
					cand_add(&c, word, live_values[i][k]);
	} else if (e && (e->flags & CMD_REPORT) && strcmp(e->name, "tags")) {
		bool dash = word[0] == '-';
		function_names(&c, word + dash, p, dash ? "-" : "");
	}
	if (c.n == 0)
		return;
	qsort(c.v, c.n, sizeof *c.v, cmp_cand);
	out->cands = c.v;
	out->n = c.n;
	/* The last word becomes what every candidate agrees on: the one
	 * candidate (and a space after a whole word), or their common prefix
	 * when they extend the word. */
	const char *last = NULL;
	if (c.n == 1) {
		const char *v = c.v[0];
		last = v[strlen(v) - 1] == '=' ? v : cat(a, v, " ");
	} else if (c.prefix) {
		size_t k = strlen(c.v[0]);
		for (size_t i = 1; i < c.n; i++) {
			size_t j = 0;
			while (j < k && c.v[i][j] == c.v[0][j])
				j++;
			k = j;
		}
		if (k > strlen(word))
			last = arena_strndup(a, c.v[0], k);
	}
	if (!last)
		return;
	const char *done = join(w, before, last, a);
	if (done)
		out->line = done;
}
