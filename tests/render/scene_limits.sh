#!/bin/sh
# scene_limits: inputs that once took minutes or gigabytes now end quickly
# in a render or in one line naming the cap.  Memory is bounded by running
# under `ulimit -v` (not under a sanitizer: ASan and TSan reserve terabytes
# of address space) and time by `ulimit -t` CPU seconds that only a runaway
# reaches: 100k nested lists stop at the nesting cap while reading, 5M
# scalars at the YAML node cap, a mesh placed 300 times is read once, an
# 800k-triangle OBJ fits in a few hundred MB, a mesh past the triangle cap
# is refused at the first triangle too many.
srcdir=${srcdir:-.}
bin=${RTRENDER:-./tests/render/render_cli_test}
dir=${TMPDIR:-/tmp}/rtprof-limits-$$
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86"
export ASAN_OPTIONS UBSAN_OPTIONS
vmem=400000	# KB
[ -n "$RT_SANITIZERS" ] && [ "$RT_SANITIZERS" != no ] && vmem=unlimited
fail=0

camera='- add: camera
  width: 16
  height: 10
  from: [0, 6, -12]
  to: [0, 0, 0]
- add: light
  at: [5, 8, -6]
  intensity: [1, 1, 1]'

# run NAME WANT-EXIT WANT-STDERR-PREFIX SCENE: one render under the limits.
run() {
	err=$( (ulimit -v $vmem; ulimit -t 60
		"$bin" -render="$dir/out.png" -threads=1 "$4") 2>&1 >/dev/null)
	rc=$?
	lines=$(printf '%s\n' "$err" | wc -l)
	case "$err" in "$3"*) ok=1 ;; *) ok=0 ;; esac
	if [ $rc -ne "$2" ] || [ "$lines" -ne 1 ] || [ $ok -eq 0 ]; then
		echo "FAIL $1: exit $rc (want $2)"
		echo "  want: $3..."
		printf '  got:  %s\n' "$err" | head -n 5
		fail=1
	fi
	rm -f "$dir/out.png"
}

# 100k nested lists (200 KB): the nesting cap, at the first list past it.
{ echo "$camera"; printf -- '- add: sphere\n  x: '
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }'
} >"$dir/deep.yaml"
run nesting 1 "rtprof: $dir/deep.yaml:10:260: lists and mappings nested more than 256 deep (the nesting cap)" "$dir/deep.yaml"

# A 10 MB list of 5M scalars: the YAML node cap, before 800 MB are taken.
{ echo "$camera"; printf -- '- add: sphere\n  x: ['
  awk 'BEGIN { for (i = 1; i < 5000000; i++) printf "0,"; print "0]" }'
} >"$dir/flat.yaml"
run yaml_nodes 1 "rtprof: $dir/flat.yaml:10:3999935: more than 2000000 YAML nodes (the YAML node cap)" "$dir/flat.yaml"

# The alias bomb (10^8 spheres once expanded), under the memory ceiling.
f=$srcdir/tests/render/bad/alias_bomb.yaml
run alias_bomb 1 "rtprof: $f:12:36: aliases repeat more than 100000 YAML nodes (the alias cap)" "$f"

# The bundled pawn placed 300 times: one mesh, 300 placements.
pawn=$(cd "$srcdir/scenes/meshes" && pwd)/pawn.obj
{ echo "$camera"
  awk -v p="$pawn" 'BEGIN { for (i = 0; i < 300; i++)
	printf "- {add: obj, file: \"%s\", transform: [[translate, %d, 0, %d]]}\n", p, i % 20 - 10, int(i / 20) }'
} >"$dir/pawns.yaml"
run pawns 0 "rtprof: pawns 16x10: " "$dir/pawns.yaml"

# An 800k-triangle OBJ (a 633x633 grid of quads).
awk 'BEGIN { n = 633
	for (y = 0; y <= n; y++) for (x = 0; x <= n; x++) printf "v %d %d 0\n", x, y
	for (y = 0; y < n; y++) for (x = 0; x < n; x++) {
		a = y * (n + 1) + x + 1; printf "f %d %d %d %d\n", a, a + 1, a + n + 2, a + n + 1 } }' >"$dir/grid.obj"
{ echo "$camera"; printf -- '- add: obj\n  file: grid.obj\n  transform: [[scale, 0.01, 0.01, 0.01]]\n'; } >"$dir/grid.yaml"
run grid 0 "rtprof: grid 16x10: " "$dir/grid.yaml"

# One triangle past the triangle cap (2000000) is refused where it is.
awk 'BEGIN { print "v 0 0 0\nv 1 0 0\nv 0 1 0"; for (i = 0; i <= 2000000; i++) print "f 1 2 3" }' >"$dir/many.obj"
{ echo "$camera"; printf -- '- add: obj\n  file: many.obj\n'; } >"$dir/many.yaml"
run triangle_cap 1 "rtprof: $dir/many.yaml:10:9: $dir/many.obj:2000004: more than 2000000 triangles in the scene's meshes (the triangle cap)" "$dir/many.yaml"

exit $fail
