/* profile_prune: location marks are indexed by the location's slot. */
#include "profile/profile_prune.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void profile_simplify_func(const char *name, char *out, size_t n)
{
	if (*name == '.')
		name++;
	snprintf(out, n, "%s", name);
	for (char *p = out; (p = strchr(p, '(')) != NULL;) {
		if (!strncmp(p, "(anonymous namespace)", 21)) {
			p += 21;
			continue;
		}
		if (p >= out + 8 && !strncmp(p - 8, "operator()", 10)) {
			p += 2;
			continue;
		}
		*p = '\0';
		break;
	}
}

static bool fn_matches(const struct rx *re, const struct function *f, char *buf, size_t n)
{
	if (!f || !*f->name)
		return false;
	profile_simplify_func(f->name, buf, n);
	return rx_match(re, buf);
}

/* pprof's Prune: in each location, the last line whose function matches
 * drop (and not keep) ends the location: that line and its callees go. */
static void prune(struct profile *p, const struct rx *drop, const struct rx *keep)
{
	unsigned char *mark = calloc(p->n_locations + 1, 1);	/* 1 prune, 2 beneath */
	char buf[4096];
	if (!mark)
		return;
	for (size_t i = 0; i < p->n_locations; i++) {
		struct location *l = p->locations[i];
		int64_t j;
		for (j = (int64_t)l->n_lines - 1; j >= 0; j--)
			if (fn_matches(drop, l->lines[j].fn, buf, sizeof buf) &&
			    !(keep && rx_match(keep, buf)))
				break;
		if (j < 0)
			continue;
		mark[i] = 2;
		if (j == (int64_t)l->n_lines - 1) {
			mark[i] |= 1;
		} else {
			memmove(l->lines, l->lines + j + 1, (l->n_lines - (size_t)j - 1) * sizeof *l->lines);
			l->n_lines -= (uint32_t)(j + 1);
		}
	}
	for (size_t s = 0; s < p->n_samples; s++) {
		struct sample *sm = &p->samples[s];
		bool user = false;
		for (uint32_t i = sm->n_locs; i-- > 0;) {
			unsigned char m = mark[sample_loc(p, sm, i)];
			if (!m) {
				user = true;
				continue;
			}
			if (!user)
				continue;
			sample_drop_leaves(p, sm, m & 1 ? i + 1 : i);
			break;
		}
	}
	free(mark);
}

static int anchored(struct rx *re, const char *pattern, struct rt_error *err)
{
	size_t n = strlen(pattern) + 8;
	char *a = malloc(n);
	if (!a)
		return rt_error_set(err, "out of memory");
	snprintf(a, n, "^(%s)$", pattern);
	int rc = rx_compile(re, a, err);
	free(a);
	if (rc < 0)
		rt_error_prefix(err, "failed to compile regexp %s", pattern);
	return rc;
}

int profile_remove_uninteresting(struct profile *p, struct rt_error *err)
{
	struct rx drop, keep;
	bool have_keep = false;
	if (!*p->drop_frames)
		return 0;
	if (anchored(&drop, p->drop_frames, err) < 0)
		return -1;
	if (*p->keep_frames) {
		if (anchored(&keep, p->keep_frames, err) < 0) {
			rx_free(&drop);
			return -1;
		}
		have_keep = true;
	}
	prune(p, &drop, have_keep ? &keep : NULL);
	rx_free(&drop);
	if (have_keep)
		rx_free(&keep);
	return 0;
}

void profile_prune_from(struct profile *p, const struct rx *re)
{
	unsigned char *mark = calloc(p->n_locations + 1, 1);
	char buf[4096];
	if (!mark)
		return;
	for (size_t i = 0; i < p->n_locations; i++) {
		struct location *l = p->locations[i];
		for (uint32_t j = 0; j < l->n_lines; j++)
			if (fn_matches(re, l->lines[j].fn, buf, sizeof buf)) {
				mark[i] = 1;
				memmove(l->lines, l->lines + j, (l->n_lines - j) * sizeof *l->lines);
				l->n_lines -= j;
				break;
			}
	}
	for (size_t s = 0; s < p->n_samples; s++) {
		struct sample *sm = &p->samples[s];
		for (uint32_t i = 0; i < sm->n_locs; i++)
			if (mark[sample_loc(p, sm, i)]) {
				sample_drop_leaves(p, sm, i);
				break;
			}
	}
	free(mark);
}
