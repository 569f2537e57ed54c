/* report_disasm: the parts of disasm that weblist shares: the symbols
 * matching the report's regexp in the binaries with samples (through
 * cfg->obj), and each one's instructions with their samples and lines. */
#ifndef RT_REPORT_DISASM_H
#define RT_REPORT_DISASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/report_context.h"

struct disasm_ctx;

/* One instruction as pprof's assemblyInstruction has it. */
struct disasm_line {
	uint64_t addr;
	const char *text, *function;
	const char *file;	/* base name, as disasm prints it */
	const char *full_file;	/* as objdump (or the samples) gave it */
	int64_t line, flat, cum;
	int64_t home;		/* weblist: the source line it goes under */
	bool starts_block;	/* weblist: not right after the one before */
};

/* NULL with r->err set on failure; free with report_disasm_end. */
struct disasm_ctx *report_disasm_begin(struct rctx *r);
void report_disasm_end(struct disasm_ctx *d);
/* Finds the symbols with samples, sorted by name then address. */
int report_disasm_symbols(struct disasm_ctx *d);
size_t report_disasm_count(const struct disasm_ctx *d);
/* Symbol i's name, source file (of its first instruction that has one,
 * else "") and annotated instructions (valid until report_disasm_end). */
int report_disasm_lines(struct disasm_ctx *d, size_t i, const char **name,
			const char **file, struct disasm_line **lines, size_t *n);

#endif
