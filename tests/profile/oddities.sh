#!/bin/sh
# oddities: the corpus cases that must parse (odd but valid profiles: a
# sample without locations, an unknown mapping id, a location without lines,
# unknown fields, deep nesting) through `rtprof -CMD`, compared byte for byte
# (stdout, stderr, exit status) with what go tool pprof printed for them
# (tests/profile/corpus/expected, made by regen_expected.sh).  Cases named in
# expected/KNOWN_BUGS are reported bugs: skipped here, and run by
# oddities_known_bugs.sh (an expected failure) which calls this with
# --known-bugs.  Run by make check from the build folder.
srcdir=${srcdir:-.}
rtprof=$(cd "$(dirname "${RTPROF:-./rtprof}")" && pwd)/$(basename "${RTPROF:-./rtprof}")
corpus=$srcdir/tests/profile/corpus
known=$corpus/expected/KNOWN_BUGS
mode=${1:-}
tmp=$(mktemp -d /tmp/rtprof-oddities-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0 skipped=0

is_known() {
	[ -r "$known" ] && grep -qxF -- "$1" "$known"
}

[ -x "$rtprof" ] || { echo "FAIL: no $rtprof to run"; exit 1; }
for out in "$corpus"/expected/*.out; do
	name=$(basename "$out" .out)	# FILE.CMD
	file=${name%.*}
	cmd=${name##*.}
	if is_known "$name"; then
		[ "$mode" = --known-bugs ] || { skipped=$((skipped + 1)); continue; }
	elif [ "$mode" = --known-bugs ]; then
		continue
	fi
	(cd "$corpus" && TZ=UTC "$rtprof" "-$cmd" "$file" >"$tmp/out" 2>"$tmp/err" </dev/null)
	echo $? >"$tmp/rc"
	exp=$corpus/expected/$name
	if cmp -s "$tmp/out" "$exp.out" && cmp -s "$tmp/err" "$exp.err" &&
		cmp -s "$tmp/rc" "$exp.rc"; then
		pass=$((pass + 1))
		echo "ok   rtprof -$cmd $file"
	else
		fail=$((fail + 1))
		echo "FAIL rtprof -$cmd $file differs from go tool pprof:"
		diff -u "$exp.out" "$tmp/out" | sed 's/^/     /'
		diff -u "$exp.err" "$tmp/err" | sed 's/^/     /'
		diff -u "$exp.rc" "$tmp/rc" | sed 's/^/     /'
	fi
done
[ "$skipped" -gt 0 ] && echo "($skipped known bugs: see oddities_known_bugs.sh)"
echo "$pass passed, $fail failed"
if [ "$mode" = --known-bugs ] && [ $((pass + fail)) -eq 0 ]; then
	echo "no known bugs"
	exit 0
fi
[ $((pass + fail)) -gt 0 ] || { echo "FAIL: nothing compared"; exit 1; }
[ "$fail" -eq 0 ]
