/* switches: defaults and KEY=VALUE parsing for -set= and the console. */
#include "render/switches.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct render_switches switches_default(void)
{
	return (struct render_switches){ .inverse_cache = true,
					 .alloc_pooled = true,
					 .max_depth = 5,
					 .aa = 0,
					 .shadows = true,
					 .cpuloader = -1 };
}

static int parse_onoff(const char *key, const char *v, bool *out,
		       const char *on, const char *off, struct rt_error *err)
{
	if (!strcmp(v, on)) {
		*out = true;
		return 0;
	}
	if (!strcmp(v, off)) {
		*out = false;
		return 0;
	}
	return rt_error_set(err, "-set=%s=%s: value must be %s or %s", key, v, on,
			    off);
}

static int parse_int(const char *key, const char *v, int lo, int hi, int *out,
		     struct rt_error *err)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return rt_error_set(err, "-set=%s=%s: value must be an integer %d..%d",
				    key, v, lo, hi);
	*out = (int)n;
	return 0;
}

int switches_set(struct render_switches *sw, const char *kv,
		 struct rt_error *err)
{
	const char *eq = strchr(kv, '=');
	char key[64];

	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof key)
		return rt_error_set(err, "-set=%s: expected KEY=VALUE", kv);
	memcpy(key, kv, (size_t)(eq - kv));
	key[eq - kv] = 0;
	const char *v = eq + 1;
	if (!strcmp(key, "inverse_cache"))
		return parse_onoff(key, v, &sw->inverse_cache, "on", "off", err);
	if (!strcmp(key, "alloc"))
		return parse_onoff(key, v, &sw->alloc_pooled, "pooled", "naive", err);
	if (!strcmp(key, "shadows"))
		return parse_onoff(key, v, &sw->shadows, "on", "off", err);
	if (!strcmp(key, "depth"))
		return parse_int(key, v, 0, 64, &sw->max_depth, err);
	if (!strcmp(key, "aa"))
		return parse_int(key, v, 1, 16, &sw->aa, err);
	if (!strcmp(key, "cpuloader")) {
		char *end;
		errno = 0;
		double d = strtod(v, &end);
		if (errno || end == v || *end || !(d >= 0 && d < 1))
			return rt_error_set(err, "-set=cpuloader=%s: value must be a share in [0, 1)", v);
		sw->cpuloader = d;
		return 0;
	}
	return rt_error_set(err, "-set=%s: unknown switch (known: inverse_cache, alloc, "
			    "shadows, depth, aa, cpuloader)", kv);
}

int jobs_parse(const char *s, enum job_kind *out, struct rt_error *err)
{
	if (!strcmp(s, "pixel"))
		*out = JOBS_PIXEL;
	else if (!strcmp(s, "line"))
		*out = JOBS_LINE;
	else if (!strcmp(s, "tile"))
		*out = JOBS_TILE;
	else
		return rt_error_set(err, "-jobs=%s: expected pixel, line or tile", s);
	return 0;
}

const char *jobs_name(enum job_kind k)
{
	return k == JOBS_PIXEL ? "pixel" : k == JOBS_LINE ? "line" : "tile";
}
