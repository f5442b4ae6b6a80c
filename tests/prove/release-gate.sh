#!/bin/sh
# release-gate.sh DWARFMAP ROOT WORKDIR [CMAKE CTEST]
#
# The release gate of cmake/Hotup.cmake, as a user runs it: configures,
# builds and tests the example project examples/release-gate (v1 -> v2
# with a hook) with 'cmake -S ... -B ...' and 'ctest', and checks that the
# gate passes the good release and fails each bad one:
#   good      hooks.c: the build and check, prove, verify pass;
#   faulty    hooks-faulty.c (a hook that breaks its contract): prove fails;
#   no-hook   no hooks file: the build fails, naming the missing hook;
#   tampered  the good build's migrate.c with one assignment dropped, then
#             rebuilt: prove and verify fail.
# The variants share one proof cache (seeded with tests/prove/wpcache), so
# only changed goals are proved again.
set -u
if [ $# -ne 3 ] && [ $# -ne 5 ]; then
    echo "usage: $0 DWARFMAP ROOT WORKDIR [CMAKE CTEST]" >&2
    exit 2
fi
dwarfmap=$1 root=$2 work=$3 cmake=${4:-cmake} ctest=${5:-ctest}
src=$root/examples/release-gate

fail() {
    echo "FAIL [release-gate]: $*" >&2
    exit 1
}

rm -rf "$work"
mkdir -p "$work/prove-cache/wpcache" || fail "cannot create $work"
# The variants share one proof cache, seeded with the committed one.
find "$root/tests/prove/wpcache" -maxdepth 1 -name '*.json' \
    -exec cp -t "$work/prove-cache/wpcache" {} +

# configure VARIANT HOOKS: a build directory for the example.
configure() {
    "$cmake" -S "$src" -B "$work/$1" -DHOTUP_DWARFMAP="$dwarfmap" \
        -DHOTUP_ROOT="$root" -DRELEASE_GATE_HOOKS="$2" \
        -DRELEASE_GATE_PROVE_CACHE="$work/prove-cache" \
        > "$work/$1.configure.log" 2>&1 \
        || { cat "$work/$1.configure.log" >&2; fail "$1: cmake failed"; }
}

# gate VARIANT: runs the gate's tests; prints the names of those that
# failed, one a line, sorted, into VARIANT.failed.
gate() {
    "$ctest" --test-dir "$work/$1" --output-on-failure > "$work/$1.ctest.log" 2>&1
    sed -n 's/^[[:space:]]*[0-9]* - \(hotup\/[^ ]*\) (.*/\1/p' "$work/$1.ctest.log" \
        | sort > "$work/$1.failed"
    grep -q 'tests passed\|tests failed' "$work/$1.ctest.log" \
        || { cat "$work/$1.ctest.log" >&2; fail "$1: ctest did not run"; }
    n=$(grep -c '^ *[0-9]*/3 Test' "$work/$1.ctest.log")
    [ "$n" = 3 ] || { cat "$work/$1.ctest.log" >&2; fail "$1: $n tests ran, not 3"; }
    # Every test's output, passed or failed.
    cat "$work/$1/Testing/Temporary/LastTest.log" >> "$work/$1.ctest.log"
}

# expect_failed VARIANT NAMES...: exactly these tests failed.
expect_failed() {
    v=$1
    shift
    printf '%s\n' "$@" | sed '/^$/d' | sort > "$work/$v.want"
    if ! cmp -s "$work/$v.want" "$work/$v.failed"; then
        cat "$work/$v.ctest.log" >&2
        echo "failed tests:" >&2
        cat "$work/$v.failed" >&2
        fail "$v: expected these tests to fail: $*"
    fi
}

# ---- good: the gate passes --------------------------------------------
configure good hooks.c
"$cmake" --build "$work/good" > "$work/good.build.log" 2>&1 \
    || { cat "$work/good.build.log" >&2; fail "good: the build failed"; }
bundle=$work/good/dp-v1-v2/dp-v1-v2.so
[ -f "$bundle" ] || fail "good: no bundle at $bundle"
grep -q 'mig_slot' "$work/good/dp-v1-v2/migrate.c" \
    || fail "good: the hook is not in migrate.c"
gate good
expect_failed good ""
grep -q 'proved [0-9]*/[0-9]* goals' "$work/good.ctest.log" \
    || fail "good: no 'proved' line in the prove test's output"

# ---- faulty: a hook that breaks its contract ----------------------------
configure faulty hooks-faulty.c
"$cmake" --build "$work/faulty" > "$work/faulty.build.log" 2>&1 \
    || { cat "$work/faulty.build.log" >&2; fail "faulty: the build failed"; }
gate faulty
expect_failed faulty hotup/dp-v1-v2/prove
grep -q 'mig_slot: postcondition' "$work/faulty.ctest.log" \
    || fail "faulty: prove does not name the hook's postcondition"

# ---- no-hook: the union change needs a hook -----------------------------
configure no-hook none
if "$cmake" --build "$work/no-hook" > "$work/no-hook.build.log" 2>&1; then
    fail "no-hook: the build passed without the hook"
fi
# (CMake wraps the message: read it as one line.)
tr -s ' \n' '  ' < "$work/no-hook.build.log" \
    | grep -q 'dwarfmap diff exited with 12 (a change needs a hand-written hook' \
    || { cat "$work/no-hook.build.log" >&2; fail "no-hook: no reason given"; }
grep -q 'needs.hook.*dp.c:slots' "$work/no-hook.build.log" \
    || { cat "$work/no-hook.build.log" >&2; fail "no-hook: the variable is not named"; }
[ ! -e "$work/no-hook/dp-v1-v2/migrate.c" ] \
    || fail "no-hook: a migrate.c was left behind"

# ---- tampered: migrate.c edited after generation ------------------------
m=$work/good/dp-v1-v2/migrate.c
# Drop the first assignment of the meters' conversion (mig__meter).
awk '/^mig__meter\(/ { in_fn = 1 }
     in_fn && !done && /^ +dst->[^ ]+ = .*;$/ { print "    ;"; done = 1; next }
     { print }' "$m" > "$work/migrate.tampered.c"
cmp -s "$m" "$work/migrate.tampered.c" && fail "tampered: nothing to drop"
cp "$work/migrate.tampered.c" "$m"
touch "$m"
"$cmake" --build "$work/good" > "$work/tampered.build.log" 2>&1 \
    || { cat "$work/tampered.build.log" >&2; fail "tampered: the build failed"; }
cmp -s "$m" "$work/migrate.tampered.c" \
    || fail "tampered: the build regenerated migrate.c (nothing changed)"
gate good
cp "$work/good.ctest.log" "$work/tampered.ctest.log"
cp "$work/good.failed" "$work/tampered.failed"
expect_failed tampered hotup/dp-v1-v2/prove hotup/dp-v1-v2/verify
grep -q 'MISMATCH.*dp.c:meters' "$work/tampered.ctest.log" \
    || fail "tampered: verify does not name dp.c:meters"
echo "ok [release-gate]: the good release passes; a faulty hook, a missing" \
     "hook and a tampered migrate.c fail the gate"
exit 0
