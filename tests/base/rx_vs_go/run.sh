#!/bin/sh
# rx_vs_go: rtprof's regexp front end against Go's regexp package on random
# patterns and texts: every error message and every match answer must be
# the same.  Needs Go (not part of make check).  Not generated: the two
# documented differences (the 64 KiB size cap; \p classes under (?i)).
# Usage: run.sh BUILD_DIR [SEED [COUNT]]   (BUILD_DIR has librtprof.a)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: run.sh BUILD_DIR [SEED [COUNT]]}" && pwd)
seed=${2:-1}
count=${3:-20000}
tmp=$(mktemp -d /tmp/rx-vs-go-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/go"
cp "$here/main.go" "$tmp/go/"
(cd "$tmp/go" && go mod init rxvsgo >/dev/null 2>&1 && go build -o "$tmp/go_lines" .)
${CC:-cc} -std=c11 -D_GNU_SOURCE -I"$here/../../../src" -o "$tmp/rx_lines" \
	"$here/rx_lines.c" "$build/librtprof.a" $(pkg-config --libs libpcre2-8)
python3 "$here/cases.py" "$seed" "$count" >"$tmp/cases"
"$tmp/go_lines" <"$tmp/cases" >"$tmp/go.out"
"$tmp/rx_lines" <"$tmp/cases" >"$tmp/rx.out"
paste "$tmp/cases" "$tmp/go.out" "$tmp/rx.out" | awk -F'\t' '$3 != $4' >"$tmp/diff"
n=$(wc -l <"$tmp/diff")
echo "$count cases (seed $seed): $(grep -c ERR "$tmp/go.out") errors in Go, $n differences"
head -20 "$tmp/diff"
[ "$n" = 0 ]
