#!/bin/sh
# fetch_http: sources over HTTP as go tool pprof fetches them (issue 13,
# item 4), from tests/console/http_profiles.py on 127.0.0.1 (loopback
# only, no Go): pprof's "Fetching profile over HTTP from URL" (the URL as
# pprof's adjustURL writes it: http:// and /debug/pprof/profile added,
# -seconds put in the query, the query sorted and escaped), "Please
# wait... (Ns)", "Saved profile in DIR/pprof.<binary>.<types>.NNN.pb.gz"
# under $PPROF_TMPDIR or ~/pprof, the same report as the local file's, and
# pprof's texts for a non-200 answer, a timeout and a refused connection.
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
PROFILES=$SRC/tests/golden/profiles
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
tmp=$(mktemp -d)
spid=
trap '[ -n "$spid" ] && kill $spid 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }
same() { # same NAME EXPECTED-FILE ACTUAL-FILE
	if cmp -s "$2" "$3"; then ok "$1"; else bad "$1"; diff "$2" "$3" | head -10; fi
}

python3 "$SRC/tests/console/http_profiles.py" "$PROFILES" "$tmp/requests" "$tmp/port" &
spid=$!
for _ in $(seq 100); do
	[ -s "$tmp/port" ] && break
	sleep 0.1
done
port=$(cat "$tmp/port" 2>/dev/null)
[ -n "$port" ] || { bad "the test server did not start"; exit 1; }
H=127.0.0.1:$port
export PPROF_TMPDIR="$tmp/saved"

"$RTPROF" -top "$PROFILES/cpu.pb.gz" >"$tmp/cpu.local" 2>&1
"$RTPROF" -top "$PROFILES/heap.pb.gz" >"$tmp/heap.local" 2>&1

# A full URL: the profile as the local file's, saved as pprof names it.
"$RTPROF" -top "http://$H/debug/pprof/profile?seconds=2" >"$tmp/out" 2>"$tmp/err"
rc=$?
printf '%s\n' "Fetching profile over HTTP from http://$H/debug/pprof/profile?seconds=2" \
	"Saved profile in $tmp/saved/pprof.cpuwork.samples.cpu.001.pb.gz" >"$tmp/want"
[ $rc = 0 ] && ok "full URL: exit 0" || bad "full URL: exit $rc"
same "full URL: pprof's messages" "$tmp/want" "$tmp/err"
same "full URL: the local file's report" "$tmp/cpu.local" "$tmp/out"
"$RTPROF" -top "$tmp/saved/pprof.cpuwork.samples.cpu.001.pb.gz" >"$tmp/out" 2>&1
same "the saved profile's report" "$tmp/cpu.local" "$tmp/out"

# host:port alone is /debug/pprof/profile; -seconds goes in the query.
"$RTPROF" -seconds=3 -top "$H" >"$tmp/out" 2>"$tmp/err"
printf '%s\n' "Fetching profile over HTTP from http://$H/debug/pprof/profile?seconds=3" \
	"Please wait... (3s)" \
	"Saved profile in $tmp/saved/pprof.cpuwork.samples.cpu.002.pb.gz" >"$tmp/want"
same "host:port -seconds=3: messages, next number" "$tmp/want" "$tmp/err"
same "host:port: the report" "$tmp/cpu.local" "$tmp/out"
grep -qx "/debug/pprof/profile?seconds=3" "$tmp/requests" &&
	ok "the server was asked for /debug/pprof/profile?seconds=3" ||
	bad "requests: $(cat "$tmp/requests")"

# host:port/path with a query: sorted and escaped as Go's Values.Encode;
# without PPROF_TMPDIR the profile goes to ~/pprof.
mkdir "$tmp/home"
HOME="$tmp/home" PPROF_TMPDIR= "$RTPROF" -top "$H/debug/pprof/heap?b=2&a=x%20y" \
	>"$tmp/out" 2>"$tmp/err"
printf '%s\n' "Fetching profile over HTTP from http://$H/debug/pprof/heap?a=x+y&b=2" \
	"Saved profile in $tmp/home/pprof/pprof.heapwork.alloc_objects.alloc_space.inuse_objects.inuse_space.001.pb.gz" \
	>"$tmp/want"
same "host:port/heap?query: URL rewritten, saved under ~/pprof" "$tmp/want" "$tmp/err"
same "heap: the report" "$tmp/heap.local" "$tmp/out"

# A path alone is a file name, as in pprof.
"$RTPROF" -top /debug/pprof/heap >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -qx "rtprof: /debug/pprof/heap: open /debug/pprof/heap: no such file or directory" \
	"$tmp/err" && ok "/debug/pprof/heap alone is a file" || bad "path only: $rc $(cat "$tmp/err")"

# Answers other than 200: Go's "server response" texts.
"$RTPROF" -top "http://$H/debug/pprof/nope" >/dev/null 2>"$tmp/err"
rc=$?
printf '%s\n' "Fetching profile over HTTP from http://$H/debug/pprof/nope" \
	"rtprof: http://$H/debug/pprof/nope: server response: 404 Not Found" >"$tmp/want"
[ $rc = 1 ] && ok "404: exit 1" || bad "404: exit $rc"
same "404: pprof's text" "$tmp/want" "$tmp/err"
"$RTPROF" -top "http://$H/debug/pprof/badseconds" >/dev/null 2>"$tmp/err"
grep -qx "rtprof: http://$H/debug/pprof/badseconds: server response: 400 Bad Request - bad seconds" \
	"$tmp/err" && ok "400 from a pprof endpoint: its text" || bad "400: $(cat "$tmp/err")"

# -timeout=1: the headers must come within 1+5 seconds.
"$RTPROF" -timeout=1 -top "http://$H/debug/pprof/slow" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -qx "rtprof: http://$H/debug/pprof/slow: Get \"http://$H/debug/pprof/slow\": net/http: timeout awaiting response headers" \
	"$tmp/err" && ok "-timeout=1: pprof's timeout text" || bad "timeout: $rc $(cat "$tmp/err")"

# Flags that need a URL.
"$RTPROF" -timeout=5 -top "$PROFILES/cpu.pb.gz" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "^rtprof: -timeout: only for profiles fetched over HTTP" "$tmp/err" &&
	ok "-timeout with a file: refused" || bad "-timeout file: $rc $(cat "$tmp/err")"

# The server gone: a refused connection, exit 1.
kill $spid
wait $spid 2>/dev/null
spid=
"$RTPROF" -top "$H" >/dev/null 2>"$tmp/err"
rc=$?
printf '%s\n' "Fetching profile over HTTP from http://$H/debug/pprof/profile" \
	"rtprof: $H: Get \"http://$H/debug/pprof/profile\": dial tcp $H: connect: connection refused" \
	>"$tmp/want"
[ $rc = 1 ] && ok "refused: exit 1" || bad "refused: exit $rc"
same "refused: pprof's text" "$tmp/want" "$tmp/err"

echo "fetch_http: $pass passed, $fail failed"
[ $fail = 0 ]
