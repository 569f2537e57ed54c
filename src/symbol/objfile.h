/* objfile: an ELF binary opened the way `go tool pprof` (cmd/pprof's
 * objTool over Go's cmd/internal/objfile and debug/dwarf) opens it: load
 * address and DWARF source lines for addresses.  Knows
 * nothing of profiles, the console or ncurses; never prints. */
#ifndef RT_SYMBOL_OBJFILE_H
#define RT_SYMBOL_OBJFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rt_error.h"

struct objfile;

/* One frame as cmd/pprof's DWARF fallback gives it: the subprogram's
 * DW_AT_name, the line table's file and line (no inline frames).  The
 * strings live as long as the objfile. */
struct objfile_frame {
	const char *func, *file;
	int64_t line;
};

/* Opens path as Go's objfile.Open does: Go's messages on failure ("open
 * F: no such file or directory", "open F: unrecognized object file"). */
struct objfile *objfile_open(const char *path, struct rt_error *err);
void objfile_close(struct objfile *f);

/* Whether the file Go's objfile.Open would take as an object file (ELF,
 * Mach-O, PE); only ELF can be read further here. */
int objfile_check(const char *path, struct rt_error *err);

/* The first executable PT_LOAD's virtual address (Go's LoadAddress);
 * -1 when there is none. */
int objfile_load_address(const struct objfile *f, uint64_t *addr);

/* The frame for addr (an address in the file's own terms): 0, or -1
 * when the DWARF has no line for it (or there is no DWARF). */
int objfile_source_line(struct objfile *f, uint64_t addr, struct objfile_frame *fr);

#endif
