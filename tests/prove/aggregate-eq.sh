#!/bin/sh
# aggregate-eq.sh DWARFMAP FILE WORKDIR
#
# 'dwarfmap prove' refuses the '==' and '!=' of arrays and of aggregates
# holding an array or a union (hotup_acsl.cmxs): FILE marks each line that
# holds one with 'AGG-EQ'; prove must exit 16 and name exactly those
# lines as "aggregate equality".  FILE without them must prove, with no
# line refused (the '==' of a struct of scalars is sound).  Whether WP
# itself proves the false '==' of FILE varies with the provers' luck
# (docs/verification.md shows one it proves): not tested.
set -u
if [ $# -ne 3 ]; then
    echo "usage: $0 DWARFMAP FILE WORKDIR" >&2
    exit 2
fi
dwarfmap=$1 file=$2 work=$3

fail() {
    echo "FAIL [aggregate-eq]: $*" >&2
    exit 1
}

rm -rf "$work" && mkdir -p "$work" || fail "cannot make $work"

prove() {
    "$dwarfmap" prove --jobs "${HOTUP_PROVE_JOBS:-1}" \
        --timeout "${HOTUP_PROVE_TIMEOUT:-5}" --cache-dir "$work/prove" \
        "$1" > "$1.out" 2>&1
}

cp "$file" "$work/agg.c" || exit 1
prove "$work/agg.c"
rc=$?
cat "$work/agg.c.out"
[ "$rc" = 16 ] || fail "prove exit $rc, want 16"
want=$(grep -n 'AGG-EQ$' "$work/agg.c" | cut -d: -f1 | tr '\n' ' ')
got=$(sed -n 's/^[^:]*agg\.c:\([0-9]*\): [a-z_]*: aggregate equality Refused.*/\1/p' \
          "$work/agg.c.out" | tr '\n' ' ')
[ -n "$want" ] || fail "no line of $file is marked"
[ "$got" = "$want" ] || fail "refused lines '$got', want '$want'"

# Without the marked lines: proved, nothing refused.
grep -v 'AGG-EQ$' "$file" > "$work/sound.c" || exit 1
prove "$work/sound.c"
rc=$?
cat "$work/sound.c.out"
[ "$rc" = 0 ] || fail "without the marked lines: prove exit $rc, want 0"
echo "ok [aggregate-eq]: lines $want refused, the rest proved"
