#!/bin/sh
# The console's own golden cases (tests/console/golden, made by its
# regen.sh with go tool pprof), compared by tests/report/golden_run.sh.
here=$(cd "$(dirname "$0")" && pwd)
GOLDEN_CASES=$here/golden/cases GOLDEN_EXPECTED=$here/golden/expected \
	exec "$here/../report/golden_run.sh" "$@"
