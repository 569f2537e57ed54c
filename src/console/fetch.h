/* fetch: pprof's fetchProfiles for files and URLs: read every source,
 * merge them (always, even one), bring in a base (-base / -diff_base, -normalize), and
 * symbolization from local binaries (src/symbol).  Warnings (one
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
	const char *symbolize;		/* -symbolize mode; NULL or "": default */
	size_t max_decompressed;	/* bytes; 0: the reader's default */
	size_t max_sample_locations;	/* 0: the reader's default */
	size_t max_samples;		/* 0: the reader's default */
	/* The one report to come only sums samples up (report_sums_only):
	 * a single local profile without a base is then not merged, where
	 * merging would change no sum.  The console's reports are many: it
	 * leaves this false. */
	bool sums_only;
	int seconds;			/* -seconds for URL sources; 0: none */
	int timeout;			/* -timeout for URL sources; 0: pprof's */
	/* "Fetching profile over HTTP from URL" lines, which come before a
	 * fetch that may take long: to note(note_arg, line) when set, else
	 * into msg with the rest. */
	void (*note)(void *note_arg, const char *line);
	void *note_arg;
};

/* A -symbolize mode as pprof's Symbolizer.Symbolize reads it (parts split
 * at ':', case ignored): whether the local symbolizer runs (src/symbol),
 * whether it redoes mappings that have symbols, and demangling. */
struct symbolize_mode {
	bool none;		/* none/no: no symbolization, no demangling */
	bool local;		/* the local symbolizer (not remote) */
	bool force;		/* force, demangle=full|none|templates:
				 * symbolize mappings that have symbols too */
	bool demangle_mode;	/* demangle=full|none|templates: a demangling
				 * other than pprof's default (not in rtprof) */
	int unrecognized;	/* parts pprof warns about and skips */
};

void fetch_symbolize_mode(const char *mode, struct symbolize_mode *m);

struct fetch {
	struct profile *p;		/* the result */
	struct profile **owned;		/* everything read or made, freed */
	size_t n_owned;			/* together (merges may share strings) */
};

/* Whether pprof takes source as a URL (http://h:p/path, h:p, h:p/path)
 * rather than a file name. */
bool fetch_is_url(const char *source);

int fetch_profiles(const struct fetch_opts *o, struct fetch *f,
		   struct sbuf *msg, struct rt_error *err);
void fetch_free(struct fetch *f);

#endif
