#!/bin/sh
# Replays every committed fuzz corpus file through its target (built
# without libFuzzer, tests/fuzz/replay.c): inputs that once crashed stay
# fixed, in the plain and the sanitizer builds alike.
set -u
SRC=${srcdir:-.}
fails=0 total=0
for name in profile scene obj rx console flags; do
	dir="$SRC/tests/fuzz/corpus/$name"
	[ -d "$dir" ] || continue
	n=$(ls "$dir" | wc -l)
	[ "$n" = 0 ] && continue
	total=$((total + n))
	if ls "$dir"/* | xargs "./tests/fuzz/replay_$name" > replay-$name.log 2>&1; then
		echo "PASS: $n $name inputs"
	else
		echo "FAIL: the $name corpus (see replay-$name.log):"
		tail -20 "replay-$name.log" | sed 's/^/    /'
		fails=$((fails + 1))
	fi
done
echo "$total inputs replayed"
[ "$total" -gt 0 ] && [ "$fails" = 0 ]
