#!/bin/sh
# stream: the long reports (traces, raw, callgrind, proto) stream to
# standard output (issue 15, item 8): `-traces BIG | head -1` used to
# build the whole report (134 MB here) before its first write.
#  - the bytes are those of -output=/dev/stdout (the whole report at once);
#  - the report's notes come before its first bytes, as pprof's do;
#  - with a reader that takes nothing, rtprof blocks writing a short piece,
#    not the whole report: the write it waits in (/proc/PID/syscall) asks
#    for at most 1 MiB;
#  - `| head -1` ends rtprof by SIGPIPE; with SIGPIPE ignored, it exits 1
#    and says nothing (the reader went away: not an error to report).
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
P=$SRC/tests/golden/profiles/manystacks.pb.gz
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; exec 3>&-; rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }

for r in traces raw callgrind proto; do
	a=$("$RTPROF" -$r "$P" 2>"$tmp/err1" | cksum)
	b=$("$RTPROF" -$r -output=/dev/stdout "$P" 2>"$tmp/err2" | cksum)
	if [ "$a" = "$b" ] && ! [ -s "$tmp/err1" ]; then
		ok "-$r: streamed bytes equal -output's (cksum, length: $a)"
	else
		bad "-$r: streamed bytes differ from -output's ($a, $b)"
		cat "$tmp/err1" "$tmp/err2"
	fi
done

first=$("$RTPROF" -traces -hide=matches_no_frame "$P" 2>&1 | head -1)
if [ "$first" = "Hide expression matched no samples" ]; then
	ok "a streamed report's note comes before its first line"
else
	bad "a streamed report's first line is '$first', not its note"
fi

# A fifo this shell holds open and never reads: rtprof fills it and waits.
mkfifo "$tmp/fifo"
exec 3<>"$tmp/fifo"
"$RTPROF" -traces "$P" >"$tmp/fifo" 2>"$tmp/err" &
pid=$!
waiting() { # rtprof waits in write(1, buf, count): sets count
	read -r nr fd _ count _ <"/proc/$pid/syscall" 2>/dev/null || return 1
	[ "$nr" = 1 ] && [ "$fd" = 0x1 ]	# x86-64's write, to stdout
}
end=$(($(date +%s) + 120))
while ! waiting && kill -0 $pid 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do
	sleep 0.05
done
if [ "$(uname -m)" != x86_64 ] || ! [ -r "/proc/$pid/syscall" ]; then
	echo "SKIP: blocked write: /proc/PID/syscall of x86-64 needed"
elif waiting && [ $((count)) -le 1048576 ]; then
	ok "a reader that reads nothing: rtprof waits writing $((count)) bytes, not the report"
else
	bad "a reader that reads nothing: rtprof waits writing $((${count:-0})) bytes (want <= 1 MiB)"
	cat "$tmp/err"
fi
kill $pid 2>/dev/null
wait $pid 2>/dev/null
pid=
exec 3>&-

# head_one NAME WANT_RC PIPE: `rtprof -traces | head -1` with SIGPIPE's
# action PIPE (env --default-signal or --ignore-signal, whatever this
# shell inherited); the first line comes, rtprof exits WANT_RC quietly.
head_one() {
	env --$3-signal=PIPE "$RTPROF" -traces "$P" 2>"$tmp/err" >"$tmp/fifo" &
	pid=$!
	first=$(head -1 <"$tmp/fifo")
	wait $pid
	rc=$?
	pid=
	if [ "$first" = "File: manystacks" ] && [ $rc = "$2" ] && ! [ -s "$tmp/err" ]; then
		ok "$1: first line, then exit $rc, quietly"
	else
		bad "$1: first line '$first', exit $rc (want $2), stderr: $(cat "$tmp/err")"
	fi
}
head_one "-traces | head -1 (ends by SIGPIPE)" 141 default
head_one "-traces | head -1 with SIGPIPE ignored (EPIPE)" 1 ignore

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
