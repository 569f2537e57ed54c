#!/bin/sh
# bad_scenes: every file in tests/render/bad/ must make the renderer exit 1
# with exactly one line on stderr, "rtprof: FILE:LINE:COLUMN: ...", matching
# the file's first-line "# expect: ..." comment.  No crash, no sanitizer
# report, no output file.  Run by `make check` (also under ASan/UBSan when
# configured with --enable-sanitizers=address,undefined).
srcdir=${srcdir:-.}
bin=${RTRENDER:-./tests/render/render_cli_test}
out=${TMPDIR:-/tmp}/rtprof-bad-$$.png
# A sanitizer report must not pass for the expected "exit 1".
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86"
export ASAN_OPTIONS UBSAN_OPTIONS
fail=0
n=0
for f in "$srcdir"/tests/render/bad/*.yaml; do
	n=$((n + 1))
	expect=$(head -n 1 "$f" | sed -n 's/^# expect: //p')
	err=$("$bin" -render="$out" -threads=1 "$f" 2>&1 >/dev/null)
	rc=$?
	lines=$(printf '%s\n' "$err" | wc -l)
	# "# expect: L:C: text": the message is at L:C and contains text.
	case "$expect" in
	[0-9]*:[0-9]*:*)
		want="rtprof: $f:${expect%%: *}:"
		expect=${expect#*: } ;;
	*) want="rtprof: $f:" ;;
	esac
	ok=1
	[ "$rc" -eq 1 ] || ok=0
	[ "$lines" -eq 1 ] || ok=0
	case "$err" in "$want"*) ;; *) ok=0 ;; esac
	case "$err" in *"$expect"*) ;; *) ok=0 ;; esac
	[ -e "$out" ] && ok=0
	if [ $ok -eq 0 ]; then
		echo "FAIL $f (exit $rc)"
		echo "  want: $want ... $expect"
		printf '  got:  %s\n' "$err" | head -n 20
		fail=1
	fi
	rm -f "$out"
done
echo "bad_scenes: $n files checked"
exit $fail
