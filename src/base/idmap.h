/* idmap: a uint64 -> pointer hash map (open addressing).  Used to resolve
 * profile ids and to dedupe objects; the key 0 is never stored. */
#ifndef RT_IDMAP_H
#define RT_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct idmap {
	uint64_t *keys;
	void **vals;
	size_t cap, count;
};

int idmap_init(struct idmap *m, size_t expected);
void idmap_free(struct idmap *m);
void *idmap_get(const struct idmap *m, uint64_t key);
/* Inserts or replaces; returns 0, or -1 when out of memory. */
int idmap_put(struct idmap *m, uint64_t key, void *val);

static inline uint64_t idmap_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

#endif
