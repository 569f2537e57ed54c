/* report_filter: pprof's sample filters, run by the report entry point
 * (report.c) on a working copy before any graph is built. */
#ifndef RT_REPORT_FILTER_H
#define RT_REPORT_FILTER_H

#include <stdbool.h>

#include "base/rt_error.h"
#include "base/sbuf.h"
#include "profile/profile.h"
#include "profile/profile_labels.h"
#include "report/report_config.h"

/* Whether cfg sets a filter: filters edit the profile, so the caller hands
 * them a copy. */
bool report_filter_needed(const struct report_config *cfg);
/* Whether some sample has no location (the filters drop those, as pprof's
 * FilterSamplesByName always does). */
bool report_has_bare_samples(const struct profile *p);
/* Drops bare samples, then applies cfg's filters in pprof's order; the
 * "X expression matched no samples" warnings go into warn.  units: the
 * profile's numeric label units (tag ranges). */
int report_filter_apply(struct profile *p, const struct report_config *cfg,
			const struct label_units *units, struct sbuf *warn,
			struct rt_error *err);

#endif
