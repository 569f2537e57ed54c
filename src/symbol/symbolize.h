/* symbolize: pprof's local symbolization of address-only profiles as
 * `go tool pprof` does it: locateBinaries (binaries found under a search
 * path by build id or name) and the symbolizer (newMapping's checks and
 * notes, then one frame per location from the binary's DWARF).  Notes go
 * into msg word for word as pprof prints them; never prints itself. */
#ifndef RT_SYMBOL_SYMBOLIZE_H
#define RT_SYMBOL_SYMBOLIZE_H

#include <stdbool.h>

#include "base/rt_error.h"
#include "base/sbuf.h"
#include "profile/profile.h"

/* locateBinaries' search: for every mapping, search_path (':'-separated,
 * as $PPROF_BINARY_PATH) is tried for BUILDID/BASENAME, BUILDID/ *,
 * FILE/BUILDID, BASENAME and FILE; the first file that opens becomes the
 * mapping's file. */
int symbol_locate_binaries(struct profile *p, const char *search_path,
			   struct sbuf *msg, struct rt_error *err);

/* doLocalSymbolize: symbolizes the locations of every mapping that has
 * none of functions, file names, line numbers (any, with force). */
int symbol_symbolize(struct profile *p, bool force, struct sbuf *msg,
		     struct rt_error *err);

#endif
