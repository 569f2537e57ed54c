#!/bin/sh
# make soak (not in make check): the live console for SOAK_MINUTES
# (default 20) in tmux at rate 1000, window all, refresh 0.2, switching
# settings every 30 s (inverse cache, profile kind, threads, flame/top).
# Prints RSS, the sampler's tables (the status line's "sampler N MB") and
# open fds every minute; at the end the RSS growth per
# minute (which should follow the distinct stacks kept, not the samples),
# whether the fds stayed constant, and a keystroke's latency (goal <= 50
# ms).  Fails only when rtprof dies or the fds grow.
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
. "$SRC/tests/ui/tmux_lib.sh"
MINUTES=${SOAK_MINUTES:-20}
SCENE=$(cd "$SRC/scenes" && pwd)/cpuloader.yaml
export XDG_STATE_HOME=$(mktemp -d)
trap 'tmux_stop; rm -rf "$XDG_STATE_HOME"' EXIT

tmux_start "$RTPROF" "$SCENE"
check "live console" "flat  flat%" 60
keys "rate 1000" Enter "window all" Enter "refresh 0.2" Enter
pid=$(pgrep -n -f "rtprof $SCENE" || true)
[ -n "$pid" ] || { bad "rtprof's pid"; finish; exit 1; }
rss() { awk '/^VmRSS/ { print $2 }' /proc/$pid/status 2>/dev/null; }
fds() { ls /proc/$pid/fd 2>/dev/null | wc -l; }
# What the sampler's tables hold, from the status line (its last field,
# dropped when the line is too long: "?").
kept() {
	k=$(screen | head -1 | sed -n 's/.*sampler \([0-9.]*\) MB.*/\1/p')
	echo "${k:-?}"
}
# Back to an empty prompt: Esc leaves the flame view for the prompt (at
# the prompt it would go to the pane, where s, p, l... are keys of their
# own), C-u empties the line.
last=
prompt() {
	[ "$last" = flame ] && keys Escape
	keys C-u
}
switches="set inverse_cache=off|set inverse_cache=on|profile alloc|profile cpu|threads 1|threads 2|flame|top|profile mutex|profile cpu"
start=$(date +%s)
rss0=$(rss)
fd0=$(fds)
base_m=0
echo "minute 0: RSS ${rss0} KB, ${fd0} fds"
i=0
m=1
while [ $(($(date +%s) - start)) -lt $((MINUTES * 60)) ]; do
	sleep 30
	kill -0 "$pid" 2>/dev/null || { bad "rtprof died after $(( ($(date +%s) - start) / 60 )) minutes"; finish; exit 1; }
	n=$(echo "$switches" | tr '|' '\n' | wc -l)
	cmd=$(echo "$switches" | tr '|' '\n' | sed -n "$((i % n + 1))p")
	prompt
	keys "$cmd" Enter
	last=$cmd
	i=$((i + 1))
	if [ $((i % 2)) = 0 ]; then
		echo "minute $m: RSS $(rss) KB, sampler $(kept) MB, $(fds) fds (last switch: $cmd)"
		# The baseline: once every switch has run (each opens what it
		# needs the first time), or after a minute in a short run.
		if [ "$i" = "$n" ] || { [ "$m" = 1 ] && [ "$MINUTES" -le 6 ]; }; then
			rss0=$(rss) fd0=$(fds) base_m=$m
		fi
		m=$((m + 1))
	fi
done
rss1=$(rss)
fd1=$(fds)
span=$((m - 1 - base_m))
[ "$span" -ge 1 ] || span=1
echo "RSS grew $(( (rss1 - rss0) / span )) KB a minute from minute $base_m on (${rss0} -> ${rss1} KB)"
if [ "$fd1" -le "$fd0" ]; then
	ok "fds constant from minute $base_m on ($fd0 -> $fd1)"
else
	bad "fds grew from minute $base_m on ($fd0 -> $fd1)"
fi
prompt
keys "top" Enter
check "top at the end" "flat  flat%"
# As bench/console_bench.sh measures it: the screen polled without pauses.
t0=$(date +%s%N)
T send-keys -t t "x"
end=$(($(date +%s) + 10))
while ! screen | tail -1 | grep -q 'pprof) x$' && [ "$(date +%s)" -lt "$end" ]; do :; done
t1=$(date +%s%N)
echo "a keystroke at the end: $(( (t1 - t0) / 1000000 )) ms (goal <= 50 ms)"
keys BSpace "quit" Enter
check "quit" "RTPROF-EXIT=0" 60
finish
