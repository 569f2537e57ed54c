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

/* Sets are never freed (a program has a handful): a thread keeps its
 * set's id across sampler_stop and sampler_start, and the samples kept
 * after a stop refer to ids too. */
int labelset_init(void);

/* The id of set `base` with key set to value (value NULL removes key).
 * Returns base unchanged when out of memory or not initialised. */
uint32_t labelset_with(uint32_t base, const char *key, const char *value);

/* The set with that id (immutable, never freed), or NULL for the empty set
 * and unknown ids. */
const struct labelset *labelset_get(uint32_t id);

#endif
