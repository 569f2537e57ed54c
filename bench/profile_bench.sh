#!/bin/sh
# make bench, profile core: wall time and peak RSS of `rtprof -top` and
# `go tool pprof -top` on one large generated profile, and the ratios.
# Usage: profile_bench.sh RTPROF GEN_PROFILE
# Then -callgrind against -top on a 20000-function profile.
set -e
RTPROF=${1:-./rtprof}
GEN=${2:-./bench/gen_profile}
OUT=${TMPDIR:-/tmp}/rtprof-bench.$$.pb.gz
trap 'rm -f "$OUT" "$OUT".a "$OUT".b' EXIT
"$GEN" "$OUT" 400000
size=$(wc -c < "$OUT")
echo "profile: 400000 samples, $size bytes gzip'ed"
measure() { # prints "seconds kilobytes"
	/usr/bin/time -f "%e %M" -o "$OUT.t" "$@" > "$OUT.a" 2>/dev/null
	cat "$OUT.t"; rm -f "$OUT.t"
}
set -- $(measure "$RTPROF" -top "$OUT"); rt_s=$1; rt_kb=$2
cp "$OUT.a" "$OUT.b"
echo "rtprof -top:        ${rt_s} s, peak RSS ${rt_kb} KB"
if command -v go >/dev/null 2>&1; then
	set -- $(measure go tool pprof -top "$OUT"); go_s=$1; go_kb=$2
	echo "go tool pprof -top: ${go_s} s, peak RSS ${go_kb} KB"
	awk -v a="$go_s" -v b="$rt_s" -v c="$go_kb" -v d="$rt_kb" 'BEGIN {
		printf "speed: rtprof is %.1fx faster (goal >= 20x)\n", (b > 0 ? a / b : 0);
		printf "memory: rtprof uses %.3f of pprof peak RSS (goal <= 0.100)\n", (c > 0 ? d / c : 0) }'
	if cmp -s "$OUT.a" "$OUT.b"; then echo "output: identical"; else echo "output: DIFFERENT"; fi
else
	echo "go tool pprof: not installed (apt-get install golang-go) - no ratio"
fi
# -callgrind prints every node and edge at address granularity: on a
# 20000-function profile (60000 locations, about the size of a large real
# Go CPU profile) it should stay within 2x of -top.
"$GEN" "$OUT" 10000 20000
set -- $(measure "$RTPROF" -top "$OUT"); top_s=$1
set -- $(measure "$RTPROF" -callgrind "$OUT"); cg_s=$1
awk -v t="$top_s" -v c="$cg_s" 'BEGIN {
	printf "20000 functions: -top %.2f s, -callgrind %.2f s: %.1fx (goal <= 2x)\n", t, c, (t > 0 ? c / t : 0) }'
