/* measurement: units and number formatting exactly as pprof prints them
 * (memory in 1024 steps printed kB/MB, time up to hrs, percentages). */
#ifndef RT_MEASUREMENT_H
#define RT_MEASUREMENT_H

#include <stddef.h>
#include <stdint.h>

/* Converts value from from_unit to to_unit ("minimum"/"auto" autoscale).
 * *unit_out receives a static string ("" for plain numbers, or to_unit). */
double meas_scale(int64_t value, const char *from_unit, const char *to_unit,
		  const char **unit_out);
/* meas_scale for one (from, to) pair, set up once: a report that scales
 * hundreds of thousands of values between the same two units spares the
 * unit lookups.  from and to must outlive the scaler. */
struct meas_scaler {
	int kind;	/* 0: meas_scale itself; 1: value * mul / div; 2: value */
	double mul, div;
	const char *unit;	/* kind 1: the unit the values are in */
	const char *from, *to;
};
void meas_scaler_init(struct meas_scaler *s, const char *from_unit, const char *to_unit);
double meas_scaler_apply(const struct meas_scaler *s, int64_t value);
/* pprof's ScaledLabel: "%.2f" minus a trailing ".00", unit appended; zero
 * is always "0". */
void meas_scaled_label(char *buf, size_t n, int64_t value, const char *from,
		       const char *to);
/* pprof's Percentage: "  100%", "%5.2f%%" or Go's "%5.2g%%". */
void meas_percentage(char *buf, size_t n, int64_t value, int64_t total);
/* Whether unit names a time/memory/GCU unit (pprof's sniffUnit). */
int meas_unit_known(const char *unit);
/* Whether two value types are compatible for merging (ignores a final s). */
int meas_compatible_types(const char *t1, const char *u1, const char *t2,
			  const char *u2);

#endif
