/* idmap: linear probing; grows at half load. */
#include "base/idmap.h"

#include <stdlib.h>

int idmap_init(struct idmap *m, size_t expected)
{
	size_t cap = 16;
	while (cap < expected * 2)
		cap *= 2;
	m->keys = calloc(cap, sizeof *m->keys);
	m->vals = calloc(cap, sizeof *m->vals);
	m->cap = cap;
	m->count = 0;
	if (!m->keys || !m->vals) {
		idmap_free(m);
		return -1;
	}
	return 0;
}

void idmap_free(struct idmap *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->count = 0;
}

void *idmap_get(const struct idmap *m, uint64_t key)
{
	if (key == 0 || m->cap == 0)
		return NULL;
	for (size_t i = idmap_mix(key) & (m->cap - 1); m->keys[i];
	     i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return m->vals[i];
	return NULL;
}

static int idmap_grow(struct idmap *m)
{
	struct idmap n;
	if (idmap_init(&n, m->cap) < 0)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			idmap_put(&n, m->keys[i], m->vals[i]);
	idmap_free(m);
	*m = n;
	return 0;
}

int idmap_put(struct idmap *m, uint64_t key, void *val)
{
	size_t i;
	if (key == 0)
		return 0;
	if ((m->count + 1) * 2 > m->cap && idmap_grow(m) < 0)
		return -1;
	for (i = idmap_mix(key) & (m->cap - 1); m->keys[i];
	     i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key) {
			m->vals[i] = val;
			return 0;
		}
	m->keys[i] = key;
	m->vals[i] = val;
	m->count++;
	return 0;
}
