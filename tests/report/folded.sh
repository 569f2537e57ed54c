#!/bin/sh
# -folded and -speedscope (rtprof's own formats) on Go profiles: the folded
# stacks sum to the total -top reports, with filters and -sample_index
# applied the same way; the speedscope file validates against speedscope's
# published schema (tests/report/speedscope) and weighs the same.
set -u
RTPROF=${RTPROF:-$(pwd)/rtprof}
SRC=${srcdir:-.}
P=$SRC/tests/golden/profiles
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "PASS: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }

# total PROFILE FLAGS...: the total -top reports, in the sample unit.
total() {
	p=$1
	shift
	"$RTPROF" -top -unit=ns "$@" "$p" 2>/dev/null |
		sed -n 's/^Showing nodes accounting for .* of \([-0-9.e+]*\)[a-zA-Z]* total$/\1/p'
}
folded_sum() {
	p=$1
	shift
	"$RTPROF" -folded "$@" "$p" | awk '{ s += $NF } END { printf "%.0f\n", s }'
}
same() { # same NAME A B
	if [ -n "$2" ] && awk -v a="$2" -v b="$3" 'BEGIN { exit !(a + 0 == b + 0) }'; then
		ok "$1 ($2)"
	else
		bad "$1: -top says '$2', -folded sums to '$3'"
	fi
}
same "cpu: folded sums to the total" "$(total "$P/cpu.pb.gz")" "$(folded_sum "$P/cpu.pb.gz")"
same "cpu -focus=sort" "$(total "$P/cpu.pb.gz" -focus=sort -relative_percentages)" "$(folded_sum "$P/cpu.pb.gz" -focus=sort)"
same "cpu -sample_index=samples" \
	"$("$RTPROF" -top -sample_index=samples "$P/cpu.pb.gz" | sed -n 's/^Showing nodes accounting for .* of \([0-9]*\) total$/\1/p')" \
	"$(folded_sum "$P/cpu.pb.gz" -sample_index=samples)"
same "heap alloc_space" \
	"$("$RTPROF" -top -unit=b -sample_index=alloc_space "$P/heap.pb.gz" | sed -n 's/^Showing nodes accounting for .* of \([0-9]*\)B total$/\1/p')" \
	"$(folded_sum "$P/heap.pb.gz" -sample_index=alloc_space)"
lines=$("$RTPROF" -folded "$P/cpu.pb.gz" | grep -cv '^[^ ;]\{1,\}\(;[^ ;]\{1,\}\)* -\{0,1\}[0-9]\{1,\}$')
[ "$lines" = 0 ] && ok "every line is 'a;b;c N'" || bad "$lines lines are not 'a;b;c N'"

# speedscope
if "$RTPROF" -speedscope="$tmp/cpu.json" "$P/cpu.pb.gz" 2>"$tmp/err" &&
	grep -qx "Generating report in $tmp/cpu.json" "$tmp/err"; then
	ok "-speedscope writes the file and says where"
else
	bad "-speedscope writes the file and says where"
	cat "$tmp/err"
fi
if python3 - "$SRC/tests/report/speedscope/file-format-schema.json" "$tmp/cpu.json" \
	"$(total "$P/cpu.pb.gz")" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.validate(doc, schema)
prof = doc["profiles"][0]
assert prof["type"] == "sampled" and prof["unit"] == "nanoseconds", prof["unit"]
assert len(prof["samples"]) == len(prof["weights"])
assert sum(prof["weights"]) == float(sys.argv[3]), (sum(prof["weights"]), sys.argv[3])
assert prof["endValue"] == sum(prof["weights"])
frames = doc["shared"]["frames"]
assert all(0 <= i < len(frames) for s in prof["samples"] for i in s)
PY
then
	ok "the speedscope file validates against the schema and weighs the total"
else
	bad "the speedscope file validates against the schema and weighs the total"
fi
[ $fails = 0 ]
