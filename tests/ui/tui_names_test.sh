#!/bin/sh
# Pane rows carry their node: functions whose names hold "| ", "%", spaces
# and parentheses (C++ operators as pprof simplifies them, a Go closure)
# are listed with Enter and peeked with p from the pane (odd_names.pb.gz,
# made by gen_odd_names.py).
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
. "$SRC/tests/ui/tmux_lib.sh"
PROFILE=$(cd "$SRC/tests/ui" && pwd)/odd_names.pb.gz
export XDG_STATE_HOME=$(mktemp -d)
trap 'tmux_stop; rm -rf "$XDG_STATE_HOME"' EXIT

# pane_on TEXT: from the prompt, run top and select the row showing TEXT.
pane_on() {
	keys "top" Enter
	check "top before selecting $1" "Ratio::operator%"
	keys Escape "/" "$1" Enter
}

tmux_start "$RTPROF" "$PROFILE"
check "greeting" "Type: cpu"

pane_on "operator|"
keys Enter
check "Enter lists a name with '| ' and spaces" \
	"ROUTINE =+ Bits::operator\|  const in bits\.cc"
check_not "only that function is listed" "ROUTINE =+ Ratio"

pane_on "operator%"
keys p
check "p peeks a name with '%'" "^ +400ms +36\.36% +36\.36% +400ms +36\.36% +\| Ratio::operator%$"
check "its callers are shown" "\|   Bits::operator\|  const$"

# From the peek, a caller row is a node too: Enter lists it.
keys Escape "/" "handle.func1" Enter
keys Enter
check "Enter on a peek caller lists the Go closure" \
	"ROUTINE =+ main\.\(\*Server\)\.handle\.func1 in server\.go"

pane_on "std::function"
keys p
check "p peeks a name with spaces" "\| std::function::operator const$"
check "its caller" "\|   main\.main$"

keys "traces" Enter
check "traces" "main\.\(\*Server\)\.handle\.func1"
keys Escape "/" "operator%" Enter
keys p
check "p on a traces frame peeks it" "\| Ratio::operator%$"

keys "quit" Enter
check "quit exits 0" "RTPROF-EXIT=0"
finish
