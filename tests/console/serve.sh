#!/bin/sh
# serve: `rtprof -listen=127.0.0.1:0 scenes/cpuloader.yaml` without a
# terminal serves the live profiles at net/http/pprof's paths (issue 13,
# item 5): it prints where it listens, profile?seconds=2 is a CPU profile
# of the workload, heap/allocs/mutex are profiles rtprof reads, block is a
# profile or a 404 saying why, other paths are 404, bad seconds 400, a
# taken port is refused, and SIGTERM ends it as that signal (143).
# Fetches with curl over loopback only.
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
SCENE=$SRC/scenes/cpuloader.yaml
command -v curl >/dev/null || { echo "SKIP: curl not installed"; exit 77; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }
get() { # get PATH OUT: prints the status code
	curl -s --max-time 30 -o "$2" -w '%{http_code}' "$url$1"
}

"$RTPROF" -listen=127.0.0.1:0 -threads=2 "$SCENE" </dev/null 2>"$tmp/err" &
pid=$!
url=
for _ in $(seq 100); do
	url=$(sed -n 's|^rtprof: serving profiles at \(http://127\.0\.0\.1:[0-9]*/debug/pprof/\)$|\1|p' "$tmp/err")
	[ -n "$url" ] && break
	sleep 0.1
done
if [ -z "$url" ]; then
	bad "no 'rtprof: serving profiles at' line: $(cat "$tmp/err")"
	exit 1
fi
ok "headless -listen prints $url"

code=$(get "profile?seconds=2" "$tmp/cpu.pb.gz")
if [ "$code" = 200 ] && "$RTPROF" -top "$tmp/cpu.pb.gz" >"$tmp/cpu.top" 2>&1 &&
	grep -q "Type: cpu" "$tmp/cpu.top" && grep -Eq " (prime|CPULoader)" "$tmp/cpu.top" &&
	grep -q "Duration: 2s" "$tmp/cpu.top"; then
	ok "profile?seconds=2: 2 s of CPU with the workload's functions"
else
	bad "profile?seconds=2: $code $(head -12 "$tmp/cpu.top" 2>/dev/null)"
fi
code=$(curl -s --max-time 30 -o /dev/null -D "$tmp/hdr" -w '%{http_code}' "${url}heap")
if [ "$code" = 200 ] && grep -qi '^Content-Type: application/octet-stream' "$tmp/hdr" &&
	grep -qi '^Content-Disposition: attachment; filename="heap"' "$tmp/hdr"; then
	ok "heap: Go's headers"
else
	bad "heap headers: $code $(cat "$tmp/hdr")"
fi
for k in heap:inuse_space allocs:alloc_space mutex:delay; do
	name=${k%%:*} type=${k#*:}
	code=$(get "$name" "$tmp/$name.pb.gz")
	if [ "$code" = 200 ] && "$RTPROF" -top "$tmp/$name.pb.gz" >"$tmp/$name.top" 2>&1 &&
		grep -q "^Type: $type$" "$tmp/$name.top"; then
		ok "$name: a profile of type $type"
	else
		bad "$name: $code $(head -5 "$tmp/$name.top" 2>/dev/null)"
	fi
done
code=$(get block "$tmp/block.out")
if [ "$code" = 200 ] && "$RTPROF" -top "$tmp/block.out" >/dev/null 2>&1; then
	ok "block: a profile"
elif [ "$code" = 404 ] && grep -q "^block profile not available: " "$tmp/block.out"; then
	ok "block: 404 saying why ($(cat "$tmp/block.out"))"
else
	bad "block: $code $(cat "$tmp/block.out")"
fi
for p in nope goroutine ../../etc/passwd; do
	code=$(get "$p" "$tmp/out")
	[ "$code" = 404 ] && ok "/debug/pprof/$p: 404" || bad "/debug/pprof/$p: $code"
done
code=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "${url%/debug/pprof/}/")
[ "$code" = 404 ] && ok "/: 404" || bad "/: $code"
code=$(get "profile?seconds=x" "$tmp/out")
[ "$code" = 400 ] && grep -q "^bad seconds$" "$tmp/out" && ok "seconds=x: 400 bad seconds" ||
	bad "seconds=x: $code $(cat "$tmp/out")"
# rtprof fetches from itself as go tool pprof does (item 4).  The saved
# name has the binary's name only once the heap profile has a sample (and
# so a mapping): early on a loaded machine it may have none.
PPROF_TMPDIR="$tmp/saved" "$RTPROF" -top "${url}heap" >"$tmp/self.top" 2>"$tmp/self.err"
rc=$?
if [ $rc = 0 ] && grep -q "^Type: inuse_space$" "$tmp/self.top" &&
	grep -qx "Fetching profile over HTTP from ${url}heap" "$tmp/self.err" &&
	grep -Eq "^Saved profile in $tmp/saved/pprof\.(rtprof\.)?alloc_objects\." "$tmp/self.err"; then
	ok "rtprof -top ${url}heap"
else
	bad "rtprof fetching from itself: $rc $(cat "$tmp/self.err")"
fi
"$RTPROF" -top "${url}block" >/dev/null 2>"$tmp/self.err"
grep -q "^rtprof: ${url}block: server response: 404 Not Found - block profile not available" \
	"$tmp/self.err" || grep -q "^Saved profile in" "$tmp/self.err" &&
	ok "rtprof -top ${url}block: a profile or the server's 404 text" ||
	bad "block fetched: $(cat "$tmp/self.err")"
code=$(get "" "$tmp/index.html")
[ "$code" = 200 ] && grep -q 'href="heap"' "$tmp/index.html" && ok "index page" ||
	bad "index: $code"

# The port is taken now: a second rtprof refuses to start.
port=${url#http://127.0.0.1:}
port=${port%%/*}
"$RTPROF" -listen=127.0.0.1:"$port" "$SCENE" </dev/null >/dev/null 2>"$tmp/err2"
rc=$?
[ $rc = 1 ] && grep -q "^rtprof: -listen=127.0.0.1:$port: cannot listen there: " "$tmp/err2" &&
	ok "taken port: one line, exit 1" || bad "taken port: rc=$rc $(cat "$tmp/err2")"
"$RTPROF" -listen=127.0.0.1:0 -top "$SCENE" >/dev/null 2>"$tmp/err3"
rc=$?
[ $rc = 1 ] && grep -q "^rtprof: -listen serves the live session" "$tmp/err3" &&
	ok "-listen with -top refused" || bad "-listen -top: rc=$rc $(cat "$tmp/err3")"

kill -TERM $pid
wait $pid
rc=$?
pid=
[ $rc = 143 ] && ok "SIGTERM ends it as SIGTERM (143)" || bad "SIGTERM: exit $rc"

echo "serve: $pass passed, $fail failed"
[ $fail = 0 ]
