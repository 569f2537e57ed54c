/* profile_legacy_cpu: gperftools' binary CPU profile (also written by Go
 * before profile.proto, and by Java agents), as pprof's parseCPU reads it:
 * words of 32 or 64 bits in either byte order, told apart by the header
 * (0, 3, 0 or 1, period in microseconds, 0); then samples (count, depth,
 * addresses) up to the (0, 1, 0) trailer; then /proc/self/maps text.
 * A short or inconsistent file is "unrecognized" as it is for pprof. */
#include "profile/profile_legacy.h"

#include <stdlib.h>
#include <string.h>

/* A Go byte slice that becomes nil once a read runs off its end. */
struct words {
	const uint8_t *b;
	size_t n;
	bool nil;
	size_t size;	/* 4 or 8 */
	bool big;
};

static uint64_t word(struct words *w)
{
	if (w->nil || w->n < w->size) {
		w->nil = true;
		w->n = 0;
		return 0;
	}
	uint64_t v = 0;
	for (size_t i = 0; i < w->size; i++) {
		size_t k = w->big ? i : w->size - 1 - i;
		v = v << 8 | w->b[k];
	}
	w->b += w->size;
	w->n -= w->size;
	return v;
}

/* parseCPUSamples: on success w holds what follows the trailer. */
static int cpu_samples(struct profile *p, struct words *w, bool adjust,
		       struct legacy_locs *locs, struct rt_error *err)
{
	uint64_t *addrs = NULL;
	struct location **sloc = NULL;
	size_t cap = 0;
	int rc = LEGACY_OK;
	while (w->n > 0) {
		uint64_t count = word(w), nstk = word(w);
		if (w->nil || nstk > w->n / 4) {
			rc = LEGACY_UNRECOGNIZED;
			break;
		}
		if (nstk > cap) {
			free(addrs);
			free(sloc);
			cap = (size_t)nstk;
			addrs = malloc(cap * sizeof *addrs);
			sloc = malloc(cap * sizeof *sloc);
			if (!addrs || !sloc)
				goto nomem;
		}
		for (size_t i = 0; i < nstk; i++)
			addrs[i] = word(w);
		if (count == 0 && nstk == 1 && addrs[0] == 0)
			break;
		for (size_t i = 0; i < nstk; i++) {
			uint64_t a = adjust && i > 0 ? addrs[i] - 1 : addrs[i];
			sloc[i] = legacy_loc(p, locs, a);
			if (!sloc[i])
				goto nomem;
		}
		struct sample *s = legacy_add_sample(p, sloc, nstk);
		if (!s || sample_set_value(p, s, 0, (int64_t)count) < 0 ||
		    sample_set_value(p, s, 1, (int64_t)(count * (uint64_t)p->period)) < 0)
			goto nomem;
	}
	free(addrs);
	free(sloc);
	return rc;
nomem:
	free(addrs);
	free(sloc);
	rt_error_set(err, "out of memory");
	return LEGACY_ERROR;
}

/* A frame that nearly every sample has second from the leaf was pushed by
 * the signal handler: pprof strips it (twice at most). */
static void strip_handler_frames(struct profile *p)
{
	size_t margin = p->n_samples / 32;
	for (int iter = 0; iter < 2; iter++) {
		/* Only a majority address can reach n - n/32: find it by vote. */
		uint64_t cand = 0;
		size_t votes = 0, count = 0;
		for (size_t i = 0; i < p->n_samples; i++) {
			if (p->samples[i].n_locs < 2)
				continue;
			uint64_t a = p->locations[sample_loc(p, &p->samples[i], 1)]->address;
			if (votes == 0)
				cand = a;
			votes += a == cand ? 1 : (size_t)-1;
		}
		for (size_t i = 0; i < p->n_samples; i++)
			count += p->samples[i].n_locs > 1 && p->locations[sample_loc(p, &p->samples[i], 1)]->address == cand;
		if (count == 0 || count < p->n_samples - margin)
			continue;
		for (size_t i = 0; i < p->n_samples; i++)
			if (p->samples[i].n_locs > 1 && p->locations[sample_loc(p, &p->samples[i], 1)]->address == cand)
				legacy_drop_loc(p, &p->samples[i], 1);
	}
}

static int set_types(struct profile *p, int64_t period)
{
	if (profile_set_sample_types(p, 2) < 0)
		return -1;
	p->period = (int64_t)((uint64_t)period * 1000);
	p->period_type.type = profile_str(p, "cpu");
	p->period_type.unit = profile_str(p, "nanoseconds");
	p->sample_types[0].type = profile_str(p, "samples");
	p->sample_types[0].unit = profile_str(p, "count");
	p->sample_types[1].type = profile_str(p, "cpu");
	p->sample_types[1].unit = profile_str(p, "nanoseconds");
	return p->period_type.type && p->period_type.unit && p->sample_types[0].type &&
			       p->sample_types[0].unit && p->sample_types[1].type &&
			       p->sample_types[1].unit ? 0 : -1;
}

static int cpu_profile(struct profile *p, struct words *w, bool java, int64_t period,
		       struct rt_error *err)
{
	struct legacy_locs locs;
	if (legacy_locs_init(&locs) < 0 || set_types(p, period) < 0) {
		legacy_locs_free(&locs);
		rt_error_set(err, "out of memory");
		return LEGACY_ERROR;
	}
	int rc = cpu_samples(p, w, !java, &locs, err);
	if (rc == LEGACY_OK && java) {
		rc = legacy_java_cpu(p, w->b, w->n, &locs, err);
	} else if (rc == LEGACY_OK) {
		strip_handler_frames(p);
		struct lscan s;
		lscan_init(&s, w->b, w->n);
		rc = legacy_memory_map(&s, p, err);
		if (rc == LEGACY_OK)
			legacy_cleanup_duplicates(p);
	}
	legacy_locs_free(&locs);
	return rc;
}

int legacy_parse_cpu(struct profile *p, const uint8_t *b, size_t n, struct rt_error *err)
{
	static const struct { size_t size; bool big; } kinds[] = {
		{ 4, false }, { 4, true }, { 8, false }, { 8, true },
	};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		struct words w = { .b = b, .n = n, .size = kinds[k].size, .big = kinds[k].big };
		uint64_t h[5];
		for (int i = 0; i < 5; i++)
			h[i] = word(&w);
		if (w.nil || h[0] != 0 || h[1] != 3 || h[3] == 0 || h[4] != 0 || h[2] > 1)
			continue;
		return cpu_profile(p, &w, h[2] == 1, (int64_t)h[3], err);
	}
	return LEGACY_UNRECOGNIZED;
}
