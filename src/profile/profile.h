/* profile: the profile.proto model in C.  Every report takes a struct profile,
 * whether it came from a .pb.gz, a merge, a diff or the live sampler.
 * All memory of a profile (strings included) lives in its arena; strings are
 * interned in its strtab, so equal strings are equal pointers.
 * Never knows of threads, ncurses or the renderer. */
#ifndef RT_PROFILE_H
#define RT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/rt_error.h"
#include "base/strtab.h"

struct value_type {
	const char *type;
	const char *unit;
};

/* A string label has str != NULL; a numeric one has str == NULL. */
struct label {
	const char *key;
	const char *str;
	int64_t num;
	const char *num_unit;	/* "" when the profile gave none */
};

struct mapping {
	uint64_t id;
	uint64_t start, limit, offset;
	const char *file, *build_id;
	bool has_functions, has_filenames, has_line_numbers, has_inline_frames;
};

struct function {
	uint64_t id;
	const char *name, *system_name, *filename;
	int64_t start_line;
};

struct line {
	struct function *fn;	/* never NULL in a valid profile */
	int64_t line;
};

struct location {
	uint64_t id;
	struct mapping *mapping;	/* may be NULL */
	uint64_t address;
	struct line *lines;	/* innermost (inlined callee) first */
	uint32_t n_lines;
	uint32_t slot;	/* index in profile.locations, set by the builder; a
			 * location belongs to the one profile that made it */
	bool is_folded;
};

/* The slot of a sample frame that names no location (an id the profile
 * lacks): a fresh sample holds it until its frames are set, and
 * profile_check_valid refuses it. */
#define PROFILE_NO_SLOT UINT32_MAX

/* A sample's frames are location slots, leaf first: frame i is the
 * location profile.locations[sample_loc(p, s, i)] of the sample's own
 * profile.  They are 32 bits (locs), or 16 (locs16) in a narrow profile:
 * one that the reader made narrow because it had no more than
 * PROFILE_NARROW_LOCATIONS locations, which halves the largest part of a
 * big profile's memory.  Read and write them with sample_loc and
 * sample_set_loc; a builder that never narrows its profile may use locs. */
struct sample {
	union {
		uint32_t *locs;
		uint16_t *locs16;
	};
	uint32_t n_locs;
	uint32_t n_labels;
	int64_t *values;	/* n_sample_types of them */
	struct label *labels;
};

struct profile {
	struct arena arena;
	struct strtab strs;

	struct value_type *sample_types;
	size_t n_sample_types;
	struct sample *samples;
	size_t n_samples, cap_samples;
	struct mapping **mappings;
	size_t n_mappings, cap_mappings;
	struct location **locations;
	size_t n_locations, cap_locations;
	struct function **functions;
	size_t n_functions, cap_functions;

	bool narrow;	/* the samples' frames are 16 bits (see struct sample) */

	const char *drop_frames, *keep_frames;
	int64_t time_nanos, duration_nanos;
	struct value_type period_type;
	int64_t period;
	const char **comments;
	size_t n_comments;
	const char *default_sample_type;
};

/* A narrow profile's frames hold slots below this; 0xffff stands for
 * PROFILE_NO_SLOT.  Adding the location that would take this slot widens
 * the profile (every sample's frames become 32 bits). */
#define PROFILE_NARROW_LOCATIONS 0xffffu

static inline uint32_t sample_loc(const struct profile *p, const struct sample *s,
				  uint32_t i)
{
	if (p->narrow)
		return s->locs16[i] == 0xffff ? PROFILE_NO_SLOT : s->locs16[i];
	return s->locs[i];
}

/* slot: below the profile's location count, or PROFILE_NO_SLOT. */
static inline void sample_set_loc(const struct profile *p, struct sample *s,
				  uint32_t i, uint32_t slot)
{
	if (p->narrow)
		s->locs16[i] = (uint16_t)slot;	/* PROFILE_NO_SLOT -> 0xffff */
	else
		s->locs[i] = slot;
}

/* Drops a sample's first n frames (its n innermost). */
static inline void sample_drop_leaves(const struct profile *p, struct sample *s,
				      uint32_t n)
{
	if (p->narrow)
		s->locs16 += n;
	else
		s->locs += n;
	s->n_locs -= n;
}

/* The bytes of a sample's frames (a merge key's part). */
static inline size_t sample_frame_bytes(const struct profile *p, const struct sample *s)
{
	return (size_t)s->n_locs * (p->narrow ? sizeof *s->locs16 : sizeof *s->locs);
}

/* Makes a profile's samples narrow, when it has no sample yet and at most
 * PROFILE_NARROW_LOCATIONS locations; true when they are narrow. */
bool profile_narrow(struct profile *p);
/* Makes a narrow profile's frames 32 bits; 0, or -1 out of memory. */
int profile_widen(struct profile *p);

/* An empty profile with all strings "" ; NULL when out of memory. */
struct profile *profile_new(void);
void profile_free(struct profile *p);

const char *profile_str(struct profile *p, const char *s);
const char *profile_strn(struct profile *p, const char *s, size_t n);

/* The model's strings are C strings, but profile.proto's are length-
 * delimited and may hold NUL bytes.  Such a byte is kept as the pair
 * 01 80 (and a byte 01 as 01 81), so nothing is cut and names hash, match
 * and sort as Go's strings do (the pairs order as the bytes they stand
 * for, below every other byte).  A pair is one rune wide, as the NUL is
 * (tabwriter counts it so).  profile_strn_bytes interns n bytes so;
 * profile_str_unescape turns the pairs back into bytes in place (for the
 * text a report prints and the strings the writer encodes) and returns
 * the new length. */
#define PROFILE_ESC 0x01
const char *profile_strn_bytes(struct profile *p, const char *s, size_t n);
size_t profile_str_unescape(char *s, size_t n);

/* Builders: each returns the new object (zeroed except the id) or NULL when
 * out of memory.  Used by the reader, merge, the sampler and tests. */
struct mapping *profile_add_mapping(struct profile *p, uint64_t id);
struct function *profile_add_function(struct profile *p, uint64_t id);
struct location *profile_add_location(struct profile *p, uint64_t id,
				      uint32_t n_lines);
/* A sample's frames start as PROFILE_NO_SLOT. */
struct sample *profile_add_sample(struct profile *p, uint32_t n_locs,
				  uint32_t n_labels);
int profile_set_sample_types(struct profile *p, size_t n);
/* Room for n samples in all, so that adding them moves nothing. */
int profile_reserve_samples(struct profile *p, size_t n);
/* profile_add_sample for a caller that sets every location itself: the
 * location array is not filled. */
struct sample *profile_add_sample_nolocs(struct profile *p, uint32_t n_locs,
					 uint32_t n_labels);

/* pprof's CheckValid: 0, or -1 with the message pprof would print. */
int profile_check_valid(const struct profile *p, struct rt_error *err);
/* The same without the samples' frames (a frame must name a location),
 * for a reader that checked each frame as it made it. */
int profile_check_valid_objects(const struct profile *p, struct rt_error *err);

/* Index of a sample type by pprof's rules (empty name: default type, else
 * the last one; a number; a type name, also without "inuse_"). */
int profile_sample_index(const struct profile *p, const char *name,
			 struct rt_error *err);

#endif
