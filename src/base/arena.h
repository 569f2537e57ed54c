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
/* The same aligned to align (a power of two, at most 16), and rounded up
 * to it only: small arrays of small items (a sample's 16-bit frames) are
 * packed, not padded to 16 bytes each. */
void *arena_alloc_align(struct arena *a, size_t size, size_t align);
void *arena_zalloc(struct arena *a, size_t size);
/* Makes old (size old_size, from arena_alloc of a, or NULL) hold size
 * bytes, its contents kept; a big array (a block of its own) is
 * reallocated in place of the old one, which is freed, where a small one
 * is copied and the old left as garbage.  NULL when out of memory (old is
 * then unchanged). */
void *arena_grow(struct arena *a, void *old, size_t old_size, size_t size);
void *arena_memdup(struct arena *a, const void *p, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);

#endif
