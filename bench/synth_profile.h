/* synth_profile: deterministic synthetic CPU profiles for the benches:
 * stacks are walks down a fixed call graph (each location calls one of
 * `branching` others), as in real programs: many distinct stacks, few
 * distinct edges. */
#ifndef RT_SYNTH_PROFILE_H
#define RT_SYNTH_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile/profile.h"

struct synth_opts {
	size_t functions, locations, samples;
	unsigned branching;
	uint32_t min_depth, depth_range;
	bool labels;		/* a worker=... label on every sample */
	unsigned slots;		/* > 0: a numeric rtprof_slot label, s % slots
				 * (a sampler series, for the trend column) */
	bool inline_lines;	/* a quarter of the locations get 2 lines */
	uint64_t seed;
};

struct profile *synth_profile(const struct synth_opts *o);

#endif
