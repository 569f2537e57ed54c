/* build: turns copied stack rows into a struct profile: symbolizes each pc
 * (cached), makes mappings, locations, functions and string labels.  Runs
 * on the snapshot caller's thread with no sampler lock held except
 * sym_lock.  Internal to src/sampler. */
#ifndef RT_SAMPLER_BUILD_H
#define RT_SAMPLER_BUILD_H

#include <stdint.h>

#include "base/rt_error.h"
#include "profile/profile.h"
#include "sampler/stacktab.h"

struct build_spec {
	size_t n_types;
	const char *types[4], *units[4];
	int use_total[4];	/* 1: the value comes from totals, not the window */
	const char *period_type, *period_unit;
	int64_t period;
	int64_t heap_rate;	/* > 0: apply Go's heap unsampling to pairs 0-1, 2-3 */
	const char *const *trim;	/* leaf function names dropped (NULL-ended) */
	int64_t time_nanos, duration_nanos;
	const char *slot_label;	/* series rows' numeric label key */
};

struct profile *build_profile(const struct stacktab_copy *c,
			      const struct build_spec *spec,
			      struct rt_error *err);

#endif
