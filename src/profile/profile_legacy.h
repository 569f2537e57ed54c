/* profile_legacy: pprof's legacy (pre-profile.proto) profile formats, read
 * as pprof's profile.parseLegacy does: gperftools and Go binary CPU
 * profiles, gperftools heap/growth/contention/thread text, Go's legacy
 * count profiles (goroutine, threadcreate) and Java's cpu/heap/contention.
 * The parsers live in profile_legacy.c (text), profile_legacy_cpu.c
 * (binary), profile_java.c; profile_legacy_maps.c holds what they share
 * (lines, memory maps, renumbering).  Messages are pprof's, without the
 * file name. */
#ifndef RT_PROFILE_LEGACY_H
#define RT_PROFILE_LEGACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/idmap.h"
#include "profile/profile.h"

/* Results of one parser: LEGACY_UNRECOGNIZED lets the next one try. */
enum { LEGACY_OK = 0, LEGACY_UNRECOGNIZED = 1, LEGACY_ERROR = -1 };

/* Tries each legacy parser in pprof's order.  LEGACY_OK: *out is the
 * profile (checked as pprof's ParseData checks it); LEGACY_ERROR: err says
 * why ("parsing profile: ..." or "malformed profile: ..."). */
int profile_parse_legacy(const uint8_t *data, size_t n, struct profile **out,
			 struct rt_error *err);

/* The parsers, each LEGACY_OK / LEGACY_UNRECOGNIZED / LEGACY_ERROR (err
 * without the "parsing profile: " prefix). */
int legacy_parse_cpu(struct profile *p, const uint8_t *b, size_t n, struct rt_error *err);
int legacy_parse_heap(struct profile *p, const uint8_t *b, size_t n, struct rt_error *err);
int legacy_parse_gocount(struct profile *p, const uint8_t *b, size_t n, struct rt_error *err);
int legacy_parse_thread(struct profile *p, const uint8_t *b, size_t n, struct rt_error *err);
int legacy_parse_contention(struct profile *p, const uint8_t *b, size_t n, struct rt_error *err);
int legacy_parse_java(struct profile *p, const uint8_t *b, size_t n, struct rt_error *err);
/* bufio.Scanner with ScanLines: lines without "\n" or a final "\r";
 * a line longer than Go's 64 KiB token limit stops it with an error.
 * After the last line, the current line is "" (as Scanner.Text()). */
struct lscan {
	const char *data;
	size_t n, pos;
	const char *line;
	size_t len;
	bool too_long;
};
void lscan_init(struct lscan *s, const uint8_t *data, size_t n);
bool lscan_next(struct lscan *s);
/* LEGACY_ERROR with Go's message when the scanner stopped on an error. */
int lscan_err(const struct lscan *s, struct rt_error *err);

/* strings.TrimSpace (Unicode white space included). */
void legacy_trim(const char **s, size_t *len);
bool legacy_has_prefix(const char *s, size_t len, const char *prefix);
bool legacy_contains(const char *s, size_t len, const char *needle);
bool legacy_space_or_comment(const char *s, size_t len);
bool legacy_map_sentinel(const char *s, size_t len);

/* parseHexAddresses: every 0x[0-9a-f]+ in s.  Growing array *addrs. */
int legacy_hex_addresses(const char *s, size_t len, uint64_t **addrs, size_t *n,
			 size_t *cap, struct rt_error *err);
/* strconv.ParseInt(s, base, 64) / ParseUint on a piece of a line; on
 * failure err holds Go's *NumError text. */
int legacy_parse_int(const char *s, size_t len, int base, int64_t *v, struct rt_error *err);
int legacy_parse_uint(const char *s, size_t len, int base, uint64_t *v, struct rt_error *err);

/* Address -> location (the address 0 is a key too). */
struct legacy_locs {
	struct idmap map;
	struct location *zero;
	bool has_zero;
};
int legacy_locs_init(struct legacy_locs *l);
void legacy_locs_free(struct legacy_locs *l);
/* The location at addr, made (and appended to p) the first time. */
struct location *legacy_loc(struct profile *p, struct legacy_locs *l, uint64_t addr);
struct location *legacy_loc_find(struct legacy_locs *l, uint64_t addr);

/* javaCPUProfile's second half: b is what follows the samples (the
 * location names), locs the samples' locations by address. */
int legacy_java_cpu(struct profile *p, const uint8_t *b, size_t n,
		    struct legacy_locs *locs, struct rt_error *err);

/* Sets err to "out of memory"; returns LEGACY_ERROR. */
int legacy_nomem(struct rt_error *err);

/* A sample with these locations and n_sample_types values (zeroed). */
struct sample *legacy_add_sample(struct profile *p, struct location **locs, size_t n);

/* Drops frame i of s (of p, wide). */
void legacy_drop_loc(struct profile *p, struct sample *s, uint32_t i);
/* cleanupDuplicateLocations: the leaf's address seen twice. */
void legacy_cleanup_duplicates(struct profile *p);
/* scaleHeapSample. */
void legacy_scale_heap(int64_t count, int64_t size, int64_t rate, int64_t *oc, int64_t *os);
/* int64(f) as Go computes it on amd64. */
int64_t legacy_f2i(double f);

/* parseAdditionalSections: skips to the memory map and reads it. */
int legacy_additional_sections(struct lscan *s, struct profile *p, struct rt_error *err);
/* ParseMemoryMapFromScanner: mappings from the /proc/self/maps lines left
 * in s, then pprof's massageMappings and id renumbering. */
int legacy_memory_map(struct lscan *s, struct profile *p, struct rt_error *err);
/* remapLocationIDs, remapFunctionIDs, remapMappingIDs. */
int legacy_remap(struct profile *p);

#endif
