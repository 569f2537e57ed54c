#!/bin/sh
# Regenerates tests/report/roundtrip/*.top: go tool pprof -top on what the
# built rtprof writes with -proto.  Needs Go 1.19.  Run from the build tree.
set -eu
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-$(dirname "$0")/../..}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in cpu heap manystacks; do
	TZ=UTC "$RTPROF" -proto "$SRC/tests/golden/profiles/$name.pb.gz" > "$tmp/$name.pb.gz"
	TZ=UTC go tool pprof -top "$tmp/$name.pb.gz" > "$SRC/tests/report/roundtrip/$name.top"
done
