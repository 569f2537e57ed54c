#!/bin/sh
# disasm_golden.sh: rtprof's disasm of tests/golden/symb/symbwork against
# the goldens in tests/golden/symb/{cases,expected}, made by the pprof Go
# vendors running objdump and nm (tests/golden/regen.sh, bu_cases).  The
# listing is the tools' text, so the test runs only where the tools are the
# ones that made the goldens (symb/tools.txt); elsewhere it is skipped.
set -u

here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${srcdir-}" ] && [ -d "$srcdir/tests/golden" ]; then
	golden=$(cd "$srcdir/tests/golden" && pwd)
else
	golden=$(cd "$here/../golden" && pwd)
fi
tools=$(for t in llvm-objdump objdump llvm-nm nm; do
	printf '%s: ' "$t"
	("$t" --version 2>/dev/null || echo none) | head -1
done)
if [ "$tools" != "$(cat "$golden/symb/tools.txt")" ]; then
	echo "disasm_golden.sh: objdump/nm differ from those of the goldens; skipped"
	exit 77
fi
GOLDEN_CASES=$golden/symb/cases GOLDEN_EXPECTED=$golden/symb/expected \
	exec sh "$here/../report/golden_run.sh" "$@"
