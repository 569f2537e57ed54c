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

static const struct unit *sniff_uncached(const struct unit_family *f, const char *unit);

/* Reports scale every value they print from the same few units: the last
 * units looked up in each family are remembered (per thread: reports may
 * run on several). */
#define SNIFF_CACHE 4
struct sniff_entry {
	char unit[32];
	const struct unit *u;
};
static _Thread_local struct sniff_entry sniff_cache[3][SNIFF_CACHE];
static _Thread_local unsigned sniff_next[3];

static const struct unit *sniff(const struct unit_family *f, const char *unit)
{
	size_t fi = (size_t)(f - families);
	struct sniff_entry *c = sniff_cache[fi];
	for (size_t i = 0; i < SNIFF_CACHE; i++)
		if (c[i].unit[0] && strcmp(c[i].unit, unit) == 0)
			return c[i].u;
	const struct unit *u = sniff_uncached(f, unit);
	size_t n = strlen(unit);
	if (n > 0 && n < sizeof c->unit) {
		struct sniff_entry *e = &c[sniff_next[fi]++ % SNIFF_CACHE];
		memcpy(e->unit, unit, n + 1);
		e->u = u;
	}
	return u;
}

static const struct unit *sniff_uncached(const struct unit_family *f, const char *unit)
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

/* The last (from, to) pair scaled with a fixed target unit, per thread:
 * a report scales all its values between the same two units (see
 * meas_scaler for its kinds; kind 0 here: nothing remembered). */
struct scale_memo {
	char from[32], to[32];
	struct meas_scaler sc;	/* its from and to point at the copies */
};
static _Thread_local struct scale_memo memo;

static void remember(const char *from, const char *to)
{
	size_t nf = strlen(from), nt = strlen(to);
	memo.sc.kind = 0;
	if (nf >= sizeof memo.from || nt >= sizeof memo.to)
		return;
	memcpy(memo.from, from, nf + 1);
	memcpy(memo.to, to, nt + 1);
	meas_scaler_init(&memo.sc, memo.from, memo.to);
}

double meas_scale(int64_t value, const char *from, const char *to,
		  const char **unit_out)
{
	double out;
	if (value < 0 && value != INT64_MIN) {
		double v = meas_scale(-value, from, to, unit_out);
		return -v;
	}
	if (memo.sc.kind && !strcmp(memo.from, from) && !strcmp(memo.to, to)) {
		*unit_out = memo.sc.kind == 1 ? memo.sc.unit
			    : !strcmp(to, "count") || !strcmp(to, "sample") || !strcmp(to, "unit")
				    ? "" : to;
		return meas_scaler_apply(&memo.sc, value);
	}
	remember(from, to);
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

void meas_scaler_init(struct meas_scaler *s, const char *from, const char *to)
{
	*s = (struct meas_scaler){ .from = from, .to = to };
	if (!strcmp(to, "minimum") || !strcmp(to, "auto"))
		return;
	s->kind = 2;
	for (size_t i = 0; i < 3; i++) {
		const struct unit *fu = sniff(&families[i], from);
		if (!fu)
			continue;
		const struct unit *tu = sniff(&families[i], to);
		s->mul = fu->factor;
		s->div = tu ? tu->factor : families[i].default_factor;
		s->unit = tu ? tu->name : families[i].default_name;
		s->kind = 1;
		break;
	}
}

double meas_scaler_apply(const struct meas_scaler *s, int64_t value)
{
	if (s->kind == 0) {
		const char *u;
		return meas_scale(value, s->from, s->to, &u);
	}
	if (value < 0 && value != INT64_MIN)
		return -meas_scaler_apply(s, -value);
	/* convert's arithmetic, in its order */
	return s->kind == 1 ? (double)value * s->mul / s->div : (double)value;
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
