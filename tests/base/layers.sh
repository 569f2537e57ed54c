#!/bin/sh
# The house's layers, checked on the sources: no include cycle between
# modules (a module is X.c with X.h), and the lower folders never include
# the upper ones (STYLE.md: profile and report know nothing of ncurses,
# threads, signals, the renderer or the console).
set -u
SRC=${srcdir:-.}
cd "$SRC" || exit 1
fails=0
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }

# "module included-module" pairs from #include "dir/file.h" lines.
pairs=$(for f in src/*/*.c src/*/*.h src/*.c ui/*.c ui/*.h; do
	from=${f#src/}
	from=${from%.*}
	sed -n 's/^#include "\([a-z_]*\/[a-z_0-9-]*\)\.h".*/\1/p' "$f" |
		while read -r to; do
			[ "$to" = "$from" ] || echo "$from $to"
		done
done)
if loops=$(echo "$pairs" | tsort 2>&1 >/dev/null) && [ -z "$loops" ]; then
	echo "PASS: no include cycle between modules"
else
	bad "include cycle between modules:"
	echo "$loops" | sed 's/^/    /'
fi

# lower folders and what they must not include
check_layer() { # check_layer DIR PATTERN WHY
	hits=$(grep -nE "^#include [<\"]($2)" "src/$1"/*.c "src/$1"/*.h 2>/dev/null)
	if [ -n "$hits" ]; then
		bad "src/$1 includes $3:"
		echo "$hits" | sed 's/^/    /'
	else
		echo "PASS: src/$1 includes no $3"
	fi
}
upper='console/|ui/|render/|sampler/|workload/|curses|ncurses|pthread|signal'
for d in profile measurement report; do
	check_layer "$d" "$upper" "upper layer, terminal, thread or signal header"
done
# src/base holds rt_hooks (the renderer's lock hooks): pthread types allowed.
check_layer base 'console/|ui/|render/|sampler/|workload/|curses|ncurses' "upper layer or terminal header"
check_layer render 'console/|ui/|report/|sampler/' "profiling or console header"

# In src/report, only the entry point reaches the filters and the formats.
for h in report_filter report_tagroot; do
	users=$(grep -l "#include \"report/$h.h\"" src/report/*.c | grep -v -e "src/report/report.c" -e "src/report/$h.c")
	[ -z "$users" ] && echo "PASS: only report.c uses $h" || bad "$h used by $users"
done
users=$(grep -l '#include "report/report_formats.h"' src/report/report_context.c src/report/report_items.c src/report/graph.c 2>/dev/null)
[ -z "$users" ] && echo "PASS: the context never reaches the formats" || bad "formats used by $users"
[ $fails = 0 ]
