/* rx: the regexps users type (focus, ignore, hide, show, tag filters,
 * list/peek arguments, drop frames, the flame pane's search).  Go's RE2
 * syntax, checked as Go checks it (src/base/rx_parse.c), matched anywhere in
 * the string by PCRE2's DFA matcher: no backtracking, with match, depth and
 * heap limits, so no pattern takes unbounded time or memory. */
#ifndef RT_RX_H
#define RT_RX_H

#include <stdbool.h>

#include "base/rt_error.h"

/* The size cap: a regexp whose PCRE2 program (counted repeats of groups
 * written out copy by copy) passes this many bytes is refused. */
#define RX_MAX_PROGRAM (64 * 1024)

struct rx_prog;

struct rx {
	struct rx_prog *prog;
	bool ok;
};

/* Go's regexp.Compile: 0, or -1 with Go's message in err ("error parsing
 * regexp: ..."), or a message naming the size cap. */
int rx_compile(struct rx *r, const char *pattern, struct rt_error *err);
/* Whether r matches somewhere in s (invalid UTF-8 reads as U+FFFD per byte,
 * as in Go).  A match that runs into PCRE2's limits counts as no match and
 * is counted in rx_limit_hits.  Any thread may match with a compiled r. */
bool rx_match(const struct rx *r, const char *s);
void rx_free(struct rx *r);
/* Matches cut short by the limits since the program started. */
unsigned long rx_limit_hits(void);

#endif
