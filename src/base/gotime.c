/* gotime: Go's time texts (time.Time.Format, String; Duration.String). */
#include "base/gotime.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Seconds and a non-negative nanosecond part, as Go splits a time. */
static void split(int64_t nanos, struct tm *tm, long *ns)
{
	time_t t = (time_t)(nanos / 1000000000);
	*ns = (long)(nanos % 1000000000);
	if (*ns < 0) {
		*ns += 1000000000;
		t--;
	}
	localtime_r(&t, tm);
}

void go_time_label(int64_t unix_nanos, struct sbuf *out)
{
	static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	long ns;
	split(unix_nanos, &tm, &ns);
	int h = tm.tm_hour % 12;
	sbuf_printf(out, "%s %d, %d at %d:%02d%s (%s)", months[tm.tm_mon], tm.tm_mday,
		    tm.tm_year + 1900, h ? h : 12, tm.tm_min, tm.tm_hour < 12 ? "am" : "pm",
		    tm.tm_zone);
}

/* ".5", ".000001": the fraction without trailing zeros ("" for none). */
static void fraction(unsigned long long v, int digits, char *buf, size_t n)
{
	if (!v) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, n, ".%0*llu", digits, v);
	size_t l = strlen(buf);
	while (buf[l - 1] == '0')
		buf[--l] = '\0';
}

void go_time_string(int64_t unix_nanos, struct sbuf *out)
{
	struct tm tm;
	long ns;
	split(unix_nanos, &tm, &ns);
	char date[64], frac[32];	/* room for any unsigned long long */
	strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
	fraction((unsigned long long)ns, 9, frac, sizeof frac);
	long off = tm.tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	sbuf_printf(out, "%s%s %c%02ld%02ld %s", date, frac, sign, off / 3600, off / 60 % 60,
		    tm.tm_zone);
}

void go_duration_string(int64_t d, char *buf, size_t n)
{
	uint64_t u = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;
	const char *sign = d < 0 ? "-" : "";
	char frac[32];
	if (u == 0) {
		snprintf(buf, n, "0s");
	} else if (u < 1000) {
		snprintf(buf, n, "%s%lluns", sign, (unsigned long long)u);
	} else if (u < 1000000000ULL) {
		bool micro = u < 1000000;
		uint64_t div = micro ? 1000 : 1000000;
		fraction((unsigned long long)(u % div), micro ? 3 : 6, frac, sizeof frac);
		snprintf(buf, n, "%s%llu%s%s", sign, (unsigned long long)(u / div), frac,
			 micro ? "\xc2\xb5s" : "ms");
	} else {
		uint64_t secs = u / 1000000000ULL, h = secs / 3600, m = secs / 60 % 60;
		char hm[48] = "";
		fraction((unsigned long long)(u % 1000000000ULL), 9, frac, sizeof frac);
		if (h)
			snprintf(hm, sizeof hm, "%lluh%llum", (unsigned long long)h, (unsigned long long)m);
		else if (m)
			snprintf(hm, sizeof hm, "%llum", (unsigned long long)m);
		snprintf(buf, n, "%s%s%llu%ss", sign, hm, (unsigned long long)(secs % 60), frac);
	}
}
