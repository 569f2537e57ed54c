/* report_tagroot: -tagroot/-tagleaf label frames on a working copy, run by
 * the report entry point before the filters. */
#ifndef RT_REPORT_TAGROOT_H
#define RT_REPORT_TAGROOT_H

#include <stdbool.h>

#include "base/rt_error.h"
#include "base/sbuf.h"
#include "profile/profile.h"
#include "report/report_config.h"

bool report_tagroot_needed(const struct report_config *cfg);
int report_tagroot(struct profile *p, const struct report_config *cfg,
		   struct sbuf *warn, struct rt_error *err);

#endif
