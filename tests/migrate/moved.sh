#!/bin/sh
# A file-static removed while one of the same name, scope and function is
# new in another compile unit: moved, or the two builds' source paths
# differ.  'diff' and 'check' refuse (status bit 16) rather than drop its
# state, and say how to answer: --rename, the strip prefixes, --ignore.
#
#   moved.sh DWARFMAP CC SCRATCH
set -u
dwarfmap=$1 cc=$2 out=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$out" && mkdir -p "$out/a" "$out/b" || fail "cannot make $out"
cd "$out" || exit 1
cat > a/dp.c <<'C'
static long hits;
long dp_hit(void) { static int calls; calls++; return ++hits + calls; }
C
cp a/dp.c b/dp.c
# Relative paths that differ (a/dp.c, b/dp.c), then absolute ones (two
# checkouts: everything below $out/a or $out/b).
"$cc" -g -O2 -fPIC -shared -o a.so a/dp.c && "$cc" -g -O2 -fPIC -shared \
    -o b.so b/dp.c && "$cc" -g -O2 -fPIC -shared -o a-abs.so "$out/a/dp.c" \
    && (cd / && "$cc" -g -O2 -fPIC -shared -o "$out/b-abs.so" "$out/b/dp.c") \
    || fail "cannot build the libraries"

# run STATUS ARGS...: dwarfmap check ARGS with exit status STATUS; its
# report in 'report'.
run() {
    want=$1; shift
    "$dwarfmap" check "$@" > report 2>&1
    got=$?
    [ "$got" -eq "$want" ] \
        || { cat report >&2; fail "check $*: exit status $got, want $want"; }
}

run 20 a.so b.so
grep -q '^refused    a/dp.c:hits$' report || fail "a/dp.c:hits not refused"
grep -q 'a/dp.c:hits: removed, and b/dp.c:hits of the same name is new: if it moved, --rename a/dp.c:hits=b/dp.c:hits' report \
    || fail "the refusal does not say how to answer"
grep -q '^refused    a/dp.c:dp_hit:calls$' report \
    || fail "the function-static a/dp.c:dp_hit:calls not refused"
"$dwarfmap" diff a.so b.so > migrate.c 2>/dev/null
[ $? -eq 20 ] || fail "diff a.so b.so: exit status not 20"

# The answers: renamed (moved), the same sources (strip prefixes), or
# unrelated (--ignore).
run 0 --rename a/dp.c:hits=b/dp.c:hits \
    --rename a/dp.c:dp_hit:calls=b/dp.c:dp_hit:calls a.so b.so
run 0 --old-strip-prefix a --new-strip-prefix b a.so b.so
run 4 --ignore a/dp.c:hits --ignore a/dp.c:dp_hit:calls a.so b.so
grep -q '^removed    a/dp.c:hits$' report \
    && fail "an ignored variable reported removed"

# Absolute paths outside the compiler's directory: refused, and matched
# by the strip prefixes.
run 20 a-abs.so b-abs.so
run 0 --old-strip-prefix "$out/a" --new-strip-prefix "$out/b/" a-abs.so b-abs.so

# A variable new in one file while another file's one of the same name is
# unchanged is not a move.
printf 'static long hits;\nlong dp_b(void) { return ++hits; }\n' > b/other.c
"$cc" -g -O2 -fPIC -shared -o a2.so a/dp.c \
    && "$cc" -g -O2 -fPIC -shared -o a3.so a/dp.c b/other.c \
    || fail "cannot build a2.so, a3.so"
run 4 a2.so a3.so
grep -q '^added      b/other.c:hits$' report || fail "b/other.c:hits not added"
echo "moved: ok"
