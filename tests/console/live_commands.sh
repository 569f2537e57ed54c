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
[ $fails = 0 ]
