/* strtab: string interning.  Equal strings interned in one table are the same
 * pointer, so the profile model compares names by pointer.  Memory comes from
 * the caller's arena; the table lives as long as that arena. */
#ifndef RT_STRTAB_H
#define RT_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

struct strtab {
	struct arena *arena;
	const char **slots;
	uint32_t *hashes;
	size_t cap, count;
	const char *empty;	/* the interned "" */
};

int strtab_init(struct strtab *t, struct arena *a);
void strtab_free(struct strtab *t);
/* Returns the interned copy of s[0..n), or NULL when out of memory. */
const char *strtab_intern(struct strtab *t, const char *s, size_t n);
const char *strtab_intern_cstr(struct strtab *t, const char *s);
uint32_t strtab_hash(const char *s, size_t n);

#endif
