/* report: pprof's report pipeline (driver.go generateRawReport and
 * report.go): per-command overrides, sample selection, total, filters,
 * granularity, trimming, unit choice and the header labels. */
#include "report/report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "measurement/measurement.h"
#include "profile/profile_merge.h"
#include "profile/profile_prune.h"

void report_config_default(struct report_config *c)
{
	memset(c, 0, sizeof *c);
	c->unit = "minimum";
	c->nodecount = -1;
	c->nodefraction = 0.005;
	c->edgefraction = 0.001;
	c->trim = true;
	c->divide_by = 1.0;
	c->sort = "flat";
	c->granularity = "functions";
}

static bool set(const char *s)
{
	return s && *s;
}

static int64_t abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

void rctx_format(const struct rctx *r, int64_t v, char *buf, size_t n)
{
	if (r->ratio > 0 && r->ratio != 1)
		v = (int64_t)((double)v * r->ratio);
	meas_scaled_label(buf, n, v, r->sample_unit, r->output_unit);
}

const char *rctx_num_label_unit(const struct rctx *r, const char *key)
{
	for (size_t i = 0; i < r->n_nl; i++)
		if (strcmp(r->nl_keys[i], key) == 0)
			return r->nl_units[i];
	return key;
}

/* pprof's NumLabelUnits: the first unit seen for a key, else a default. */
static int identify_num_label_units(struct rctx *r)
{
	const struct profile *p = r->p;
	size_t cap = 16;
	r->nl_keys = malloc(cap * sizeof *r->nl_keys);
	r->nl_units = malloc(cap * sizeof *r->nl_units);
	if (!r->nl_keys || !r->nl_units)
		return -1;
	for (size_t s = 0; s < p->n_samples; s++) {
		const struct sample *sm = &p->samples[s];
		for (uint32_t i = 0; i < sm->n_labels; i++) {
			const struct label *l = &sm->labels[i];
			if (l->str)
				continue;
			size_t k;
			for (k = 0; k < r->n_nl; k++)
				if (strcmp(r->nl_keys[k], l->key) == 0)
					break;
			if (k == r->n_nl) {
				if (r->n_nl == cap) {
					cap *= 2;
					const char **nk = realloc(r->nl_keys, cap * sizeof *nk);
					if (!nk)
						return -1;
					r->nl_keys = nk;
					const char **nu = realloc(r->nl_units, cap * sizeof *nu);
					if (!nu)
						return -1;
					r->nl_units = nu;
				}
				r->nl_keys[k] = l->key;
				r->nl_units[k] = "";
				r->n_nl++;
			}
			if (!*r->nl_units[k] && *l->num_unit)
				r->nl_units[k] = l->num_unit;
		}
	}
	for (size_t k = 0; k < r->n_nl; k++)
		if (!*r->nl_units[k]) {
			if (!strcmp(r->nl_keys[k], "alignment") || !strcmp(r->nl_keys[k], "request"))
				r->nl_units[k] = "bytes";
			else
				r->nl_units[k] = r->nl_keys[k];
		}
	return 0;
}

static bool is_diff_base_sample(const struct sample *s)
{
	for (uint32_t i = 0; i < s->n_labels; i++)
		if (s->labels[i].str && !strcmp(s->labels[i].key, "pprof::base") &&
		    !strcmp(s->labels[i].str, "true"))
			return true;
	return false;
}

static int64_t compute_total(const struct profile *p, int si, int mi)
{
	int64_t div = 0, total = 0, ddiv = 0, dtotal = 0;
	for (size_t s = 0; s < p->n_samples; s++) {
		const struct sample *sm = &p->samples[s];
		int64_t v = sm->values[si], d = mi >= 0 ? sm->values[mi] : 0;
		if (v < 0)
			v = -v;
		total += v;
		div += d;
		if (is_diff_base_sample(sm)) {
			dtotal += v;
			ddiv += d;
		}
	}
	if (dtotal > 0) {
		total = dtotal;
		div = ddiv;
	}
	return div != 0 ? total / div : total;
}

int64_t report_total(const struct profile *p, const struct report_config *cfg)
{
	int si = profile_sample_index(p, cfg->sample_index, NULL);
	if (si < 0)
		return 0;
	return compute_total(p, si, cfg->mean ? 0 : -1);
}

/* ---- filters (driver_focus.go, profile/filter.go) ---- */

static bool fn_matches(const struct rx *re, const struct function *f)
{
	return f && (rx_match(re, f->name) || rx_match(re, f->filename));
}

static bool loc_matches(const struct rx *re, const struct location *l)
{
	for (uint32_t i = 0; i < l->n_lines; i++)
		if (fn_matches(re, l->lines[i].fn))
			return true;
	return l->mapping && rx_match(re, l->mapping->file);
}

static void warn_no_match(struct rctx *r, bool ok, const char *what)
{
	if (!ok)
		sbuf_printf(r->warn, "%s expression matched no samples\n", what);
}

static int compile_opt(struct rctx *r, struct rx *re, const char *name,
		       const char *value, bool *have)
{
	*have = false;
	if (!set(value))
		return 0;
	if (rx_compile(re, value, r->err) < 0) {
		rt_error_prefix(r->err, "parsing %s regexp", name);
		return -1;
	}
	*have = true;
	return 0;
}

/* Marks per location: 0 none, 1 focus, 2 ignore; 4 hidden. */
static int filter_by_name(struct rctx *r, struct rx *focus, bool hf, struct rx *ignore,
			  bool hi, struct rx *hide, bool hh, struct rx *show, bool hs)
{
	struct profile *p = r->p;
	bool fm = false, im = false, hm = false, hnm = false, any_hidden = false;
	unsigned char *mark = calloc(p->n_locations + 1, 1);
	if (!mark)
		return rt_error_set(r->err, "out of memory");
	for (size_t i = 0; i < p->n_locations; i++) {
		struct location *l = p->locations[i];
		if (hi && loc_matches(ignore, l)) {
			im = true;
			mark[i] = 2;
		} else if (!hf || loc_matches(focus, l)) {
			fm = true;
			mark[i] = 1;
		}
		if (hh && loc_matches(hide, l)) {
			hm = true;
			uint32_t k = 0;
			if (!(l->mapping && rx_match(hide, l->mapping->file)))
				for (uint32_t j = 0; j < l->n_lines; j++)
					if (!fn_matches(hide, l->lines[j].fn))
						l->lines[k++] = l->lines[j];
			l->n_lines = k;
			if (k == 0) {
				mark[i] |= 4;
				any_hidden = true;
			}
		}
		if (hs) {
			uint32_t k = 0;
			if (l->mapping && rx_match(show, l->mapping->file))
				k = l->n_lines;
			else
				for (uint32_t j = 0; j < l->n_lines; j++)
					if (!l->lines[j].fn || fn_matches(show, l->lines[j].fn))
						l->lines[k++] = l->lines[j];
			l->n_lines = k;
			if (k == 0) {
				mark[i] |= 4;
				any_hidden = true;
			} else {
				hnm = true;
			}
		}
	}
	/* Locations are found by pointer: stash the index in the id map. */
	struct location **sorted = NULL;
	size_t k = 0;
	for (size_t s = 0; s < p->n_samples; s++) {
		struct sample *sm = &p->samples[s];
		bool f = false, ign = false;
		for (uint32_t j = 0; j < sm->n_locs && !ign; j++) {
			size_t li = (size_t)(sm->locs[j]->id) - 1;
			unsigned char m = li < p->n_locations && p->locations[li] == sm->locs[j]
						  ? mark[li] : 0;
			if ((m & 3) == 1)
				f = true;
			else if ((m & 3) == 2)
				ign = true;
		}
		if (!f || ign)
			continue;
		if (any_hidden) {
			uint32_t n = 0;
			for (uint32_t j = 0; j < sm->n_locs; j++) {
				size_t li = (size_t)(sm->locs[j]->id) - 1;
				if (!(mark[li] & 4))
					sm->locs[n++] = sm->locs[j];
			}
			if (n == 0)
				continue;
			sm->n_locs = n;
		}
		p->samples[k++] = *sm;
	}
	p->n_samples = k;
	free(sorted);
	free(mark);
	warn_no_match(r, !hf || fm, "Focus");
	warn_no_match(r, !hi || im, "Ignore");
	warn_no_match(r, !hh || hm, "Hide");
	warn_no_match(r, !hs || hnm, "Show");
	return 0;
}

static void filter_show_from(struct rctx *r, struct rx *re)
{
	struct profile *p = r->p;
	bool matched = false;
	unsigned char *mark = calloc(p->n_locations + 1, 1);
	if (!mark)
		return;
	for (size_t i = 0; i < p->n_locations; i++) {
		struct location *l = p->locations[i];
		if (l->mapping && rx_match(re, l->mapping->file)) {
			mark[i] = 1;
			matched = true;
			continue;
		}
		for (uint32_t j = l->n_lines; j-- > 0;)
			if (fn_matches(re, l->lines[j].fn)) {
				l->n_lines = j + 1;
				mark[i] = 1;
				matched = true;
				break;
			}
	}
	size_t k = 0;
	for (size_t s = 0; s < p->n_samples; s++) {
		struct sample *sm = &p->samples[s];
		for (uint32_t j = sm->n_locs; j-- > 0;)
			if (mark[sm->locs[j]->id - 1]) {
				sm->n_locs = j + 1;
				p->samples[k++] = *sm;
				break;
			}
	}
	p->n_samples = k;
	free(mark);
	warn_no_match(r, matched, "ShowFrom");
}

struct tagfilter {
	char *key;	/* NULL: match "key:value" of every label */
	struct rx *res;
	size_t n;
	/* A numeric range instead of regexps (pprof's parseTagFilterRange). */
	bool is_range;
	int kind;	/* 0 equal, 1 >= lo, 2 <= lo, 3 lo..hi */
	double lo, hi;
	char unit[32];
	const struct rctx *r;
};

struct range_match {
	long long v;
	char unit[32];
	size_t start, end;
};

/* Finds up to 2 matches of ([+-]?[[:digit:]]+)([[:alpha:]]+)? in s. */
static int range_scan(const char *s, struct range_match *m)
{
	int n = 0;
	size_t i = 0, len = strlen(s);
	while (i < len && n < 2) {
		size_t j = i;
		if ((s[j] == '+' || s[j] == '-') && j + 1 < len && s[j + 1] >= '0' && s[j + 1] <= '9')
			j++;
		if (!(s[j] >= '0' && s[j] <= '9')) {
			i++;
			continue;
		}
		size_t d0 = i;
		while (j < len && s[j] >= '0' && s[j] <= '9')
			j++;
		m[n].v = strtoll(s + d0, NULL, 10);
		size_t u0 = j;
		while (j < len && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
			j++;
		snprintf(m[n].unit, sizeof m[n].unit, "%.*s", (int)(j - u0), s + u0);
		m[n].start = d0;
		m[n].end = j;
		n++;
		i = j;
	}
	return n;
}

static bool parse_range(struct tagfilter *t, const char *f)
{
	struct range_match m[2];
	int n = range_scan(f, m);
	if (n == 0)
		return false;
	const char *u;
	t->lo = meas_scale(m[0].v, m[0].unit, m[0].unit, &u);
	snprintf(t->unit, sizeof t->unit, "%s", u);
	size_t mlen = m[0].end - m[0].start, flen = strlen(f);
	if (n == 1) {
		if (m[0].start == 0 && mlen == flen)
			t->kind = 0;
		else if (m[0].start == 0 && mlen + 1 == flen && f[flen - 1] == ':')
			t->kind = 1;
		else if (m[0].start == 1 && f[0] == ':' && mlen + 1 == flen)
			t->kind = 2;
		else
			return false;
		return true;
	}
	if (m[0].start != 0 || f[m[0].end] != ':' || m[1].start != m[0].end + 1 ||
	    m[1].end != flen)
		return false;
	t->hi = meas_scale(m[1].v, m[1].unit, t->unit, &u);
	if (strcmp(u, t->unit))
		return false;
	t->kind = 3;
	return true;
}

static bool range_match_value(const struct tagfilter *t, int64_t v, const char *unit)
{
	const char *su;
	double sv = meas_scale(v, unit, t->unit, &su);
	if (strcmp(su, t->unit))
		return false;
	switch (t->kind) {
	case 0: return sv == t->lo;
	case 1: return sv >= t->lo;
	case 2: return sv <= t->lo;
	default: return sv >= t->lo && sv <= t->hi;
	}
}

static void tagfilter_free(struct tagfilter *t)
{
	for (size_t i = 0; i < t->n; i++)
		rx_free(&t->res[i]);
	free(t->res);
	free(t->key);
	memset(t, 0, sizeof *t);
}

static int tagfilter_compile(struct rctx *r, struct tagfilter *t, const char *name,
			     const char *value)
{
	memset(t, 0, sizeof *t);
	const char *eq = strchr(value, '=');
	const char *v = value;
	if (eq) {
		t->key = strndup(value, (size_t)(eq - value));
		v = eq + 1;
	}
	if (eq && !t->key)
		return rt_error_set(r->err, "out of memory");
	t->r = r;
	if (parse_range(t, v)) {
		t->is_range = true;
		sbuf_printf(r->warn, "%s:Interpreted '%s' as range, not regexp\n", name, v);
		return 0;
	}
	char *copy = strdup(v);
	if (!copy)
		return rt_error_set(r->err, "out of memory");
	size_t n = 1;
	for (char *c = copy; *c; c++)
		n += *c == ',';
	t->res = calloc(n, sizeof *t->res);
	if (!t->res) {
		free(copy);
		return rt_error_set(r->err, "out of memory");
	}
	char *save, *tok = strtok_r(copy, ",", &save);
	for (; tok; tok = strtok_r(NULL, ",", &save)) {
		if (rx_compile(&t->res[t->n], tok, r->err) < 0) {
			free(copy);
			rt_error_prefix(r->err, "parsing %s regexp", name);
			return -1;
		}
		t->n++;
	}
	free(copy);
	return 0;
}

static bool tagfilter_match(const struct tagfilter *t, const struct sample *s)
{
	if (t->is_range) {
		for (uint32_t i = 0; i < s->n_labels; i++) {
			const struct label *l = &s->labels[i];
			if (l->str || (t->key && strcmp(l->key, t->key)))
				continue;
			if (range_match_value(t, l->num, rctx_num_label_unit(t->r, l->key)))
				return true;
		}
		return false;
	}
	if (t->key) {
		for (uint32_t i = 0; i < s->n_labels; i++) {
			const struct label *l = &s->labels[i];
			if (!l->str || strcmp(l->key, t->key))
				continue;
			for (size_t j = 0; j < t->n; j++)
				if (rx_match(&t->res[j], l->str))
					return true;
		}
		return false;
	}
	/* Every regexp must match some "key:value". */
	for (size_t j = 0; j < t->n; j++) {
		bool m = false;
		for (uint32_t i = 0; i < s->n_labels && !m; i++) {
			const struct label *l = &s->labels[i];
			if (!l->str)
				continue;
			char buf[512];
			snprintf(buf, sizeof buf, "%s:%s", l->key, l->str);
			m = rx_match(&t->res[j], buf);
		}
		if (!m)
			return false;
	}
	return true;
}

static void filter_tags(struct rctx *r, struct tagfilter *focus, struct tagfilter *ignore)
{
	struct profile *p = r->p;
	bool fm = false, im = false;
	size_t k = 0;
	for (size_t s = 0; s < p->n_samples; s++) {
		bool f = focus ? tagfilter_match(focus, &p->samples[s]) : true;
		bool i = ignore ? tagfilter_match(ignore, &p->samples[s]) : false;
		fm = fm || f;
		im = im || i;
		if (f && !i)
			p->samples[k++] = p->samples[s];
	}
	p->n_samples = k;
	warn_no_match(r, !focus || fm, "TagFocus");
	warn_no_match(r, !ignore || im, "TagIgnore");
}

static void filter_tag_names(struct rctx *r, struct rx *show, struct rx *hide)
{
	struct profile *p = r->p;
	bool sm = false, hm = false;
	for (size_t s = 0; s < p->n_samples; s++) {
		struct sample *smp = &p->samples[s];
		uint32_t k = 0;
		for (uint32_t i = 0; i < smp->n_labels; i++) {
			const char *key = smp->labels[i].key;
			bool ms = !show || rx_match(show, key);
			bool mh = hide && rx_match(hide, key);
			sm = sm || ms;
			hm = hm || mh;
			if (ms && !mh)
				smp->labels[k++] = smp->labels[i];
		}
		smp->n_labels = k;
	}
	warn_no_match(r, !show || sm, "TagShow");
	warn_no_match(r, !hide || hm, "TagHide");
}

/* Location ids of the working copy are renumbered 1..n so that filters can
 * index per-location marks by id. */
static void renumber_locations(struct profile *p)
{
	for (size_t i = 0; i < p->n_locations; i++)
		p->locations[i]->id = i + 1;
}

/* Samples without a location: pprof's FilterSamplesByName, which the
 * driver always runs, drops them (after the total is taken). */
static bool has_bare_samples(const struct profile *p)
{
	for (size_t i = 0; i < p->n_samples; i++)
		if (p->samples[i].n_locs == 0)
			return true;
	return false;
}

static void drop_bare_samples(struct profile *p)
{
	size_t k = 0;
	for (size_t i = 0; i < p->n_samples; i++)
		if (p->samples[i].n_locs)
			p->samples[k++] = p->samples[i];
	p->n_samples = k;
}

static bool needs_filtering(const struct report_config *c)
{
	return set(c->focus) || set(c->ignore) || set(c->hide) || set(c->show) ||
	       set(c->show_from) || set(c->tagfocus) || set(c->tagignore) ||
	       set(c->tagshow) || set(c->taghide) || set(c->prune_from);
}

static int apply_focus(struct rctx *r)
{
	const struct report_config *c = r->cfg;
	struct rx focus, ignore, hide, show, showfrom, tagshow, taghide;
	bool hf, hi, hh, hs, hsf, hts, hth;
	struct tagfilter tf = { 0 }, ti = { 0 };
	int rc = -1;

	memset(&focus, 0, sizeof focus);
	ignore = hide = show = showfrom = tagshow = taghide = focus;
	if (r->owns_profile)
		drop_bare_samples(r->p);
	if (!needs_filtering(c))
		return 0;
	hf = hi = hh = hs = hsf = hts = hth = false;
	if (compile_opt(r, &focus, "focus", c->focus, &hf) < 0 ||
	    compile_opt(r, &ignore, "ignore", c->ignore, &hi) < 0 ||
	    compile_opt(r, &hide, "hide", c->hide, &hh) < 0 ||
	    compile_opt(r, &show, "show", c->show, &hs) < 0 ||
	    compile_opt(r, &showfrom, "show_from", c->show_from, &hsf) < 0 ||
	    (set(c->tagfocus) && tagfilter_compile(r, &tf, "tagfocus", c->tagfocus) < 0) ||
	    (set(c->tagignore) && tagfilter_compile(r, &ti, "tagignore", c->tagignore) < 0))
		goto out;
	renumber_locations(r->p);
	if (hf || hi || hh || hs)
		if (filter_by_name(r, &focus, hf, &ignore, hi, &hide, hh, &show, hs) < 0)
			goto out;
	if (hsf)
		filter_show_from(r, &showfrom);
	if (set(c->tagfocus) || set(c->tagignore))
		filter_tags(r, set(c->tagfocus) ? &tf : NULL, set(c->tagignore) ? &ti : NULL);
	if (compile_opt(r, &tagshow, "tagshow", c->tagshow, &hts) < 0 ||
	    compile_opt(r, &taghide, "taghide", c->taghide, &hth) < 0)
		goto out;
	if (hts || hth)
		filter_tag_names(r, hts ? &tagshow : NULL, hth ? &taghide : NULL);
	if (set(c->prune_from)) {
		struct rx pf;
		bool hp;
		if (compile_opt(r, &pf, "prune_from", c->prune_from, &hp) < 0)
			goto out;
		profile_prune_from(r->p, &pf);
		rx_free(&pf);
	}
	rc = 0;
out:
	rx_free(&focus);
	rx_free(&ignore);
	rx_free(&hide);
	rx_free(&show);
	rx_free(&showfrom);
	rx_free(&tagshow);
	rx_free(&taghide);
	tagfilter_free(&tf);
	tagfilter_free(&ti);
	return rc;
}

/* ---- tagroot/tagleaf (driver/tagroot.go): labels as pseudo frames ---- */

struct label_locs {
	struct location **locs;	/* pseudo locations made so far */
	size_t n, cap;
	uint64_t next_loc, next_fn;
};

/* One pseudo location per (label values, key), both interned strings. */
static struct location *label_loc(struct profile *p, struct label_locs *ll,
				  const char *name, const char *file)
{
	for (size_t i = 0; i < ll->n; i++)
		if (ll->locs[i]->lines[0].fn->name == name &&
		    ll->locs[i]->lines[0].fn->filename == file)
			return ll->locs[i];
	if (ll->n == ll->cap) {
		size_t nc = ll->cap ? ll->cap * 2 : 16;
		struct location **n = realloc(ll->locs, nc * sizeof *n);
		if (!n)
			return NULL;
		ll->locs = n;
		ll->cap = nc;
	}
	struct function *f = profile_add_function(p, ll->next_fn++);
	struct location *l = f ? profile_add_location(p, ll->next_loc++, 1) : NULL;
	if (!l)
		return NULL;
	f->name = name;
	f->filename = file;
	l->lines[0].fn = f;
	ll->locs[ll->n++] = l;
	return l;
}

static int label_locs(struct rctx *r, const struct sample *s, char **keys, size_t nk,
		      struct location **out, bool *match, struct label_locs *ll)
{
	struct profile *p = r->p;
	for (size_t i = 0; i < nk; i++) {
		const char *k = keys[nk - 1 - i];
		struct sbuf v;
		sbuf_init(&v);
		bool any = false, units = false, all_units = true;
		for (uint32_t j = 0; j < s->n_labels; j++)
			if (s->labels[j].str && !strcmp(s->labels[j].key, k)) {
				if (any)
					sbuf_putc(&v, ',');
				sbuf_puts(&v, s->labels[j].str);
				any = true;
			}
		for (uint32_t j = 0; j < s->n_labels; j++)
			if (!s->labels[j].str && !strcmp(s->labels[j].key, k)) {
				if (*s->labels[j].num_unit)
					units = true;
				else
					all_units = false;
			}
		if (!units || all_units)
			for (uint32_t j = 0; j < s->n_labels; j++)
				if (!s->labels[j].str && !strcmp(s->labels[j].key, k)) {
					char buf[64];
					meas_scaled_label(buf, sizeof buf, s->labels[j].num,
							  units ? s->labels[j].num_unit : "",
							  units ? (set(r->cfg->unit) ? r->cfg->unit : "minimum") : "");
					if (any)
						sbuf_putc(&v, ',');
					sbuf_puts(&v, buf);
					any = true;
				}
		if (any)
			*match = true;
		const char *name = profile_strn(p, v.data ? v.data : "", v.len);
		const char *file = profile_str(p, k);
		sbuf_free(&v);
		if (!name || !file || !(out[i] = label_loc(p, ll, name, file)))
			return -1;
	}
	return 0;
}

static size_t split_keys(const char *s, char ***out)
{
	size_t n = 0;
	*out = NULL;
	if (!set(s))
		return 0;
	char *copy = strdup(s), *save, *t;
	char **keys = calloc(strlen(s) + 1, sizeof *keys);
	if (!copy || !keys) {
		free(copy);
		free(keys);
		return 0;
	}
	for (t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		keys[n++] = strdup(t);
	free(copy);
	*out = keys;
	return n;
}

static int add_label_nodes(struct rctx *r)
{
	struct profile *p = r->p;
	char **roots, **leaves;
	size_t nr = split_keys(r->cfg->tagroot, &roots), nlv = split_keys(r->cfg->tagleaf, &leaves);
	bool rootm = false, leafm = false;
	int rc = 0;
	struct label_locs ll = { .next_loc = 1, .next_fn = 1 };
	if (nr == 0 && nlv == 0)
		goto done;
	for (size_t i = 0; i < p->n_locations; i++)
		if (p->locations[i]->id >= ll.next_loc)
			ll.next_loc = p->locations[i]->id + 1;
	for (size_t i = 0; i < p->n_functions; i++)
		if (p->functions[i]->id >= ll.next_fn)
			ll.next_fn = p->functions[i]->id + 1;
	for (size_t si = 0; si < p->n_samples && rc == 0; si++) {
		struct sample *s = &p->samples[si];
		struct location **nl = arena_alloc(&p->arena, (s->n_locs + nr + nlv + 1) * sizeof *nl);
		if (!nl) {
			rc = -1;
			break;
		}
		struct location **rootl = nl + nlv + s->n_locs;
		rc = label_locs(r, s, roots, nr, rootl, &rootm, &ll);
		if (rc == 0)
			rc = label_locs(r, s, leaves, nlv, nl, &leafm, &ll);
		memcpy(nl + nlv, s->locs, s->n_locs * sizeof *nl);
		s->locs = nl;
		s->n_locs += (uint32_t)(nr + nlv);
	}
	if (nr)
		warn_no_match(r, rootm, "TagRoot");
	if (nlv)
		warn_no_match(r, leafm, "TagLeaf");
done:
	free(ll.locs);
	for (size_t i = 0; i < nr; i++)
		free(roots[i]);
	for (size_t i = 0; i < nlv; i++)
		free(leaves[i]);
	free(roots);
	free(leaves);
	return rc < 0 ? rt_error_set(r->err, "out of memory") : 0;
}

/* ---- command overrides and options (driver.go) ---- */

static void command_overrides(struct rctx *r)
{
	const struct report_config *c = r->cfg;
	bool trim = c->trim;
	r->granularity = set(c->granularity) ? c->granularity : "functions";
	r->noinlines = c->noinlines;
	r->nodecount = c->nodecount;
	r->nodefraction = c->nodefraction;
	r->edgefraction = c->edgefraction;
	if (!strcmp(r->cmd_name, "peek")) {
		trim = false;
	} else if (!strcmp(r->cmd_name, "list")) {
		trim = false;
		r->granularity = "lines";
	} else if (!strcmp(r->cmd_name, "text") || !strcmp(r->cmd_name, "top") ||
		   !strcmp(r->cmd_name, "topproto")) {
		if (r->nodecount == -1)
			r->nodecount = 0;
	} else if (r->nodecount == -1) {
		r->nodecount = 80;
	}
	if (r->cmd == REPORT_PROTO || r->cmd == REPORT_RAW || r->cmd == REPORT_CALLGRIND) {
		trim = false;
		r->granularity = "addresses";
		r->noinlines = false;
	}
	if (!trim) {
		r->nodecount = 0;
		r->nodefraction = 0;
		r->edgefraction = 0;
	}
}

static int set_granularity(struct rctx *r)
{
	struct graph_opts *o = &r->gopts;
	const char *g = r->granularity;
	o->keep_inlines = !r->noinlines;
	o->keep_function = o->keep_file = o->keep_line = o->keep_address = false;
	if (!strcmp(g, "addresses")) {
		o->keep_function = o->keep_file = o->keep_line = o->keep_address = true;
	} else if (!strcmp(g, "lines")) {
		o->keep_function = o->keep_file = o->keep_line = true;
	} else if (!strcmp(g, "files")) {
		o->keep_file = true;
	} else if (!strcmp(g, "functions")) {
		o->keep_function = true;
	} else if (!strcmp(g, "filefunctions")) {
		o->keep_function = o->keep_file = true;
	} else {
		return rt_error_set(r->err, "unexpected granularity");
	}
	return 0;
}

static int report_options(struct rctx *r)
{
	const struct report_config *c = r->cfg;
	const struct profile *p = r->p;
	if (p->n_sample_types == 0)
		return rt_error_set(r->err, "profile has no samples");
	int si = profile_sample_index(p, c->sample_index, r->err);
	if (si < 0)
		return -1;
	r->sample_index = si;
	r->mean_index = c->mean ? 0 : -1;
	snprintf(r->sample_type, sizeof r->sample_type, "%s%s", c->mean ? "mean_" : "",
		 p->sample_types[si].type);
	r->sample_unit = p->sample_types[si].unit;
	if (c->divide_by == 0)
		return rt_error_set(r->err, "zero divisor specified");
	r->ratio = 1 / c->divide_by;
	snprintf(r->output_unit, sizeof r->output_unit, "%s", set(c->unit) ? c->unit : "minimum");
	r->compact_labels = c->compact_labels;
	const char *names[] = { "focus", "ignore", "hide", "show", "show_from",
				"tagfocus", "tagignore", "tagshow", "taghide" };
	const char *vals[] = { c->focus, c->ignore, c->hide, c->show, c->show_from,
			       c->tagfocus, c->tagignore, c->tagshow, c->taghide };
	r->n_filters = 0;
	for (int i = 0; i < 9; i++)
		if (set(vals[i])) {
			r->filters[r->n_filters] = names[i];
			r->filter_values[r->n_filters++] = vals[i];
		}
	r->gopts.sample_index = si;
	r->gopts.mean_index = r->mean_index;
	r->gopts.drop_negative = c->drop_negative;
	/* pprof honours call_tree only for the call graph outputs. */
	r->gopts.call_tree = c->call_tree && (r->cmd == REPORT_DOT || r->cmd == REPORT_CALLGRIND);
	r->visual = r->cmd == REPORT_DOT;
	r->gopts.track_tags = r->visual;
	r->gopts.bytes_unit = rctx_num_label_unit(r, "bytes");
	r->gopts.obj_names = r->cmd == REPORT_RAW || r->cmd == REPORT_LIST ||
			     r->cmd == REPORT_CALLGRIND;
	return 0;
}

/* ---- trimmed graph, output unit, labels (report.go) ---- */

static void sort_nodes(struct rctx *r, struct graph *g, enum graph_order order)
{
	if (r->visual)
		graph_sort_entropy(g);
	else
		graph_sort(g, order);
}

/* pprof's selectTopNodes: in visual mode each node's label tags (up to 4,
 * counted when their flat is non-zero) take room too. */
static size_t top_count(struct rctx *r, struct graph *g)
{
	size_t max = (size_t)r->nodecount;
	if (r->visual) {
		size_t count = 0;
		for (size_t i = 0; i < g->n_nodes; i++) {
			size_t tags = 0;
			for (uint32_t j = 0; j < g->nodes[i]->n_tags; j++)
				tags += g->nodes[i]->tags[j].flat != 0;
			if (tags > 4)
				tags = 4;
			count += tags + 1;
			if (count >= max) {
				max = i + 1;
				break;
			}
		}
	}
	return max < g->n_nodes ? max : g->n_nodes;
}

static struct graph *rebuild(struct rctx *r, const struct graph_opts *o, struct graph *g,
			     bool keep_marked)
{
	/* A call tree cannot be rebuilt from node infos: it is cut in place. */
	if (o->call_tree) {
		if (keep_marked && graph_trim_tree(g) < 0) {
			graph_free(g);
			return NULL;
		}
		return g;
	}
	struct graph *ng = graph_build(r->p, o, keep_marked ? g : NULL);
	graph_free(g);
	return ng;
}

/* pprof's newTrimmedGraph.  Edges matter only in the graph finally
 * returned (and to the entropy order of dot), so the passes that only
 * choose nodes are built without them: at prompt sizes the last graph
 * holds ten nodes and its edges cost next to nothing. */
struct graph *rctx_trimmed_graph(struct rctx *r, int *orig_count, int *dropped_nodes)
{
	struct graph_opts bare = r->gopts;
	bare.no_edges = true;
	bare.track_tags = false;
	/* A call tree is built once, whole, and then only cut. */
	struct graph *g = graph_build(r->p, r->gopts.call_tree ? &r->gopts : &bare, NULL);
	if (!g)
		return NULL;
	int64_t total = graph_flat_sum(g);
	int64_t node_cutoff = abs64((int64_t)((double)total * r->nodefraction));
	int64_t edge_cutoff = abs64((int64_t)((double)total * r->edgefraction));
	size_t kept = g->n_nodes;
	*dropped_nodes = 0;
	if (node_cutoff > 0) {
		kept = 0;
		for (size_t i = 0; i < g->n_nodes; i++) {
			g->nodes[i]->kept = abs64(g->nodes[i]->cum) >= node_cutoff;
			kept += g->nodes[i]->kept;
		}
	}
	*dropped_nodes = (int)(g->n_nodes - kept);
	bool cut = kept != g->n_nodes;
	enum graph_order order = r->cfg->sort && !strcmp(r->cfg->sort, "cum")
					 ? GRAPH_CUM_NAME : GRAPH_FLAT_NAME;
	if (r->nodecount > 0 && !r->visual && !r->gopts.call_tree) {
		/* Nodes the cut keeps have the same flat and cum in a graph
		 * rebuilt without the others (a sample's cum counts once per
		 * node, and a dropped leaf's flat goes to no one), so the top is
		 * chosen from this graph's kept nodes directly. */
		size_t k = 0;
		for (size_t i = 0; i < g->n_nodes; i++)
			if (!cut || g->nodes[i]->kept)
				g->nodes[k++] = g->nodes[i];
		g->n_nodes = k;
		*orig_count = (int)k;
		sort_nodes(r, g, order);
		size_t top = top_count(r, g);
		for (size_t i = 0; i < g->n_all; i++)
			g->all[i]->kept = false;
		for (size_t i = 0; i < top; i++)
			g->nodes[i]->kept = true;
		if (!(g = rebuild(r, &r->gopts, g, top < k || cut)))
			return NULL;
	} else if (r->nodecount > 0) {
		/* dot: the entropy order needs edges to choose the top. */
		if (!(g = rebuild(r, &r->gopts, g, cut)))
			return NULL;
		*orig_count = (int)g->n_nodes;
		sort_nodes(r, g, order);
		graph_trim_tags(g, node_cutoff);
		graph_trim_edges(g, edge_cutoff);
		size_t top = top_count(r, g);
		if (top < g->n_nodes) {
			for (size_t i = 0; i < g->n_all; i++)
				g->all[i]->kept = false;
			for (size_t i = 0; i < top; i++)
				g->nodes[i]->kept = true;
			if (!(g = rebuild(r, &r->gopts, g, true)))
				return NULL;
		}
	} else {
		if (!(g = rebuild(r, &r->gopts, g, cut)))
			return NULL;
		*orig_count = (int)g->n_nodes;
	}
	sort_nodes(r, g, order);
	if (r->visual)
		graph_trim_tags(g, node_cutoff);
	r->dropped_edges = graph_trim_edges(g, edge_cutoff);
	if (r->visual)
		graph_remove_redundant_edges(g);
	return g;
}

void rctx_select_unit(struct rctx *r, struct graph *g)
{
	if (strcmp(r->output_unit, "minimum") || g->n_nodes == 0)
		return;
	int64_t minv = 0;
	for (size_t i = 0; i < g->n_nodes; i++) {
		int64_t v = abs64(graph_node_flat(g->nodes[i]));
		if (v == 0)
			v = abs64(graph_node_cum(g->nodes[i]));
		if (v > 0 && (minv == 0 || v < minv))
			minv = v;
	}
	int64_t maxv = r->total;
	if (minv == 0)
		minv = maxv;
	if (r->ratio > 0 && r->ratio != 1) {
		minv = (int64_t)((double)minv * r->ratio);
		maxv = (int64_t)((double)maxv * r->ratio);
	}
	const char *minu, *maxu, *unit;
	meas_scale(minv, r->sample_unit, "minimum", &minu);
	meas_scale(maxv, r->sample_unit, "minimum", &maxu);
	unit = minu;
	if (strcmp(minu, maxu) && minv * 100 < maxv && !r->callgrind_unit)
		meas_scale(100 * minv, r->sample_unit, "minimum", &unit);
	snprintf(r->output_unit, sizeof r->output_unit, "%s", *unit ? unit : r->sample_unit);
}

static void format_time(int64_t nanos, struct sbuf *out)
{
	static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)(nanos / 1000000000);
	if (nanos < 0 && nanos % 1000000000)
		t--;
	struct tm tm;
	localtime_r(&t, &tm);
	int h = tm.tm_hour % 12;
	sbuf_printf(out, "%s %d, %d at %d:%02d%s (%s)", months[tm.tm_mon], tm.tm_mday,
		    tm.tm_year + 1900, h ? h : 12, tm.tm_min, tm.tm_hour < 12 ? "am" : "pm",
		    tm.tm_zone);
}

void rctx_profile_labels(struct rctx *r, struct sbuf *out)
{
	const struct profile *p = r->p;
	char buf[128], pct[64];
	if (p->n_mappings > 0) {
		const char *f = p->mappings[0]->file;
		if (*f) {
			const char *b = strrchr(f, '/');
			sbuf_printf(out, "File: %s\n", b ? b + 1 : f);
		}
		if (*p->mappings[0]->build_id)
			sbuf_printf(out, "Build ID: %s\n", p->mappings[0]->build_id);
	}
	for (size_t i = 0; i < p->n_comments; i++)
		if (p->comments[i][0] != '#')
			sbuf_printf(out, "%s\n", p->comments[i]);
	if (r->sample_type[0])
		sbuf_printf(out, "Type: %s\n", r->sample_type);
	if (p->time_nanos) {
		sbuf_puts(out, "Time: ");
		format_time(p->time_nanos, out);
		sbuf_putc(out, '\n');
	}
	if (p->duration_nanos) {
		char dur[64];
		meas_scaled_label(dur, sizeof dur, p->duration_nanos, "nanoseconds", "auto");
		const char *u;
		double tn = meas_scale(r->total, r->sample_unit, "nanoseconds", &u);
		rctx_format(r, r->total, buf, sizeof buf);
		pct[0] = '\0';
		if (!strcmp(u, "ns") && tn != 0) {
			char p2[32];
			meas_percentage(p2, sizeof p2, (int64_t)tn, p->duration_nanos);
			snprintf(pct, sizeof pct, "(%s)", p2);
		}
		sbuf_printf(out, "Duration: %s, Total samples = %s %s\n", dur, buf, pct);
	}
}

void rctx_report_labels(struct rctx *r, struct graph *g, int orig_count,
			int dropped_nodes, struct sbuf *out)
{
	char a[64], b[64], pc[64];
	if (!r->compact_labels || r->visual)
		rctx_profile_labels(r, out);
	int64_t flat_sum = 0;
	for (size_t i = 0; i < g->n_nodes; i++)
		flat_sum += graph_node_flat(g->nodes[i]);
	if (r->n_filters) {
		sbuf_puts(out, "Active filters:\n");
		for (int i = 0; i < r->n_filters; i++) {
			const char *n = r->filters[i], *v = r->filter_values[i];
			size_t len = strlen(n) + 1 + strlen(v);
			if (len > 80) {
				struct sbuf t;
				sbuf_init(&t);
				sbuf_printf(&t, "%s=%s", n, v);
				sbuf_puts(out, "   ");
				sbuf_add(out, t.data, 80);
				sbuf_puts(out, "\xe2\x80\xa6\n");
				sbuf_free(&t);
			} else {
				sbuf_printf(out, "   %s=%s\n", n, v);
			}
		}
	}
	rctx_format(r, flat_sum, a, sizeof a);
	meas_percentage(pc, sizeof pc, flat_sum, r->total);
	const char *pt = pc;
	while (*pt == ' ')
		pt++;
	rctx_format(r, r->total, b, sizeof b);
	sbuf_printf(out, "Showing nodes accounting for %s, %s of %s total\n", a, pt, b);
	if (r->total != 0) {
		if (dropped_nodes > 0) {
			rctx_format(r, abs64((int64_t)((double)r->total * r->nodefraction)), a, sizeof a);
			sbuf_printf(out, "Dropped %d node%s (cum <= %s)\n", dropped_nodes,
				    dropped_nodes > 1 ? "s" : "", a);
		}
		if (r->visual && r->dropped_edges > 0) {
			rctx_format(r, abs64((int64_t)((double)r->total * r->edgefraction)), a, sizeof a);
			sbuf_printf(out, "Dropped %d edge%s (freq <= %s)\n", r->dropped_edges,
				    r->dropped_edges > 1 ? "s" : "", a);
		}
		if (g->n_nodes > 0 && (int)g->n_nodes < orig_count)
			sbuf_printf(out, "Showing top %zu nodes out of %d\n", g->n_nodes, orig_count);
	}
}

/* ---- entry points ---- */

static void rctx_free(struct rctx *r)
{
	if (r->has_symbol)
		rx_free(&r->symbol);
	if (r->owns_profile)
		profile_free(r->p);
	free(r->nl_keys);
	free(r->nl_units);
}

int report_generate(const struct profile *p, enum report_cmd cmd,
		    const char *cmd_name, const char *regex,
		    const struct report_config *cfg, struct sbuf *out,
		    struct sbuf *warnings, struct rt_error *err)
{
	struct rctx r;
	int rc = -1;

	memset(&r, 0, sizeof r);
	r.cfg = cfg;
	r.cmd = cmd;
	r.cmd_name = cmd_name;
	r.out = out;
	r.warn = warnings;
	r.err = err;
	/* Filters, label frames and -proto's divide_by edit the profile: they
	 * get a copy.  Every other report reads the caller's profile as is. */
	if (needs_filtering(cfg) || set(cfg->tagroot) || set(cfg->tagleaf) ||
	    (cmd == REPORT_PROTO && cfg->divide_by != 1) || has_bare_samples(p)) {
		r.p = profile_copy(p);
		if (!r.p) {
			rt_error_set(err, "out of memory");
			return -1;
		}
		r.owns_profile = true;
	} else {
		r.p = (struct profile *)p;
	}
	if (identify_num_label_units(&r) < 0) {
		rt_error_set(err, "out of memory");
		goto out;
	}
	command_overrides(&r);
	if (add_label_nodes(&r) < 0)
		goto out;
	if (cfg->relative_percentages && apply_focus(&r) < 0)
		goto out;
	if (report_options(&r) < 0)
		goto out;
	if (regex) {
		if (rx_compile(&r.symbol, regex, err) < 0) {
			rt_error_prefix(err, "parsing argument regexp %s", regex);
			goto out;
		}
		r.has_symbol = true;
		r.symbol_src = regex;
	}
	r.total = compute_total(r.p, r.sample_index, r.mean_index);
	if (!cfg->relative_percentages && apply_focus(&r) < 0)
		goto out;
	if (set_granularity(&r) < 0)
		goto out;
	switch (cmd) {
	case REPORT_TOP: rc = report_text(&r); break;
	case REPORT_PEEK:
	case REPORT_TREE: rc = report_tree(&r); break;
	case REPORT_TRACES: rc = report_traces(&r); break;
	case REPORT_TAGS: rc = report_tags(&r); break;
	case REPORT_RAW: rc = report_raw(&r); break;
	case REPORT_LIST: rc = report_list(&r); break;
	case REPORT_PROTO: rc = report_proto(&r); break;
	case REPORT_TOPPROTO: rc = report_topproto(&r); break;
	case REPORT_CALLGRIND: rc = report_callgrind(&r); break;
	case REPORT_DOT: rc = report_dot(&r); break;
	case REPORT_COMMENTS:
		for (size_t i = 0; i < r.p->n_comments; i++)
			sbuf_printf(out, "%s\n", r.p->comments[i]);
		rc = 0;
		break;
	}
out:
	rctx_free(&r);
	return rc;
}

int report_profile_labels(const struct profile *p, const struct report_config *cfg,
			  struct sbuf *out, struct rt_error *err)
{
	struct rctx r;
	memset(&r, 0, sizeof r);
	r.cfg = cfg;
	r.err = err;
	r.p = (struct profile *)p;
	r.cmd_name = "";
	if (report_options(&r) < 0)
		return -1;
	/* The greeting autoscales every value. */
	snprintf(r.output_unit, sizeof r.output_unit, "minimum");
	r.total = compute_total(p, r.sample_index, r.mean_index);
	rctx_profile_labels(&r, out);
	return 0;
}
