/* tiny_profile: small profiles built with profile.h's builders, for tests.
 * Every string is interned in the profile, as the model requires.  Each
 * helper returns NULL only when out of memory (tests assert on it). */
#ifndef RT_TESTS_TINY_PROFILE_H
#define RT_TESTS_TINY_PROFILE_H

#include "profile/profile.h"

/* A profile with the given sample types ("type/unit" pairs, e.g.
 * "samples/count", "cpu/nanoseconds"); period type is the last one. */
struct profile *tiny_new(size_t n_types, const char *const *types);
struct function *tiny_fn(struct profile *p, uint64_t id, const char *name,
			 const char *file);
/* A location whose lines call fns[0] (innermost, inlined) ... fns[n-1]. */
struct location *tiny_loc(struct profile *p, uint64_t id, uint64_t addr,
			  size_t n, struct function *const *fns);
/* A sample of these locations of p (stored as their slots), leaf first; values has one entry per sample type; room
 * for n_labels labels, set with tiny_label (str NULL: a numeric label). */
struct sample *tiny_sample(struct profile *p, const int64_t *values,
			   uint32_t n_labels, size_t n,
			   struct location *const *locs);
int tiny_label(struct profile *p, struct sample *s, uint32_t i,
	       const char *key, const char *str, int64_t num, const char *unit);

/* Deep comparison (by value, not pointer); on a difference, false and a
 * description in why. */
bool tiny_equal(const struct profile *a, const struct profile *b, char *why,
		size_t n);
/* tiny_equal, and the same in memory: frame widths and slots. */
bool tiny_identical(const struct profile *a, const struct profile *b, char *why, size_t n);
/* A profile of tests/golden/profiles, read; NULL with err when it
 * cannot be. */
struct profile *tiny_golden(const char *name, struct rt_error *err);
/* A two-type CPU profile with a mapping, an inlined frame, recursion,
 * labels, comments and all header fields set: the round-trip fixture. */
struct profile *tiny_rich(void);

#define TINY_N(...) (sizeof((void *[]){ __VA_ARGS__ }) / sizeof(void *))
#define TINY_LOC(p, id, ...) \
	tiny_loc(p, id, 0, TINY_N(__VA_ARGS__), (struct function *[]){ __VA_ARGS__ })
#define TINY_SAMPLE(p, vals, ...) TINY_SAMPLE_L(p, vals, 0, __VA_ARGS__)
#define TINY_SAMPLE_L(p, vals, n_labels, ...) \
	tiny_sample(p, vals, n_labels, TINY_N(__VA_ARGS__), \
		    (struct location *[]){ __VA_ARGS__ })

#endif
