/* profile_demangle: pprof's last symbolization step (symbolizer.Demangle in
 * its default mode): a function without a name takes its system name,
 * mangled C++ names are demangled, and C++-looking names lose their
 * parameter and template lists.  Edits the profile in place. */
#ifndef RT_PROFILE_DEMANGLE_H
#define RT_PROFILE_DEMANGLE_H

#include "profile/profile.h"

void profile_demangle(struct profile *p);

#endif
