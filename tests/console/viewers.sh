#!/bin/sh
# The viewers (web, eog, evince, gv, kcachegrind): rtprof writes the file
# pprof would open the viewer on, in pprof's temp folder ($PPROF_TMPDIR)
# under pprof's numbered name, and says where; no GUI program is started.
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
PROF=$SRC/tests/golden/profiles/cpu.pb.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "PASS: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }

# kcachegrind: the callgrind report, as -callgrind prints it.
PPROF_TMPDIR=$tmp/v "$RTPROF" -kcachegrind "$PROF" > "$tmp/out" 2> "$tmp/err"
rc=$?
"$RTPROF" -callgrind "$PROF" > "$tmp/callgrind" 2>/dev/null
if [ $rc = 0 ] && [ "$(cat "$tmp/err")" = "Generating report in $tmp/v/pprof001.grind" ] &&
   [ ! -s "$tmp/out" ] && cmp -s "$tmp/v/pprof001.grind" "$tmp/callgrind"; then
	ok "kcachegrind writes pprof001.grind, the callgrind report, and names it"
else
	bad "kcachegrind: rc $rc, stderr '$(cat "$tmp/err")'"
fi
# The next one takes the next number, at the prompt too.
printf 'kcachegrind\n' | PPROF_TMPDIR=$tmp/v "$RTPROF" "$PROF" > /dev/null 2> "$tmp/err"
if grep -Fxq "Generating report in $tmp/v/pprof002.grind" "$tmp/err" &&
   cmp -s "$tmp/v/pprof002.grind" "$tmp/callgrind"; then
	ok "kcachegrind at the prompt: pprof002.grind"
else
	bad "kcachegrind at the prompt: $(cat "$tmp/err")"
fi

# The Graphviz ones need dot; without it, pprof's message and status 1.
for v in web:svg eog:svg evince:pdf gv:ps; do
	name=${v%%:*} sfx=${v#*:}
	rm -rf "$tmp/g"
	PPROF_TMPDIR=$tmp/g "$RTPROF" -$name "$PROF" > /dev/null 2> "$tmp/err"
	rc=$?
	if command -v dot >/dev/null 2>&1; then
		"$RTPROF" -$sfx "$PROF" > "$tmp/direct" 2>/dev/null
		same=true
		if [ $sfx = pdf ]; then	# a PDF holds its creation time
			[ "$(head -c 5 "$tmp/g/pprof001.$sfx")" = "%PDF-" ] || same=false
		else
			cmp -s "$tmp/g/pprof001.$sfx" "$tmp/direct" || same=false
		fi
		if [ $rc = 0 ] && [ "$(cat "$tmp/err")" = "Generating report in $tmp/g/pprof001.$sfx" ] &&
		   $same; then
			ok "$name writes pprof001.$sfx, the -$sfx drawing"
		else
			bad "$name: rc $rc, stderr '$(cat "$tmp/err")'"
		fi
	elif [ $rc = 1 ] && grep -q "failed to execute dot. Is Graphviz installed?" "$tmp/err"; then
		ok "$name without Graphviz: pprof's message"
	else
		bad "$name without Graphviz: rc $rc, stderr '$(cat "$tmp/err")'"
	fi
done

# -output names the file instead.
"$RTPROF" -kcachegrind -output="$tmp/mine.grind" "$PROF" 2> "$tmp/err"
if cmp -s "$tmp/mine.grind" "$tmp/callgrind" &&
   grep -Fxq "Generating report in $tmp/mine.grind" "$tmp/err"; then
	ok "-output names the viewer's file"
else
	bad "-output: $(cat "$tmp/err")"
fi
[ $fails = 0 ]
