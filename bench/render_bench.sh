#!/bin/sh
# render_bench: the renderer's figures on the talk's reference frame
# (scenes/reference.yaml, 640x480), in one table: time per frame with one
# thread and with every core, the scaling, rays/s, allocations per pixel,
# and the talk's case-study switches as ratios.  A benchmark, not a test:
# it prints figures and fails only if a render fails.
#
#   bench/render_bench.sh [RENDERER]   (default: ./rtprof if it renders,
#                                        else tests/render/render_cli_test)
# Environment: SCENE (default scenes/reference.yaml), REPEAT (frames per
# configuration, best kept; default 5), THREADS (default: online CPUs).
set -e
srcdir=${srcdir:-$(dirname "$0")/..}
scene=${SCENE:-$srcdir/scenes/reference.yaml}
repeat=${REPEAT:-5}
threads=${THREADS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
bin=$1
if [ -z "$bin" ]; then
	if ./rtprof -render=/dev/null -threads=1 "$srcdir/tests/render/scenes/tabletop.yml" \
		>/dev/null 2>&1; then
		bin=./rtprof
	else
		bin=./tests/render/render_cli_test
	fi
fi
out=${TMPDIR:-/tmp}/rtprof-bench-$$.png
trap 'rm -f "$out"' EXIT

# run REPEAT FLAGS...: prints "seconds mrays allocs cpu" of the best frame
# (cpu: CPU seconds per frame over all threads, which a busy host does not
# inflate the way it inflates wall time)
# (REPEAT >= 2: the renderer prints its "best of" line only then)
run() {
	n=$1
	shift
	"$bin" -render="$out" -repeat="$n" "$@" "$scene" 2>&1 >/dev/null |
		sed -n 's/^rtprof: best of [0-9]*: \([0-9.]*\) s\/frame, \([0-9.]*\) Mrays\/s, \([0-9.]*\) allocs\/pixel, \([0-9.]*\) cpu-s\/frame$/\1 \2 \3 \4/p'
}

row() {	# label seconds mrays allocs cpu [note]
	printf '%-34s %9.4f %9.2f %11.4f %9.4f  %s\n' "$1" "$2" "$3" "$4" "$5" "$6"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "rtprof render bench: $(basename "$scene"), best of $repeat frames, $threads cores"
printf '%-34s %9s %9s %11s %9s\n' "configuration" "s/frame" "Mrays/s" "allocs/px" \
	"cpu-s/fr"
set -- $(run "$repeat" -threads=1); t1=$1; c1=$4
row "threads=1" "$@"
set -- $(run "$repeat" -threads="$threads"); tn=$1; cn=$4
row "threads=$threads (default: tile jobs)" "$@"
echo "scaling 1 -> $threads threads: $(ratio "$t1" "$tn")x wall;" \
	"CPU per frame $(ratio "$cn" "$c1")x of one thread's (1.00 = no overhead)"
echo
echo "the talk's switches (threads=$threads; ratio = time / default time, cpu ratio after /):"
note() { echo "$(ratio "$1" "$tn")x / $(ratio "$4" "$cn")x"; }
set -- $(run 2 -threads="$threads" -set=inverse_cache=off)
row "inverse_cache=off" "$@" "$(note "$@")"
set -- $(run "$repeat" -threads="$threads" -set=alloc=naive)
row "alloc=naive" "$@" "$(note "$@")"
for j in pixel line tile; do
	set -- $(run "$repeat" -threads="$threads" -jobs=$j)
	row "jobs=$j" "$@" "$(note "$@")"
done
set -- $(run 2 -threads="$threads" -jobs=pixel -set=inverse_cache=off -set=alloc=naive)
row "all naive (talk's starting point)" "$@" "$(note "$@")"
