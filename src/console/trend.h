/* trend: each function's flat share over the last minute, slot by slot,
 * for the live console's top pane (a sparkline per row, `sort=trend`).
 * Built from a series profile (the live session's), whose samples carry
 * TREND_SLOT_LABEL; owned by the console's thread. */
#ifndef RT_CONSOLE_TREND_H
#define RT_CONSOLE_TREND_H

#include <stdbool.h>
#include <stddef.h>

#include "base/rt_error.h"
#include "profile/profile.h"

#define TREND_SECONDS 60	/* the span of the column */
#define TREND_SLOT_SECONDS 5	/* one glyph each */
#define TREND_SLOTS (TREND_SECONDS / TREND_SLOT_SECONDS)
#define TREND_RECENT 3		/* newest slots that count as "now" */
#define TREND_SLOT_LABEL "rtprof_slot"	/* the sampler's SAMPLER_SLOT_LABEL */
#define TREND_SPARK_MAX (TREND_SLOTS * 3 + 1)	/* bytes of a sparkline */

struct trend;

/* Takes series (freed with the trend, or at once on failure); values at
 * sample_index (pprof's rules); flat by the innermost inlined frame, or
 * by the outermost with noinlines.  NULL with err on failure. */
struct trend *trend_build(struct profile *series, const char *sample_index,
			  bool noinlines, struct rt_error *err);
void trend_free(struct trend *t);

/* Mean share over the recent slots minus the mean share before them:
 * > 0 rising, < 0 falling, 0 when unknown. */
double trend_rise(const struct trend *t, const char *function);
/* The function's sparkline, one glyph per slot (oldest first, ▁..▇ scaled
 * to its own peak, blank for none) into buf (TREND_SPARK_MAX bytes);
 * false when the function has no samples in the span. */
bool trend_spark(const struct trend *t, const char *function, char *buf, size_t n);

#endif
