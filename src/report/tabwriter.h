/* tabwriter: Go's text/tabwriter as pprof's tags report uses it (min width
 * 0, padding 1, pad ' ', AlignRight): tab-terminated cells are aligned in
 * column blocks of consecutive lines; the text after the last tab is not. */
#ifndef RT_TABWRITER_H
#define RT_TABWRITER_H

#include "base/sbuf.h"

/* Formats text (lines of tab-separated cells) into out. */
void tabwriter_right(struct sbuf *out, const char *text);

/* Width of n bytes in runes as Go counts them (utf8.RuneCountInString). */
size_t tabwriter_runes(const char *s, size_t n);

#endif
