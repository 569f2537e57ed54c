/* labelset: interned, immutable sets of key=value labels (pprof.Do's label
 * sets).  A thread holds the id of its current set; samples carry that id
 * and the profile builder turns it back into string labels.  Id 0 is the
 * empty set.  Thread-safe (one mutex); never used in a signal handler. */
#ifndef RT_SAMPLER_LABELSET_H
#define RT_SAMPLER_LABELSET_H

#include <stdint.h>

struct labelset {
	uint32_t n;
	struct {
		const char *key, *value;
	} kv[];		/* sorted by key, keys unique */
};

int labelset_init(void);
void labelset_shutdown(void);

/* The id of set `base` with key set to value (value NULL removes key).
 * Returns base unchanged when out of memory or not initialised. */
uint32_t labelset_with(uint32_t base, const char *key, const char *value);

/* The set with that id (immutable; valid until labelset_shutdown), or NULL
 * for the empty set and unknown ids. */
const struct labelset *labelset_get(uint32_t id);

#endif
