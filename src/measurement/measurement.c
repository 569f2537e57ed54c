/* measurement: the unit tables of pprof's measurement package. */
#include "measurement/measurement.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct unit {
	const char *name;
	const char *aliases[4];
	double factor;
};

struct unit_family {
	const struct unit *units;
	size_t n;
	const char *default_name;
	double default_factor;
};

static const struct unit memory_units[] = {
	{ "B", { "b", "byte" }, 1 },
	{ "kB", { "kb", "kbyte", "kilobyte" }, 1024.0 },
	{ "MB", { "mb", "mbyte", "megabyte" }, 1048576.0 },
	{ "GB", { "gb", "gbyte", "gigabyte" }, 1073741824.0 },
	{ "TB", { "tb", "tbyte", "terabyte" }, 1099511627776.0 },
	{ "PB", { "pb", "pbyte", "petabyte" }, 1125899906842624.0 },
};

static const struct unit time_units[] = {
	{ "ns", { "ns", "nanosecond" }, 1 },
	{ "us", { "\xce\xbcs", "us", "microsecond" }, 1e3 },
	{ "ms", { "ms", "millisecond" }, 1e6 },
	{ "s", { "s", "sec", "second" }, 1e9 },
	{ "hrs", { "hour", "hr" }, 3.6e12 },
};

static const struct unit gcu_units[] = {
	{ "n*GCU", { "nanogcu" }, 1e-9 },
	{ "u*GCU", { "microgcu" }, 1e-6 },
	{ "m*GCU", { "milligcu" }, 1e-3 },
	{ "GCU", { "gcu" }, 1 },
	{ "k*GCU", { "kilogcu" }, 1e3 },
	{ "M*GCU", { "megagcu" }, 1e6 },
	{ "G*GCU", { "gigagcu" }, 1e9 },
	{ "T*GCU", { "teragcu" }, 1e12 },
	{ "P*GCU", { "petagcu" }, 1e15 },
};

static const struct unit_family families[] = {
	{ memory_units, 6, "B", 1 },
	{ time_units, 5, "s", 1e9 },
	{ gcu_units, 9, "GCU", 1 },
};

static const struct unit *sniff(const struct unit_family *f, const char *unit)
{
	char low[64];
	size_t n = strlen(unit);

	if (n >= sizeof low)
		return NULL;
	for (size_t i = 0; i <= n; i++) {
		char c = unit[i];
		low[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	if (n > 2 && low[n - 1] == 's')
		low[n - 1] = '\0';
	for (size_t i = 0; i < f->n; i++)
		for (size_t j = 0; j < 4 && f->units[i].aliases[j]; j++)
			if (strcmp(low, f->units[i].aliases[j]) == 0)
				return &f->units[i];
	return NULL;
}

int meas_unit_known(const char *unit)
{
	for (size_t i = 0; i < 3; i++)
		if (sniff(&families[i], unit))
			return 1;
	return 0;
}

static int convert(const struct unit_family *f, int64_t value, const char *from,
		   const char *to, double *out, const char **unit_out)
{
	const struct unit *fu = sniff(f, from);
	if (!fu)
		return 0;
	double v = (double)value * fu->factor;
	if (strcmp(to, "minimum") == 0 || strcmp(to, "auto") == 0) {
		double best = 0;
		const char *name = NULL;
		for (size_t i = 0; i < f->n; i++)
			if (f->units[i].factor >= best && v / f->units[i].factor >= 1.0) {
				best = f->units[i].factor;
				name = f->units[i].name;
			}
		if (name) {
			*out = v / best;
			*unit_out = name;
		} else {
			*out = v / f->default_factor;
			*unit_out = f->default_name;
		}
		return 1;
	}
	const struct unit *tu = sniff(f, to);
	if (!tu) {
		*out = v / f->default_factor;
		*unit_out = f->default_name;
	} else {
		*out = v / tu->factor;
		*unit_out = tu->name;
	}
	return 1;
}

double meas_scale(int64_t value, const char *from, const char *to,
		  const char **unit_out)
{
	double out;
	if (value < 0 && value != INT64_MIN) {
		double v = meas_scale(-value, from, to, unit_out);
		return -v;
	}
	for (size_t i = 0; i < 3; i++)
		if (convert(&families[i], value, from, to, &out, unit_out))
			return out;
	if (!strcmp(to, "count") || !strcmp(to, "sample") || !strcmp(to, "unit") ||
	    !strcmp(to, "minimum") || !strcmp(to, "auto"))
		*unit_out = "";
	else
		*unit_out = to;
	return (double)value;
}

void meas_scaled_label(char *buf, size_t n, int64_t value, const char *from,
		       const char *to)
{
	const char *u;
	double v = meas_scale(value, from, to, &u);
	char num[64];
	snprintf(num, sizeof num, "%.2f", v);
	size_t len = strlen(num);
	if (len >= 3 && strcmp(num + len - 3, ".00") == 0)
		num[len - 3] = '\0';
	if (strcmp(num, "0") == 0 || strcmp(num, "-0") == 0) {
		snprintf(buf, n, "0");
		return;
	}
	snprintf(buf, n, "%s%s", num, u);
}

void meas_percentage(char *buf, size_t n, int64_t value, int64_t total)
{
	double ratio = 0;
	if (total != 0)
		ratio = fabs((double)value / (double)total) * 100;
	if (ratio >= 99.95 && ratio <= 100.05)
		snprintf(buf, n, "  100%%");
	else if (ratio >= 1.0)
		snprintf(buf, n, "%5.2f%%", ratio);
	else
		snprintf(buf, n, "%5.2g%%", ratio);
}

int meas_compatible_types(const char *t1, const char *u1, const char *t2,
			  const char *u2)
{
	size_t n1 = strlen(t1), n2 = strlen(t2);
	if (n1 && t1[n1 - 1] == 's')
		n1--;
	if (n2 && t2[n2 - 1] == 's')
		n2--;
	if (n1 != n2 || strncmp(t1, t2, n1) != 0)
		return 0;
	if (strcmp(u1, u2) == 0)
		return 1;
	for (size_t i = 0; i < 3; i++)
		if (sniff(&families[i], u1) && sniff(&families[i], u2))
			return 1;
	return 0;
}
