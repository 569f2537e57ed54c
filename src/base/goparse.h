/* goparse: Go's strconv parsers (ParseInt with base 0, Atoi, ParseFloat,
 * ParseBool), so that flags and prompt assignments accept exactly what
 * pprof accepts.  They return a go_parse status; each caller words the
 * failure as its Go counterpart does (the flag package says "parse error",
 * strconv "invalid syntax").  Never allocate, never print. */
#ifndef RT_BASE_GOPARSE_H
#define RT_BASE_GOPARSE_H

#include <stdbool.h>

enum go_parse {
	GO_PARSE_OK = 0,
	GO_PARSE_SYNTAX = -1,	/* not a number of that kind */
	GO_PARSE_RANGE = -2,	/* a number, but not one that fits */
};

/* strconv.ParseInt(s, 0, 64), as the flag package's Int and Int64 read
 * values: optional sign, 0x/0o/0b/0 prefixes, '_' between digits of a
 * prefixed number. */
enum go_parse go_parse_int(const char *s, long long *v);
/* strconv.Atoi on a 64-bit machine: base 10, optional sign. */
enum go_parse go_atoi(const char *s, long long *v);
/* strconv.ParseFloat(s, 64): no blanks, no trailing text; overflow to an
 * infinity is a range error. */
enum go_parse go_parse_float(const char *s, double *v);
/* strconv.ParseBool: 1 t T TRUE true True, 0 f F FALSE false False. */
enum go_parse go_parse_bool(const char *s, bool *v);

#endif
