/* profile_prune: pprof's frame pruning (profile/prune.go): drop_frames /
 * keep_frames of the profile itself (RemoveUninteresting) and the
 * -prune_from option.  Both edit the profile in place. */
#ifndef RT_PROFILE_PRUNE_H
#define RT_PROFILE_PRUNE_H

#include <stddef.h>

#include "base/rt_error.h"
#include "base/rx.h"
#include "profile/profile.h"

/* pprof's simplifyFunc: no leading '.', no argument list. */
void profile_simplify_func(const char *name, char *out, size_t n);
/* Applies the profile's drop_frames/keep_frames (anchored regexps). */
int profile_remove_uninteresting(struct profile *p, struct rt_error *err);
/* -prune_from: drops the frames beneath the first matching one. */
void profile_prune_from(struct profile *p, const struct rx *re);

#endif
