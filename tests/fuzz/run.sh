#!/bin/sh
# make fuzz: coverage-guided fuzzing of rtprof's input surfaces with
# libFuzzer (clang, Debian package clang).  Builds the targets in a clang
# tree of their own (FUZZ_BUILD, default ./_fuzz: -fsanitize=fuzzer-no-link
# with AddressSanitizer and UndefinedBehaviorSanitizer), then runs each
# for FUZZ_SECONDS (default 300) over its corpus in tests/fuzz/corpus/NAME
# (new inputs that reach new code are kept there) and seeds from tests/.
# A crash stops with the input saved as FUZZ_BUILD/crash-NAME-*: add it to
# tests/fuzz/corpus/NAME, where `make check` replays every file
# (tests/fuzz/replay.sh).  Prints executions and coverage per target.
# FUZZ_TARGETS picks some (profile scene obj rx console flags).
set -u
SRC=$(cd "${srcdir:-.}" && pwd)
SECS=${FUZZ_SECONDS:-300}
BUILD=${FUZZ_BUILD:-$(pwd)/_fuzz}
TARGETS=${FUZZ_TARGETS:-profile scene obj rx console flags}
command -v clang >/dev/null 2>&1 || {
	echo "make fuzz: clang not found: install the Debian package clang (apt-get install -y clang)"
	exit 1
}
mkdir -p "$BUILD"
echo "make fuzz: building the targets with clang in $BUILD"
if ! (cd "$BUILD" &&
      { [ -f Makefile ] || "$SRC/configure" CC=clang CFLAGS="-g -O1 -fsanitize=fuzzer-no-link" \
		--enable-sanitizers=address,undefined > configure.log 2>&1; } &&
      make -j2 fuzz-programs FUZZ_LDFLAGS=-fsanitize=fuzzer > build.log 2>&1); then
	tail -30 "$BUILD/configure.log" "$BUILD/build.log" 2>/dev/null
	echo "make fuzz: the build failed"
	exit 1
fi

SEEDS="$BUILD/seeds"
rm -rf "$SEEDS"
# seed NAME FILE...: copies existing files in as seeds.
seed() {
	local name=$1
	shift
	mkdir -p "$SEEDS/$name"
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$SEEDS/$name/$(echo "$f" | tr / _)"
	done
	return 0
}
seed profile "$SRC"/tests/golden/profiles/cpu.pb.gz "$SRC"/tests/golden/profiles/heap.pb.gz \
	"$SRC"/tests/golden/profiles/parity/*.pb.gz "$SRC"/tests/profile/corpus/*.pb*
seed scene "$SRC"/scenes/*.yaml "$SRC"/tests/render/bad/*.yaml "$SRC"/tests/render/scenes/*.yaml
seed obj "$SRC"/tests/render/scenes/meshes/*.obj
mkdir -p "$SEEDS/rx" "$SEEDS/console" "$SEEDS/flags"
printf 'main\\.(foo|bar)+$\0main.foo' > "$SEEDS/rx/alt"
printf '(?i)^[[:alpha:]]\\w{2,5}\\x41\0Abc_A' > "$SEEDS/rx/classes"
printf 'a{2,3}?b*|\\pL\\d\0aab' > "$SEEDS/rx/repeat"
printf 'top\nlist main\npeek .\nfocus=main\nhide=runtime\ntraces\nsample_index=1\ntop -cum 5\ntags\nraw\ntree\n:\ngranularity=lines\ntop\n' \
	> "$SEEDS/console/session"
printf -- '-top\n-focus=main\n-nodecount=3\nx.pb.gz\n' > "$SEEDS/flags/top"
printf -- '-list=main\n-sample_index=alloc_space\n-tagfocus=1kb:\na.pb.gz\nb.pb.gz\n' > "$SEEDS/flags/list"
printf -- '-seconds=2\n-threads=2\n-set\ninverse_cache=off\nscene.yaml\n' > "$SEEDS/flags/scene"

status=0
for name in $TARGETS; do
	corpus="$SRC/tests/fuzz/corpus/$name"
	mkdir -p "$corpus"
	log="$BUILD/fuzz-$name.log"
	(cd "$BUILD" && ASAN_OPTIONS=detect_leaks=1 "./tests/fuzz/fuzz_$name" \
		-max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$BUILD/crash-$name-" \
		"$corpus" "$SEEDS/$name" > "$log" 2>&1)
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	n=$(ls "$corpus" | wc -l)
	if [ $rc = 0 ]; then
		echo "fuzz_$name: ${execs:-?} executions in ${SECS} s, coverage ${cov:-?} edges (${ft:-?} features), corpus $n files"
	else
		status=1
		echo "fuzz_$name: FAILED after ${execs:-?} executions (exit $rc); the log's end:"
		grep -E "ERROR|SUMMARY|Test unit written|artifact" "$log" | head -10 | sed 's/^/    /'
	fi
done
exit $status
