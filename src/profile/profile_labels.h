/* profile_labels: the unit of each numeric label key of a profile (pprof's
 * Profile.NumLabelUnits).  Reports use it to scale tag values and to match
 * tag ranges; it never changes the profile. */
#ifndef RT_PROFILE_LABELS_H
#define RT_PROFILE_LABELS_H

#include <stdbool.h>
#include <stddef.h>

#include "profile/profile.h"

/* Parallel arrays, one entry per numeric label key, in order of first
 * appearance.  Keys and units point into the profile's strings: the table
 * lives no longer than the profile it was made from. */
struct label_units {
	const char **keys, **units;
	size_t n, cap;
};

/* The first non-empty unit seen for each key, else pprof's default
 * ("bytes" for alignment and request, the key itself otherwise). */
int label_units_init(struct label_units *u, const struct profile *p);
void label_units_free(struct label_units *u);
/* The unit of key, or key itself when the profile has no such label. */
const char *label_units_of(const struct label_units *u, const char *key);

/* A sample of -diff_base's base: labelled pprof::base=true. */
bool sample_is_diff_base(const struct profile *p, const struct sample *s);

#endif
