/* complete: pprof's completer (driver/interactive.go: newCompleter) over
 * the command and option tables.  Pure: reads the line and the profile's
 * function names, returns a string. */
#include "console/complete.h"

#include <ctype.h>
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
