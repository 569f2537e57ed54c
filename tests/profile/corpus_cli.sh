#!/bin/sh
# corpus_cli: the malformed-profile corpus through the real command line.
# For every MANIFEST case, `rtprof -top FILE` (with -max_decompressed=CAP
# when the case has a cap) must exit 1 with nothing on stdout and exactly one
# stderr line, "rtprof: FILE: ..." containing the expected text.  ("OK"
# cases are compared with go tool pprof's whole output by oddities.sh.)
# Also a directory and a missing file.  Run by make check from
# the build folder (srcdir set by automake); RTPROF overrides the binary.
srcdir=${srcdir:-.}
rtprof=${RTPROF:-./rtprof}
corpus=$srcdir/tests/profile/corpus
tmp=$(mktemp -d /tmp/rtprof-cli-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
cases=0
tab=$(printf '\t')

# check FILE EXPECT [FLAG]: one case.
check() {
	file=$1 expect=$2 flag=$3
	cases=$((cases + 1))
	# shellcheck disable=SC2086 # $flag is empty or one word
	"$rtprof" -top $flag "$file" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	what="rtprof -top $flag $file"
	lines=$(wc -l <"$tmp/err")
	first=$(head -1 "$tmp/err")
	case $first in
	"rtprof: $file: "*) prefix_ok=1 ;;
	*) prefix_ok=0 ;;
	esac
	if [ $rc -ne 1 ]; then
		echo "FAIL $what: exit $rc, want 1 (stderr: $first)"
		fail=1
	elif [ -s "$tmp/out" ]; then
		echo "FAIL $what: wrote to stdout: $(head -1 "$tmp/out")"
		fail=1
	elif [ "$lines" -ne 1 ]; then
		echo "FAIL $what: $lines stderr lines, want 1:"
		sed 's/^/     /' "$tmp/err"
		fail=1
	elif [ $prefix_ok -ne 1 ]; then
		echo "FAIL $what: stderr does not start with 'rtprof: $file: ': $first"
		fail=1
	elif ! grep -qF -- "$expect" "$tmp/err"; then
		echo "FAIL $what: stderr lacks '$expect': $first"
		fail=1
	else
		echo "ok   $what: $first"
	fi
}

[ -x "$rtprof" ] || { echo "FAIL: no $rtprof to run"; exit 1; }
[ -r "$corpus/MANIFEST" ] || { echo "FAIL: no $corpus/MANIFEST"; exit 1; }
while IFS="$tab" read -r spec expect; do
	case $spec in '#'* | '') continue ;; esac
	[ "$expect" = OK ] && continue
	# shellcheck disable=SC2086 # split "FILE CAP" on purpose
	set -- $spec
	if [ $# -gt 1 ]; then
		check "$corpus/$1" "$expect" "-max_decompressed=$2"
	else
		check "$corpus/$1" "$expect"
	fi
done <"$corpus/MANIFEST"
mkdir "$tmp/a directory"
check "$tmp/a directory" "is a directory"
check "$tmp/missing.pb.gz" "no such file or directory"

echo "$cases cases"
exit $fail
