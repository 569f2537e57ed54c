#!/bin/sh
# Regenerate the golden outputs of `go tool pprof` (Go 1.19) for rtprof.
#
#   tests/golden/regen.sh              rebuild the workloads (compile check) and
#                                      regenerate expected/* from cases/*
#   tests/golden/regen.sh --profiles   also re-record profiles/* first
#   tests/golden/regen.sh --symb       also rebuild symb/symbwork (a C
#                                      program, committed built) and re-record
#                                      symb/symbwork.prof with it first
#   tests/golden/regen.sh NAME...      only regenerate those cases
#                                      (profiles/parity and proto/*.pb are
#                                      always remade: they are deterministic)
#
# Every case is run from tests/golden/ with TZ=UTC as
#   go tool pprof $(cat cases/NAME.args, one argument per line) [< cases/NAME.stdin]
# and its stdout, stderr and exit status are stored verbatim in
# expected/NAME.out, expected/NAME.err, expected/NAME.rc. Nothing is
# post-processed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
godir=$(cd ../go && pwd)

record=0
symb=0
if [ "${1-}" = "--profiles" ]; then
	record=1
	symb=1
	shift
elif [ "${1-}" = "--symb" ]; then
	symb=1
	shift
fi

# The workload binaries live here while profiles are recorded; the path
# ends up in the profiles' mapping (it is printed by -raw). The directory is
# removed again so that no report can depend on the binary being present.
bin=/tmp/rtprof-golden-bin
cleanup() { rm -rf "$bin"; }
trap cleanup EXIT INT TERM

export TZ=UTC
# Do not let go tool pprof pick up local binaries ($HOME/pprof/binaries).
export PPROF_BINARY_PATH=/nonexistent/rtprof-golden
export GOFLAGS=-mod=mod GO111MODULE=on GOPROXY=off

rm -rf "$bin"
mkdir -p "$bin"
for w in cpuwork heapwork contention manystacks; do
	(cd "$godir/$w" && go build -trimpath -o "$bin/$w" .)
done

if [ $record = 1 ]; then
	p=$here/profiles
	mkdir -p "$p"
	# The binaries run with cwd = $bin so that nothing else is written here.
	(cd "$bin" &&
		./cpuwork -o "$p/cpu.pb.gz" -seed 1 &&
		./cpuwork -o "$p/cpu2.pb.gz" -seed 2 -scale 0.6 &&
		./cpuwork -o "$p/cpu_base.pb.gz" -seed 3 -scale 0.7 -workers hash,sort,primes &&
		./heapwork -dir "$p" &&
		./contention -dir "$p" &&
		./manystacks -o "$p/manystacks.pb.gz")
	# Derived inputs written by go tool pprof itself (-proto, -topproto); the
	# cases read them back with -raw/-top.
	mkdir -p "$p/derived"
	go tool pprof -proto profiles/cpu.pb.gz >"$p/derived/cpu.proto.pb.gz" 2>/dev/null
	go tool pprof -proto -focus=sort profiles/cpu.pb.gz >"$p/derived/cpu_focus_sort.proto.pb.gz" 2>/dev/null
	go tool pprof -proto profiles/cpu.pb.gz profiles/cpu2.pb.gz >"$p/derived/cpu_merged.proto.pb.gz" 2>/dev/null
	go tool pprof -topproto profiles/cpu.pb.gz >"$p/derived/cpu.topproto.pb.gz" 2>/dev/null
	go tool pprof -topproto -unit=ms profiles/cpu.pb.gz >"$p/derived/cpu_ms.topproto.pb.gz" 2>/dev/null
	go tool pprof -topproto -sample_index=alloc_space profiles/heap.pb.gz >"$p/derived/heap_alloc.topproto.pb.gz" 2>/dev/null
	# Only short-lived allocations: every inuse_* value is 0.
	go tool pprof -proto -focus=churn profiles/heap.pb.gz >"$p/derived/heap_churn.proto.pb.gz" 2>/dev/null
	# Broken inputs for the error cases.
	: >"$p/empty.pb.gz"
	printf 'this is not a profile\n' >"$p/notaprofile.txt"
	head -c 200 "$p/cpu.pb.gz" >"$p/truncated.pb.gz"
fi

# The address-only profile of a C program (symbolization, disasm,
# weblist): symb/symbwork is built with DWARF 5 line tables whose files
# read symb/symbwork.c from here, and records symb/symbwork.prof (a
# gperftools CPU profile) running as /tmp/rtprof-symb-bin/symbwork, the
# mapping's file, which is then removed so that cases find the binary only
# as they are told (BINARY argument, PPROF_BINARY_PATH) or say it is missing.
if [ $symb = 1 ]; then
	gcc -O1 -g -fno-omit-frame-pointer -fno-shrink-wrap -fPIE -pie \
		-fdebug-prefix-map="$here"=. -o symb/symbwork symb/symbwork.c
	sbin=/tmp/rtprof-symb-bin
	rm -rf "$sbin"
	mkdir -p "$sbin"
	cp symb/symbwork "$sbin/symbwork"
	(cd "$sbin" && ./symbwork "$here/symb/symbwork.prof" 1.5)
	rm -rf "$sbin"
fi

# The hand-made profiles of ../go/parity (issue 13: callgrind names, NUL
# bytes, no header lines, dot order, protobuf encoding) are the same bytes on
# every run, so they are always rewritten.
mkdir -p profiles/parity
(cd "$godir/parity" && go run . -dir "$here/profiles/parity")

# The protobuf inside `go tool pprof -proto`/`-topproto` output (gzip
# headers differ): proto/NAME.args (as cases/) gives proto/NAME.pb.
proto_case() {
	pc=$1
	set --
	while IFS= read -r a || [ -n "$a" ]; do
		set -- "$@" "$a"
	done <"proto/$pc.args"
	go tool pprof "$@" 2>/dev/null </dev/null | gzip -dc >"proto/$pc.pb"
}
for f in proto/*.args; do
	[ -e "$f" ] || continue
	name=$(basename "$f" .args)
	proto_case "$name"
done

# Run the cases.
run_case() {
	name=$1
	set --
	while IFS= read -r a || [ -n "$a" ]; do
		set -- "$@" "$a"
	done <"cases/$name.args"
	in=/dev/null
	if [ -f "cases/$name.stdin" ]; then
		in=cases/$name.stdin
	fi
	# cases/NAME.binpath: the case's PPROF_BINARY_PATH.
	binpath=$PPROF_BINARY_PATH
	if [ -f "cases/$name.binpath" ]; then
		binpath=$(cat "cases/$name.binpath")
	fi
	rc=0
	PPROF_BINARY_PATH=$binpath go tool pprof "$@" <"$in" \
		>"expected/$name.out" 2>"expected/$name.err" || rc=$?
	echo "$rc" >"expected/$name.rc"
}

# disasm (and weblist) of symb/symbwork: `go tool pprof` reads binaries
# with Go's own object reader and disassembler (Go syntax, and no match
# at all in a PIE binary); the goldens of symb/cases come from the pprof
# that Go vendors built alone (../go/bupprof), which runs objdump and nm as
# upstream pprof does.  Its output depends on those tools, so their
# versions are kept in symb/tools.txt (the test skips elsewhere).
symb_tools() {
	for t in llvm-objdump objdump llvm-nm nm; do
		printf '%s: ' "$t"
		("$t" --version 2>/dev/null || echo none) | head -1
	done
}
bu_cases() {
	gp=$(mktemp -d)
	v=$(go env GOROOT)/src/cmd/vendor
	mkdir -p "$gp/src/github.com/google" "$gp/src/github.com/ianlancetaylor" "$gp/src/bupprof"
	ln -s "$v/github.com/google/pprof" "$gp/src/github.com/google/pprof"
	ln -s "$v/github.com/ianlancetaylor/demangle" "$gp/src/github.com/ianlancetaylor/demangle"
	cp "$godir/bupprof/main.go" "$gp/src/bupprof/"
	(cd "$gp/src/bupprof" && GO111MODULE=off GOPATH=$gp GOFLAGS= go build -o "$gp/bupprof" .)
	symb_tools >symb/tools.txt
	mkdir -p symb/expected
	rm -f symb/expected/*
	for f in symb/cases/*.args; do
		name=$(basename "$f" .args)
		set --
		while IFS= read -r a || [ -n "$a" ]; do
			set -- "$@" "$a"
		done <"$f"
		in=/dev/null
		[ -f "symb/cases/$name.stdin" ] && in=symb/cases/$name.stdin
		binpath=$PPROF_BINARY_PATH
		[ -f "symb/cases/$name.binpath" ] && binpath=$(cat "symb/cases/$name.binpath")
		rc=0
		PPROF_BINARY_PATH=$binpath "$gp/bupprof" "$@" <"$in" \
			>"symb/expected/$name.out" 2>"symb/expected/$name.err" || rc=$?
		echo "$rc" >"symb/expected/$name.rc"
	done
	# weblist's page, which ../symbol/weblist.sh compares in part.
	PPROF_BINARY_PATH=/nonexistent "$gp/bupprof" -weblist=hash_block \
		-output=symb/weblist_hash.html symb/symbwork symb/symbwork.prof 2>/dev/null
	rm -rf "$gp"
}
bu_cases

mkdir -p expected
if [ $# -gt 0 ]; then
	for name in "$@"; do
		run_case "$name"
	done
else
	# Drop outputs of cases that no longer exist.
	for f in expected/*.rc; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .rc)
		if [ ! -f "cases/$name.args" ]; then
			rm -f "expected/$name.out" "expected/$name.err" "expected/$name.rc"
		fi
	done
	n=0
	for f in cases/*.args; do
		run_case "$(basename "$f" .args)"
		n=$((n + 1))
	done
	echo "regen.sh: $n cases" >&2
fi
