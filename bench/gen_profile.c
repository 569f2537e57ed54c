/* gen_profile: writes a large synthetic CPU profile for `make bench`:
 * many distinct stacks over a few thousand functions, with labels,
 * deterministic (fixed seed).  Usage: gen_profile OUT.pb.gz [STACKS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile.h"
#include "profile/profile_io.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: gen_profile OUT.pb.gz [STACKS]\n");
		return 2;
	}
	size_t stacks = argc > 2 ? strtoul(argv[2], NULL, 10) : 400000;
	const size_t nfn = 4000, nloc = 60000;
	struct profile *p = profile_new();
	struct rt_error err;
	char name[128], file[128];

	if (!p || profile_set_sample_types(p, 2) < 0)
		return 1;
	p->sample_types[0].type = profile_str(p, "samples");
	p->sample_types[0].unit = profile_str(p, "count");
	p->sample_types[1].type = profile_str(p, "cpu");
	p->sample_types[1].unit = profile_str(p, "nanoseconds");
	p->period_type = p->sample_types[1];
	p->period = 10000000;
	p->time_nanos = 1764000000000000000LL;
	p->duration_nanos = 60000000000LL;
	struct mapping *m = profile_add_mapping(p, 1);
	m->start = 0x400000;
	m->limit = 0x4000000;
	m->file = profile_str(p, "/usr/local/bin/bigservice");
	m->has_functions = m->has_filenames = m->has_line_numbers = true;
	for (size_t i = 0; i < nfn; i++) {
		struct function *f = profile_add_function(p, i + 1);
		snprintf(name, sizeof name, "service/pkg%zu.(*Handler%zu).Method%zu", i % 97, i % 13, i);
		snprintf(file, sizeof file, "/src/service/pkg%zu/file%zu.go", i % 97, i % 31);
		f->name = profile_str(p, name);
		f->system_name = f->name;
		f->filename = profile_str(p, file);
		f->start_line = 10 + (int64_t)(i % 500);
	}
	for (size_t i = 0; i < nloc; i++) {
		uint32_t nl = 1 + (next() % 4 == 0);
		struct location *l = profile_add_location(p, i + 1, nl);
		l->mapping = m;
		l->address = 0x400000 + i * 16;
		for (uint32_t j = 0; j < nl; j++) {
			l->lines[j].fn = p->functions[(i * 7 + j * 131) % nfn];
			l->lines[j].line = l->lines[j].fn->start_line + (int64_t)(next() % 40);
		}
	}
	const char *workers[] = { "render", "io", "gc", "net" };
	/* Stacks are walks down a fixed call graph (each location calls one of
	 * 6 others), as in real programs: many distinct stacks, few edges. */
	for (size_t s = 0; s < stacks; s++) {
		uint32_t depth = 8 + next() % 24;
		struct sample *sm = profile_add_sample(p, depth, 1);
		size_t cur = 0;
		for (uint32_t d = depth; d-- > 0;) {
			sm->locs[d] = p->locations[cur];
			cur = (cur * 6 + 1 + next() % 6) % nloc;
		}
		sm->values[0] = 1 + next() % 5;
		sm->values[1] = sm->values[0] * 10000000;
		sm->labels[0].key = profile_str(p, "worker");
		sm->labels[0].str = profile_str(p, workers[s % 4]);
		sm->labels[0].num_unit = profile_str(p, "");
	}
	if (profile_write_file(p, argv[1], &err) < 0) {
		fprintf(stderr, "gen_profile: %s: %s\n", argv[1], err.msg);
		return 1;
	}
	profile_free(p);
	return 0;
}
