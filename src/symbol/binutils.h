/* binutils: pprof's internal/binutils object tool for disasm: binaries
 * opened with pprof's base computation (internal/elfexec), symbols from
 * `nm -n`, disassembly from `objdump` run with pprof's flags (llvm-objdump
 * or GNU objdump, llvm-nm or nm, found as pprof finds them: in the
 * folders of -tools / $PPROF_TOOLS, else on $PATH).
 * Implements report/report_objtool.h; never prints. */
#ifndef RT_SYMBOL_BINUTILS_H
#define RT_SYMBOL_BINUTILS_H

#include "report/report_objtool.h"

const struct report_objtool *binutils_objtool(void);

/* pprof's -tools: comma-separated folders, each for every tool or, as
 * TOOL:FOLDER, for one (objdump, nm); "" or NULL: $PATH.  Takes effect
 * for tools not looked for yet (call it before the first report). */
void binutils_set_tools(const char *config);

#endif
