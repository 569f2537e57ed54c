# tmux_lib.sh: drive rtprof in a real terminal (a private tmux server) the
# way a user would: type keys, read the screen.  Sourced by the tui tests.
# Needs: RTPROF (the binary), tmux.

SESSION=0
SOCK="rtprof-test-$$-0"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
FAILS=0
PASSES=0

tmux_start() { # tmux_start COMMAND...: a 140x40 terminal running COMMAND
	T kill-server 2>/dev/null
	# A fresh server each time: a dying one may still hold the old socket.
	SESSION=$((SESSION + 1))
	SOCK="rtprof-test-$$-$SESSION"
	# The shells ignore SIGINT so that Ctrl-C reaches rtprof alone.
	T new-session -d -s t -x 140 -y 40 "trap '' INT; export TERM=xterm-256color LANG=C.UTF-8; $*; echo RTPROF-EXIT=\$?; sleep 30"
}

tmux_stop() { T kill-server 2>/dev/null; }

screen() { T capture-pane -p -t t 2>/dev/null; }

keys() { # each key on its own, as typed
	for k in "$@"; do
		T send-keys -t t "$k"
		sleep 0.1
	done
}

# wait_for PATTERN [SECONDS]: until the screen shows PATTERN (grep -E).
wait_for() {
	local pat=$1 limit=${2:-10} i=0
	while [ "$i" -lt $((limit * 10)) ]; do
		if screen | grep -Eq -- "$pat"; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

check() { # check NAME PATTERN [SECONDS]
	if wait_for "$2" "${3:-10}"; then
		echo "PASS: $1"
		PASSES=$((PASSES + 1))
	else
		echo "FAIL: $1 (screen never showed /$2/); the screen was:"
		screen | sed 's/^/    | /'
		FAILS=$((FAILS + 1))
	fi
}

check_not() { # check_not NAME PATTERN: the screen does not show PATTERN now
	if screen | grep -Eq -- "$2"; then
		echo "FAIL: $1 (screen shows /$2/)"
		screen | sed 's/^/    | /'
		FAILS=$((FAILS + 1))
	else
		echo "PASS: $1"
		PASSES=$((PASSES + 1))
	fi
}

ok() { echo "PASS: $1"; PASSES=$((PASSES + 1)); }
bad() { echo "FAIL: $1"; FAILS=$((FAILS + 1)); }

finish() {
	tmux_stop
	echo "$PASSES passed, $FAILS failed"
	[ "$FAILS" = 0 ]
}
