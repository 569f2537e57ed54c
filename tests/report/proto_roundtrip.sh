#!/bin/sh
# proto_roundtrip: what `rtprof -proto` writes, `go tool pprof` reads and
# reports identically.  tests/report/roundtrip/NAME.top is `go tool pprof
# -top` (Go 1.19, TZ=UTC) run on `rtprof -proto profiles/NAME.pb.gz`, made by
# regen_roundtrip.sh; here rtprof writes the profile again and reads its own
# output back: the -top of both readers must be the same bytes.
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for exp in "$SRC"/tests/report/roundtrip/*.top; do
	name=$(basename "$exp" .top)
	TZ=UTC "$RTPROF" -proto "$SRC/tests/golden/profiles/$name.pb.gz" > "$tmp/$name.pb.gz" 2>"$tmp/err" &&
	TZ=UTC "$RTPROF" -top "$tmp/$name.pb.gz" > "$tmp/$name.top" 2>>"$tmp/err"
	if cmp -s "$tmp/$name.top" "$exp"; then
		echo "PASS: $name: rtprof -top of rtprof's proto equals go tool pprof's"
		pass=$((pass + 1))
	else
		echo "FAIL: $name"
		cat "$tmp/err"
		diff "$tmp/$name.top" "$exp" | head -20
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
