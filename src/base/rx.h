/* rx: the regexps pprof takes (Go RE2 syntax), on POSIX extended regexps.
 * Perl classes \d \w \s (and upper-case negations) and \xHH are translated; an
 * unsupported construct is a compile error, never a crash. */
#ifndef RT_RX_H
#define RT_RX_H

#include <regex.h>
#include <stdbool.h>

#include "base/rt_error.h"

struct rx {
	regex_t re;
	bool ok;
};

int rx_compile(struct rx *r, const char *pattern, struct rt_error *err);
bool rx_match(const struct rx *r, const char *s);
void rx_free(struct rx *r);

#endif
