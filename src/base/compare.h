/* compare: the small comparisons reports share (Go's sort.Strings order
 * is strcmp's byte order). */
#ifndef RT_COMPARE_H
#define RT_COMPARE_H

#include <stdint.h>
#include <string.h>

/* qsort comparator over an array of C strings. */
static inline int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* |v|, wrapping like Go's -v for the minimum (the build uses -fwrapv). */
static inline int64_t abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

#endif
