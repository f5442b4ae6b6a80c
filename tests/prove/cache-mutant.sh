#!/bin/sh
# cache-mutant.sh CC DWARFMAP CASES_DIR CACHE WORKDIR
#
# A proof cache must not let a wrong migration through.  Proves a golden
# case's migration with the committed cache (prove-cases.sh), then a copy
# with one member assignment dropped, with the same scratch cache (which
# now holds every result the correct migration needed): 'dwarfmap prove'
# must refuse the mutant (exit 16) naming the function, and must have
# replayed cached results for the goals the mutation did not change (so
# the cache was in play).
set -u
if [ $# -ne 5 ]; then
    echo "usage: $0 CC DWARFMAP CASES_DIR CACHE WORKDIR" >&2
    exit 2
fi
cc=$1 dwarfmap=$2 cases=$3 cache=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
case=012-struct-members

fail() {
    echo "FAIL [cache-mutant]: $*" >&2
    exit 1
}

sh "$here/prove-cases.sh" "$cc" "$dwarfmap" "$cases" "$cache" "$work" "$case" \
    || fail "$case does not prove"
m=$work/$case/migrate.c
# Drop the first member assignment of the first struct migration (mig__T).
awk '/^mig__/ { in_fn = 1; fn = $0; sub(/\(.*/, "", fn) }
     in_fn && !done && /^ +dst->[^ ]+ = .*;$/ {
         print "    ;"; done = 1; print fn > "/dev/stderr"; next }
     { print }' "$m" > "$work/mutant.c" 2> "$work/mutant.fn"
cmp -s "$m" "$work/mutant.c" && fail "no assignment to drop in $m"
fn=$(cat "$work/mutant.fn")

"$dwarfmap" prove --jobs "${HOTUP_PROVE_JOBS:-1}" \
    --timeout "${HOTUP_PROVE_TIMEOUT:-10}" --cache-dir "$work/prove" \
    "$work/mutant.c" > "$work/mutant.out" 2>&1
rc=$?
cat "$work/mutant.out"
[ "$rc" = 16 ] || fail "prove accepted the mutant (exit $rc)"
grep -q "mutant.c:[0-9]*: $fn: postcondition" "$work/mutant.out" \
    || fail "prove did not name $fn's postcondition"
found=$(sed -n 's/.*\[Cache\] found:\([0-9]*\).*/\1/p' \
        "$work/prove/mutant.c.log" | tail -n 1)
[ "${found:-0}" -gt 0 ] || fail "no cached result was replayed"
echo "ok [cache-mutant]: the mutant of $fn is refused ($found prover" \
     "results replayed from the cache)"
exit 0
