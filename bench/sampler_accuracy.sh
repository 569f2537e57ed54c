#!/bin/sh
# sampler_accuracy: the sampler's CPU split against perf's on the same run.
#
#   bench/sampler_accuracy.sh [SECONDS] [HZ]      (run from the build tree)
#
# tests/sampler/sampler-burn runs burn_70 and burn_30 (70/30 by
# construction) on 2 threads for SECONDS of CPU each while rtprof samples at
# HZ, under `perf record -e cpu-clock`.  Like with like (spec/sampler.md):
# rtprof's flat share folds inlined frames into their function (pprof's
# -noinlines view), and perf's self share is taken among user-space ([.])
# samples only.  Goal: within 5 points of perf.
set -eu
secs=${1:-5}
hz=${2:-250}
burn=${BURN:-tests/sampler/sampler-burn}
[ -x "$burn" ] || make -s "$burn" >/dev/null
command -v perf >/dev/null || { echo "sampler_accuracy: perf not found (apt-get install linux-perf)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

perf record -q -e cpu-clock -F 1000 -o "$tmp/perf.data" -- \
	"$burn" -hz "$hz" -seconds "$secs" -threads 2 -o "$tmp/cpu.pb.gz" >"$tmp/rt.txt" 2>"$tmp/perf.err" || {
	cat "$tmp/perf.err"; exit 1; }
perf report -i "$tmp/perf.data" --no-children --sort symbol --stdio -q 2>/dev/null >"$tmp/perf.txt"

# rtprof: "(of all: A% B%)" is burn_70 and burn_30 as shares of all samples.
rt70=$(sed -n 's/.*of all: \([0-9.]*\)% \([0-9.]*\)%.*/\1/p' "$tmp/rt.txt")
rt30=$(sed -n 's/.*of all: \([0-9.]*\)% \([0-9.]*\)%.*/\2/p' "$tmp/rt.txt")
rtn=$(sed -n 's/^samples \([0-9]*\) .*/\1/p' "$tmp/rt.txt")
# perf: self% of burn_* among [.] lines.
set -- $(awk '$2 == "[.]" { sub("%", "", $1); user += $1;
		if ($3 == "burn_70") a = $1; if ($3 == "burn_30") b = $1 }
	END { printf "%.2f %.2f %.2f\n", 100 * a / user, 100 * b / user, user }' "$tmp/perf.txt")
pf70=$1 pf30=$2 user=$3
pfn=$(perf report -i "$tmp/perf.data" --stdio 2>/dev/null | sed -n 's/^# Samples: \([0-9.Kk]*\).*/\1/p' | head -1)

awk -v r70="$rt70" -v r30="$rt30" -v p70="$pf70" -v p30="$pf30" -v rn="$rtn" \
    -v pn="$pfn" -v user="$user" -v secs="$secs" -v hz="$hz" 'BEGIN {
	d70 = r70 - p70; d30 = r30 - p30
	printf "sampler accuracy: 2 threads x %s s CPU, rtprof %s Hz (%s samples) vs perf cpu-clock 1000 Hz (%s samples, %.1f%% user)\n", secs, hz, rn, pn, user
	printf "  %-8s %8s %8s %8s\n", "function", "rtprof", "perf", "diff"
	printf "  %-8s %7.2f%% %7.2f%% %+7.2f\n", "burn_70", r70, p70, d70
	printf "  %-8s %7.2f%% %7.2f%% %+7.2f\n", "burn_30", r30, p30, d30
	ok = (d70 < 5 && d70 > -5 && d30 < 5 && d30 > -5)
	printf "  %s: within 5 points of perf\n", ok ? "PASS" : "FAIL"
	exit ok ? 0 : 1 }'
