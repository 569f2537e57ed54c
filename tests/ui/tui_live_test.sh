#!/bin/sh
# The live console in a real terminal: a scene renders while the sampler
# feeds top, list and peek; proto saves a profile rtprof reads back; the
# inverse-cache switch shows up in top; resize and quit.
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
. "$SRC/tests/ui/tmux_lib.sh"
SCENE=$(cd "$SRC/scenes" && pwd)/cpuloader.yaml
WORK=$(mktemp -d)
export XDG_STATE_HOME=$WORK/state
trap 'tmux_stop; rm -rf "$WORK"' EXIT

tmux_start "cd $WORK && $RTPROF -threads=2 $SCENE"
check "status line shows the scene and the sampler" "rtprof .*cpuloader.* cpu 100Hz .*threads"
check "prompt" '^\(pprof\)'
# Windows past 2m start on the minute: the status line says so.
keys "window 5m" Enter
check "a window past 2m shows its step" "window 300s \(1m steps\)"
keys "window all" Enter
check "window all" "window all"
keys "top" Enter
check "top shows pprof's columns" "flat  flat%   sum%        cum   cum%"
check "top shows the workload" "prime|SumRoots|CPULoader"
# The pane re-runs top as samples come: its first rows change, however
# long the machine takes to deliver them.
top_rows() { screen | grep -E "% +[0-9.]+m?s +[0-9.]+%" | head -3; }
first=$(top_rows)
top_changed() {
	[ -n "$first" ] || first=$(top_rows)
	second=$(top_rows)
	[ -n "$first" ] && [ -n "$second" ] && [ "$first" != "$second" ]
}
if poll "$UI_WAIT" top_changed; then
	ok "the table changes while rendering"
else
	bad "the table changes while rendering (top rows stayed: $first)"
fi
# The ROUTINE line ends in the source's absolute path, cut at the screen's
# edge from a deep checkout: the source lines show the file was found.
case "${RT_SANITIZERS:-}" in
*thread*)
	# Under ThreadSanitizer the sampler sees leaves only (see below):
	# CPULoader, never a leaf, is not in the profile; prime is.
	keys "list prime" Enter
	check "list prime annotates its source (ThreadSanitizer: leaves only)" \
		"ROUTINE ======================== prime in /"
	check "list shows costs on source lines" "[0-9](ms|s|us) +[0-9]+:" ;;
*)
	keys "list CPULoader" Enter
	check "list CPULoader annotates its source" "ROUTINE ======================== CPULoader in /"
	check "list shows cpuloader.c" "[0-9]+:__attribute__\(\(noinline\)\) void CPULoader\(void\)"
	check "list shows costs on source lines" "[0-9](ms|s|us) +[0-9]+:.*prime" ;;
esac
keys "peek prime" Enter
case "${RT_SANITIZERS:-}" in
*thread*)
	# ThreadSanitizer delays signals to its own safe points: only the leaf
	# of a CPU sample is reliable there (see src/sampler), so the caller is
	# not checked in that build.
	check "peek shows prime (caller not checked under ThreadSanitizer)" "\| prime( |$)" ;;
*)
	check "peek shows the caller" "\|   CPULoader" ;;
esac
keys "proto" Enter
check "proto says where it saved" "Saved profile in rtprof\.cpuloader\.cpu\.001\.pb\.gz"
if "$RTPROF" -top "$WORK/rtprof.cpuloader.cpu.001.pb.gz" 2>/dev/null | grep -q "Type: cpu"; then
	ok "rtprof -top reads the saved profile"
else
	bad "rtprof -top reads the saved profile"
fi
keys "set inverse_cache=off" Enter
check "switch acknowledged" "inverse_cache=off from the next frame"
keys "reset" Enter
keys "top" Enter
check "matrix inversion rises in top" "mat4_inverse|mat_determinant|mat_submatrix|mat_minor"
# The picture pane's border (ACS_VLINE, x or │ in a capture) follows the
# report's 3/5 of the width: column 84 of 140, then 60 of 100.
keys "image on" Enter
check "image pane beside the report" '^ {84}(x|│)'
T resize-window -t t -x 100 -y 30 2>/dev/null
check "resize redraws at the new width" '^ {60}(x|│)'
keys "jobs pixel" Enter
check "jobs switch" "jobs=pixel"
keys "pause" Enter
check "pause" "paused"
keys "resume" Enter
keys "quit" Enter
check "quit exits 0" "RTPROF-EXIT=0"
finish
