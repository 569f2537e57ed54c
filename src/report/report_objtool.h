/* report_objtool: what disasm and weblist ask of binaries, pprof's
 * plugin.ObjTool and ObjFile: open a mapping's binary, translate profile
 * addresses to the binary's, list symbols matching a regexp, disassemble
 * a range.  The report only calls through these pointers; src/symbol
 * implements them (running objdump and nm), so src/report never starts a
 * process.  Results are allocated in the arena the report passes. */
#ifndef RT_REPORT_OBJTOOL_H
#define RT_REPORT_OBJTOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/rt_error.h"
#include "base/rx.h"

struct report_sym {
	const char **names;	/* the first is printed, others as AKA */
	size_t n_names;
	const char *file;	/* the binary */
	uint64_t start, end;	/* in the binary's addresses, end inclusive */
};

struct report_inst {
	uint64_t addr;
	const char *text, *function, *file;
	int64_t line;
};

struct report_objfile;

struct report_objtool {
	/* NULL and err set (pprof prints it and goes on) when the binary
	 * cannot be used. */
	struct report_objfile *(*open)(const char *file, uint64_t start, uint64_t limit,
				       uint64_t offset, struct rt_error *err);
	void (*close)(struct report_objfile *f);
	/* A profile address in the binary's terms; -1 when it is not in the
	 * mapping (pprof's ObjAddr error). */
	int (*obj_addr)(struct report_objfile *f, uint64_t addr, uint64_t *out);
	/* Symbols whose name (or demangled name) matches rx, or that hold
	 * addr when addr != 0. */
	int (*symbols)(struct report_objfile *f, const struct rx *rx, uint64_t addr,
		       struct arena *a, struct report_sym **syms, size_t *n,
		       struct rt_error *err);
	int (*disasm)(const char *file, uint64_t start, uint64_t end, bool intel_syntax,
		      struct arena *a, struct report_inst **insts, size_t *n,
		      struct rt_error *err);
};

#endif
