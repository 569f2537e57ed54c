/* craft_mapping: copies a profile with every mapping's file (and build id)
 * replaced and its has_* flags cleared, so pprof would want to symbolize
 * it.  Used by regen.sh --profiles. */
#include <stdio.h>

#include "profile/profile_io.h"

int main(int argc, char **argv)
{
	struct rt_error err;
	struct profile *p;

	if (argc != 5) {
		fprintf(stderr, "usage: craft_mapping IN FILE OUT BUILDID\n");
		return 2;
	}
	p = profile_read_file(argv[1], NULL, &err);
	if (!p) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	for (size_t i = 0; i < p->n_mappings; i++) {
		struct mapping *m = p->mappings[i];
		m->file = profile_str(p, argv[2]);
		m->build_id = profile_str(p, argv[4]);
		m->has_functions = m->has_filenames = false;
		m->has_line_numbers = m->has_inline_frames = false;
	}
	if (profile_write_file(p, argv[3], &err) < 0) {
		fprintf(stderr, "%s: %s\n", argv[3], err.msg);
		return 1;
	}
	profile_free(p);
	return 0;
}
