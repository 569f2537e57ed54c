/* rx: translation of RE2 escapes to POSIX ERE, then regcomp. */
#include "base/rx.h"

#include <stdlib.h>
#include <string.h>

static const char *perl_class(char c)
{
	switch (c) {
	case 'd': return "[0-9]";
	case 'D': return "[^0-9]";
	case 'w': return "[[:alnum:]_]";
	case 'W': return "[^[:alnum:]_]";
	case 's': return "[[:space:]]";
	case 'S': return "[^[:space:]]";
	}
	return NULL;
}

#define ERE_SPECIAL "\\.+*?()|[]{}^$"

/* "xHH" with two hex digits: the byte (never NUL), else -1. */
static int hex_escape(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	if (s[0] != 'x' || !s[1] || !s[2])
		return -1;
	const char *a = strchr(hex, s[1] | 0x20), *b = strchr(hex, s[2] | 0x20);
	if (!a || !b || !*a || !*b)
		return -1;
	int v = (int)(a - hex) * 16 + (int)(b - hex);
	return v ? v : -1;
}

int rx_compile(struct rx *r, const char *pattern, struct rt_error *err)
{
	size_t n = strlen(pattern);
	char *t = malloc(n * 12 + 1), *w = t;
	int in_bracket = 0;

	r->ok = false;
	if (!t)
		return rt_error_set(err, "out of memory");
	for (size_t i = 0; i < n; i++) {
		char c = pattern[i];
		if (c == '\\' && i + 1 < n) {
			const char *cls = in_bracket ? NULL : perl_class(pattern[i + 1]);
			if (cls) {
				w = stpcpy(w, cls);
				i++;
				continue;
			}
			int code = hex_escape(pattern + i + 1);
			if (code >= 0) {
				/* RE2's \xHH: the byte itself, as a literal. */
				if (!in_bracket && strchr(ERE_SPECIAL, code))
					*w++ = '\\';
				*w++ = (char)code;
				i += 3;
				continue;
			}
			*w++ = c;
			*w++ = pattern[++i];
			continue;
		}
		if (c == '[')
			in_bracket = 1;
		else if (c == ']')
			in_bracket = 0;
		*w++ = c;
	}
	*w = '\0';
	int rc = regcomp(&r->re, t, REG_EXTENDED | REG_NOSUB);
	free(t);
	if (rc != 0) {
		/* Go's wording for the common mistakes. */
		if (rc == REG_EPAREN)
			return rt_error_set(err, "error parsing regexp: missing closing ): `%s`", pattern);
		if (rc == REG_EBRACK) {
			const char *b = strrchr(pattern, '[');
			return rt_error_set(err, "error parsing regexp: missing closing ]: `%s`",
					    b ? b : pattern);
		}
		char msg[200];
		regerror(rc, &r->re, msg, sizeof msg);
		return rt_error_set(err, "error parsing regexp: %s: `%s`", msg, pattern);
	}
	r->ok = true;
	return 0;
}

bool rx_match(const struct rx *r, const char *s)
{
	return r->ok && regexec(&r->re, s, 0, NULL, 0) == 0;
}

void rx_free(struct rx *r)
{
	if (r->ok)
		regfree(&r->re);
	r->ok = false;
}
