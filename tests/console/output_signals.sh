#!/bin/sh
# output_signals: a signal during `-output=OUT` leaves no temp file, and a
# file written over keeps its mode (issue 15, item 7).
#  - TERM, INT, HUP, QUIT while the temp file is being written: rtprof
#    removes it and ends by that signal (status 128+n), OUT untouched;
#  - after a KILL (nothing can be removed then), the next write to OUT
#    removes the temp files that rtprof left: those of this user whose
#    rtprof is gone, never a running one's or a file of another shape;
#  - `-output=OUT` over a 0640 file leaves it 0640.
# The temp file exists only while the report is written and fsync'ed: the
# script watches for it and sends the signal then; a run that ends first
# is tried again.
set -u
ulimit -c 0	# QUIT's default action dumps core where allowed
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
P=$SRC/tests/golden/profiles/manystacks.pb.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }

temps() { # the temp files next to $tmp/out.txt, one a line
	for f in "$tmp"/out.txt.tmp*; do
		[ -e "$f" ] && echo "$f"
	done
}

# hit SIG: over an out.txt that says "before", runs `-raw -output=out.txt`
# (24 MB) and sends SIG once the temp file exists; sets rc to rtprof's
# status.  A try where rtprof ended first, or renamed before the signal
# came (out.txt replaced), is run again; returns 1 after 10 such tries.
hit() {
	hsig=$1
	tries=0
	while [ $tries -lt 10 ]; do
		tries=$((tries + 1))
		rm -f "$tmp"/out.txt*
		echo before >"$tmp/out.txt"
		# A job started with & ignores INT and QUIT: every signal back to
		# its default (rtprof leaves ignored signals ignored).
		env --default-signal "$RTPROF" -raw -output="$tmp/out.txt" "$P" \
			2>"$tmp/err" &
		pid=$!
		seen=0
		while kill -0 $pid 2>/dev/null; do
			set -- "$tmp"/out.txt.tmp*
			if [ -e "$1" ]; then
				kill -s "$hsig" $pid 2>/dev/null
				seen=1
				break
			fi
		done
		wait $pid
		rc=$?
		[ $seen = 1 ] && [ $rc -ge 128 ] && [ "$(cat "$tmp/out.txt")" = before ] && return 0
	done
	return 1
}

for sn in TERM:15 INT:2 HUP:1 QUIT:3; do
	sig=${sn%:*}
	n=${sn#*:}
	if ! hit $sig; then
		bad "$sig: never caught rtprof while it wrote its temp file (10 tries)"
		continue
	fi
	left=$(temps)
	if [ $rc = $((128 + n)) ] && [ -z "$left" ]; then
		ok "$sig during -output: temp file removed, exit $rc, out.txt untouched"
	else
		bad "$sig during -output: exit $rc (want $((128 + n))), left: ${left:-nothing}"
		cat "$tmp/err"
	fi
done

# KILL: the temp file stays; the next write to out.txt removes it.
if hit KILL; then
	left=$(temps)
	[ -n "$left" ] && ok "KILL leaves a temp file (nothing can remove it then)" ||
		bad "KILL left no temp file: the test saw none to clean"
	# Beside it: a dead rtprof's temp file (to remove), a running one's and
	# a file of another shape (to keep).
	sh -c 'exit 0' &
	dead=$!
	wait $dead
	touch "$tmp/out.txt.tmp-$dead-a1b2c3" "$tmp/out.txt.tmp-$$-a1b2c3" "$tmp/out.txt.tmpkeep"
	if kill -0 "$dead" 2>/dev/null; then
		rm -f "$tmp/out.txt.tmp-$dead-a1b2c3"	# its pid was taken again
	fi
	"$RTPROF" -top -output="$tmp/out.txt" "$P" 2>"$tmp/err"
	left=$(temps)
	want="$tmp/out.txt.tmp-$$-a1b2c3
$tmp/out.txt.tmpkeep"
	if [ "$left" = "$want" ]; then
		ok "the next write removes the temp files a killed rtprof left, and only those"
	else
		bad "after the next write, left: $left (want the running one's and the odd one)"
		cat "$tmp/err"
	fi
else
	bad "KILL: never caught rtprof while it wrote its temp file (10 tries)"
fi

# The mode of a file written over.
rm -f "$tmp"/out.txt*
echo before >"$tmp/out.txt"
chmod 0640 "$tmp/out.txt"
"$RTPROF" -top -output="$tmp/out.txt" "$P" 2>"$tmp/err"
mode=$(stat -c %a "$tmp/out.txt")
if [ "$mode" = 640 ] && grep -q flat "$tmp/out.txt"; then
	ok "-output over a 0640 file: written, still 0640"
else
	bad "-output over a 0640 file: mode $mode"
	cat "$tmp/err"
fi
umask 022
rm -f "$tmp/out.txt"
"$RTPROF" -top -output="$tmp/out.txt" "$P" 2>"$tmp/err"
mode=$(stat -c %a "$tmp/out.txt")
[ "$mode" = 644 ] && ok "a new file: 0666 less the umask (644)" || bad "a new file: mode $mode"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
