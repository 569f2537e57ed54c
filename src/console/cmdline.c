/* cmdline: the words of one report command, read as pprof's
 * parseCommandLine reads them (driver/interactive.go).  Must not change
 * the session's options: everything lands in the one-run copy. */
#include "console/cmdline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "console/options.h"

int cmdline_fields(const char *s, struct arena *scratch, char **words, int max)
{
	int n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		       *s == '\v' || *s == '\f')
			s++;
		if (!*s || n == max)
			return n;
		const char *b = s;
		while (*s && !(*s == ' ' || *s == '\t' || *s == '\n' ||
			       *s == '\r' || *s == '\v' || *s == '\f'))
			s++;
		words[n] = arena_strndup(scratch, b, (size_t)(s - b));
		if (!words[n])
			return -1;
		n++;
	}
}

/* Go's strconv.ParseInt(t, 10, 32) succeeding. */
static bool parse_int32(const char *t, int *v)
{
	const char *p = t;
	char *end;
	long long x;

	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return false;
	errno = 0;
	x = strtoll(t, &end, 10);
	if (*end || errno == ERANGE || x > 2147483647LL || x < -2147483648LL)
		return false;
	*v = (int)x;
	return true;
}

/* a|b, as pprof's catRegex. */
static const char *cat_regex(struct arena *a, const char *x, const char *y)
{
	size_t nx = x ? strlen(x) : 0, ny = strlen(y);
	char *s;

	if (!nx || !ny)
		return nx ? x : arena_strdup(a, y);
	s = arena_alloc(a, nx + ny + 2);
	if (!s)
		return NULL;
	memcpy(s, x, nx);
	s[nx] = '|';
	memcpy(s + nx + 1, y, ny + 1);
	return s;
}

static const struct cmd_entry *find_report(const char *name)
{
	const struct cmd_entry *e = cmd_find(name);

	return e && (e->flags & CMD_REPORT) ? e : NULL;
}

/* top10 -> top, "10" (pprof's tailDigitsRE). */
static const struct cmd_entry *split_digits(const char *word, struct arena *a,
					    const char **name, const char **digits)
{
	size_t n = strlen(word), i = n;

	while (i > 0 && word[i - 1] >= '0' && word[i - 1] <= '9')
		i--;
	if (i == n || i == 0)
		return NULL;
	*name = arena_strndup(a, word, i);
	*digits = word + i;
	return *name ? find_report(*name) : NULL;
}

static int unknown_command(const char *name, char **args, int nargs,
			   struct rt_error *err)
{
	if (option_help(name))
		return rt_error_set(err, "did you mean: %s=%s", name,
				    nargs > 0 ? args[0] : "<val>");
	return rt_error_set(err, "unrecognized command: \"%s\"", name);
}

int cmdline_parse(char **words, int n, const struct report_config *current,
		  struct arena *scratch, struct cmdline *out,
		  struct rt_error *err)
{
	const char *name = words[0], *digits = NULL;
	const struct cmd_entry *e = find_report(name);
	char **args = words + 1;
	int nargs = n - 1;
	const char *focus = NULL, *ignore = NULL;

	if (!e) {
		e = split_digits(words[0], scratch, &name, &digits);
		if (!e && digits) {
			char *d = (char *)digits;
			return unknown_command(name, &d, 1, err);
		}
		if (!e)
			return unknown_command(name, args, nargs, err);
	}
	if (digits) {	/* pprof puts them first: top10 x is top 10 x */
		char **more = arena_alloc(scratch, sizeof *more * (size_t)(nargs + 1));
		if (!more)
			return rt_error_set(err, "out of memory");
		more[0] = (char *)digits;
		memcpy(more + 1, args, sizeof *more * (size_t)nargs);
		args = more;
		nargs++;
	}
	memset(out, 0, sizeof *out);
	out->entry = e;
	out->name = name;
	out->cfg = *current;
	if (e->flags & CMD_PARAM) {
		if (nargs == 0) {
			return rt_error_set(err, "command %s requires an argument", name);
		} else {
			out->arg = args[0];
			args++;
			nargs--;
		}
	}
	for (int i = 0; i < nargs; i++) {
		const char *t = args[i];
		int v;

		if (parse_int32(t, &v)) {
			out->cfg.nodecount = v;
		} else if (t[0] == '>') {
			const char *f = t + 1;
			if (!*f) {
				if (++i >= nargs)
					return rt_error_set(err, "unexpected end of line after >");
				f = args[i];
			}
			out->cfg.output = f;
		} else if (t[0] == '-') {
			if (strcmp(t, "--cum") == 0 || strcmp(t, "-cum") == 0)
				out->cfg.sort = "cum";
			else if (!(ignore = cat_regex(scratch, ignore, t + 1)))
				return rt_error_set(err, "out of memory");
		} else if (!(focus = cat_regex(scratch, focus, t))) {
			return rt_error_set(err, "out of memory");
		}
	}
	if (strcmp(name, "tags") == 0) {
		if (focus && *focus)
			out->cfg.tagfocus = focus;
		if (ignore && *ignore)
			out->cfg.tagignore = ignore;
	} else {
		if (focus && *focus)
			out->cfg.focus = focus;
		if (ignore && *ignore)
			out->cfg.ignore = ignore;
	}
	if (out->cfg.nodecount == -1 &&
	    (strcmp(name, "text") == 0 || strcmp(name, "top") == 0))
		out->cfg.nodecount = 10;
	return 0;
}
