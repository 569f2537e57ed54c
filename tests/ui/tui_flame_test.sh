#!/bin/sh
# The flame graph and the sandwich in the terminal console: widths in
# proportion to cum, zoom in and out, search with the share it covers,
# flip, list/peek from a frame, the sandwich's callers and callees, and a
# live flame that refreshes.  The saved Go profile makes the numbers
# known; NO_COLOR draws frames with '|' edges, which the test measures.
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
. "$SRC/tests/ui/tmux_lib.sh"
PROFILE=$(cd "$SRC/tests/golden/profiles" && pwd)/cpu.pb.gz
SCENE=$(cd "$SRC/scenes" && pwd)/cpuloader.yaml
export XDG_STATE_HOME=$(mktemp -d)
trap 'tmux_stop; rm -rf "$XDG_STATE_HOME"' EXIT

# frame_width NAME NEXT: columns from NAME's edge to NEXT's on their row.
frame_width() {
	screen | awk -v a="| $1" -v b="| $2" '{
		i = index($0, a); j = index($0, b)
		if (i && j > i) { print j - i; exit } }'
}

tmux_start "NO_COLOR=1 $RTPROF $PROFILE"
check "started" '^\(pprof\)'
keys "flame" Enter
check "flame: the root" "^\| all"
check "flame: the workload's callers" "\| main\.main\.func3 +\| main\.main\.func4"
# main.prime is 30.19% of the profile: 42 of 140 columns.
w=$(frame_width main.prime main.fib)
if [ -n "$w" ] && [ "$w" -ge 41 ] && [ "$w" -le 43 ]; then
	ok "main.prime's frame is 30% of the width ($w of 140 columns)"
else
	bad "main.prime's frame is 30% of the width (got '$w' of 140 columns)"
fi
keys "/" "main.prime" Enter
check "search selects and shows the share it covers" \
	"^main\.prime  flat 800ms \(30\.19%\)  cum 800ms \(30\.19%\)  match: 30\.2%"
# Zoom: Home selects the root, Down its only child; Enter zooms into it.
keys Home Down Enter
check "zoom: main.worker is selected" "^main\.worker  flat 0 \(0%\)  cum 2\.65s \(100%\)"
row1=$(screen | sed -n 2p)
case "$row1" in
"| main.worker"*) ok "zoomed: the selected frame is the top row" ;;
*) bad "zoomed: the selected frame is the top row (top row: '$row1')" ;;
esac
check_not "zoomed in: no root row" "^\| all"
keys BSpace
check "Backspace zooms out" "^\| all"
keys v
check "v flips: the root is the bottom row" "^\| all *$"
keys v

# A frame's function can be listed and peeked.
keys "/" "main.hasher" Enter
keys p
check "p peeks the selected frame" "\| main\.hasher$"
keys "flame" Enter
check "back to the flame" "^\| all"
keys "/" "sha256.block" Enter
keys "s"
check "s: the sandwich of the selected frame (its caller above)" "\| crypto/sha256\.\(\*digest\)\.Write"
check "the sandwich's footer" "^crypto/sha256\.block  flat 480ms"

# The mouse (xterm's SGR reports, as tmux passes them on): a click selects
# a row or a frame, a click on a column header sorts by it.
click() { # click ROW COL (0-based screen cells)
	T send-keys -t t -l "$(printf '\033[<0;%d;%dM' $(($2 + 1)) $(($1 + 1)))"
	T send-keys -t t -l "$(printf '\033[<0;%d;%dm' $(($2 + 1)) $(($1 + 1)))"
}
keys Escape "top" Enter
check "top for the mouse" "main\.prime"
click 7 50	# the third row: crypto/sha256.block
check "a click moves to the pane" "^-- pane:"
keys Enter
check "Enter lists the clicked row" "ROUTINE =+ crypto/sha256\.block "
keys "top" Enter
check "top again" "main\.prime"
click 4 30	# the cum column's header
check "a click on cum's header sorts by cum" "^ +0 +0% +0% +2\.65s +100%  main\.worker$"
# The header underlines the column that sorts (SGR 4 before "cum").
if T capture-pane -p -e -t t | grep -q "$(printf '\033')\[[0-9;]*4m"'cum'; then
	ok "the header marks cum as the sort column"
else
	bad "the header marks cum as the sort column"
fi
keys "sort=flat" Enter "flame" Enter
check "flame for the mouse" "^\| all"
click 5 45	# main.main.func4's row and column
check "a click selects the frame under it" "^main\.main\.func4  flat 0"
keys Escape "sandwich main.hasher" Enter
check "sandwich RE: a caller of main.hasher" "\| main\.main\.func3"
check "and its callees" "\| crypto/sha256\.Sum256"
keys "quit" Enter
check "quit" "RTPROF-EXIT=0" 30

# Live: the flame refreshes while the picture renders.
tmux_start "$RTPROF" "$SCENE"
check "live console" "flat  flat%" 60
keys "flame" Enter
check "live flame" "^all  flat 0 \(0%\)  cum " 30
first=$(screen | sed -n 's/^all  flat 0 (0%)  cum \([^ ]*\) .*/\1/p')
sleep 3
later=$(screen | sed -n 's/^all  flat 0 (0%)  cum \([^ ]*\) .*/\1/p')
if [ -n "$first" ] && [ -n "$later" ] && [ "$first" != "$later" ]; then
	ok "the live flame refreshes ($first -> $later)"
else
	bad "the live flame refreshes ('$first' -> '$later')"
fi
keys "quit" Enter
check "quit" "RTPROF-EXIT=0" 30
finish
