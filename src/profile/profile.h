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
#include <string.h>

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
 * profile.  They sit in the profile's frames array, from the sample's
 * off: 32 bits, or 16 in a narrow profile (one that the reader made
 * narrow because it had no more than PROFILE_NARROW_LOCATIONS locations,
 * which halves the largest part of a big profile's memory).  Read and
 * write them with sample_loc and sample_set_loc; a builder that never
 * narrows its profile may use sample_locs32.  A record is 12 bytes: a
 * big profile has millions. */
struct sample {
	uint32_t off;	/* its first frame in profile.frames */
	uint32_t n_locs;
	uint32_t lset;	/* its labels: profile.lsets[lset]; 0 for none */
};

/* Where one sample type's value sits in a sample's row of values. */
struct value_col {
	uint32_t at;	/* its first byte in the row */
	bool narrow;	/* 32 bits, else 64 */
};

/* A sample's labels: samples with the same labels may share a set. */
struct label_set {
	struct label *labels;
	uint32_t n;
};

struct profile {
	struct arena arena;
	struct strtab strs;

	struct value_type *sample_types;
	size_t n_sample_types;
	struct sample *samples;
	size_t n_samples, cap_samples;
	/* Every sample's frames (see struct sample): uint16_t when narrow,
	 * else uint32_t.  Adding a sample may move them. */
	void *frames;
	size_t n_frames, cap_frames;
	/* The samples' values: a row of row_bytes per sample, in sample
	 * order, holding a value per sample type (n_vcols of them, at least
	 * one): read them with sample_value, write them with
	 * sample_set_value.  A type's values are 64 bits, or 32 (narrow) in
	 * a profile the reader made narrow, until one does not fit: a Go CPU
	 * profile's counts stay narrow, its nanoseconds do not.  One array,
	 * not a column per type: each big array ends on a huge page of its
	 * own. */
	unsigned char *vrows;
	size_t row_bytes;
	struct value_col *vcols;
	size_t n_vcols;
	bool narrow_values;	/* the types start narrow */
	/* The label sets the samples name; lsets[0] is the empty set (or
	 * lsets is NULL while no sample has a label). */
	struct label_set *lsets;
	size_t n_lsets, cap_lsets;
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

/* A sample's index in its profile's samples. */
static inline size_t sample_index_of(const struct profile *p, const struct sample *s)
{
	return (size_t)(s - p->samples);
}

/* Value i (below n_sample_types) of a sample of p. */
static inline int64_t sample_value(const struct profile *p, const struct sample *s, size_t i)
{
	const struct value_col *c = &p->vcols[i];
	const unsigned char *at = p->vrows + sample_index_of(p, s) * p->row_bytes + c->at;
	if (c->narrow) {
		int32_t v;
		memcpy(&v, at, sizeof v);
		return v;
	}
	int64_t v;
	memcpy(&v, at, sizeof v);
	return v;
}

/* A sample's labels (NULL when none) and how many. */
static inline const struct label *sample_labels(const struct profile *p, const struct sample *s)
{
	return s->lset ? p->lsets[s->lset].labels : NULL;
}

static inline uint32_t sample_n_labels(const struct profile *p, const struct sample *s)
{
	return s->lset ? p->lsets[s->lset].n : 0;
}

/* The labels of a sample made with room for them (profile_add_sample's
 * n_labels), to fill in. */
static inline struct label *sample_labels_mut(struct profile *p, const struct sample *s)
{
	return s->lset ? p->lsets[s->lset].labels : NULL;
}

/* Gives a sample of p the n labels at l (p's arena's, kept as they are,
 * and possibly shared with other samples: never changed afterwards);
 * n == 0 for none.  0, or -1 out of memory. */
int sample_set_labels(struct profile *p, struct sample *s, struct label *l, uint32_t n);
/* A new label set of p for the n labels at l (as sample_set_labels), to
 * give samples by id; 0 when n == 0, or UINT32_MAX out of memory. */
uint32_t profile_add_label_set(struct profile *p, struct label *l, uint32_t n);

/* Remakes the label set of every sample of p, once a set, in the samples'
 * order (the empty set included): remake gets the set's n labels at l
 * and either leaves *out at l (the set stays) or points it at *n_out new
 * labels in p's arena (a new set, shared by the set's samples).  0, or -1
 * when remake returned -1 or memory ran out. */
typedef int (*profile_relabel_fn)(void *arg, struct profile *p, const struct label *l,
				  uint32_t n, struct label **out, uint32_t *n_out);
int profile_relabel(struct profile *p, profile_relabel_fn remake, void *arg);

/* Makes a profile with no sample yet keep each type's values in 32 bits
 * while they fit (the reader does, for memory). */
void profile_narrow_values(struct profile *p);
/* Sets value i of a sample of p; -1 when the value made its narrow type
 * 64 bits and that ran out of memory (nothing changed).  A profile that
 * was never made narrow never fails here. */
int sample_set_value(struct profile *p, const struct sample *s, size_t i, int64_t v);
/* Makes sample `from` of p sample `to` (its record and its values), as
 * a filter keeps the samples it keeps. */
static inline void profile_move_sample(struct profile *p, size_t to, size_t from)
{
	if (to == from)
		return;
	p->samples[to] = p->samples[from];
	memcpy(p->vrows + to * p->row_bytes, p->vrows + from * p->row_bytes, p->row_bytes);
}

/* A narrow profile's frames hold slots below this; 0xffff stands for
 * PROFILE_NO_SLOT.  Adding the location that would take this slot widens
 * the profile (every sample's frames become 32 bits). */
#define PROFILE_NARROW_LOCATIONS 0xffffu

/* A wide profile's frames of s (valid until a sample is added). */
static inline uint32_t *sample_locs32(const struct profile *p, const struct sample *s)
{
	return (uint32_t *)p->frames + s->off;
}

static inline uint32_t sample_loc(const struct profile *p, const struct sample *s,
				  uint32_t i)
{
	if (p->narrow) {
		uint16_t l = ((const uint16_t *)p->frames)[s->off + i];
		return l == 0xffff ? PROFILE_NO_SLOT : l;
	}
	return ((const uint32_t *)p->frames)[s->off + i];
}

/* slot: below the profile's location count, or PROFILE_NO_SLOT. */
static inline void sample_set_loc(const struct profile *p, struct sample *s,
				  uint32_t i, uint32_t slot)
{
	if (p->narrow)
		((uint16_t *)p->frames)[s->off + i] = (uint16_t)slot;	/* NO_SLOT -> 0xffff */
	else
		((uint32_t *)p->frames)[s->off + i] = slot;
}

/* Drops a sample's first n frames (its n innermost). */
static inline void sample_drop_leaves(const struct profile *p, struct sample *s,
				      uint32_t n)
{
	(void)p;
	s->off += n;
	s->n_locs -= n;
}

/* The bytes of a sample's frames (a merge key's part), and where they
 * are (valid until a sample is added). */
static inline size_t sample_frame_bytes(const struct profile *p, const struct sample *s)
{
	return (size_t)s->n_locs * (p->narrow ? sizeof(uint16_t) : sizeof(uint32_t));
}

static inline const void *sample_frames(const struct profile *p, const struct sample *s)
{
	return (const char *)p->frames + (size_t)s->off * (p->narrow ? sizeof(uint16_t)
								     : sizeof(uint32_t));
}

/* Gives s (of p) new frames: the n slots at slots, copied to the end of
 * p's frames (slots must not point into them: they may move).  0, or -1
 * out of memory. */
int sample_set_frames(struct profile *p, struct sample *s, const uint32_t *slots, uint32_t n);

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
