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

static int set_lock(struct render_switches *sw, const char *key, const char *v,
		    struct rt_error *err)
{
	return parse_onoff(key, v, &sw->shared_lock, "shared", "none", err);
}

/* A switch's value as set_* reads it back ("scene": the scene's own). */
static void show_inverse_cache(const struct render_switches *sw, char *b, size_t n)
{
	snprintf(b, n, "%s", sw->inverse_cache ? "on" : "off");
}

static void show_alloc(const struct render_switches *sw, char *b, size_t n)
{
	snprintf(b, n, "%s", sw->alloc_pooled ? "pooled" : "naive");
}

static void show_shadows(const struct render_switches *sw, char *b, size_t n)
{
	snprintf(b, n, "%s", sw->shadows ? "on" : "off");
}

static void show_depth(const struct render_switches *sw, char *b, size_t n)
{
	snprintf(b, n, "%d", sw->max_depth);
}

static void show_aa(const struct render_switches *sw, char *b, size_t n)
{
	if (sw->aa > 0)
		snprintf(b, n, "%d", sw->aa);
	else
		snprintf(b, n, "scene");
}

static void show_cpuloader(const struct render_switches *sw, char *b, size_t n)
{
	if (sw->cpuloader >= 0)
		snprintf(b, n, "%g", sw->cpuloader);
	else
		snprintf(b, n, "scene");
}

static void show_lock(const struct render_switches *sw, char *b, size_t n)
{
	snprintf(b, n, "%s", sw->shared_lock ? "shared" : "none");
}

static const struct {
	const char *key;
	int (*set)(struct render_switches *sw, const char *key, const char *v,
		   struct rt_error *err);
	void (*show)(const struct render_switches *sw, char *buf, size_t n);
	const char *allowed;	/* what set accepts, for `set` alone */
} switch_table[] = {
	{ "inverse_cache", set_inverse_cache, show_inverse_cache, "on|off" },
	{ "alloc", set_alloc, show_alloc, "pooled|naive" },
	{ "shadows", set_shadows, show_shadows, "on|off" },
	{ "depth", set_depth, show_depth, "0..64" },
	{ "aa", set_aa, show_aa, "1..16; scene: the scene's" },
	{ "cpuloader", set_cpuloader, show_cpuloader, "a share in [0, 1); scene: the scene's" },
	{ "lock", set_lock, show_lock, "none|shared" },
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

void switches_describe(const struct render_switches *sw, bool changed_only, struct sbuf *out)
{
	struct render_switches d = switches_default();
	bool first = true;
	for (size_t i = 0; i < N_SWITCHES; i++) {
		char v[32], dv[32];
		switch_table[i].show(sw, v, sizeof v);
		if (!changed_only) {
			int pad = 20 - (int)(strlen(switch_table[i].key) + 1 + strlen(v));
			sbuf_printf(out, "%s=%s%*s (%s)\n", switch_table[i].key, v, pad > 0 ? pad : 0,
				    "", switch_table[i].allowed);
			continue;
		}
		switch_table[i].show(&d, dv, sizeof dv);
		if (strcmp(v, dv)) {
			sbuf_printf(out, "%s%s=%s", first ? "" : " ", switch_table[i].key, v);
			first = false;
		}
	}
}
