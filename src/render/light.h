/* light: point lights and rectangular area lights (bonus chapter
 * "Rendering Soft Shadows"), and the deterministic jitter source.  A point
 * light is an area light of one cell with no extent.  Jitter values come
 * from a hash of (pixel, sample, counter) or, in tests, from the book's
 * cycling sequence: never from a shared stream, so images do not depend on
 * thread count or job order. */
#ifndef RENDER_LIGHT_H
#define RENDER_LIGHT_H

#include <stdbool.h>
#include <stdint.h>

#include "render/vec.h"

struct light {
	struct vec3 position;	/* centre of the light */
	struct vec3 corner, uvec, vvec;	/* uvec / vvec: one cell's edges */
	int usteps, vsteps, samples;
	bool jitter;
	struct color intensity;
};

struct light light_point(struct vec3 pos, struct color intensity);
/* full_uvec / full_vvec are the whole edges, as in YAML. */
struct light light_area(struct vec3 corner, struct vec3 full_uvec, int usteps,
			struct vec3 full_vvec, int vsteps, bool jitter,
			struct color intensity);

struct jitter {
	const double *seq;	/* test sequence, cycled; NULL: hash */
	int nseq, pos;
	uint64_t key;		/* pixel and sample identity */
	uint64_t counter;	/* draws so far for this key */
};

/* Keys the hash to one pixel sample; restarts its counter. */
void jitter_reset(struct jitter *j, uint64_t x, uint64_t y, uint64_t sample);
/* Next value in [0, 1). */
double jitter_next(struct jitter *j);

/* Position of cell (u, v): its centre, or a jittered point inside it. */
struct vec3 light_point_on(const struct light *l, int u, int v,
			   struct jitter *j);

#endif
