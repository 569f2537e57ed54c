#!/bin/sh
# The live views over the render in progress: top's trend column (each
# function's flat share over the last minute) rising for the matrix
# functions once `set inverse_cache=off` makes every ray invert its
# matrices, the N/T/F sort keys and the trend header's click, the
# cpuloader scene's known split in the flame graph (CPU() takes half of
# each worker: `share: 0.5`), the sandwich of shade_hit, and the diff
# flame graph against a base (reds grew, blues shrank).
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
. "$SRC/tests/ui/tmux_lib.sh"
SCENE=$(cd "$SRC/scenes" && pwd)/cpuloader.yaml
export XDG_STATE_HOME=$(mktemp -d)
trap 'tmux_stop; rm -rf "$XDG_STATE_HOME"' EXIT

# The first row under top's header, and the sparkline of a function's row.
first_row() { screen | awk '/flat%.*trend 60s +name/ { getline; print; exit }'; }
first_row_is() { first_row | grep -Eq -- "$1"; }
spark_of() { # the glyphs between cum% and NAME on its row
	screen | awk -v n="$1" '{
		i = index($0, "  " n)
		if (!i) next
		pre = substr($0, 1, i - 1); j = 0
		for (k = 1; k <= length(pre); k++) if (substr(pre, k, 1) == "%") j = k
		if (j) { print substr(pre, j + 3); exit } }'
}
# rose NAME: its newest glyph is drawn and its oldest slots are blank (the
# function had no samples before the switch).
rose() {
	s=$(spark_of "$1")
	case "$s" in
	"  "*[▁▂▃▅▇]) return 0 ;;
	esac
	return 1
}

tmux_start "NO_COLOR=1 $RTPROF $SCENE"
keys "image off" Enter
check "live top with the trend column" "flat%   sum%        cum   cum%  trend 60s     name" 60
check "a row's sparkline" "%  +[▁▂▃▅▇ ]+  (prime|SumRoots)$" 60
check_not "the inverse cache is on: no matrix inversion yet" "  mat_determinant"
# A few seconds of samples before the switch, so the trend has a past.
keys "refresh 0.5" Enter
sleep 6
keys "set inverse_cache=off" Enter
check "the status line shows the switch" "inverse_cache=off"
check "the matrix functions come up" "  mat_(determinant|cofactor|submatrix)" 60
keys Escape T
check "T: sorted by trend" "sorted by trend"
if poll 60 first_row_is "  mat_(determinant|cofactor|submatrix|inverse)"; then
	ok "sort by trend: a matrix function rises to the top ($(first_row | sed 's/  */ /g'))"
else
	bad "sort by trend: a matrix function rises to the top (first row: '$(first_row)')"
fi
# Whichever matrix function is on screen (under ThreadSanitizer its own
# functions take some of the ten rows).
mat_rose() {
	for f in mat_determinant mat_cofactor mat_submatrix mat_inverse; do
		if rose "$f"; then
			rose_fn=$f
			return 0
		fi
	done
	return 1
}
rose_fn=mat_determinant
if poll 30 mat_rose; then
	ok "$rose_fn's trend rises: '$(spark_of "$rose_fn")'"
else
	bad "a matrix function's trend rises: '$(spark_of mat_determinant)' '$(spark_of mat_submatrix)'"
fi
if T capture-pane -p -e -t t | grep -q "$(printf '\033')\[[0-9;]*4m"'trend'; then
	ok "the header marks trend as the sort column"
else
	bad "the header marks trend as the sort column"
fi
keys N
check "N: sorted by name" "sorted by name"
names_sorted() {
	screen | awk '/trend 60s +name/ { on = 1; next }
		on && /%  / { sub(/ \(inline\)$/, ""); print $NF; n++ }
		on && !/%/ { exit }
		END { if (n < 5) exit 1 }' > "$XDG_STATE_HOME/names" &&
	LC_ALL=C sort -c "$XDG_STATE_HOME/names" 2>/dev/null
}
if poll 30 names_sorted; then
	ok "N orders the rows by name ($(tr '\n' ' ' < "$XDG_STATE_HOME/names"))"
else
	bad "N orders the rows by name ($(tr '\n' ' ' < "$XDG_STATE_HOME/names"))"
fi
keys F
check "F: by flat again" "sorted by flat"
# A click on the trend header sorts by trend (xterm's SGR mouse reports).
click() { # click ROW COL (0-based screen cells)
	T send-keys -t t -l "$(printf '\033[<0;%d;%dM' $(($2 + 1)) $(($1 + 1)))"
	T send-keys -t t -l "$(printf '\033[<0;%d;%dm' $(($2 + 1)) $(($1 + 1)))"
}
row=$(screen | grep -n "trend 60s" | head -1 | cut -d: -f1)
click $((row - 1)) 46
check "a click on the trend header sorts by trend" "sorted by trend"

# The flame graph's known split: CPU() is half of each worker's time,
# whatever the render costs (the share is of time, not of work).
keys Escape "set inverse_cache=on" Enter "flame" Enter
check "live flame" "^all  flat 0 \(0%\)  cum " 30
keys "/" "^CPU$" Enter
check "search CPU" "^CPU  flat .*match: " 30
share=$(screen | sed -n 's/^CPU  flat .*match: \([0-9.]*\)%.*/\1/p' | head -1)
if [ -n "$share" ] && awk -v s="$share" 'BEGIN { exit !(s >= 30 && s <= 70) }'; then
	ok "CPU() covers about half of the flame ($share%, share: 0.5)"
else
	bad "CPU() covers about half of the flame (got '$share'%)"
fi

# The sandwich of shade_hit: a caller above, a callee below.
keys Escape "sandwich ^shade_hit$" Enter
check "sandwich: shade_hit in the middle" "^shade_hit  flat " 30
check "a caller of shade_hit above it" "\| color_at" 30
# (Under ThreadSanitizer its hooks crowd the callees: any of the shading
# callees will do.)
CALLEE='lighting|reflected_color|refracted_color|is_shadowed'
check "a callee of shade_hit below it" "\| ($CALLEE)" 30
above_below() { # the first row of shade_hit is the centre
	screen | awk '/\| shade_hit/ && !c { c = NR } /\| color_at/ && !a { a = NR }
		$0 ~ "\\| (" callee ")" && c { b = NR } END { exit !(a && a < c && b > c) }' callee="$CALLEE"
}
if above_below; then
	ok "color_at calls it (above), it calls a shading function (below)"
else
	bad "color_at calls it (above), it calls a shading function (below)"
	screen | sed 's/^/    | /'
fi
keys Escape "quit" Enter
check "quit" "RTPROF-EXIT=0" 30

# The diff flame: `base` keeps the current profile; frames are coloured by
# how they changed since (reds grew, blues shrank).  In colour, without
# the picture (whose colours would be seen too).
tmux_start "$RTPROF" "$SCENE"
keys "image off" Enter
check "live console again" "flat  flat%" 60
sleep 3
keys "base" Enter
check "base taken" "base" 30
keys "set inverse_cache=off" Enter "flame" Enter
check "diff flame: the footer shows the base" "^all  flat 0 \(0%\)  cum .*  base " 60
diff_colours() {
	T capture-pane -p -e -t t > "$XDG_STATE_HOME/colours"
	grep -Eq '48;5;(196|203|210|217|224)m' "$XDG_STATE_HOME/colours" &&
	grep -Eq '48;5;(189|153|117|81|45)m' "$XDG_STATE_HOME/colours"
}
if poll 60 diff_colours; then
	ok "the diff flame colours frames that grew (red) and shrank (blue)"
else
	bad "the diff flame colours frames that grew (red) and shrank (blue)"
fi
# A matrix function grew: its cum now is above its cum in the base (which
# may hold the inversions of the scene's loading, under a sanitizer).
ms() { # a Go duration as pprof prints it (1.50s, 230ms, 0) in ms
	echo "$1" | awk '{ v = $1 + 0; u = $1; sub(/^[0-9.]+/, "", u); m = 1
		if (u == "s") m = 1000; else if (u == "us") m = 0.001
		else if (u == "ns") m = 1e-6; else if (u == "mins") m = 60000
		else if (u == "hrs") m = 3600000
		printf "%.6f", v * m }'
}
grew() {
	keys n	# the next match: there may have been none at the search yet
	line=$(screen | grep -E "^mat_[a-z_]+  flat ")
	cum=$(echo "$line" | sed -n 's/.*  cum \([^ ]*\) .*/\1/p')
	base=$(echo "$line" | sed -n 's/.*  base \([^ ]*\).*/\1/p')
	[ -n "$cum" ] && [ -n "$base" ] &&
		awk -v c="$(ms "$cum")" -v b="$(ms "$base")" 'BEGIN { exit !(c > b) }'
}
keys "/" "^mat_(determinant|cofactor|submatrix)$" Enter
if poll 60 grew; then
	ok "$(echo "$line" | cut -d' ' -f1) grew against the base ($cum against $base)"
else
	bad "a matrix function grew against the base ('$cum' against '$base')"
fi
keys Escape "quit" Enter
check "quit" "RTPROF-EXIT=0" 30
finish
