#!/bin/sh
# prove-pair.sh MODE CC DWARFMAP ROOT OLD_DIR NEW_DIR WORKDIR [HOOKS [CFLAGS]]
#
# Builds two versions of a datapath (each compiled from its own directory
# as dp.c, with CFLAGS, so file-statics keep the identity 'dp.c:NAME'),
# generates the migration with 'dwarfmap diff' (--hooks HOOKS unless HOOKS
# is '-' or absent), and then by MODE:
#   prove     'dwarfmap prove' must prove every goal (exit 0); with
#             HOTUP_PROVE_UPDATE_CACHE=1, the new prover results are copied
#             into the committed cache when every goal is proved;
#   mutant    a migration with one assignment dropped must be refused
#             (exit 16);
#   mutation  a sample of seeded faults must be refused (verify/mutation-test).
set -eu
mode=$1 cc=$2 dwarfmap=$3 root=$4 old=$5 new=$6 work=$7
hooks=${8:--} cflags=${9:-}

rm -rf "$work"
mkdir -p "$work/old" "$work/new"
cp "$old/dp.c" "$work/old/dp.c"
cp "$new/dp.c" "$work/new/dp.c"
for v in old new; do
    # shellcheck disable=SC2086 # CFLAGS is a list of flags.
    (cd "$work/$v" && "$cc" -g -O2 -shared -fPIC $cflags dp.c -o "$work/$v.so")
done
set --
[ "$hooks" = - ] || set -- --hooks "$hooks"
set +e
"$dwarfmap" diff "$@" "$work/old.so" "$work/new.so" -o "$work/migrate.c"
rc=$?
set -e
[ $((rc & ~4)) -eq 0 ] || { echo "dwarfmap diff: exit $rc"; exit 1; }

# The committed proof cache (tests/prove/wpcache): unchanged goals are
# replayed, changed ones proved (docs/verification.md).
cache=$root/tests/prove/wpcache
mkdir -p "$work/cache/wpcache"
find "$cache" -maxdepth 1 -name '*.json' \
    -exec cp -t "$work/cache/wpcache" {} + 2>/dev/null || true

case $mode in
prove)
    "$dwarfmap" prove --cache-dir "$work/cache" "$work/migrate.c" || exit
    if [ "${HOTUP_PROVE_UPDATE_CACHE:-0}" = 1 ]; then
        cp -n -t "$cache" "$work/cache/wpcache"/*.json
        echo "prover results copied into $cache"
    fi ;;
mutant)
    # Drop the first member assignment of the first struct migration.
    awk '/^mig__/ { in_fn = 1 }
         in_fn && !done && /^ +dst->[^ ]+ = .*;$/ { print "    ;"; done = 1; next }
         { print }' "$work/migrate.c" > "$work/mutant.c"
    if cmp -s "$work/migrate.c" "$work/mutant.c"; then
        echo "no assignment to drop"; exit 1
    fi
    set +e
    "$dwarfmap" prove --cache-dir "$work/cache" "$work/mutant.c"
    rc=$?
    set -e
    [ "$rc" -eq 16 ] || { echo "prove accepted a wrong migration (exit $rc)"; exit 1; }
    echo "the wrong migration was refused" ;;
mutation)
    exec "$root/verify/mutation-test" --dwarfmap "$dwarfmap" --limit 6 \
        --cache-seed "$root/tests/prove/wpcache" \
        --workdir "$work/mutants" "$work/migrate.c" ;;
esac
