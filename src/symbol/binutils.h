/* binutils: pprof's internal/binutils object tool for disasm: binaries
 * opened with pprof's base computation (internal/elfexec), symbols from
 * `nm -n`, disassembly from `objdump` run with pprof's flags (llvm-objdump
 * or GNU objdump, llvm-nm or nm, found on $PATH as pprof finds them).
 * Implements report/report_objtool.h; never prints. */
#ifndef RT_SYMBOL_BINUTILS_H
#define RT_SYMBOL_BINUTILS_H

#include "report/report_objtool.h"

const struct report_objtool *binutils_objtool(void);

#endif
