/* strtab: open addressing, linear probing, FNV-1a hashes. */
#include "base/strtab.h"

#include <stdlib.h>
#include <string.h>

uint32_t strtab_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

int strtab_init(struct strtab *t, struct arena *a)
{
	t->arena = a;
	t->cap = 1024;
	t->count = 0;
	t->slots = calloc(t->cap, sizeof *t->slots);
	t->hashes = calloc(t->cap, sizeof *t->hashes);
	if (!t->slots || !t->hashes) {
		strtab_free(t);
		return -1;
	}
	t->empty = strtab_intern(t, "", 0);
	if (!t->empty) {
		strtab_free(t);
		return -1;
	}
	return 0;
}

void strtab_free(struct strtab *t)
{
	free(t->slots);
	free(t->hashes);
	t->slots = NULL;
	t->hashes = NULL;
	t->cap = t->count = 0;
}

static int strtab_grow(struct strtab *t)
{
	size_t ncap = t->cap * 2;
	const char **ns = calloc(ncap, sizeof *ns);
	uint32_t *nh = calloc(ncap, sizeof *nh);

	if (!ns || !nh) {
		free(ns);
		free(nh);
		return -1;
	}
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i])
			continue;
		size_t j = t->hashes[i] & (ncap - 1);
		while (ns[j])
			j = (j + 1) & (ncap - 1);
		ns[j] = t->slots[i];
		nh[j] = t->hashes[i];
	}
	free(t->slots);
	free(t->hashes);
	t->slots = ns;
	t->hashes = nh;
	t->cap = ncap;
	return 0;
}

const char *strtab_intern(struct strtab *t, const char *s, size_t n)
{
	uint32_t h = strtab_hash(s, n);
	size_t i;

	if ((t->count + 1) * 2 > t->cap && strtab_grow(t) < 0)
		return NULL;
	for (i = h & (t->cap - 1); t->slots[i]; i = (i + 1) & (t->cap - 1)) {
		if (t->hashes[i] == h && strncmp(t->slots[i], s, n) == 0 &&
		    t->slots[i][n] == '\0')
			return t->slots[i];
	}
	char *copy = arena_strndup(t->arena, s, n);
	if (!copy)
		return NULL;
	t->slots[i] = copy;
	t->hashes[i] = h;
	t->count++;
	return copy;
}

const char *strtab_intern_cstr(struct strtab *t, const char *s)
{
	return strtab_intern(t, s, strlen(s));
}
