/* arena: a list of large blocks; big requests get a block of their own,
 * and a big array that grows (arena_grow) a mapping of its own. */
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA_BLOCK (256 * 1024)

/* From this size an array that grows gets a mapping of its own: address
 * space reserved for it to grow into in place (only the pages it touches
 * are memory), on whole huge pages where transparent huge pages are asked
 * for; past the reservation mremap moves its pages, copying none.
 * Growing by doubling then costs no copy and leaves no old array behind. */
#define ARENA_MAP_MIN ((size_t)1 << 20)
#define ARENA_MAP_RESERVE ((size_t)256 << 20)
#define ARENA_HUGE ((size_t)2 << 20)

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t mapped;	/* the mapping's length; 0: from malloc */
	_Alignas(16) unsigned char data[];
};

/* A mapping for a block of len bytes (header included), with room to
 * grow; NULL when there is no address space even for len. */
static struct arena_block *map_block(size_t len)
{
	size_t res = len > ARENA_MAP_RESERVE ? len : ARENA_MAP_RESERVE;
	res = (res + ARENA_HUGE - 1) & ~(ARENA_HUGE - 1);
	unsigned char *m = mmap(NULL, res + ARENA_HUGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED) {
		/* little address space (ulimit -v): exactly len */
		res = (len + 4095) & ~(size_t)4095;
		m = mmap(NULL, res, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return NULL;
		((struct arena_block *)(void *)m)->mapped = res;
		return (struct arena_block *)(void *)m;
	}
	/* the reservation on a huge page boundary, the rest unmapped */
	unsigned char *a = (unsigned char *)(((uintptr_t)m + ARENA_HUGE - 1) & ~(ARENA_HUGE - 1));
	if (a > m)
		munmap(m, (size_t)(a - m));
	if (m + res + ARENA_HUGE > a + res)
		munmap(a + res, (size_t)(m + res + ARENA_HUGE - (a + res)));
	madvise(a, res, MADV_HUGEPAGE);
	((struct arena_block *)(void *)a)->mapped = res;
	return (struct arena_block *)(void *)a;
}

static void block_free(struct arena_block *b)
{
	if (b->mapped)
		munmap(b, b->mapped);
	else
		free(b);
}

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
		block_free(b);
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
		block_free(b);
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
		b->mapped = 0;
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
	b->mapped = 0;
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

void *arena_grow(struct arena *a, void *old, size_t old_size, size_t size)
{
	if (old && old_size > ARENA_BLOCK / 4 && size > old_size && size <= SIZE_MAX / 2) {
		struct arena_block **at = &a->head;
		while (*at && (*at)->data != (unsigned char *)old)
			at = &(*at)->next;
		struct arena_block *b = *at;
		if (b && b->size == ((old_size + 15) & ~(size_t)15)) {
			size = (size + 15) & ~(size_t)15;
			struct arena_block *nb;
			size_t len = sizeof *nb + size;
			if (b->mapped && len <= b->mapped) {
				nb = b;	/* within its reservation */
			} else if (b->mapped) {
				size_t res = b->mapped * 2 > len ? b->mapped * 2 : len;
				res = (res + 4095) & ~(size_t)4095;
				nb = mremap(b, b->mapped, res, MREMAP_MAYMOVE);
				if (nb == MAP_FAILED)
					return NULL;
				nb->mapped = res;
			} else if (size >= ARENA_MAP_MIN) {
				if (!(nb = map_block(len)))
					return NULL;
				size_t mapped = nb->mapped;
				memcpy(nb, b, sizeof *b + b->size);
				nb->mapped = mapped;
				free(b);
			} else if (!(nb = realloc(b, len))) {
				return NULL;
			}
			*at = nb;
			nb->size = size;
			if (nb == a->head)
				a->used = size;
			a->total += size - old_size;
			return nb->data;
		}
	}
	void *p = arena_alloc(a, size);
	if (p && old && old_size)
		memcpy(p, old, old_size < size ? old_size : size);
	return p;
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
