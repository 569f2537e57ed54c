#!/bin/sh
# The live console's commands through piped input (no terminal): argument
# checks and errors in console syntax ("threads 0: ..."), the same range
# errors as the command line's flags, and the screen-only commands refused.
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
SCENE=$SRC/scenes/spheres.yaml
fails=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

expect() { # expect NAME LINE: stderr of the session has LINE exactly
	if grep -Fxq -- "$2" "$out"; then
		echo "PASS: $1"
	else
		echo "FAIL: $1: no line '$2' in:"
		sed 's/^/    | /' "$out"
		fails=$((fails + 1))
	fi
}

printf '%s\n' "threads 0" "threads" "threads 2 3" "window 5x" "window 10s" \
	"rate 5" "set foo=bar" "jobs row" "base now" "refresh x" "image" "freeze" \
	"pause" "resume" "profile alloc" "threads 2" "quit" |
	"$RTPROF" -threads=1 "$SCENE" 2>"$out" >/dev/null
expect "range error" "threads 0: out of range (1 to 256)"
expect "missing argument" "threads: needs an argument (usage: threads N)"
expect "extra argument" "threads: too many arguments (usage: threads N)"
expect "bad duration" "window 5x: not a duration (like 10s, 2m or all)"
expect "window" "reports show the last 10 seconds"
expect "rate range" "rate 5: out of range (10 to 1000)"
expect "unknown switch" "set foo=bar: unknown switch (known: inverse_cache, alloc, shadows, depth, aa, cpuloader, lock)"
expect "bad jobs" "jobs row: expected pixel, line or tile"
expect "bad base argument" "base now: expected nothing or off"
expect "bad refresh" "refresh x: expected seconds from 0.1 to 3600"
expect "image needs the terminal" "image: only in the terminal console"
expect "freeze needs the terminal" "freeze: only in the terminal console"
expect "pause" "rendering and sampling paused (resume to go on)"
expect "resume" "rendering and sampling resumed"
expect "profile" "reports show the alloc profile"
expect "threads" "2 render threads from the next frame"

# The command line gives the same range error for the same value.
"$RTPROF" -threads=0 "$SCENE" </dev/null >/dev/null 2>"$out"
rc=$?
expect "flag range error" "rtprof: -threads=0: out of range (1 to 256)"
[ $rc = 1 ] && echo "PASS: exit status 1" || { echo "FAIL: exit status $rc"; fails=$((fails + 1)); }

# The mutex profile has a real lock path: lock=shared fills it.
{ echo "profile mutex"; echo "set lock=shared"; sleep 4; echo "top"; echo "quit"; } |
	"$RTPROF" -threads=2 "$SCENE" 2>"$out" >"$out.top"
expect "profile mutex says what fills it" "reports show the mutex profile (contended locks: set lock=shared makes the workers share one)"
if grep -Eq "run_jobs" "$out.top"; then
	echo "PASS: lock=shared: the workers' hand-out shows in the mutex profile"
else
	echo "FAIL: lock=shared: no run_jobs in the mutex profile:"
	sed 's/^/    | /' "$out.top"
	fails=$((fails + 1))
fi
rm -f "$out.top"

# The block profile: the driver waits at the frame barrier
# (render_pool_frame) in rt_cond_wait (the workers' waits for the next
# frame, in worker_main, need a frame done: not checked); in batch (-sample_kind=block) and at the prompt, where
# proto saves it under the block kind's name.
has() { # has NAME FILE WORD...: FILE lists every WORD
	name=$1 file=$2
	shift 2
	for w in "$@"; do
		if ! grep -Eq -- "$w" "$file"; then
			echo "FAIL: $name: no '$w' in:"
			sed 's/^/    | /' "$file"
			fails=$((fails + 1))
			return
		fi
	done
	echo "PASS: $name"
}
"$RTPROF" -seconds=2 -threads=2 -sample_kind=block -top "$SRC/scenes/cpuloader.yaml" \
	>"$out.top" 2>"$out"
has "-sample_kind=block -top" "$out.top" "^Type: delay$" " rt_cond_wait$" \
	" render_pool_frame$"
blockdir=$(mktemp -d)
(cd "$blockdir" && { echo "profile block"; sleep 3; echo "top"; echo "proto"; echo "quit"; } |
	"$RTPROF" -threads=2 "$SRC/scenes/cpuloader.yaml" 2>"$out" >"$out.top")
expect "profile block says what it shows" "reports show the block profile (time threads spent waiting: job queue, frame barrier, joins)"
has "profile block: top" "$out.top" " rt_cond_wait$" " render_pool_frame$"
expect "proto names the block kind" "Saved profile in rtprof.cpuloader.block.001.pb.gz"
if [ -f "$blockdir/rtprof.cpuloader.block.001.pb.gz" ]; then
	"$RTPROF" -raw "$blockdir/rtprof.cpuloader.block.001.pb.gz" >"$out.top" 2>&1
	has "proto saves the block profile" "$out.top" "^PeriodType: contentions count$" \
		"^contentions/count delay/nanoseconds$" "rt_cond_wait"
else
	echo "FAIL: proto wrote no rtprof.cpuloader.block.001.pb.gz"
	fails=$((fails + 1))
fi
rm -rf "$blockdir" "$out.top"

# A scene's warnings go to stderr in every mode.
TYPO=$SRC/tests/ui/typo_scene.yaml
echo quit | "$RTPROF" "$TYPO" 2>"$out" >/dev/null
expect "piped console warns" "rtprof: warning: $TYPO:5:3: ignoring unknown key 'heigth'"
"$RTPROF" -seconds=1 -top "$TYPO" 2>"$out" >/dev/null
expect "-seconds warns" "rtprof: warning: $TYPO:5:3: ignoring unknown key 'heigth'"

# Over a saved profile the live commands are refused.
printf 'threads 2\nimage\n' | "$RTPROF" "$SRC/tests/ui/odd_names.pb.gz" 2>"$out" >/dev/null
expect "live command over a saved profile" "threads: only in the live console (rtprof scene.yaml)"
expect "image over a saved profile" "image: only in the live console (rtprof scene.yaml)"

# A piped line past the prompt line cap is refused, and reading goes on:
# a line of any length costs at most the cap.
{ head -c 200000 /dev/zero | tr '\0' x; printf '\nthreads 2\n'; } |
	"$RTPROF" "$SRC/tests/ui/odd_names.pb.gz" 2>"$out" >/dev/null
expect "prompt line cap" "command line longer than 65535 bytes (the prompt line cap): ignored"
expect "the next line runs" "threads: only in the live console (rtprof scene.yaml)"
[ $fails = 0 ]
