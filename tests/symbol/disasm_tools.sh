#!/bin/sh
# disasm_tools.sh: disasm without its tools or its binary says what pprof
# says: no objdump on $PATH is "cannot disasm: no objdump tool available";
# a mapping whose binary is missing names it (Go's stat error).
set -u

rtprof=${RTPROF:-./rtprof}
if [ -n "${srcdir-}" ] && [ -d "$srcdir/tests/golden" ]; then
	golden=$(cd "$srcdir/tests/golden" && pwd)
else
	golden=$(cd "$(dirname "$0")/../golden" && pwd)
fi
case $rtprof in /*) ;; *) rtprof=$(pwd)/$rtprof ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rtprof-disasm.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

nm=$(command -v llvm-nm || command -v nm) || { echo "no nm: skipped"; exit 77; }
mkdir "$tmp/bin"
ln -s "$nm" "$tmp/bin/nm"

# nm but no objdump: the symbol is found, its disassembly is not.
(cd "$golden" && PATH=$tmp/bin PPROF_BINARY_PATH=/nonexistent \
	"$rtprof" -disasm=hash_block symb/symbwork symb/symbwork.prof >"$tmp/out" 2>"$tmp/err")
rc=$?
if [ $rc != 1 ] || [ -s "$tmp/out" ] ||
   [ "$(cat "$tmp/err")" != "rtprof: cannot disasm: no objdump tool available" ]; then
	echo "FAIL: no objdump: status $rc, stdout $(wc -c <"$tmp/out") bytes, stderr:"
	cat "$tmp/err"
	fail=1
fi

# -tools (or $PPROF_TOOLS) says where the tools are, as in pprof: only
# there (a folder without objdump: none), TOOL:FOLDER for one tool.
(cd "$golden" && PPROF_BINARY_PATH=/nonexistent \
	"$rtprof" -tools="$tmp/bin" -disasm=hash_block symb/symbwork symb/symbwork.prof \
	>"$tmp/out" 2>"$tmp/err")
rc=$?
if [ $rc != 1 ] || [ "$(cat "$tmp/err")" != "rtprof: cannot disasm: no objdump tool available" ]; then
	echo "FAIL: -tools without objdump: status $rc, stderr:"
	cat "$tmp/err"
	fail=1
fi
objdump=$(command -v llvm-objdump || command -v objdump)
if [ -n "$objdump" ]; then
	mkdir "$tmp/od"
	ln -s "$objdump" "$tmp/od/$(basename "$objdump")"
	(cd "$golden" && PATH=/nonexistent PPROF_TOOLS="objdump:$tmp/od,$tmp/bin" \
		PPROF_BINARY_PATH=/nonexistent \
		"$rtprof" -disasm=hash_block symb/symbwork symb/symbwork.prof >"$tmp/out" 2>"$tmp/err")
	rc=$?
	if [ $rc != 0 ] || ! grep -q "ROUTINE ======================== hash_block" "$tmp/out"; then
		echo "FAIL: \$PPROF_TOOLS=objdump:DIR,DIR: status $rc, stderr:"
		cat "$tmp/err"
		fail=1
	fi
fi

# The mapping's binary (/tmp/rtprof-symb-bin/symbwork) is gone: its
# unsymbolized nodes are named [symbwork].
(cd "$golden" && PPROF_BINARY_PATH=/nonexistent \
	"$rtprof" -disasm=symbwork symb/symbwork.prof >"$tmp/out" 2>"$tmp/err")
rc=$?
want="rtprof: stat /tmp/rtprof-symb-bin/symbwork: no such file or directory; no matches found for regexp: symbwork"
if [ $rc != 1 ] || [ -s "$tmp/out" ] || [ "$(tail -1 "$tmp/err")" != "$want" ]; then
	echo "FAIL: no binary: status $rc, stderr:"
	cat "$tmp/err"
	fail=1
fi
[ $fail = 0 ] && echo "disasm_tools.sh: ok"
exit $fail
