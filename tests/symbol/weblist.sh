#!/bin/sh
# weblist.sh: weblist writes pprof's HTML page to a file and says where:
# -output=F, else a new pprofNNN.html under $PPROF_TMPDIR.  The page has
# pprof's head and legend byte for byte (symb/weblist_hash.html is what
# the pprof Go vendors wrote, regen.sh), the function's heading, its source
# lines and its assembly folded in.
set -u

rtprof=${RTPROF:-./rtprof}
if [ -n "${srcdir-}" ] && [ -d "$srcdir/tests/golden" ]; then
	golden=$(cd "$srcdir/tests/golden" && pwd)
else
	golden=$(cd "$(dirname "$0")/../golden" && pwd)
fi
case $rtprof in /*) ;; *) rtprof=$(pwd)/$rtprof ;; esac
command -v objdump >/dev/null || command -v llvm-objdump >/dev/null ||
	{ echo "no objdump: skipped"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rtprof-weblist.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
check() {	# what, command...
	what=$1
	shift
	if ! "$@"; then
		echo "FAIL: $what"
		fail=1
	fi
}

run() {
	(cd "$golden" && PPROF_BINARY_PATH=/nonexistent PPROF_TMPDIR=$tmp/dir \
		"$rtprof" "$@" symb/symbwork symb/symbwork.prof >"$tmp/out" 2>"$tmp/err")
}

run -weblist=hash_block
check "status 0" [ $? = 0 ]
check "nothing on stdout" [ ! -s "$tmp/out" ]
check "says where: $(cat "$tmp/err")" \
	[ "$(cat "$tmp/err")" = "Generating report in $tmp/dir/pprof001.html" ]
page=$tmp/dir/pprof001.html
check "the page is written" [ -s "$page" ]

# pprof's head and legend, up to the first function.
want=$(sed -n '1,/<h2>/p' "$golden/symb/weblist_hash.html" | sed 's/<h2>.*//')
got=$(sed -n '1,/<h2>/p' "$page" | sed 's/<h2>.*//')
check "head and legend as pprof's" [ "$want" = "$got" ]
check "the function's heading" grep -q '<h2>hash_block</h2><p class="filename">symb/symbwork.c</p>' "$page"
check "source lines" grep -q '<span class=line>     89</span> <span class=livesrc>.*uint64_t h = 0xcbf29ce484222325ULL; </span><span class=asm>' "$page"
check "assembly folded in" grep -q '14d8: .*push.*%rbp.*<span class=unimportant>symbwork.c:88</span>' "$page"
check "the samples of a line" grep -q '<span class=livesrc>       560ms      560ms           	h ^= h &gt;&gt; 29; </span>' "$page"
check "page closed" [ "$(tail -2 "$page" | tr -d '\n')" = "</body></html>" ]

# A second page does not overwrite the first.
run -weblist=count_primes
check "a second page: $(cat "$tmp/err")" \
	[ "$(cat "$tmp/err")" = "Generating report in $tmp/dir/pprof002.html" ]

# -output: there, with pprof's note.
run -weblist=hash_block -output="$tmp/page.html"
check "-output: $(cat "$tmp/err")" [ "$(cat "$tmp/err")" = "Generating report in $tmp/page.html" ]
check "-output: same page" cmp -s "$page" "$tmp/page.html"

# No match: pprof's message, no file.
run -weblist=nomatch
check "no match fails" [ $? = 1 ]
check "no match message" [ "$(cat "$tmp/err")" = "rtprof: no matches found for regexp: nomatch" ]
check "no match writes nothing" [ ! -e "$tmp/dir/pprof003.html" ]
[ $fail = 0 ] && echo "weblist.sh: ok"
exit $fail
