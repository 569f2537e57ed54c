/* report_items: the rows a report printed, described for the console.
 * A sorted array and an arena of strings. */
#include "report/report_items.h"

#include <stdlib.h>
#include <string.h>

void report_items_init(struct report_items *it)
{
	memset(it, 0, sizeof *it);
	arena_init(&it->strings);
}

void report_items_reset(struct report_items *it)
{
	it->n = 0;
	arena_reset(&it->strings);
}

void report_items_free(struct report_items *it)
{
	free(it->v);
	arena_free(&it->strings);
	memset(it, 0, sizeof *it);
}

/* Items are in line order: a binary search. */
const struct report_item *report_items_at(const struct report_items *it, size_t line)
{
	size_t lo = 0, hi = it ? it->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (it->v[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < (it ? it->n : 0) && it->v[lo].line == line ? &it->v[lo] : NULL;
}
