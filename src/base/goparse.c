/* goparse: Go's strconv number and bool syntax on top of strtoull/strtod.
 * The one copy: flags (flag package rules) and options (pprof's
 * config.set) both call these. */
#include "base/goparse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum go_parse go_parse_int(const char *s, long long *v)
{
	char buf[128], *end;
	const char *p = s;
	size_t k = 0;
	int base = 10;
	bool neg = false;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		base = 8, p += 2;
	else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
		base = 2, p += 2;
	else if (p[0] == '0' && p[1])
		base = 8, p += 1;
	bool prefixed = base != 10;	/* "0x", "0o", "0b" or octal's "0" */
	for (; *p && k + 1 < sizeof buf; p++) {
		/* Go's underscoreOK: '_' only between digits, or after a prefix. */
		if (*p == '_') {
			if ((k == 0 && !prefixed) || !isalnum((unsigned char)p[1]))
				return GO_PARSE_SYNTAX;
			continue;
		}
		buf[k++] = *p;
	}
	buf[k] = '\0';
	if (!k || *p || buf[0] == '+' || buf[0] == '-' || isspace((unsigned char)buf[0]))
		return GO_PARSE_SYNTAX;
	errno = 0;
	unsigned long long u = strtoull(buf, &end, base);
	if (*end)
		return GO_PARSE_SYNTAX;
	if (errno == ERANGE || u > (unsigned long long)LLONG_MAX + neg)
		return GO_PARSE_RANGE;
	*v = neg ? (long long)(0 - u) : (long long)u;
	return GO_PARSE_OK;
}

enum go_parse go_atoi(const char *s, long long *v)
{
	const char *p = s;
	char *end;

	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return GO_PARSE_SYNTAX;
	errno = 0;
	long long n = strtoll(s, &end, 10);
	if (*end)
		return GO_PARSE_SYNTAX;
	if (errno == ERANGE)
		return GO_PARSE_RANGE;
	*v = n;
	return GO_PARSE_OK;
}

enum go_parse go_parse_float(const char *s, double *v)
{
	char *end;

	if (!*s || isspace((unsigned char)*s))
		return GO_PARSE_SYNTAX;
	errno = 0;
	double d = strtod(s, &end);
	if (*end)
		return GO_PARSE_SYNTAX;
	if (errno == ERANGE && isinf(d))
		return GO_PARSE_RANGE;
	*v = d;
	return GO_PARSE_OK;
}

enum go_parse go_parse_bool(const char *s, bool *v)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const f[] = { "0", "f", "F", "FALSE", "false", "False" };

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (strcmp(s, t[i]) == 0)
			return *v = true, GO_PARSE_OK;
		if (strcmp(s, f[i]) == 0)
			return *v = false, GO_PARSE_OK;
	}
	return GO_PARSE_SYNTAX;
}
