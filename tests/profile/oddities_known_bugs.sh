#!/bin/sh
# oddities_known_bugs: oddities.sh on the cases in corpus/expected/KNOWN_BUGS
# only.  While KNOWN_BUGS lists cases it belongs in XFAIL_TESTS (it must fail
# until those bugs are fixed); with none listed it passes, in TESTS.
exec "${srcdir:-.}/tests/profile/oddities.sh" --known-bugs
