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

/* One loaded object from /proc/self/maps: its path ("[vdso]" for the vDSO)
 * and the span of its segments.  This is what libdwfl is told the process
 * holds.  The file also lists what libelf itself mmaps (a library's whole
 * ELF image, opened to symbolize it, writable and without code), which
 * would pass for a second copy of the library at the wrong address: only
 * runs of one file's segments that hold code count. */
struct maps_object {
	uint64_t low, high;
	char *file;
};

struct maps_objects {
	struct maps_object *v;
	size_t n, cap;
};

/* Fills o (sorted by low).  0, or -1 (no /proc, or out of memory).  Takes
 * no loader lock: safe beside another thread's dlopen. */
int maps_objects_read(struct maps_objects *o);
void maps_objects_free(struct maps_objects *o);

/* Fills m (sorted by start).  0, or -1 when out of memory. */
int maps_read(struct maps *m);
void maps_free(struct maps *m);
/* Index of the mapping holding pc, or -1. */
long maps_find(const struct maps *m, uint64_t pc);

#endif
