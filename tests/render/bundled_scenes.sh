#!/bin/sh
# bundled_scenes: every scene in scenes/ renders (small, -size=64x40) with
# exit 0, a PNG, and no warning or sanitizer report on stderr.
srcdir=${srcdir:-.}
bin=${RTRENDER:-./tests/render/render_cli_test}
out=${TMPDIR:-/tmp}/rtprof-bundled-$$.png
fail=0
for f in "$srcdir"/scenes/*.yaml; do
	err=$("$bin" -render="$out" -size=64x40 -threads=2 "$f" 2>&1 >/dev/null)
	rc=$?
	lines=$(printf '%s\n' "$err" | wc -l)
	if [ $rc -ne 0 ] || [ "$lines" -ne 1 ] || [ ! -s "$out" ]; then
		echo "FAIL $f (exit $rc)"
		printf '%s\n' "$err" | head -n 20
		fail=1
	fi
	rm -f "$out"
done
exit $fail
