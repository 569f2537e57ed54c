/* arena: a list of large blocks; big requests get a block of their own. */
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (256 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t size;
	_Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	arena_init(a);
}

void arena_reset(struct arena *a)
{
	struct arena_block *keep = a->head;
	if (!keep)
		return;
	struct arena_block *b = keep->next, *next;
	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	keep->next = NULL;
	a->used = 0;
	a->total = 0;
}

void *arena_alloc_align(struct arena *a, size_t size, size_t align)
{
	struct arena_block *b;

	if (size > SIZE_MAX / 2)
		return NULL;	/* no such block; and rounding would wrap */
	if (size == 0)
		size = align;
	size = (size + align - 1) & ~(align - 1);
	if (a->head) {
		size_t at = (a->used + align - 1) & ~(align - 1);
		if (a->head->size >= at && a->head->size - at >= size) {
			a->used = at + size;
			a->total += size;
			return a->head->data + at;
		}
	}
	if (size > ARENA_BLOCK / 4) {
		/* A private block, linked behind head so head keeps its room. */
		b = malloc(sizeof *b + size);
		if (!b)
			return NULL;
		b->size = size;
		if (a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = NULL;
			a->head = b;
			a->used = size;
		}
		a->total += size;
		return b->data;
	}
	b = malloc(sizeof *b + ARENA_BLOCK);
	if (!b)
		return NULL;
	b->size = ARENA_BLOCK;
	b->next = a->head;
	a->head = b;
	a->used = size;
	a->total += size;
	return b->data;
}

void *arena_alloc(struct arena *a, size_t size)
{
	return arena_alloc_align(a, size, 16);
}

void *arena_zalloc(struct arena *a, size_t size)
{
	void *p = arena_alloc(a, size);
	if (p)
		memset(p, 0, size);
	return p;
}

void *arena_memdup(struct arena *a, const void *src, size_t size)
{
	void *p = arena_alloc(a, size);
	if (p && size)
		memcpy(p, src, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}
