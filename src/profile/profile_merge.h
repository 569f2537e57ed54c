/* profile_merge: pprof's Merge (profile/merge.go) and the driver's steps
 * around it: unit scaling of several profiles (measurement.ScaleProfiles),
 * diff bases, normalisation. */
#ifndef RT_PROFILE_MERGE_H
#define RT_PROFILE_MERGE_H

#include <stdbool.h>

#include "profile/profile.h"

/* Merges n profiles into a new one exactly as pprof's Merge: headers
 * combined, all-zero samples dropped, identical samples summed, locations,
 * functions and mappings deduplicated and renumbered from 1.  Also used with
 * n == 1 (pprof always compacts).  Sample and period types must match. */
struct profile *profile_merge(struct profile *const *ps, size_t n,
			      struct rt_error *err);
/* The same as profile_merge(&p, 1) but in place: p's samples, locations,
 * functions and mappings are deduplicated, renumbered and reordered as
 * Merge would, without a second copy of the profile.  On failure (out of
 * memory) p is half-merged: free it. */
int profile_merge_self(struct profile *p, struct rt_error *err);
/* What of profile_merge_self a report that only sums samples up could
 * see, done without merging samples: repeated comments dropped, samples
 * whose values are all zero dropped, then the locations no sample names
 * (what reads every location, such as symbolization, then sees the
 * merged set; their slots close up).  Where no value is negative
 * (profile_has_negative), the sums of identical samples are those of the
 * merged sample.  -1 when out of memory (p is then partly done: free
 * it). */
int profile_merge_self_sums(struct profile *p);
bool profile_has_negative(const struct profile *p);
/* Brings the profiles to common units (ScaleProfiles); error messages as
 * pprof's ("period type: incompatible types: ..."). */
int profile_scale_units(struct profile *const *ps, size_t n,
			struct rt_error *err);
/* Multiplies every value of type i by ratios[i] (rounding like Go); -1
 * out of memory (a narrow column made 64 bits), the profile then half
 * scaled, for the caller to drop. */
int profile_scale_n(struct profile *p, const double *ratios);
int profile_scale(struct profile *p, double ratio);
/* Normalises p to the totals of base (pprof -normalize). */
int profile_normalize(struct profile *p, const struct profile *base,
		      struct rt_error *err);
/* Sets label key=value on every sample (replacing that key). */
int profile_set_label(struct profile *p, const char *key, const char *value);
/* pprof's fetch gives a profile without mappings one empty mapping (id 1)
 * that every location points to; reports then show it (-raw). */
int profile_add_fake_mapping(struct profile *p);
/* Deep copy (strings shared with the source: the copy must not outlive it). */
struct profile *profile_copy(const struct profile *p);

#endif
