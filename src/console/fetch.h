/* fetch: pprof's fetchProfiles for files: read every source, merge them
 * (always, even one), bring in a base (-base / -diff_base, -normalize), and
 * the symbolizer's notes for profiles without binaries.  Warnings (one
 * source of two missing, "Main binary filename not available.") go into
 * msg exactly as pprof prints them; failures into err. */
#ifndef RT_CONSOLE_FETCH_H
#define RT_CONSOLE_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/rt_error.h"
#include "base/sbuf.h"
#include "profile/profile.h"

struct fetch_opts {
	char **sources;
	size_t n_sources;
	const char *base;		/* NULL or "": none */
	bool diff_base;
	bool normalize;
	const char *exec_name;		/* [binary] argument: mapping[0] file */
	const char *build_id;		/* -buildid: mapping[0] build id */
	const char *comment;		/* -add_comment */
	size_t max_decompressed;	/* bytes; 0: the reader's default */
};

struct fetch {
	struct profile *p;		/* the result */
	struct profile **owned;		/* everything read or made, freed */
	size_t n_owned;			/* together (merges may share strings) */
};

int fetch_profiles(const struct fetch_opts *o, struct fetch *f,
		   struct sbuf *msg, struct rt_error *err);
void fetch_free(struct fetch *f);

#endif
