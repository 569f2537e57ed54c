#!/bin/sh
# The terminal console over a saved profile: report pane, pane mode with
# list and peek on a row, search, help, quit, Ctrl-C and the terminal state.
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
. "$SRC/tests/ui/tmux_lib.sh"
PROFILE=$(cd "$SRC/tests/golden/profiles" && pwd)/cpu.pb.gz
export XDG_STATE_HOME=$(mktemp -d)
trap 'tmux_stop; rm -rf "$XDG_STATE_HOME"' EXIT

tmux_start "$RTPROF" "$PROFILE"
check "greeting shows the profile" "Type: cpu"
check "prompt" '^\(pprof\)'
keys "top" Enter
check "top shows pprof's columns" "flat  flat%   sum%        cum   cum%"
check "top shows the workload" "main\.prime"
keys Escape Down
keys Enter
check "Enter on a row runs list" "ROUTINE ======================== main\."
keys "peek sort.partition" Enter
check "peek shows callers and callees" "calls calls% \+ context"
check "peek caller" "\|   sort\.pdqsort"
keys "top" Enter
check "top again" "main\.prime"
keys Escape "/" "crypto" Enter
keys p
check "search then p peeks the found row" "\| crypto/"
keys "help" Enter
check "help lists commands" "Commands:"
keys "nosuchcommand" Enter
check "errors go to the message line" 'unrecognized command: "nosuchcommand"'
keys "quit" Enter
check "quit exits 0" "RTPROF-EXIT=0"
if [ -s "$XDG_STATE_HOME/rtprof/history" ] && grep -q "peek sort.partition" "$XDG_STATE_HOME/rtprof/history"; then
	ok "history saved"
else
	bad "history saved"
fi

# Ctrl-C restores the terminal: stty settings before and after are equal.
tmux_start "sh -c 'trap \"\" INT; stty -a > $XDG_STATE_HOME/before; $RTPROF $PROFILE; stty -a > $XDG_STATE_HOME/after'"
check "started again" '^\(pprof\)'
keys "top" Enter
check "top" "main\.prime"
keys C-c
check "Ctrl-C ends rtprof" "RTPROF-EXIT=0"
if cmp -s "$XDG_STATE_HOME/before" "$XDG_STATE_HOME/after"; then
	ok "Ctrl-C restored the terminal (stty -a unchanged)"
else
	bad "Ctrl-C restored the terminal (stty -a unchanged)"
	diff "$XDG_STATE_HOME/before" "$XDG_STATE_HOME/after"
fi

# SIGTERM restores it too.  The signal goes once the console is up (a
# fixed delay could send it before, or under a slow build); the terminal
# stays rtprof's input although it runs in the background.
tmux_start "sh -c 'stty -a > $XDG_STATE_HOME/before; $RTPROF $PROFILE </dev/tty & echo \$! > $XDG_STATE_HOME/pid; wait \$!; stty -a > $XDG_STATE_HOME/after'"
check "started for SIGTERM" "Esc moves to the"
kill -TERM "$(cat "$XDG_STATE_HOME/pid")"
check "SIGTERM ends rtprof" "RTPROF-EXIT="
if cmp -s "$XDG_STATE_HOME/before" "$XDG_STATE_HOME/after"; then
	ok "SIGTERM restored the terminal"
else
	bad "SIGTERM restored the terminal"
fi
finish
