#!/bin/sh
# render_cli: the batch command's contract.  A good render exits 0, writes
# the PNG and prints one figures line to stderr; every bad invocation exits
# 1 with exactly one "rtprof: ..." line and writes nothing.
srcdir=${srcdir:-.}
bin=${RTRENDER:-./tests/render/render_cli_test}
dir=${TMPDIR:-/tmp}/rtprof-cli-$$
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT
scene=$srcdir/tests/render/scenes/tabletop.yml
fail=0

# Go's flag forms, as for every flag: -flag=value, -flag value, --flag.
err=$("$bin" -render="$dir/ok.png" -threads 2 --jobs=line -set=aa=2 -set alloc=pooled -size=40x20 "$scene" 2>&1)
case "$err" in
"rtprof: tabletop 40x20: "*" s/frame, "*" Mrays/s, "*" allocs/pixel (2 threads, jobs=line, inverse_cache=on, alloc=pooled) -> $dir/ok.png") ;;
*) echo "FAIL good render: $err"; fail=1 ;;
esac
[ -s "$dir/ok.png" ] || { echo "FAIL: no PNG written"; fail=1; }

bad() {	# expected-message args...
	want=$1
	shift
	err=$("$bin" "$@" 2>&1)
	rc=$?
	if [ $rc -ne 1 ] || [ "$err" != "$want" ]; then
		echo "FAIL $*: exit $rc"
		echo "  want: $want"
		echo "  got:  $err"
		fail=1
	fi
}
bad "rtprof: no scene given (try scenes/reference.yaml)" -render="$dir/a.png"
bad "rtprof: -render= needs an output file, like -render=out.png" -render= "$scene"
bad "rtprof: -threads=0: out of range (1 to 256)" -render="$dir/a.png" -threads=0 "$scene"
bad "rtprof: -threads=257: out of range (1 to 256)" -render="$dir/a.png" -threads 257 "$scene"
bad "rtprof: -repeat=x: not a number" -render="$dir/a.png" --repeat=x "$scene"
bad "rtprof: -size=0x20: out of range (1x1 to 16384x16384)" -render="$dir/a.png" -size=0x20 "$scene"
bad "rtprof: -rate: not with -render, which renders without sampling" -render="$dir/a.png" -rate=100 "$scene"
bad "rtprof: -render makes a picture: it takes no output format (-top)" -render="$dir/a.png" -top "$scene"
bad "rtprof: -jobs=row: expected pixel, line or tile" -render="$dir/a.png" -jobs=row "$scene"
bad "rtprof: -set=alloc=fast: value must be pooled or naive" -render="$dir/a.png" -set=alloc=fast "$scene"
bad "rtprof: -set=speed=11: unknown switch (known: inverse_cache, alloc, shadows, depth, aa, cpuloader, lock)" -render="$dir/a.png" -set speed=11 "$scene"
bad "rtprof: -size=12: expected WIDTHxHEIGHT, like -size=320x200" -render="$dir/a.png" -size=12 "$scene"
bad "rtprof: one scene at a time: $scene and $scene" -render="$dir/a.png" "$scene" "$scene"
bad "rtprof: cannot read $dir/none.yaml: No such file or directory" -render="$dir/a.png" "$dir/none.yaml"
[ -e "$dir/a.png" ] && { echo "FAIL: a failed run wrote a PNG"; fail=1; }
exit $fail
