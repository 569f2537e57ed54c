#!/bin/sh
# oddities_known_bugs: oddities.sh on the cases in corpus/expected/KNOWN_BUGS
# only.  Listed in XFAIL_TESTS: it must fail until those bugs are fixed.
exec "${srcdir:-.}/tests/profile/oddities.sh" --known-bugs
