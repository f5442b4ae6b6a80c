#!/bin/sh
# examples/switch/build.sh CC DWARFMAP OUTDIR
#
# Builds the example switch datapath's three versions and the migration bundles
# between them, the way a release pipeline would:
#
#   OUTDIR/libdp-vN.so          each version, compiled on its own from
#                               OUTDIR/vN/dp.c (so that every file-static
#                               keeps the identity 'dp.c:NAME')
#   OUTDIR/migrate-vA-vB.c      'dwarfmap diff' from vA to vB, with the
#                               hand-written hooks of hooks/vA-vB.c
#                               when there are some
#   OUTDIR/bundle-vA-vB.so      that, compiled
#
# for the upgrades v1 -> v2 -> v3 and the downgrades v3 -> v2 -> v1.  Fails
# unless dwarfmap says every change is migrated (exit status 0 or 4).
set -eu
cc=$1 dwarfmap=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
include=$(cd "$here/../../runtime/include" && pwd)

mkdir -p "$out"
for v in v1 v2 v3; do
    mkdir -p "$out/$v"
    cp "$here/$v/dp.c" "$out/$v/dp.c"
    (cd "$out/$v" && $cc -g -O2 -Wall -Wextra -Werror -shared -fPIC \
        -Wl,--build-id -I "$include" -I "$here" dp.c \
        -o "$out/libdp-$v.so")
done

for pair in v1:v2 v2:v3 v3:v2 v2:v1; do
    a=${pair%:*} b=${pair#*:}
    hooks=$here/hooks/$a-$b.c
    set -- "$out/libdp-$a.so" "$out/libdp-$b.so" -o "$out/migrate-$a-$b.c"
    [ -f "$hooks" ] && set -- --hooks "$hooks" "$@"
    rc=0
    "$dwarfmap" diff "$@" || rc=$?
    if [ $((rc & ~4)) -ne 0 ]; then
        echo "build.sh: dwarfmap diff $a -> $b exited $rc" >&2
        exit 1
    fi
    $cc -O2 -Wall -Wextra -Werror -shared -fPIC -I "$include" \
        "$out/migrate-$a-$b.c" -o "$out/bundle-$a-$b.so"
done
