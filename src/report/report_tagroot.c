/* report_tagroot: -tagroot and -tagleaf (driver/tagroot.go): label values
 * become pseudo frames at the root or the leaf of each sample, on a
 * working copy of the profile. */
#include "report/report_tagroot.h"

#include <stdlib.h>
#include <string.h>

#include "measurement/measurement.h"

struct tagroot_run {
	struct profile *p;
	const struct report_config *cfg;
	struct sbuf *warn;
	struct rt_error *err;
};

static bool set(const char *s)
{
	return s && *s;
}

static void warn_no_match(struct tagroot_run *r, bool ok, const char *what)
{
	if (!ok)
		sbuf_printf(r->warn, "%s expression matched no samples\n", what);
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

static int label_locs(struct tagroot_run *r, const struct sample *s, char **keys, size_t nk,
		      uint32_t *out, bool *match, struct label_locs *ll)
{
	struct profile *p = r->p;
	const struct label *sl = sample_labels(p, s);
	uint32_t nl = sample_n_labels(p, s);
	for (size_t i = 0; i < nk; i++) {
		const char *k = keys[nk - 1 - i];
		struct sbuf v;
		sbuf_init(&v);
		bool any = false, units = false, all_units = true;
		for (uint32_t j = 0; j < nl; j++)
			if (sl[j].str && !strcmp(sl[j].key, k)) {
				if (any)
					sbuf_putc(&v, ',');
				sbuf_puts(&v, sl[j].str);
				any = true;
			}
		for (uint32_t j = 0; j < nl; j++)
			if (!sl[j].str && !strcmp(sl[j].key, k)) {
				if (*sl[j].num_unit)
					units = true;
				else
					all_units = false;
			}
		if (!units || all_units)
			for (uint32_t j = 0; j < nl; j++)
				if (!sl[j].str && !strcmp(sl[j].key, k)) {
					char buf[64];
					meas_scaled_label(buf, sizeof buf, sl[j].num,
							  units ? sl[j].num_unit : "",
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
		const struct location *l = name && file ? label_loc(p, ll, name, file) : NULL;
		if (!l)
			return -1;
		out[i] = l->slot;
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

static int add_label_nodes(struct tagroot_run *r)
{
	struct profile *p = r->p;
	char **roots, **leaves;
	size_t nr = split_keys(r->cfg->tagroot, &roots), nlv = split_keys(r->cfg->tagleaf, &leaves);
	bool rootm = false, leafm = false;
	int rc = 0;
	struct label_locs ll = { .next_loc = 1, .next_fn = 1 };
	if (nr == 0 && nlv == 0)
		goto done;
	/* The frames are made anew, with pseudo locations: 32 bits. */
	if (profile_widen(p) < 0) {
		rc = -1;
		goto done;
	}
	for (size_t i = 0; i < p->n_locations; i++)
		if (p->locations[i]->id >= ll.next_loc)
			ll.next_loc = p->locations[i]->id + 1;
	for (size_t i = 0; i < p->n_functions; i++)
		if (p->functions[i]->id >= ll.next_fn)
			ll.next_fn = p->functions[i]->id + 1;
	uint32_t *nl = NULL;	/* one sample's new frames */
	size_t cap = 0;
	for (size_t si = 0; si < p->n_samples && rc == 0; si++) {
		struct sample *s = &p->samples[si];
		size_t need = s->n_locs + nr + nlv + 1;
		if (need > cap) {
			uint32_t *g = realloc(nl, need * sizeof *nl);
			if (!g) {
				rc = -1;
				break;
			}
			nl = g;
			cap = need;
		}
		uint32_t *rootl = nl + nlv + s->n_locs;
		rc = label_locs(r, s, roots, nr, rootl, &rootm, &ll);
		if (rc == 0)
			rc = label_locs(r, s, leaves, nlv, nl, &leafm, &ll);
		if (rc == 0) {
			memcpy(nl + nlv, sample_locs32(p, s), s->n_locs * sizeof *nl);
			rc = sample_set_frames(p, s, nl, s->n_locs + (uint32_t)(nr + nlv));
		}
	}
	free(nl);
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

bool report_tagroot_needed(const struct report_config *cfg)
{
	return set(cfg->tagroot) || set(cfg->tagleaf);
}

int report_tagroot(struct profile *p, const struct report_config *cfg,
		   struct sbuf *warn, struct rt_error *err)
{
	struct tagroot_run r = { p, cfg, warn, err };
	return add_label_nodes(&r);
}
