/* maps: the executable mappings of this process (dl_iterate_phdr), with
 * file paths and GNU build IDs, for the profile's Mapping table.  Read at
 * snapshot time; never in a signal handler. */
#ifndef RT_SAMPLER_MAPS_H
#define RT_SAMPLER_MAPS_H

#include <stddef.h>
#include <stdint.h>

struct maps_entry {
	uint64_t start, limit, offset;
	char file[512];
	char build_id[2 * 64 + 1];	/* lowercase hex, "" when none */
};

struct maps {
	struct maps_entry *v;
	size_t n, cap;
};

/* Fills m (sorted by start).  0, or -1 when out of memory. */
int maps_read(struct maps *m);
void maps_free(struct maps *m);
/* Index of the mapping holding pc, or -1. */
long maps_find(const struct maps *m, uint64_t pc);

#endif
