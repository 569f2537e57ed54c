/* trend: the live top pane's trend column.  From a sampler series (a
 * profile whose samples carry their time slot as a numeric label) it
 * keeps each function's flat share of every slot, and turns it into a
 * sparkline and a "rising" score.  Console-only: piped and batch reports
 * never show it, so they stay pprof's bytes.  Must never read the sampler
 * itself (the live session hands it the series). */
#include "console/trend.h"

#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"

struct trend_fn {
	const char *name;	/* in the series profile's strings */
	double v[TREND_SLOTS];
};

struct trend {
	struct trend_fn *fns;
	size_t n, cap;
	uint32_t *index;	/* fns index + 1, 0 empty; open addressing */
	size_t index_cap;
	double total[TREND_SLOTS];	/* every sample's value per slot */
	struct profile *series;	/* owns the names */
};

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int index_grow(struct trend *t)
{
	size_t cap = t->index_cap ? t->index_cap * 2 : 256;
	uint32_t *ix = calloc(cap, sizeof *ix);
	if (!ix)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		size_t j = name_hash(t->fns[i].name) & (cap - 1);
		while (ix[j])
			j = (j + 1) & (cap - 1);
		ix[j] = (uint32_t)i + 1;
	}
	free(t->index);
	t->index = ix;
	t->index_cap = cap;
	return 0;
}

static struct trend_fn *find(const struct trend *t, const char *name)
{
	if (!t->index_cap)
		return NULL;
	for (size_t j = name_hash(name) & (t->index_cap - 1); t->index[j];
	     j = (j + 1) & (t->index_cap - 1))
		if (!strcmp(t->fns[t->index[j] - 1].name, name))
			return &t->fns[t->index[j] - 1];
	return NULL;
}

static struct trend_fn *intern(struct trend *t, const char *name)
{
	struct trend_fn *f = find(t, name);
	if (f)
		return f;
	if ((t->n + 1) * 2 > t->index_cap && index_grow(t) < 0)
		return NULL;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 128;
		struct trend_fn *v = realloc(t->fns, cap * sizeof *v);
		if (!v)
			return NULL;
		t->fns = v;
		t->cap = cap;
	}
	f = &t->fns[t->n];
	memset(f, 0, sizeof *f);
	f->name = name;
	size_t j = name_hash(name) & (t->index_cap - 1);
	while (t->index[j])
		j = (j + 1) & (t->index_cap - 1);
	t->index[j] = (uint32_t)++t->n;
	return f;
}

/* key: the label's interned key in the series (strings are interned, so
 * equal keys are equal pointers). */
static int slot_of(const struct profile *p, const struct sample *s, const char *key)
{
	const struct label *l = sample_labels(p, s);
	for (uint32_t i = 0; i < sample_n_labels(p, s); i++)
		if (!l[i].str && l[i].key == key)
			return l[i].num >= 0 && l[i].num < TREND_SLOTS ? (int)l[i].num : -1;
	return -1;
}

/* The function a sample's flat value goes to, as pprof's graph gives it:
 * the innermost frame of the leaf location (the outermost with
 * noinlines). */
static const struct function *flat_function(const struct profile *p, const struct sample *s,
					     bool noinlines)
{
	if (!s->n_locs || !p->locations[sample_loc(p, s, 0)]->n_lines)
		return NULL;
	const struct location *l = p->locations[sample_loc(p, s, 0)];
	return l->lines[noinlines ? l->n_lines - 1 : 0].fn;
}

struct trend *trend_build(struct profile *series, const char *sample_index,
			  bool noinlines, struct rt_error *err)
{
	struct trend *t = calloc(1, sizeof *t);
	if (!t) {
		profile_free(series);
		rt_error_set(err, "out of memory");
		return NULL;
	}
	t->series = series;
	if (!series->n_sample_types)
		return t;
	int si = profile_sample_index(series, sample_index, err);
	if (si < 0) {
		trend_free(t);
		return NULL;
	}
	/* Functions by pointer first: a string hash once per function, not
	 * once per sample. */
	struct idmap by_fn;
	const char *key = profile_str(series, TREND_SLOT_LABEL);
	if (!key || idmap_init(&by_fn, 1024) < 0) {
		trend_free(t);
		rt_error_set(err, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < series->n_samples; i++) {
		const struct sample *s = &series->samples[i];
		int k = slot_of(series, s, key);
		if (k < 0)
			continue;
		double v = (double)sample_value(series, s, (size_t)si);
		t->total[k] += v;
		const struct function *fn = flat_function(series, s, noinlines);
		if (!fn)
			continue;
		uintptr_t at = (uintptr_t)idmap_get(&by_fn, (uintptr_t)fn);
		if (!at) {
			struct trend_fn *f = intern(t, fn->name);
			at = f ? (uintptr_t)(f - t->fns) + 1 : 0;
			if (!at || idmap_put(&by_fn, (uintptr_t)fn, (void *)at) < 0) {
				idmap_free(&by_fn);
				trend_free(t);
				rt_error_set(err, "out of memory");
				return NULL;
			}
		}
		t->fns[at - 1].v[k] += v;
	}
	idmap_free(&by_fn);
	return t;
}

void trend_free(struct trend *t)
{
	if (!t)
		return;
	free(t->fns);
	free(t->index);
	profile_free(t->series);
	free(t);
}

/* The function's share of each slot; false when it has none at all. */
static bool shares(const struct trend *t, const char *function, double *sh)
{
	const struct trend_fn *f = t ? find(t, function) : NULL;
	if (!f)
		return false;
	for (int k = 0; k < TREND_SLOTS; k++)
		sh[k] = t->total[k] > 0 ? f->v[k] / t->total[k] : 0;
	return true;
}

double trend_rise(const struct trend *t, const char *function)
{
	double sh[TREND_SLOTS], recent = 0, older = 0;
	int n_recent = 0, n_older = 0;
	if (!shares(t, function, sh))
		return 0;
	for (int k = 0; k < TREND_SLOTS; k++) {
		if (t->total[k] <= 0)
			continue;	/* no samples then: no evidence */
		if (k >= TREND_SLOTS - TREND_RECENT)
			recent += sh[k], n_recent++;
		else
			older += sh[k], n_older++;
	}
	if (!n_recent || !n_older)
		return 0;
	return recent / n_recent - older / n_older;
}

bool trend_spark(const struct trend *t, const char *function, char *buf, size_t n)
{
	static const char *const glyph[] = { " ", "\u2581", "\u2582", "\u2583", "\u2585", "\u2587" };
	double sh[TREND_SLOTS], max = 0;
	if (n < TREND_SLOTS * 3 + 1 || !shares(t, function, sh))
		return false;
	for (int k = 0; k < TREND_SLOTS; k++)
		if (sh[k] > max)
			max = sh[k];
	size_t len = 0;
	for (int k = 0; k < TREND_SLOTS; k++) {
		/* Scaled to the row's own peak, so a small function's
		 * changes show; zero (or no samples at all) is blank. */
		int level = max > 0 && sh[k] > 0 ? 1 + (int)(sh[k] / max * 4.999) : 0;
		size_t gl = strlen(glyph[level]);
		memcpy(buf + len, glyph[level], gl);
		len += gl;
	}
	buf[len] = '\0';
	return true;
}
