/* gen_profile: writes the large synthetic CPU profile of `make bench`
 * (bench/synth_profile.c): many distinct stacks over a few thousand
 * functions, with labels, the same on every run.
 * Usage: gen_profile OUT.pb.gz [STACKS [FUNCTIONS]] (default 4000
 * functions and 60000 locations; FUNCTIONS gives 3 locations each) */
#include <stdio.h>
#include <stdlib.h>

#include "profile/profile_io.h"
#include "synth_profile.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: gen_profile OUT.pb.gz [STACKS [FUNCTIONS]]\n");
		return 2;
	}
	struct synth_opts o = {
		.functions = 4000, .locations = 60000,
		.samples = argc > 2 ? strtoul(argv[2], NULL, 10) : 400000,
		.branching = 6, .min_depth = 8, .depth_range = 24,
		.labels = true, .inline_lines = true,
	};
	if (argc > 3) {
		o.functions = strtoul(argv[3], NULL, 10);
		o.locations = o.functions * 3;
	}
	struct rt_error err;
	struct profile *p = synth_profile(&o);
	if (!p) {
		fprintf(stderr, "gen_profile: out of memory\n");
		return 1;
	}
	if (profile_write_file(p, argv[1], &err) < 0) {
		fprintf(stderr, "gen_profile: %s: %s\n", argv[1], err.msg);
		return 1;
	}
	profile_free(p);
	return 0;
}
