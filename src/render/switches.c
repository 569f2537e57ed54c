/* switches: defaults and KEY=VALUE parsing for -set= and the console.
 * Errors carry the reason only; callers add where the text came from. */
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

/* Errors name the switch and its value ("alloc=fast: ...") but not where
 * it came from: the caller says "-set=" or "set ". */
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
	return rt_error_set(err, "%s=%s: value must be %s or %s", key, v, on, off);
}

static int parse_int(const char *key, const char *v, int lo, int hi, int *out,
		     struct rt_error *err)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return rt_error_set(err, "%s=%s: value must be an integer %d..%d",
				    key, v, lo, hi);
	*out = (int)n;
	return 0;
}

static int set_inverse_cache(struct render_switches *sw, const char *key,
			     const char *v, struct rt_error *err)
{
	return parse_onoff(key, v, &sw->inverse_cache, "on", "off", err);
}

static int set_alloc(struct render_switches *sw, const char *key, const char *v,
		     struct rt_error *err)
{
	return parse_onoff(key, v, &sw->alloc_pooled, "pooled", "naive", err);
}

static int set_shadows(struct render_switches *sw, const char *key, const char *v,
		       struct rt_error *err)
{
	return parse_onoff(key, v, &sw->shadows, "on", "off", err);
}

static int set_depth(struct render_switches *sw, const char *key, const char *v,
		     struct rt_error *err)
{
	return parse_int(key, v, 0, 64, &sw->max_depth, err);
}

static int set_aa(struct render_switches *sw, const char *key, const char *v,
		  struct rt_error *err)
{
	return parse_int(key, v, 1, 16, &sw->aa, err);
}

static int set_cpuloader(struct render_switches *sw, const char *key,
			 const char *v, struct rt_error *err)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (errno || end == v || *end || !(d >= 0 && d < 1))
		return rt_error_set(err, "%s=%s: value must be a share in [0, 1)", key, v);
	sw->cpuloader = d;
	return 0;
}

static const struct {
	const char *key;
	int (*set)(struct render_switches *sw, const char *key, const char *v,
		   struct rt_error *err);
} switch_table[] = {
	{ "inverse_cache", set_inverse_cache },
	{ "alloc", set_alloc },
	{ "shadows", set_shadows },
	{ "depth", set_depth },
	{ "aa", set_aa },
	{ "cpuloader", set_cpuloader },
};

#define N_SWITCHES (sizeof switch_table / sizeof switch_table[0])

static int unknown_switch(const char *kv, struct rt_error *err)
{
	char known[256];
	size_t off = 0;

	known[0] = '\0';
	for (size_t i = 0; i < N_SWITCHES && off < sizeof known; i++)
		off += (size_t)snprintf(known + off, sizeof known - off, "%s%s",
					i ? ", " : "", switch_table[i].key);
	return rt_error_set(err, "%s: unknown switch (known: %s)", kv, known);
}

int switches_set(struct render_switches *sw, const char *kv,
		 struct rt_error *err)
{
	const char *eq = strchr(kv, '=');
	char key[64];

	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof key)
		return rt_error_set(err, "%s: expected KEY=VALUE", kv);
	memcpy(key, kv, (size_t)(eq - kv));
	key[eq - kv] = 0;
	for (size_t i = 0; i < N_SWITCHES; i++)
		if (!strcmp(key, switch_table[i].key))
			return switch_table[i].set(sw, key, eq + 1, err);
	return unknown_switch(kv, err);
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
		return rt_error_set(err, "expected pixel, line or tile");
	return 0;
}

const char *jobs_name(enum job_kind k)
{
	return k == JOBS_PIXEL ? "pixel" : k == JOBS_LINE ? "line" : "tile";
}
