/* report_filter: pprof's sample filters (driver_focus.go, profile/filter.go):
 * focus, ignore, hide, show, show_from, tagfocus, tagignore, tagshow,
 * taghide and prune_from, applied in pprof's order to a working copy of
 * the profile.  Knows nothing of report formats or graphs. */
#include "report/report_filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rx.h"
#include "measurement/measurement.h"
#include "profile/profile_prune.h"

/* One application of the filters. */
struct filter_run {
	struct profile *p;
	const struct report_config *cfg;
	const struct label_units *units;
	struct sbuf *warn;
	struct rt_error *err;
};

static bool set(const char *s)
{
	return s && *s;
}

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

static void warn_no_match(struct filter_run *r, bool ok, const char *what)
{
	if (!ok)
		sbuf_printf(r->warn, "%s expression matched no samples\n", what);
}

static int compile_opt(struct filter_run *r, struct rx *re, const char *name,
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
static int filter_by_name(struct filter_run *r, struct rx *focus, bool hf, struct rx *ignore,
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
	size_t k = 0;
	for (size_t s = 0; s < p->n_samples; s++) {
		struct sample *sm = &p->samples[s];
		bool f = false, ign = false;
		for (uint32_t j = 0; j < sm->n_locs && !ign; j++) {
			unsigned char m = mark[sample_loc(p, sm, j)];
			if ((m & 3) == 1)
				f = true;
			else if ((m & 3) == 2)
				ign = true;
		}
		if (!f || ign)
			continue;
		if (any_hidden) {
			uint32_t n = 0;
			for (uint32_t j = 0; j < sm->n_locs; j++)
				if (!(mark[sample_loc(p, sm, j)] & 4))
					sample_set_loc(p, sm, n++, sample_loc(p, sm, j));
			if (n == 0)
				continue;
			sm->n_locs = n;
		}
		profile_move_sample(p, k++, s);
	}
	p->n_samples = k;
	free(mark);
	warn_no_match(r, !hf || fm, "Focus");
	warn_no_match(r, !hi || im, "Ignore");
	warn_no_match(r, !hh || hm, "Hide");
	warn_no_match(r, !hs || hnm, "Show");
	return 0;
}

static void filter_show_from(struct filter_run *r, struct rx *re)
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
			if (mark[sample_loc(p, sm, j)]) {
				sm->n_locs = j + 1;
				profile_move_sample(p, k++, s);
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
	const struct filter_run *r;
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

static int tagfilter_compile(struct filter_run *r, struct tagfilter *t, const char *name,
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

static bool tagfilter_match(const struct tagfilter *t, const struct profile *p,
			    const struct sample *s)
{
	const struct label *sl = sample_labels(p, s);
	uint32_t nl = sample_n_labels(p, s);
	if (t->is_range) {
		for (uint32_t i = 0; i < nl; i++) {
			const struct label *l = &sl[i];
			if (l->str || (t->key && strcmp(l->key, t->key)))
				continue;
			if (range_match_value(t, l->num, label_units_of(t->r->units, l->key)))
				return true;
		}
		return false;
	}
	if (t->key) {
		for (uint32_t i = 0; i < nl; i++) {
			const struct label *l = &sl[i];
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
		for (uint32_t i = 0; i < nl && !m; i++) {
			const struct label *l = &sl[i];
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

static void filter_tags(struct filter_run *r, struct tagfilter *focus, struct tagfilter *ignore)
{
	struct profile *p = r->p;
	bool fm = false, im = false;
	size_t k = 0;
	for (size_t s = 0; s < p->n_samples; s++) {
		bool f = focus ? tagfilter_match(focus, p, &p->samples[s]) : true;
		bool i = ignore ? tagfilter_match(ignore, p, &p->samples[s]) : false;
		fm = fm || f;
		im = im || i;
		if (f && !i)
			profile_move_sample(p, k++, s);
	}
	p->n_samples = k;
	warn_no_match(r, !focus || fm, "TagFocus");
	warn_no_match(r, !ignore || im, "TagIgnore");
}

struct tag_names {
	struct rx *show, *hide;
	bool show_matched, hide_matched;
};

/* The set's labels whose keys -tagshow keeps and -taghide does not drop:
 * the set itself when that is all of them. */
static int kept_tags(void *arg, struct profile *p, const struct label *l, uint32_t n,
		     struct label **out, uint32_t *n_out)
{
	struct tag_names *t = arg;
	struct label *kept = NULL;
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		bool ms = !t->show || rx_match(t->show, l[i].key);
		bool mh = t->hide && rx_match(t->hide, l[i].key);
		t->show_matched = t->show_matched || ms;
		t->hide_matched = t->hide_matched || mh;
		if (ms && !mh) {
			if (kept)
				kept[k] = l[i];
			k++;
		} else if (!kept) {
			kept = arena_alloc(&p->arena, n * sizeof *kept);
			if (!kept)
				return -1;
			memcpy(kept, l, k * sizeof *kept);
		}
	}
	if (kept) {
		*out = kept;
		*n_out = k;
	}
	return 0;
}

static int filter_tag_names(struct filter_run *r, struct rx *show, struct rx *hide)
{
	struct tag_names t = { show, hide, false, false };
	if (profile_relabel(r->p, kept_tags, &t) < 0)
		return rt_error_set(r->err, "out of memory");
	warn_no_match(r, !show || t.show_matched, "TagShow");
	warn_no_match(r, !hide || t.hide_matched, "TagHide");
	return 0;
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
bool report_has_bare_samples(const struct profile *p)
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
			profile_move_sample(p, k++, i);
	p->n_samples = k;
}

bool report_filter_needed(const struct report_config *c)
{
	return set(c->focus) || set(c->ignore) || set(c->hide) || set(c->show) ||
	       set(c->show_from) || set(c->tagfocus) || set(c->tagignore) ||
	       set(c->tagshow) || set(c->taghide) || set(c->prune_from);
}

static int apply_filters(struct filter_run *r)
{
	const struct report_config *c = r->cfg;
	struct rx focus, ignore, hide, show, showfrom, tagshow, taghide;
	bool hf, hi, hh, hs, hsf, hts, hth;
	struct tagfilter tf = { 0 }, ti = { 0 };
	int rc = -1;

	memset(&focus, 0, sizeof focus);
	ignore = hide = show = showfrom = tagshow = taghide = focus;
	drop_bare_samples(r->p);
	if (!report_filter_needed(c))
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
	if ((hts || hth) && filter_tag_names(r, hts ? &tagshow : NULL, hth ? &taghide : NULL) < 0)
		goto out;
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

int report_filter_apply(struct profile *p, const struct report_config *cfg,
			const struct label_units *units, struct sbuf *warn,
			struct rt_error *err)
{
	struct filter_run r = { p, cfg, units, warn, err };
	return apply_filters(&r);
}
