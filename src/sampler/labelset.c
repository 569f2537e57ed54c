/* labelset: a mutex-protected table of interned label sets.  Sets live in an
 * arena and never move, so a pointer from labelset_get stays valid without
 * the lock; only the id -> set array is guarded. */
#include "sampler/labelset.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/strtab.h"

#define LABELSET_MAX_KEYS 32

/* All guarded by mu; written by whichever thread sets a label. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct arena arena;
static struct strtab strs;
static const struct labelset **sets;	/* sets[0] is NULL: the empty set */
static uint32_t *hashes;
static uint32_t n_sets, cap_sets;
static int ready;

int labelset_init(void)
{
	int rc = 0;
	pthread_mutex_lock(&mu);
	if (!ready) {
		arena_init(&arena);
		if (strtab_init(&strs, &arena) < 0) {
			arena_free(&arena);
			rc = -1;
		} else {
			sets = calloc(16, sizeof *sets);
			hashes = calloc(16, sizeof *hashes);
			if (!sets || !hashes) {
				free(sets);
				free(hashes);
				sets = NULL;
				hashes = NULL;
				strtab_free(&strs);
				arena_free(&arena);
				rc = -1;
			} else {
				cap_sets = 16;
				n_sets = 1;
				ready = 1;
			}
		}
	}
	pthread_mutex_unlock(&mu);
	return rc;
}

/* Strings are interned, so equal sets have equal pointers. */
static uint32_t set_hash(const struct labelset *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (uint32_t i = 0; i < s->n; i++) {
		h = (h ^ (uintptr_t)s->kv[i].key) * 1099511628211ULL;
		h = (h ^ (uintptr_t)s->kv[i].value) * 1099511628211ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}

static int set_equal(const struct labelset *a, const struct labelset *b)
{
	if (!a || !b)
		return (!a || !a->n) && (!b || !b->n);
	if (a->n != b->n)
		return 0;
	for (uint32_t i = 0; i < a->n; i++)
		if (a->kv[i].key != b->kv[i].key || a->kv[i].value != b->kv[i].value)
			return 0;
	return 1;
}

/* Linear search: a program has a handful of label sets. */
static uint32_t find_or_add(const struct labelset *want, uint32_t fallback)
{
	uint32_t h = set_hash(want);
	if (!want->n)
		return 0;
	for (uint32_t i = 1; i < n_sets; i++)
		if (hashes[i] == h && set_equal(sets[i], want))
			return i;
	if (n_sets == cap_sets) {
		uint32_t nc = cap_sets ? cap_sets * 2 : 16;
		const struct labelset **ns = realloc(sets, nc * sizeof *ns);
		if (!ns)
			return fallback;
		sets = ns;
		uint32_t *nh = realloc(hashes, nc * sizeof *nh);
		if (!nh)
			return fallback;
		hashes = nh;
		sets[0] = NULL;
		cap_sets = nc;
	}
	size_t sz = sizeof *want + want->n * sizeof want->kv[0];
	struct labelset *copy = arena_memdup(&arena, want, sz);
	if (!copy)
		return fallback;
	sets[n_sets] = copy;
	hashes[n_sets] = h;
	return n_sets++;
}

uint32_t labelset_with(uint32_t base, const char *key, const char *value)
{
	_Alignas(struct labelset) unsigned char buf[sizeof(struct labelset) +
		(LABELSET_MAX_KEYS + 1) * 2 * sizeof(const char *)];
	struct labelset *t = (struct labelset *)buf;
	uint32_t id = base;

	if (!key)
		return base;
	pthread_mutex_lock(&mu);
	if (!ready || base >= n_sets)
		goto out;
	const char *k = strtab_intern_cstr(&strs, key);
	const char *v = value ? strtab_intern_cstr(&strs, value) : NULL;
	if (!k || (value && !v))
		goto out;
	const struct labelset *b = sets[base];
	uint32_t n = 0, bn = b ? b->n : 0, i = 0;
	for (; i < bn && strcmp(b->kv[i].key, k) < 0; i++, n++) {
		t->kv[n].key = b->kv[i].key;
		t->kv[n].value = b->kv[i].value;
	}
	if (i < bn && b->kv[i].key == k)
		i++;
	if (v) {
		t->kv[n].key = k;
		t->kv[n++].value = v;
	}
	for (; i < bn; i++, n++) {
		t->kv[n].key = b->kv[i].key;
		t->kv[n].value = b->kv[i].value;
	}
	if (n > LABELSET_MAX_KEYS)
		goto out;
	t->n = n;
	id = find_or_add(t, base);
out:
	pthread_mutex_unlock(&mu);
	return id;
}

const struct labelset *labelset_get(uint32_t id)
{
	const struct labelset *s = NULL;
	pthread_mutex_lock(&mu);
	if (ready && id < n_sets)
		s = sets[id];
	pthread_mutex_unlock(&mu);
	return s;
}
