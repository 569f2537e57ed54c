#!/bin/sh
# proto_bytes.sh: the protobuf that `rtprof -proto`/`-topproto` writes is
# the same bytes as go tool pprof's (Go 1.19's encoder: field order, string
# numbering, packing only past two values, default_sample_type always
# written, ...).  Each tests/golden/proto/NAME.args runs from tests/golden/
# and its gunzipped stdout must equal proto/NAME.pb, made by regen.sh from
# `go tool pprof` (the gzip wrappers differ, so only the inside is compared).
# Then a big profile's -proto streamed to standard output must be the very
# bytes -output writes.  Needs no Go.
#
#   tests/report/proto_bytes.sh [RTPROF] [NAME...]
set -u

here=$(cd "$(dirname "$0")" && pwd)
rtprof=${1:-${RTPROF:-./rtprof}}
[ $# -gt 0 ] && shift
case $rtprof in
/*) ;;
*) rtprof=$(pwd)/$rtprof ;;
esac
if [ -n "${srcdir-}" ] && [ -d "$srcdir/tests/golden" ]; then
	golden=$(cd "$srcdir/tests/golden" && pwd)
else
	golden=$(cd "$here/../golden" && pwd)
fi
[ -x "$rtprof" ] || { echo "proto_bytes.sh: no rtprof binary at $rtprof" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rtprof-proto.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export TZ=UTC LC_ALL=C PPROF_BINARY_PATH=/nonexistent/rtprof-golden

pass=0 failed=0
run_case() {
	name=$1
	set --
	while IFS= read -r a || [ -n "$a" ]; do
		set -- "$@" "$a"
	done <"$golden/proto/$name.args"
	if (cd "$golden" && "$rtprof" "$@" </dev/null 2>"$tmp/err") >"$tmp/gz" &&
		gzip -dc <"$tmp/gz" >"$tmp/pb" && cmp -s "$tmp/pb" "$golden/proto/$name.pb"; then
		pass=$((pass + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name ($(tr '\n' ' ' <"$golden/proto/$name.args"))"
		cmp "$tmp/pb" "$golden/proto/$name.pb" 2>&1 | head -2
		head -3 "$tmp/err"
	fi
}

if [ $# -gt 0 ]; then
	names=$*
else
	names=$(cd "$golden/proto" && ls *.args | sed 's/\.args$//')
fi
for n in $names; do
	run_case "$n"
done
# A big profile's gzip holds every byte pair: streamed to standard output
# (CMD_STREAM) it must be the bytes -output writes, none taken for a text
# report's escaped NUL.
if [ $# -eq 0 ]; then
	big="$golden/profiles/manystacks.pb.gz"
	if "$rtprof" -proto "$big" >"$tmp/stream.gz" 2>/dev/null &&
		"$rtprof" -proto -output="$tmp/file.gz" "$big" 2>/dev/null &&
		cmp -s "$tmp/stream.gz" "$tmp/file.gz" && gzip -t "$tmp/stream.gz"; then
		pass=$((pass + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: -proto streamed to standard output differs from -output's file"
	fi
fi
echo "$pass passed, $failed failed"
[ $pass -gt 0 ] && [ $failed -eq 0 ]
