/* light: constructors, sample positions and the counter-based jitter hash. */
#include "render/light.h"

struct light light_point(struct vec3 pos, struct color intensity)
{
	return (struct light){ .position = pos,
			       .corner = pos,
			       .usteps = 1,
			       .vsteps = 1,
			       .samples = 1,
			       .intensity = intensity };
}

struct light light_area(struct vec3 corner, struct vec3 full_uvec, int usteps,
			struct vec3 full_vvec, int vsteps, bool jitter,
			struct color intensity)
{
	struct light l = { .corner = corner,
			   .uvec = v3_scale(full_uvec, 1.0 / usteps),
			   .vvec = v3_scale(full_vvec, 1.0 / vsteps),
			   .usteps = usteps,
			   .vsteps = vsteps,
			   .samples = usteps * vsteps,
			   .jitter = jitter,
			   .intensity = intensity };
	l.position = v3_add(corner, v3_scale(v3_add(full_uvec, full_vvec), 0.5));
	return l;
}

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void jitter_reset(struct jitter *j, uint64_t x, uint64_t y, uint64_t sample)
{
	j->key = splitmix64(splitmix64(splitmix64(x) ^ y) ^ sample);
	j->counter = 0;
}

double jitter_next(struct jitter *j)
{
	if (j->seq) {
		double v = j->seq[j->pos];
		j->pos = (j->pos + 1) % j->nseq;
		return v;
	}
	uint64_t h = splitmix64(j->key ^ splitmix64(j->counter++));
	return (double)(h >> 11) * (1.0 / 9007199254740992.0);
}

struct vec3 light_point_on(const struct light *l, int u, int v,
			   struct jitter *j)
{
	if (l->samples == 1 && l->usteps == 1 && !l->jitter)
		return v3_add(l->corner,
			      v3_scale(v3_add(l->uvec, l->vvec), 0.5));
	double ju = 0.5, jv = 0.5;
	if (l->jitter && j) {
		ju = jitter_next(j);
		jv = jitter_next(j);
	}
	return v3_add(l->corner, v3_add(v3_scale(l->uvec, u + ju),
					 v3_scale(l->vvec, v + jv)));
}
