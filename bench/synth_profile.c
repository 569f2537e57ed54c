/* synth_profile: one xorshift generator, so a run is the same every time. */
#include "synth_profile.h"

#include <stdio.h>
#include <stdlib.h>

static uint32_t next(uint64_t *rng)
{
	*rng ^= *rng << 13;
	*rng ^= *rng >> 7;
	*rng ^= *rng << 17;
	return (uint32_t)*rng;
}

struct profile *synth_profile(const struct synth_opts *o)
{
	uint64_t rng = o->seed ? o->seed : 0x9e3779b97f4a7c15ULL;
	struct profile *p = profile_new();
	char name[128], file[128];
	uint32_t *sets = NULL;	/* label set ids, per worker and slot */

	if (!p || profile_set_sample_types(p, 2) < 0 || !o->functions || !o->locations)
		goto fail;
	p->sample_types[0].type = profile_str(p, "samples");
	p->sample_types[0].unit = profile_str(p, "count");
	p->sample_types[1].type = profile_str(p, "cpu");
	p->sample_types[1].unit = profile_str(p, "nanoseconds");
	p->period_type = p->sample_types[1];
	p->period = 10000000;
	p->time_nanos = 1764000000000000000LL;
	p->duration_nanos = 60000000000LL;
	struct mapping *m = profile_add_mapping(p, 1);
	if (!m)
		goto fail;
	m->start = 0x400000;
	m->limit = 0x4000000;
	m->file = profile_str(p, "/usr/local/bin/bigservice");
	m->has_functions = m->has_filenames = m->has_line_numbers = true;
	for (size_t i = 0; i < o->functions; i++) {
		struct function *f = profile_add_function(p, i + 1);
		if (!f)
			goto fail;
		snprintf(name, sizeof name, "service/pkg%zu.(*Handler%zu).Method%zu", i % 97, i % 13, i);
		snprintf(file, sizeof file, "/src/service/pkg%zu/file%zu.go", i % 97, i % 31);
		f->name = f->system_name = profile_str(p, name);
		f->filename = profile_str(p, file);
		f->start_line = 10 + (int64_t)(i % 500);
	}
	for (size_t i = 0; i < o->locations; i++) {
		uint32_t nl = o->inline_lines && next(&rng) % 4 == 0 ? 2 : 1;
		struct location *l = profile_add_location(p, i + 1, nl);
		if (!l)
			goto fail;
		l->mapping = m;
		l->address = 0x400000 + i * 16;
		for (uint32_t j = 0; j < nl; j++) {
			l->lines[j].fn = p->functions[(i * 7 + j * 131) % o->functions];
			l->lines[j].line = l->lines[j].fn->start_line + (int64_t)(next(&rng) % 40);
		}
	}
	static const char *workers[] = { "render", "io", "gc", "net" };
	/* Samples with the same labels share a set, as the sampler's
	 * snapshots have them (sampler/build.c): one per worker and slot. */
	uint32_t nl = (o->labels ? 1 : 0) + (o->slots ? 1 : 0);
	sets = calloc(4 * (size_t)(o->slots ? o->slots : 1), sizeof *sets);
	if (!sets)
		goto fail;
	for (size_t s = 0; s < o->samples; s++) {
		uint32_t depth = o->min_depth + next(&rng) % (o->depth_range ? o->depth_range : 1);
		struct sample *sm = profile_add_sample(p, depth, 0);
		if (!sm)
			goto fail;
		size_t cur = 0;
		for (uint32_t d = depth; d-- > 0;) {
			sample_set_loc(p, sm, d, (uint32_t)cur);
			cur = (cur * o->branching + 1 + next(&rng) % o->branching) % o->locations;
		}
		int64_t v = 1 + next(&rng) % 5;
		if (sample_set_value(p, sm, 0, v) < 0 || sample_set_value(p, sm, 1, v * 10000000) < 0)
			goto fail;
		uint32_t *set = &sets[(s % 4) * (o->slots ? o->slots : 1) + (o->slots ? s % o->slots : 0)];
		if (!nl || *set) {
			sm->lset = *set;
			continue;
		}
		struct label *l = arena_zalloc(&p->arena, nl * sizeof *l);
		if (!l)
			goto fail;
		if (o->labels) {
			l[0].key = profile_str(p, "worker");
			l[0].str = profile_str(p, workers[s % 4]);
			l[0].num_unit = profile_str(p, "");
		}
		if (o->slots) {
			struct label *sl = &l[o->labels ? 1 : 0];
			sl->key = profile_str(p, "rtprof_slot");
			sl->num = (int64_t)(s % o->slots);
			sl->num_unit = profile_str(p, "");
		}
		if (sample_set_labels(p, sm, l, nl) < 0)
			goto fail;
		*set = sm->lset;
	}
	free(sets);
	return p;
fail:
	free(sets);
	profile_free(p);
	return NULL;
}
