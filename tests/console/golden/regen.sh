#!/bin/sh
# Regenerate tests/console/golden/expected from `go tool pprof` (Go 1.19):
# the console's own edge cases (command words, assignments, shortcuts, help
# texts, flag forms, the symbolizer's notes), beside tests/golden's report
# cases.  Like tests/golden/regen.sh, every case runs from tests/golden/
# with TZ=UTC, so cases name profiles/... there and ../console/golden/profiles
# here.
#
#   tests/console/golden/regen.sh [NAME...]
#   tests/console/golden/regen.sh --profiles   also rebuild profiles/ (needs
#                                              a built rtprof, see below)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
golden=$(cd "$here/../../golden" && pwd)
export TZ=UTC
export PPROF_BINARY_PATH=/nonexistent/rtprof-golden

if [ "${1-}" = "--profiles" ]; then
	shift
	# cpu.pb.gz with its mapping made unsymbolizable: a missing binary with
	# a build id, a file that is no object file, no file at all.
	craft=$here/craft_mapping
	${CC:-cc} -std=c11 -D_GNU_SOURCE -I"$here/../../../src" -I"$here/../../.." \
		-I"$here/../../../proto" "$here/craft_mapping.c" \
		"$here/../../../librtprof.a" $(pkg-config --libs libprotobuf-c zlib) -lm \
		-o "$craft"
	"$craft" "$golden/profiles/cpu.pb.gz" /nonexistent/cpuwork "$here/profiles/nobin.pb.gz" abc123
	"$craft" "$golden/profiles/cpu.pb.gz" /etc/passwd "$here/profiles/notobj.pb.gz" ""
	"$craft" "$golden/profiles/cpu.pb.gz" "" "$here/profiles/nofile.pb.gz" ""
	rm -f "$craft"
fi

run_case() {
	name=$1
	set --
	while IFS= read -r a || [ -n "$a" ]; do
		set -- "$@" "$a"
	done <"$here/cases/$name.args"
	in=/dev/null
	[ -f "$here/cases/$name.stdin" ] && in=$here/cases/$name.stdin
	rc=0
	(cd "$golden" && go tool pprof "$@" <"$in" >"$here/expected/$name.out" \
		2>"$here/expected/$name.err") || rc=$?
	echo "$rc" >"$here/expected/$name.rc"
}

mkdir -p "$here/expected"
if [ $# -gt 0 ]; then
	names=$*
else
	rm -f "$here"/expected/*
	names=$(cd "$here/cases" && ls *.args | sed 's/\.args$//')
fi
for name in $names; do
	run_case "$name"
done
echo "regen.sh: $(echo $names | wc -w) cases" >&2
