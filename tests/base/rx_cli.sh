#!/bin/sh
# rx_cli: regexps that Go's RE2 syntax refuses are refused by rtprof at once,
# in pprof's one line, within 300 MB of address space: batch flags and the
# piped prompt alike (issue 15: glibc's regex took minutes on backreferences
# and gigabytes on a{3000}{3000}).  Run by make check from the build folder.
srcdir=${srcdir:-.}
rtprof=${RTPROF:-./rtprof}
prof=$srcdir/tests/golden/profiles/cpu.pb.gz
tmp=$(mktemp -d /tmp/rtprof-rx-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
LIMIT_KB=300000

bad() { printf 'FAIL: %s\n' "$*"; fail=1; }

# Address-space limits and sanitizer shadow memory do not mix: use the limit
# only if a plain report runs under it.
limit=
if sh -c 'ulimit -v "$1" && exec "$2" -top "$3"' sh $LIMIT_KB "$rtprof" "$prof" \
	>/dev/null 2>&1; then
	limit="ulimit -v $LIMIT_KB;"
else
	echo "note: rtprof does not run under ulimit -v $LIMIT_KB (sanitizer build?): time only"
fi

# batch REGEXP WANT: -focus=REGEXP exits 1 with WANT, the one stderr line.
batch() {
	sh -c "$limit exec timeout 20 \"\$0\" -focus=\"\$1\" -top \"\$2\"" \
		"$rtprof" "$1" "$prof" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	got=$(cat "$tmp/err")
	if [ $rc != 1 ] || [ "$got" != "rtprof: parsing focus regexp: $2" ] || [ -s "$tmp/out" ]; then
		bad "-focus='$1': exit $rc, stderr: $got"
	else
		printf "PASS: -focus='%s' refused: %s\n" "$1" "$2"
	fi
}

batch '(.*)(.*)(.*)(.*)(.*)(.*)\6\5\4\3\2\1' \
	'error parsing regexp: invalid escape sequence: `\6`'
batch '(a)\1' 'error parsing regexp: invalid escape sequence: `\1`'
batch 'a{1000}{1000}' 'error parsing regexp: invalid nested repetition operator: `{1000}{1000}`'
batch 'a{3000}{3000}' 'error parsing regexp: invalid repeat count: `{3000}`'
batch 'a{1001}' 'error parsing regexp: invalid repeat count: `{1001}`'
batch '((a{100}){100}){100}' 'error parsing regexp: invalid repeat count: `{100}`'
batch '(?=main)' 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'
# Beyond the size cap: one line naming it.
batch '(?:[a-z]x|[0-9]y){1000}' \
	'error parsing regexp: expression too large (over the 64 KiB regexp size cap): `(?:[a-z]x|[0-9]y){1000}`'

# The piped prompt: the error line, then the next command runs.
printf 'focus=(.*)(.*)(.*)(.*)(.*)(.*)\\6\\5\\4\\3\\2\\1\ntop\nfocus=a{3000}{3000}\ntop\nfocus=\ntop\n' |
	sh -c "$limit exec timeout 20 \"\$0\" \"\$1\"" "$rtprof" "$prof" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc != 0 ] ||
	! grep -qxF 'parsing focus regexp: error parsing regexp: invalid escape sequence: `\6`' "$tmp/err" ||
	! grep -qxF 'parsing focus regexp: error parsing regexp: invalid repeat count: `{3000}`' "$tmp/err" ||
	[ "$(grep -c '^ *flat  *flat%' "$tmp/out")" != 1 ]; then
	bad "piped prompt: exit $rc"
	cat "$tmp/err"
else
	echo "PASS: piped prompt refuses both and goes on"
fi

# What RE2 takes still matches as pprof's did (a golden's focus, by hand).
sh -c "$limit exec timeout 20 \"\$0\" -focus='(?i)^MAIN\\.' -top \"\$1\"" "$rtprof" "$prof" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc != 0 ] || ! grep -q 'main\.' "$tmp/out"; then
	bad "-focus='(?i)^MAIN\\.': exit $rc"
	cat "$tmp/err"
else
	echo "PASS: -focus='(?i)^MAIN\\.' matches"
fi
exit $fail
