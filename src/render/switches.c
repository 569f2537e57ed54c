/* switches: defaults and KEY=VALUE parsing for -set= and the console. */
#include "render/switches.h"

#include <errno.h>
#include <stdio.h>
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
	if (!strcmp(key, "lock"))
		return parse_onoff(key, v, &sw->shared_lock, "shared", "none", err);
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
			    "shadows, depth, aa, cpuloader, lock)", kv);
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

/* One line per switch: "key=value  (allowed)"; with changed_only, just
 * "key=value" of those that differ from the defaults, space-separated. */
void switches_describe(const struct render_switches *sw, bool changed_only, struct sbuf *out)
{
	struct render_switches d = switches_default();
	char v[7][32];
	snprintf(v[0], sizeof v[0], "%s", sw->inverse_cache ? "on" : "off");
	snprintf(v[1], sizeof v[1], "%s", sw->alloc_pooled ? "pooled" : "naive");
	snprintf(v[2], sizeof v[2], "%s", sw->shadows ? "on" : "off");
	snprintf(v[3], sizeof v[3], "%d", sw->max_depth);
	if (sw->aa > 0)
		snprintf(v[4], sizeof v[4], "%d", sw->aa);
	else
		snprintf(v[4], sizeof v[4], "scene");
	if (sw->cpuloader >= 0)
		snprintf(v[5], sizeof v[5], "%g", sw->cpuloader);
	else
		snprintf(v[5], sizeof v[5], "scene");
	snprintf(v[6], sizeof v[6], "%s", sw->shared_lock ? "shared" : "none");
	static const char *const keys[7] = { "inverse_cache", "alloc", "shadows", "depth",
					     "aa", "cpuloader", "lock" };
	static const char *const allowed[7] = { "on|off", "pooled|naive", "on|off", "0..64",
						"1..16; scene: the scene's",
						"a share in [0, 1); scene: the scene's",
						"none|shared" };
	bool changed[7] = { sw->inverse_cache != d.inverse_cache,
			    sw->alloc_pooled != d.alloc_pooled, sw->shadows != d.shadows,
			    sw->max_depth != d.max_depth, sw->aa != d.aa,
			    sw->cpuloader != d.cpuloader, sw->shared_lock != d.shared_lock };
	bool first = true;
	for (int i = 0; i < 7; i++) {
		if (!changed_only) {
			int pad = 20 - (int)(strlen(keys[i]) + 1 + strlen(v[i]));
			sbuf_printf(out, "%s=%s%*s (%s)\n", keys[i], v[i], pad > 0 ? pad : 0, "",
				    allowed[i]);
		} else if (changed[i]) {
			sbuf_printf(out, "%s%s=%s", first ? "" : " ", keys[i], v[i]);
			first = false;
		}
	}
}
