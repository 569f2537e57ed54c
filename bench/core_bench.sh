#!/bin/sh
# make bench, the profile core against its goals (the core's speed issue):
# on the 400k-stack bench profile and on a real Go profile
# (tests/golden/profiles/manystacks.pb.gz), rtprof's wall time and peak RSS
# for -top and the other reports beside go tool pprof's (same run, same
# bytes out), and -top against the floor: the time to inflate the file and
# walk its protobuf framing once (bench/floor), and peak memory against the
# inflated size.  rtprof's figures and the floor's are the best of three
# runs of a process, pprof's one run (twenty times longer); each run is
# timed to the millisecond by bench/runstat.  Prints figures, never fails
# on them.
# Usage: core_bench.sh RTPROF GEN_PROFILE FLOOR RUNSTAT
set -u
RTPROF=${1:-./rtprof}
GEN=${2:-./bench/gen_profile}
FLOOR=${3:-./bench/floor}
RUNSTAT=${4:-./bench/runstat}
srcdir=${srcdir:-$(dirname "$0")/..}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$GEN" "$TMP/bench.pb.gz" 400000
cp "$srcdir/tests/golden/profiles/manystacks.pb.gz" "$TMP/go.pb.gz"

measure() { # measure OUT CMD...: prints "seconds kilobytes", output in OUT
	local out=$1
	shift
	"$RUNSTAT" "$out" "$@"
}
# best3 OUT CMD...: measure's best time of three runs (and that run's
# memory).  rtprof's runs are short: right after pprof has freed a
# gigabyte, one run mostly measures the system handing memory back.
best3() {
	local out=$1 best="" run i
	shift
	for i in 1 2 3; do
		run=$(measure "$out" "$@")
		if [ -z "$best" ] || awk -v a="${run% *}" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then
			best=$run
		fi
	done
	echo "$best"
}
have_go=false
command -v go >/dev/null 2>&1 && have_go=true

for prof in bench go; do
	f="$TMP/$prof.pb.gz"
	# timed as rtprof is: a whole process, best of three
	set -- $(best3 "$TMP/floor.out" "$FLOOR" "$f"); floor_s=$1
	set -- $(cat "$TMP/floor.out"); inflated=$2
	echo "-- $prof profile: $(wc -c < "$f") bytes gzip'ed, $inflated inflated"
	echo "floor (inflate + walk the protobuf framing, a process like rtprof's runs): ${floor_s} s"
	for report in -top -peek=. -traces -list=. -tree -proto; do
		set -- $(best3 "$TMP/rt.out" "$RTPROF" "$report" "$f"); rt_s=$1; rt_kb=$2
		line=$(printf "%-8s rtprof %6.3f s %8d KB" "$report" "$rt_s" "$rt_kb")
		if [ "$report" = -top ]; then
			line="$line  ($(awk -v a="$rt_s" -v b="$floor_s" -v m="$rt_kb" -v i="$inflated" 'BEGIN {
				printf "%.1fx the floor, goal <= 3x; memory %.1fx the inflated size, goal <= 3x",
					(b > 0 ? a / b : 0), m * 1024 / (i > 0 ? i : 1) }'))"
		fi
		if $have_go; then
			set -- $(measure "$TMP/go.out" go tool pprof "$report" "$f"); go_s=$1; go_kb=$2
			goal=20; [ "$report" = -top ] && goal=50
			same=identical
			if [ "$report" = -proto ]; then
				# gzip headers differ: compare what is inside
				gzip -dc < "$TMP/rt.out" > "$TMP/rt.pb" 2>/dev/null
				gzip -dc < "$TMP/go.out" > "$TMP/go.pb" 2>/dev/null
				cmp -s "$TMP/rt.pb" "$TMP/go.pb" || same="DIFFERENT (inflated)"
			else
				cmp -s "$TMP/rt.out" "$TMP/go.out" || same=DIFFERENT
			fi
			line="$line | pprof $(printf "%6.3f s %8d KB" "$go_s" "$go_kb") | $(awk -v a="$go_s" -v b="$rt_s" -v c="$go_kb" -v d="$rt_kb" -v g="$goal" 'BEGIN {
				printf "%.1fx faster (goal >= %dx), %.3f of the memory", (b > 0 ? a / b : 0), g, (c > 0 ? d / c : 0) }')"
			[ "$report" = -top ] && line="$line (goal <= 0.050)"
			line="$line, output $same"
		fi
		echo "$line"
	done
done
$have_go || echo "go tool pprof: not installed (apt-get install golang-go) - no ratios"
