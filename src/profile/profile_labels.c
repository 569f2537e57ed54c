/* profile_labels: numeric label units (pprof's NumLabelUnits). */
#include "profile/profile_labels.h"

#include <stdlib.h>
#include <string.h>

static int add_key(struct label_units *u, const char *key)
{
	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 16;
		const char **k = realloc(u->keys, cap * sizeof *k);
		if (!k)
			return -1;
		u->keys = k;
		const char **v = realloc(u->units, cap * sizeof *v);
		if (!v)
			return -1;
		u->units = v;
		u->cap = cap;
	}
	u->keys[u->n] = key;
	u->units[u->n++] = "";
	return 0;
}

static size_t find_key(const struct label_units *u, const char *key)
{
	size_t k = 0;
	while (k < u->n && strcmp(u->keys[k], key))
		k++;
	return k;
}

int label_units_init(struct label_units *u, const struct profile *p)
{
	memset(u, 0, sizeof *u);
	for (size_t s = 0; s < p->n_samples; s++) {
		const struct sample *sm = &p->samples[s];
		const struct label *sl = sample_labels(p, sm);
		for (uint32_t i = 0; i < sample_n_labels(p, sm); i++) {
			const struct label *l = &sl[i];
			if (l->str)
				continue;
			size_t k = find_key(u, l->key);
			if (k == u->n && add_key(u, l->key) < 0) {
				label_units_free(u);
				return -1;
			}
			if (!*u->units[k] && *l->num_unit)
				u->units[k] = l->num_unit;
		}
	}
	for (size_t k = 0; k < u->n; k++)
		if (!*u->units[k])
			u->units[k] = !strcmp(u->keys[k], "alignment") || !strcmp(u->keys[k], "request")
					      ? "bytes" : u->keys[k];
	return 0;
}

void label_units_free(struct label_units *u)
{
	free(u->keys);
	free(u->units);
	memset(u, 0, sizeof *u);
}

const char *label_units_of(const struct label_units *u, const char *key)
{
	size_t k = find_key(u, key);
	return k < u->n ? u->units[k] : key;
}

bool sample_is_diff_base(const struct profile *p, const struct sample *s)
{
	const struct label *l = sample_labels(p, s);
	for (uint32_t i = 0; i < sample_n_labels(p, s); i++)
		if (l[i].str && !strcmp(l[i].key, "pprof::base") && !strcmp(l[i].str, "true"))
			return true;
	return false;
}
