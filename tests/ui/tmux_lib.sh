# tmux_lib.sh: drive rtprof in a real terminal (a private tmux server) the
# way a user would: type keys, read the screen.  Sourced by the tui tests.
# Needs: RTPROF (the binary), tmux.
#
# Nothing here waits a fixed time for rtprof: every check polls the screen
# until it shows what is expected, up to UI_WAIT seconds (a loaded machine
# under ThreadSanitizer can take tens of seconds where an idle one takes
# milliseconds).  Only a failing check waits that long.

SESSION=0
SOCK="rtprof-test-$$-0"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
FAILS=0
PASSES=0
UI_WAIT=${UI_WAIT:-120}

tmux_start() { # tmux_start COMMAND...: a 140x40 terminal running COMMAND
	T kill-server 2>/dev/null
	# A fresh server each time: a dying one may still hold the old socket.
	SESSION=$((SESSION + 1))
	SOCK="rtprof-test-$$-$SESSION"
	# The shells ignore SIGINT so that Ctrl-C reaches rtprof alone; the
	# pane stays open after rtprof exits (until tmux_stop) to show the
	# exit status.
	T new-session -d -s t -x 140 -y 40 "trap '' INT; export TERM=xterm-256color LANG=C.UTF-8; $*; echo RTPROF-EXIT=\$?; exec sleep 86400"
}

tmux_stop() { T kill-server 2>/dev/null; }

screen() { T capture-pane -p -t t 2>/dev/null; }

keys() { # each key on its own, as typed (the pause only spaces them out)
	for k in "$@"; do
		T send-keys -t t "$k"
		sleep 0.1
	done
}

# poll SECONDS COMMAND...: runs COMMAND until it succeeds (0) or SECONDS
# have passed (1).
poll() {
	local end=$(($(date +%s) + $1))
	shift
	while ! "$@"; do
		if [ "$(date +%s)" -ge "$end" ]; then
			return 1
		fi
		sleep 0.2
	done
}

shows() { screen | grep -Eq -- "$1"; }

# wait_for PATTERN [SECONDS]: until the screen shows PATTERN (grep -E).
wait_for() { poll "${2:-$UI_WAIT}" shows "$1"; }

check() { # check NAME PATTERN [SECONDS]
	if wait_for "$2" "${3:-$UI_WAIT}"; then
		echo "PASS: $1"
		PASSES=$((PASSES + 1))
	else
		echo "FAIL: $1 (screen never showed /$2/ in ${3:-$UI_WAIT} s); the screen was:"
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
