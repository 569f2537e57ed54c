/* symbolize: program counter -> function, file, line and inline chain, with
 * elfutils libdwfl over this process.  Results are cached per pc and live
 * until sym_shutdown.  Runs on the snapshot caller, never in a signal
 * handler; callers hold sym_lock() across lookups and while they use the
 * results (libdwfl is not thread-safe). */
#ifndef RT_SAMPLER_SYMBOLIZE_H
#define RT_SAMPLER_SYMBOLIZE_H

#include <stdint.h>

struct sym_func {
	const char *name;	/* C name, or "" when unknown */
	const char *file;	/* absolute source path from DWARF, or "" */
	int64_t start_line;	/* DW_AT_decl_line, 0 when unknown */
	struct sym_func *next;	/* hash chain (owned by symbolize.c) */
};

struct sym_line {
	const struct sym_func *fn;
	int64_t line;
};

/* The frames at one pc: lines[0] is the innermost inlined function, the
 * last is the real (out-of-line) function.  n == 0: nothing known. */
struct sym_frame {
	uint32_t n;
	struct sym_line lines[];
};

void sym_lock(void);
void sym_unlock(void);
/* Drops the cache and the libdwfl session (next lookup starts afresh). */
void sym_shutdown(void);

/* Reports this process's loaded objects (maps_objects_read) to a libdwfl
 * session, as dwfl_linux_proc_report would but without the files libelf
 * has mmapped; the vDSO is named "[vdso: PID]" so dwfl_linux_proc_find_elf
 * reads it from memory.  0, or -1.  Needs no lock of its own. */
struct Dwfl;
int sym_report_process(struct Dwfl *dwfl);

/* Under sym_lock.  Never NULL: out of memory gives a frame with n == 0. */
const struct sym_frame *sym_lookup(uint64_t pc);

#endif
