#!/bin/sh
# 'dwarfmap verify' reads the two builds as 'diff' did: with the same
# --old/--new-strip-prefix (builds of two checkouts that compile with
# absolute paths, as CMake does) and --old/--new-debug-file (stripped
# builds).  A bundle generated with those options verifies only with them,
# and a seeded fault is still found with them.
#
#   load-options.sh OUT_DIR CC DWARFMAP INCLUDE_DIR OLD.c NEW.c
#
# OLD.c and NEW.c (examples/datapath) must have a file-static that the
# migration converts through a loop 'dst->v[i0_0] = (uint64_t) src->...'.
set -u
if [ $# -ne 6 ]; then
    echo "usage: $0 OUT_DIR CC DWARFMAP INCLUDE_DIR OLD.c NEW.c" >&2
    exit 2
fi
out=$1 cc=$2 dwarfmap=$3 inc=$4 old_c=$5 new_c=$6

fail() {
    echo "FAIL [load-options]: $*" >&2
    exit 1
}

# expect STATUS COMMAND...: runs it, checks the exit status.
expect() {
    want=$1
    shift
    "$@" > "$out/stdout" 2> "$out/stderr"
    got=$?
    if [ "$got" != "$want" ]; then
        cat "$out/stdout" "$out/stderr" >&2
        fail "$*: exit status $got, expected $want"
    fi
}

rm -rf "$out"
mkdir -p "$out/a/src" "$out/b/src" "$out/a/build" "$out/b/build" "$out/tmp" \
    || fail "cannot create $out"
TMPDIR=$out/tmp
export TMPDIR
cp "$old_c" "$out/a/src/dp.c" && cp "$new_c" "$out/b/src/dp.c" \
    || fail "cannot copy the sources"
# Two checkouts, each compiled from its build directory with an absolute
# source path: the compile units are '$out/a/src/dp.c' and '$out/b/src/dp.c'.
for v in a b; do
    (cd "$out/$v/build" && "$cc" -g -O2 -shared -fPIC -Wl,--build-id \
        "$out/$v/src/dp.c" -o "$out/$v.so") || fail "cannot build $v"
done
strip="--old-strip-prefix $out/a/src --new-strip-prefix $out/b/src"

# shellcheck disable=SC2086 # $strip is a list of words.
"$dwarfmap" diff $strip -o "$out/migrate.c" "$out/a.so" "$out/b.so"
[ $? = 4 ] || fail "dwarfmap diff $strip: expected status 4"
grep -q '"dp.c:port_rx"' "$out/migrate.c" \
    || fail "diff with the prefixes stripped does not migrate dp.c:port_rx"
"$cc" -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC -I"$inc" \
    "$out/migrate.c" -o "$out/bundle.so" || fail "the bundle does not compile"

# Without the prefixes the checker's identities are the absolute paths:
# the bundle's 'dp.c:...' entries name no variable of its graphs.
expect 16 "$dwarfmap" verify --states 5 "$out/a.so" "$out/b.so" \
    "$out/bundle.so"
grep -q 'dp.c:' "$out/stderr" "$out/stdout" \
    || fail "verify without the prefixes does not name the variable"
# shellcheck disable=SC2086
expect 0 "$dwarfmap" verify --states 20 $strip "$out/a.so" "$out/b.so" \
    "$out/bundle.so"
grep -q '^verify: OK: 20 states agree' "$out/stdout" \
    || fail "verify with the prefixes: no OK line"
# The file-statics are checked, not left out.
grep -q ' 0 not checked' "$out/stdout" \
    || fail "verify with the prefixes left variables unchecked"

# A seeded fault in a file-static's conversion is found with the options.
sed 's/^\( *dst->v\[i0_0\] = (uint64_t) src->v\[i0_0\]\);$/\1 + 1;/' \
    "$out/migrate.c" > "$out/mutant.c"
cmp -s "$out/migrate.c" "$out/mutant.c" && fail "no site for the seeded fault"
"$cc" -std=gnu11 -O2 -shared -fPIC -I"$inc" "$out/mutant.c" \
    -o "$out/mutant.so" || fail "the mutant does not compile"
# shellcheck disable=SC2086
expect 16 "$dwarfmap" verify --states 20 $strip "$out/a.so" "$out/b.so" \
    "$out/mutant.so"
grep -q 'dp.c:port_rx\[' "$out/stdout" "$out/stderr" \
    || fail "the mismatch does not name dp.c:port_rx"

# Stripped builds with separate debug files.
for v in a b; do
    cp "$out/$v.so" "$out/$v-stripped.so" \
        && objcopy --only-keep-debug "$out/$v.so" "$out/$v.debug" \
        && objcopy --strip-debug "$out/$v-stripped.so" \
        || fail "cannot split the debug info of $v"
done
debug="--old-debug-file $out/a.debug --new-debug-file $out/b.debug"
# shellcheck disable=SC2086
expect 1 "$dwarfmap" verify --states 5 $strip "$out/a-stripped.so" \
    "$out/b-stripped.so" "$out/bundle.so"
grep -q 'no DWARF' "$out/stderr" || fail "no 'no DWARF' error without the debug files"
# shellcheck disable=SC2086
expect 0 "$dwarfmap" verify --states 20 $strip $debug "$out/a-stripped.so" \
    "$out/b-stripped.so" "$out/bundle.so"
# shellcheck disable=SC2086
expect 16 "$dwarfmap" verify --states 20 $strip $debug "$out/a-stripped.so" \
    "$out/b-stripped.so" "$out/mutant.so"
# Each debug file belongs to its own side: swapped, the old graph is new's.
# shellcheck disable=SC2086
"$dwarfmap" verify --states 5 $strip --old-debug-file "$out/b.debug" \
    --new-debug-file "$out/a.debug" "$out/a-stripped.so" \
    "$out/b-stripped.so" "$out/bundle.so" > "$out/stdout" 2> "$out/stderr"
[ $? = 0 ] && fail "verify accepted swapped debug files"

# Usage: the options take an argument.
expect 2 "$dwarfmap" verify "$out/a.so" "$out/b.so" "$out/bundle.so" \
    --old-strip-prefix
echo "ok [load-options]: strip prefixes and debug files, as for diff"
exit 0
