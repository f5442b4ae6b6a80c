#!/bin/sh
# The checker's command line: usage and bad input, determinism, libraries
# that crash while loading, leftovers.
#
#   cli.sh OUT_DIR CC DWARFMAP VERIFY INCLUDE_DIR
set -u
if [ $# -ne 5 ]; then
    echo "usage: $0 OUT_DIR CC DWARFMAP VERIFY INCLUDE_DIR" >&2
    exit 2
fi
out=$1 cc=$2 dwarfmap=$3 verify=$4 inc=$5
here=$(cd "$(dirname "$0")" && pwd)
pairs=$here/pairs

fail() {
    echo "FAIL [cli]: $*" >&2
    exit 1
}

rm -rf "$out"
mkdir -p "$out/tmp" || fail "cannot create $out"
TMPDIR=$out/tmp
export TMPDIR
sh "$here/run-pair.sh" cli "$pairs/widen/old.c" "$pairs/widen/new.c" - - \
    "$out/base" "$cc" "$dwarfmap" "$verify" "$inc" > "$out/base.log" 2>&1 \
    || { cat "$out/base.log" >&2; fail "the base pair does not pass"; }
b=$out/base

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

# Usage: 2.
expect 2 "$verify"
expect 2 "$verify" "$b/old.so" "$b/new.so"
expect 2 "$verify" --bogus "$b/old.so" "$b/new.so" "$b/bundle.so"
expect 2 "$verify" --states 0 "$b/old.so" "$b/new.so" "$b/bundle.so"
expect 2 "$verify" --states many "$b/old.so" "$b/new.so" "$b/bundle.so"
expect 2 "$verify" --seed -1 "$b/old.so" "$b/new.so" "$b/bundle.so"
expect 2 "$verify" --rename nothing "$b/old.so" "$b/new.so" "$b/bundle.so"
expect 0 "$verify" --help
grep -q 'usage: dwarfmap verify' "$out/stdout" || fail "--help prints no usage"

# Bad input: 1, one line on stderr.
expect 1 "$verify" "$b/old.so" "$b/new.so" "$out/missing.so"
expect 1 "$verify" "$out/missing.so" "$b/new.so" "$b/bundle.so"
expect 1 "$verify" "$b/new.so" "$b/old.so" "$b/bundle.so"
grep -q 'build-ids' "$out/stderr" || fail "swapped builds: no word of build-ids"
expect 1 "$verify" "$b/old.so" "$b/new.so" "$b/old.so"
grep -q "no 'hotup_bundle' symbol" "$out/stderr" || fail "not a bundle: unclear"
expect 1 "$verify" --hooks "$out/missing.c" "$b/old.so" "$b/new.so" \
    "$b/bundle.so"

# A library whose constructor crashes: an error, not a verdict.
mkdir -p "$out/boom"
{ cat "$pairs/widen/old.c"
  printf '%s\n' '__attribute__((constructor)) static void' \
      'boom(void) { *(volatile int *) 16 = 1; }'
} > "$out/boom/dp.c"
(cd "$out/boom" && "$cc" -g -O2 -shared -fPIC -Wl,--build-id dp.c \
    -o ../boom.so) || fail "boom.so does not build"
expect 1 "$verify" "$out/boom.so" "$b/new.so" "$b/bundle.so"
grep -q 'while loading' "$out/stderr" || fail "a crash while loading: unclear"

# Deterministic: the same seed gives the same states and report.
expect 0 "$verify" --seed 7 --states 60 "$b/old.so" "$b/new.so" "$b/bundle.so"
mv "$out/stdout" "$out/run1"
expect 0 "$verify" --seed 7 --states 60 "$b/old.so" "$b/new.so" "$b/bundle.so"
cmp -s "$out/run1" "$out/stdout" || fail "two runs with one seed differ"
sed 's/dst->c = (uint64_t) src->c;/dst->c = 0;/' "$b/migrate.c" > "$out/bad.c"
cmp -s "$b/migrate.c" "$out/bad.c" && fail "the fault no longer applies"
"$cc" -O1 -w -shared -fPIC -I "$inc" "$out/bad.c" -o "$out/bad.so" \
    || fail "bad.c does not compile"
expect 16 "$verify" --seed 3 "$b/old.so" "$b/new.so" "$out/bad.so"
mv "$out/stdout" "$out/bad1"
expect 16 "$verify" --seed 3 "$b/old.so" "$b/new.so" "$out/bad.so"
cmp -s "$out/bad1" "$out/stdout" || fail "two reports of one mismatch differ"
grep -q 'MISMATCH' "$out/stdout" || fail "a mismatch without MISMATCH"

# Nothing left behind in TMPDIR, not even by the crash.
left=$(ls -A "$TMPDIR")
[ -z "$left" ] || fail "left in TMPDIR: $left"
echo "ok [cli]"
