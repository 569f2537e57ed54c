#!/bin/sh
# tui_signals: however the terminal console ends, the terminal is as it was
# (issue 15: Ctrl-\ left it -icanon -echo -icrnl -onlcr).  Each case runs
# rtprof from an interactive `sh` (dash) in tmux, which, unlike bash, does
# not put the terminal back itself, and compares `stty -a` before and after:
# q, Ctrl-D, Ctrl-C, Ctrl-\, Ctrl-Z then fg (stty checked while stopped
# too), and TERM, HUP, QUIT, INT, SEGV sent with kill.  A signal that ends
# rtprof ends it as that signal (the shell sees 128+n); SEGV goes to the
# default action (139), or to the sanitizer's handler in a sanitizer build.
# On a saved profile and on the live console of a scene.
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
. "$SRC/tests/ui/tmux_lib.sh"
PROFILE=$(cd "$SRC/tests/golden/profiles" && pwd)/cpu.pb.gz
SCENE=$(cd "$SRC/scenes" && pwd)/cpuloader.yaml
D=$(mktemp -d)
export XDG_STATE_HOME="$D/state"
trap 'tmux_stop; rm -rf "$D"' EXIT

# An interactive sh in a 140x40 terminal, with job control (Ctrl-Z, fg).
sh_start() {
	T kill-server 2>/dev/null
	SESSION=$((SESSION + 1))
	SOCK="rtprof-test-$$-$SESSION"
	T new-session -d -s t -x 140 -y 40 \
		"exec env TERM=xterm-256color LANG=C.UTF-8 ENV= PS1='sh> ' sh -i"
}

have() { [ -s "$1" ]; }
gone() { ! kill -0 "$pid" 2>/dev/null; }
stopped() { [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" = T ]; }
same_stty() { # same_stty NAME FILE: FILE equals before
	if cmp -s "$D/before" "$1"; then
		ok "$2: stty -a as before"
	else
		bad "$2: stty -a differs:"
		diff "$D/before" "$1" | sed 's/^/    | /'
	fi
}

# run_case NAME WANT_RC ACTION ARGS...: rtprof ARGS from the shell, ACTION
# (a function) once its prompt is up, then the exit status and the terminal.
run_case() {
	name=$1 want=$2 action=$3
	shift 3
	rm -f "$D/before" "$D/after" "$D/mid" "$D/pid" "$D/rc"
	sh_start
	if ! wait_for '^sh>$' 30; then
		bad "$name: the shell did not start"
		return
	fi
	keys "ulimit -c 0; stty -a >$D/before" Enter
	poll "$UI_WAIT" have "$D/before"
	keys "sh -c 'echo \$\$ >$D/pid; exec $RTPROF $*'" Enter
	if ! wait_for '^\(pprof\)' || ! have "$D/pid"; then
		bad "$name: rtprof's console did not come up"
		screen | sed 's/^/    | /'
		tmux_stop
		return
	fi
	pid=$(cat "$D/pid")
	$action
	if ! poll "$UI_WAIT" gone; then
		bad "$name: rtprof still runs"
		kill -KILL "$pid" 2>/dev/null
		tmux_stop
		return
	fi
	keys "echo \$? >$D/rc; stty -a >$D/after" Enter
	if ! poll "$UI_WAIT" have "$D/after"; then
		bad "$name: the shell runs no command after rtprof (the terminal stayed raw?)"
		screen | tail -5 | sed 's/^/    | /'
		tmux_stop
		return
	fi
	rc=$(cat "$D/rc")
	case $want in
	any) [ "$rc" != 0 ] && ok "$name: exit $rc" || bad "$name: exit 0 (want a crash's)" ;;
	*) [ "$rc" = "$want" ] && ok "$name: exit $rc" || bad "$name: exit $rc (want $want)" ;;
	esac
	same_stty "$D/after" "$name"
	tmux_stop
}

quit_cmd() { keys "q" Enter; }
ctrl_d() { keys C-d; }
ctrl_c() { keys C-c; }
ctrl_bs() { keys 'C-\'; }
by_kill() { kill -s "$SIG" "$pid"; }
suspend_fg() {
	keys C-z
	if poll "$UI_WAIT" stopped && wait_for 'Stopped'; then
		keys "stty -a >$D/mid" Enter
		poll "$UI_WAIT" have "$D/mid"
		same_stty "$D/mid" "Ctrl-Z, while stopped"
	else
		bad "Ctrl-Z: rtprof did not stop"
	fi
	keys "fg" Enter
	check "fg: the console comes back" '^\(pprof\)'
	keys "q" Enter
}

SEGV_RC=139
[ -n "${RT_SANITIZERS:-}" ] && SEGV_RC=any	# the sanitizer reports it

for what in ${ONLY_WHAT:-profile scene}; do
	if [ $what = profile ]; then
		args=$PROFILE
	else
		args="-threads=1 $SCENE"
	fi
	run_case "$what: q" 0 quit_cmd $args
	run_case "$what: Ctrl-D" 0 ctrl_d $args
	run_case "$what: Ctrl-C" 130 ctrl_c $args
	run_case "$what: Ctrl-\\" 131 ctrl_bs $args
	run_case "$what: Ctrl-Z, fg, q" 0 suspend_fg $args
	for s in TERM:143 HUP:129 QUIT:131 INT:130 SEGV:$SEGV_RC; do
		SIG=${s%:*}
		run_case "$what: kill -$SIG" "${s#*:}" by_kill $args
	done
done
finish
