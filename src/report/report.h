/* report: pprof's text reports (top/text, traces, tags, raw, list, peek,
 * tree, proto, topproto) from a struct profile.  Output goes into an sbuf,
 * warnings (like pprof's "Focus expression matched no samples") into a
 * second sbuf; nothing here prints, exits or knows of terminals. */
#ifndef RT_REPORT_H
#define RT_REPORT_H

#include <stdbool.h>

#include "base/rt_error.h"
#include "base/sbuf.h"
#include "profile/profile.h"
#include "report/flame.h"
#include "report/report_config.h"
#include "report/report_items.h"

/* Generates one report.  cmd_name is the command as typed ("top", "text",
 * "list", ...; it selects per-command overrides exactly as pprof's
 * applyCommandOverrides).  regex is the argument of list/peek (else NULL).
 * With items (may be NULL), the rows that show a node are described
 * there too, their line indexes counted from the start of out.
 * On failure returns -1 with pprof's message (e.g. "no matches found for
 * regexp: X"); out may then hold partial output to discard. */
int report_generate(const struct profile *p, enum report_cmd cmd,
		    const char *cmd_name, const char *regex,
		    const struct report_config *cfg, struct sbuf *out,
		    struct sbuf *warnings, struct report_items *items,
		    struct rt_error *err);

/* Whether cmd reads samples only through their sums (of values, of
 * edges, of label values), never one by one or through location ids: its
 * output is then the same from a profile whose identical samples are not
 * yet merged, as long as no value is negative (fetch_opts.sums_only). */
bool report_sums_only(enum report_cmd cmd);

/* The call tree flame graphs draw (report/flame.h), after the same
 * filters, sample selection and granularity as report_generate, without
 * what lies below frames narrower than min_share of the total; with
 * callers, the sandwich of the functions matching regex instead (tree
 * gets their callees).  Free with flame_free. */
int report_flame(const struct profile *p, const struct report_config *cfg, const char *regex,
		 struct flame *tree, struct flame *callers, double min_share,
		 struct sbuf *warnings, struct rt_error *err);

/* The profile labels (File, Build ID, comments, Type, Time, Duration) that
 * the interactive greeting prints, each line ending in "\n". */
int report_profile_labels(const struct profile *p,
			  const struct report_config *cfg, struct sbuf *out,
			  struct rt_error *err);

/* Total of the selected sample index, as pprof computes it. */
int64_t report_total(const struct profile *p, const struct report_config *cfg);

#endif
