#!/bin/sh
# flags_table: the one flag table, seen from outside.  Every flag
# `rtprof --list-flags` names is taken by the parser, shown by --help and
# described in man/rtprof.1; every flag --help shows is taken by the
# parser; flags that would do nothing are refused in one line; scene
# values are checked with the table's ranges.
srcdir=${srcdir:-.}
rtprof=${RTPROF:-./rtprof}
case $rtprof in
/*) ;;
*) rtprof=$(pwd)/$rtprof ;;
esac
man=$srcdir/man/rtprof.1
scene=$srcdir/scenes/reference.yaml
profile=$srcdir/tests/golden/profiles/cpu.pb.gz
dir=$(mktemp -d "${TMPDIR:-/tmp}/rtprof-flags.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM
fail=0

"$rtprof" --help >"$dir/help" 2>&1 || { echo "FAIL: rtprof --help exits $?"; fail=1; }
"$rtprof" --list-flags >"$dir/list" 2>&1 || { echo "FAIL: rtprof --list-flags exits $?"; fail=1; }
[ "$(wc -l <"$dir/list")" -gt 50 ] || { echo "FAIL: --list-flags lists too few flags"; fail=1; }
# One name, one flag: the option, command and flag tables do not overlap.
dups=$(sort "$dir/list" | uniq -d)
[ -z "$dups" ] || { echo "FAIL: flags defined twice:" $dups; fail=1; }

# Taken by the parser: with a value the parser accepts for any type ("1":
# a number, Go's true, a string), whatever the flag then makes of it.
# From an empty directory, so that no flag can write anything that stays.
accepted() {
	err=$(cd "$dir" && "$rtprof" "-$1=1" /nonexistent/rtprof.pb.gz 2>&1 </dev/null >/dev/null)
	[ $? -lt 126 ] || return 1	# not run at all
	case "$err" in
	*"flag provided but not defined"*|*"bad flag syntax"*) return 1 ;;
	esac
	return 0
}

while read -r name; do
	accepted "$name" || { echo "FAIL: -$name is listed but the parser refuses it"; fail=1; }
	grep -Eq "^ +-$name([^a-z_0-9-]|\$)" "$dir/help" ||
		{ echo "FAIL: -$name is not in rtprof --help"; fail=1; }
	grep -Eq "\\\\-$name([^a-z_0-9-]|\$)" "$man" ||
		{ echo "FAIL: -$name is not in man/rtprof.1"; fail=1; }
done <"$dir/list"

# Every flag --help prints: taken by the parser and in the list.
sed -n 's/^ \{1,\}-\([a-z][a-z_0-9-]*\).*/\1/p' "$dir/help" | sort -u >"$dir/shown"
[ -s "$dir/shown" ] || { echo "FAIL: no flag found in --help"; fail=1; }
while read -r name; do
	accepted "$name" || { echo "FAIL: --help shows -$name but the parser refuses it"; fail=1; }
	grep -qx -- "$name" "$dir/list" || { echo "FAIL: --help shows -$name, --list-flags does not"; fail=1; }
done <"$dir/shown"

# One line on stderr, exit 1, nothing on stdout.
refused() {	# expected-message args...
	want=$1
	shift
	err=$(cd "$dir" && "$rtprof" "$@" 2>&1 </dev/null >"$dir/out")
	rc=$?
	if [ $rc -ne 1 ] || [ "$err" != "$want" ] || [ -s "$dir/out" ]; then
		echo "FAIL $*: exit $rc"
		echo "  want: $want"
		echo "  got:  $err"
		fail=1
	fi
}

# pprof flags that change nothing in rtprof.
refused "rtprof: -timeout: only for profiles fetched over HTTP (rtprof -timeout=seconds http://host:port/debug/pprof/profile)" \
	-timeout=30 -top "$profile"
refused "rtprof: -symbolize=local:demangle=full: rtprof demangles only as pprof's demangle=default does (none, local, fastlocal, remote and force work)" \
	--symbolize=local:demangle=full -top "$profile"
refused "rtprof: -seconds: a saved profile is read as it is; -seconds is for scenes (rtprof -seconds=N -top scene.yaml) and URLs" \
	-seconds=5 -top "$profile"
refused "rtprof: -symbolize: only for saved profiles; rtprof symbolizes its own samples" \
	-symbolize=none -top "$scene"
# Scene flags where there is no scene, or not the right kind of run.
refused "rtprof: -threads: only for a scene (rtprof -threads=N scene.yaml); a saved profile is not rendered" \
	-threads=2 -top "$profile"
refused "rtprof: -window: only for a scene (rtprof -window=SECONDS scene.yaml); a saved profile is not sampled" \
	-window 10s "$profile"
refused "rtprof: -seconds: only with an output format (rtprof -seconds=N -top scene.yaml); the console samples until you quit" \
	-seconds=5 "$scene"
refused "rtprof: -size: only with -render=out.png" -size=64x40 "$scene"

# Scene values: the table's ranges, Go's flag forms, the same line for the
# live console and -render.
refused "rtprof: -threads=0: out of range (1 to 256)" -threads=0 "$scene"
refused "rtprof: -threads=0: out of range (1 to 256)" -render="$dir/x.png" -threads=0 "$scene"
refused "rtprof: -threads=257: out of range (1 to 256)" --threads 257 "$scene"
refused "rtprof: -rate=5: out of range (10 to 1000)" -rate 5 "$scene"
refused "rtprof: -window=10x: not a duration (like 10s, 2m or all)" --window=10x "$scene"
refused "rtprof: -sample_kind=gpu: expected cpu, alloc, mutex or block" -sample_kind gpu "$scene"
refused "rtprof: -jobs=row: expected pixel, line or tile" -jobs=row "$scene"
refused "rtprof: -set=foo=bar: unknown switch (known: inverse_cache, alloc, shadows, depth, aa, cpuloader, lock)" \
	-set foo=bar "$scene"
[ -e "$dir/x.png" ] && { echo "FAIL: a refused -render wrote a picture"; fail=1; }
exit $fail
