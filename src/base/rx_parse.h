/* rx_parse: the regexp syntax pprof takes (Go's regexp/syntax, RE2), checked
 * the way Go 1.19 checks it, and the same regexp spelled for PCRE2.  Nothing
 * here matches; src/base/rx.c compiles and runs what this writes. */
#ifndef RT_RX_PARSE_H
#define RT_RX_PARSE_H

#include "base/rt_error.h"
#include "base/sbuf.h"

/* Parses pattern by Go's rules (regexp.Compile: Perl flags).  On success
 * appends to out a PCRE2 pattern, for PCRE2_UTF without PCRE2_UCP, that
 * matches what Go's would, and returns 0.  A pattern Go refuses fills err
 * with Go's words ("error parsing regexp: CODE: `EXPR`") and returns -1. */
int rx_translate(const char *pattern, struct sbuf *out, struct rt_error *err);

/* Go's utf8.DecodeRune: the rune at s (n bytes left) and its length; an
 * invalid or empty sequence is U+FFFD of length 1 (0 when n is 0). */
unsigned rx_utf8_decode(const char *s, size_t n, int *len);

#endif
