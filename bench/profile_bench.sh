#!/bin/sh
# make bench, profile core: wall time and peak RSS of `rtprof -top` and
# `go tool pprof -top` on one large generated profile, and the ratios.
# Usage: profile_bench.sh RTPROF GEN_PROFILE RUNSTAT
# Then -callgrind against -top on a 20000-function profile.  Runs are timed
# to the millisecond by bench/runstat.
set -e
RTPROF=${1:-./rtprof}
GEN=${2:-./bench/gen_profile}
RUNSTAT=${3:-./bench/runstat}
OUT=${TMPDIR:-/tmp}/rtprof-bench.$$.pb.gz
trap 'rm -f "$OUT" "$OUT".a "$OUT".b' EXIT
"$GEN" "$OUT" 400000
size=$(wc -c < "$OUT")
echo "profile: 400000 samples, $size bytes gzip'ed"
measure() { # prints "seconds kilobytes"
	"$RUNSTAT" "$OUT.a" "$@"
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
# Go CPU profile) it should stay within 2x of -top.  Runs of a fifth of a
# second: the two alternate, and the best of five of each is kept (other
# work on the machine only adds).
"$GEN" "$OUT" 10000 20000
ms() { # ms CMD...: wall milliseconds of one run
	set -- $("$RUNSTAT" /dev/null "$@")
	awk -v s="$1" 'BEGIN { printf "%d\n", s * 1000 + 0.5 }'
}
top_ms=; cg_ms=
for i in 1 2 3 4 5; do
	t=$(ms "$RTPROF" -top "$OUT"); [ -z "$top_ms" ] || [ "$t" -lt "$top_ms" ] && top_ms=$t
	t=$(ms "$RTPROF" -callgrind "$OUT"); [ -z "$cg_ms" ] || [ "$t" -lt "$cg_ms" ] && cg_ms=$t
done
awk -v t="$top_ms" -v c="$cg_ms" 'BEGIN {
	printf "20000 functions, best of 5: -top %.3f s, -callgrind %.3f s: %.2fx (goal <= 2x)\n",
		t / 1000, c / 1000, (t > 0 ? c / t : 0) }'
