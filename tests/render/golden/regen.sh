#!/bin/sh
# regen: re-renders the golden images from tests/render/scenes/*.yml with
# one thread.  Run from the build directory after a deliberate change to
# the renderer's output, LOOK at every image, then commit them.
set -e
srcdir=${srcdir:-.}
for name in tabletop workshop shapes textures; do
	./tests/render/render_cli_test -threads=1 -render="$srcdir/tests/render/golden/$name.png" \
		"$srcdir/tests/render/scenes/$name.yml"
done
