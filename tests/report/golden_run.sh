#!/bin/sh
# golden_run.sh: runs every tests/golden/cases/NAME.args through rtprof and
# compares with what `go tool pprof` (Go 1.19) printed for the same
# arguments (tests/golden/expected/NAME.{out,err,rc}, made by
# tests/golden/regen.sh).  Needs no Go.
#
#   tests/report/golden_run.sh [RTPROF] [NAME...]
#
# RTPROF defaults to $abs_top_builddir/rtprof (set by `make check`), else
# ./rtprof.  Cases run from tests/golden/ (found under $srcdir when set)
# with TZ=UTC, stdin from NAME.stdin or /dev/null, $PPROF_BINARY_PATH from
# NAME.binpath when there is one.  GOLDEN_CASES and
# GOLDEN_EXPECTED name other folders of cases (tests/console/golden), still
# run from tests/golden/.
#
# Compared: stdout byte for byte, the exit status, and stderr byte for
# byte when the status is 0 (pprof's warnings, such as `Focus expression
# matched no samples`, are part of the contract).  For failures (status
# != 0) stderr only has to be one line starting with `rtprof: `: rtprof's
# error format differs from pprof's by design (pprof may print usage text
# or several lines; rtprof says what went wrong in one line).
set -u

here=$(cd "$(dirname "$0")" && pwd)
rtprof=
if [ $# -gt 0 ] && [ -x "$1" ] && [ ! -d "$1" ]; then
	rtprof=$1
	shift
fi
if [ -z "$rtprof" ]; then
	if [ -n "${abs_top_builddir-}" ]; then
		rtprof=$abs_top_builddir/rtprof
	else
		rtprof=./rtprof
	fi
fi
case $rtprof in
/*) ;;
*) rtprof=$(pwd)/$rtprof ;;
esac
if [ ! -x "$rtprof" ]; then
	echo "golden_run.sh: no rtprof binary at $rtprof" >&2
	exit 1
fi

if [ -n "${srcdir-}" ] && [ -d "$srcdir/tests/golden" ]; then
	golden=$(cd "$srcdir/tests/golden" && pwd)
else
	golden=$(cd "$here/../golden" && pwd)
fi

cases=${GOLDEN_CASES:-$golden/cases}
expected=${GOLDEN_EXPECTED:-$golden/expected}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rtprof-golden.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

export TZ=UTC
export LC_ALL=C
# Like regen.sh: no local binaries, whatever the machine has.
export PPROF_BINARY_PATH=/nonexistent/rtprof-golden

pass=0
failed=0
failed_names=

run_case() {
	name=$1
	set --
	while IFS= read -r a || [ -n "$a" ]; do
		set -- "$@" "$a"
	done <"$cases/$name.args"
	in=/dev/null
	[ -f "$cases/$name.stdin" ] && in=$cases/$name.stdin
	# As regen.sh ran them: from tests/golden/ (cases reach ../go for
	# sources).  Cases write nothing there (their -output is /dev/null),
	# so a read-only source tree (make distcheck) is fine.
	binpath=$PPROF_BINARY_PATH
	[ -f "$cases/$name.binpath" ] && binpath=$(cat "$cases/$name.binpath")
	(cd "$golden" && PPROF_BINARY_PATH=$binpath "$rtprof" "$@" <"$in" >"$tmp/out" 2>"$tmp/err")
	echo $? >"$tmp/rc"
}

check_case() {
	name=$1
	exp=$expected/$name
	ok=1
	msgs=
	if ! cmp -s "$tmp/rc" "$exp.rc"; then
		ok=0
		msgs="$msgs
exit status $(cat "$tmp/rc"), want $(cat "$exp.rc")"
	fi
	if ! cmp -s "$tmp/out" "$exp.out"; then
		ok=0
		msgs="$msgs
stdout differs:
$(diff -u "$exp.out" "$tmp/out" | head -40)"
	fi
	if [ "$(cat "$exp.rc")" = 0 ]; then
		if ! cmp -s "$tmp/err" "$exp.err"; then
			ok=0
			msgs="$msgs
stderr differs:
$(diff -u "$exp.err" "$tmp/err" | head -20)"
		fi
	else
		lines=$(wc -l <"$tmp/err")
		if [ "$lines" -ne 1 ] || ! head -c 8 "$tmp/err" | grep -q '^rtprof: '; then
			ok=0
			msgs="$msgs
stderr should be one line starting with 'rtprof: ', got:
$(head -5 "$tmp/err")"
		fi
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		failed=$((failed + 1))
		failed_names="$failed_names $name"
		echo "FAIL: $name ($(tr '\n' ' ' <"$cases/$name.args"))$msgs"
		echo
	fi
}

if [ $# -gt 0 ]; then
	names=$*
else
	names=$(cd "$cases" && ls *.args | sed 's/\.args$//')
fi
for name in $names; do
	if [ ! -f "$cases/$name.args" ]; then
		echo "golden_run.sh: no case $name" >&2
		failed=$((failed + 1))
		continue
	fi
	run_case "$name"
	check_case "$name"
done

[ $failed -gt 0 ] && echo "failed:$failed_names"
echo "$pass passed, $failed failed"
[ $failed -eq 0 ]
