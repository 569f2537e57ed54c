/* arena: bump allocation for data with one lifetime (a loaded profile, a
 * report).  Everything is freed at once by arena_free; there is no per-object
 * free.  Not thread-safe: one owner at a time. */
#ifndef RT_ARENA_H
#define RT_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;	/* bytes used in head */
	size_t total;	/* bytes handed out, for statistics */
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Forgets every allocation but keeps one block for reuse (a scratch arena
 * used again and again). */
void arena_reset(struct arena *a);
/* Returns NULL only when the system is out of memory. Aligned to 16. */
void *arena_alloc(struct arena *a, size_t size);
void *arena_zalloc(struct arena *a, size_t size);
void *arena_memdup(struct arena *a, const void *p, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);

#endif
