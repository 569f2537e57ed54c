#!/bin/sh
# sampler_accuracy: the sampler's CPU split against perf's on the same run.
#
#   bench/sampler_accuracy.sh [SECONDS] [HZ] [SCENE [FRAMES]]
#                                        (run from the build tree)
#
# tests/sampler/sampler-burn runs burn_70 and burn_30 (70/30 by
# construction) on 2 threads for SECONDS of CPU each while rtprof samples at
# HZ, under `perf record -e cpu-clock`.  Like with like (spec/sampler.md):
# rtprof's flat share folds inlined frames into their function (pprof's
# -noinlines view), and perf's self share is taken among user-space ([.])
# samples only.  Goal: within 5 points of perf.
#
# With SCENE, the renderer is compared too: bench/sampler-render renders
# FRAMES frames under perf, and the ten functions perf charges most are
# compared one by one (GCC's .isra/.constprop/.part suffixes dropped).
# SCENE defaults to $srcdir/scenes/reference.yaml when it exists ("none":
# the 70/30 workload only).
set -eu
secs=${1:-5}
hz=${2:-250}
scene=${3:-${srcdir:-.}/scenes/reference.yaml}
[ "$scene" != none ] && [ -f "$scene" ] || scene=
frames=${4:-20}
burn=${BURN:-tests/sampler/sampler-burn}
render=${RENDER:-bench/sampler-render}
[ -x "$burn" ] || make -s "$burn" >/dev/null
[ -z "$scene" ] || [ -x "$render" ] || make -s "$render" >/dev/null
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
	exit ok ? 0 : 1 }' || status=1
[ -n "$scene" ] || exit "${status:-0}"

perf record -q -e cpu-clock -F 1000 -o "$tmp/perf2.data" -- \
	"$render" -hz="$hz" -flat=1000 -render="$tmp/out.png" -repeat="$frames" "$scene" \
	>"$tmp/flat.txt" 2>"$tmp/perf2.err" || { cat "$tmp/perf2.err"; exit 1; }
perf report -i "$tmp/perf2.data" --no-children --sort symbol --stdio -q 2>/dev/null >"$tmp/perf2.txt"
rn=$(awk '/^sampler-render: .* samples kept/ { print $4 }' "$tmp/perf2.err")
echo "renderer: $scene, $frames frames, rtprof $hz Hz ($rn samples) vs perf cpu-clock 1000 Hz"
printf "  %-28s %8s %8s %8s\n" function rtprof perf diff
awk 'FNR == NR { if ($1 == "flat") rt[$2] = $3; next }
	$2 == "[.]" { sub("%", "", $1); name = $3; sub(/\.(isra|constprop|part|cold)\..*$/, "", name)
		user += $1; pf[name] += $1; if (!(name in seen)) { seen[name] = 1; order[++n] = name } }
	END { worst = 0
		for (i = 1; i <= n && i <= 10; i++) {
			f = order[i]; p = 100 * pf[f] / user; r = (f in rt) ? rt[f] : 0; d = r - p
			printf "  %-28s %7.2f%% %7.2f%% %+7.2f\n", f, r, p, d
			if (d < 0) d = -d; if (d > worst) worst = d }
		printf "  %s: largest difference %.2f points (goal: within 5)\n", worst < 5 ? "PASS" : "FAIL", worst
		exit worst < 5 ? 0 : 1 }' "$tmp/flat.txt" "$tmp/perf2.txt" || status=1
exit "${status:-0}"
