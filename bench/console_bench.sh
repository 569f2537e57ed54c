#!/bin/sh
# console_bench: the live console's figures (issue: the live console).
#   1. time to rebuild the top pane from a 100k-location snapshot
#      (bench/console_bench, goal <= 20 ms);
#   2. keystroke-to-screen latency under full render load, in a real
#      terminal (tmux), median of 20 keys (goal <= 50 ms);
#   3. the console's CPU share while idle-refreshing a paused scene
#      (goal <= 2% of a core).
# Usage: console_bench.sh RTPROF CONSOLE_BENCH   (from the build tree)
set -u
RTPROF=${1:-./rtprof}
CB=${2:-./bench/console_bench}
srcdir=${srcdir:-$(dirname "$0")/..}
"$CB" 100000 11
if ! command -v tmux >/dev/null 2>&1; then
	echo "keystroke latency: tmux not installed (apt-get install tmux) - skipped"
	exit 0
fi
SOCK=rtprof-bench-$$
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null' EXIT
T new-session -d -s b -x 140 -y 40 "TERM=xterm-256color $RTPROF $srcdir/scenes/reference.yaml"
sleep 3
T send-keys -t b "top" Enter
sleep 2
lat=""
for i in $(seq 1 20); do
	ch=$(printf "\\$(printf '%03o' $((97 + i % 26)))")
	t0=$(date +%s%N)
	T send-keys -t b "$ch"
	while ! T capture-pane -p -t b | tail -1 | grep -q "pprof) .*$ch\$"; do :; done
	t1=$(date +%s%N)
	lat="$lat $(( (t1 - t0) / 1000 ))"
done
echo "$lat" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {
	printf "keystroke to screen under render load: median %.1f ms, worst %.1f ms over %d keys (goal <= 50 ms)\n", a[int((NR+1)/2)]/1000, a[NR]/1000, NR }'
T send-keys -t b C-u "pause" Enter
sleep 2
pid=$(pgrep -n -f "rtprof $srcdir/scenes/reference.yaml" || true)
if [ -n "$pid" ]; then
	hz=$(getconf CLK_TCK)
	c0=$(awk '{print $14 + $15}' /proc/$pid/stat)
	sleep 10
	c1=$(awk '{print $14 + $15}' /proc/$pid/stat)
	awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN {
		printf "idle console (render paused, top refreshing every 1 s): %.2f%% of a core (goal <= 2%%)\n", (b - a) / hz / 10 * 100 }'
fi
T send-keys -t b "quit" Enter
