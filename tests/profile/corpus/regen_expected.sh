#!/bin/sh
# regen_expected: records what `go tool pprof` (Go 1.19, as tests/golden)
# prints for the corpus cases that must parse ("OK" in MANIFEST), for the
# commands in CMDS: expected/CASE.CMD.out, .err and .rc, compared with
# rtprof's output by tests/profile/oddities.sh.  Needs Go; make check does
# not.  Run from anywhere; commit the results.
set -e
here=$(cd "$(dirname "$0")" && pwd)
CMDS="raw top traces tags"
cd "$here"
rm -f expected/*.out expected/*.err expected/*.rc
grep -v '^#' MANIFEST | while IFS="$(printf '\t')" read -r spec expect; do
	[ "$expect" = OK ] || continue
	file=${spec%% *}
	for cmd in $CMDS; do
		rc=0
		TZ=UTC go tool pprof "-$cmd" "$file" >"expected/$file.$cmd.out" \
			2>"expected/$file.$cmd.err" </dev/null || rc=$?
		echo "$rc" >"expected/$file.$cmd.rc"
	done
done
set -- expected/*.out
echo "recorded $# outputs"
