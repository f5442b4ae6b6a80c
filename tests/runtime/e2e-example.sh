#!/bin/sh
# e2e-example.sh CC DWARFMAP EXAMPLES RUNTIME_INCLUDE WORKDIR DRIVER
#
# The example datapath (examples/datapath/v1, v2) upgraded with a bundle
# that dwarfmap generates, as a release pipeline would: build both versions
# (each from its own directory as dp.c, so that file-statics keep the
# identity 'dp.c:NAME'), 'dwarfmap diff' into migrate.c, compile the bundle,
# and let rt-example upgrade v1 to v2 through libhotup and check every
# value.  Exit 77 (skip) if the example sources are missing.
set -eu
cc=$1 dwarfmap=$2 examples=$3 include=$4 work=$5 driver=$6

[ -f "$examples/v1/dp.c" ] && [ -f "$examples/v2/dp.c" ] || exit 77
rm -rf "$work"
mkdir -p "$work"
for v in v1 v2; do
    mkdir -p "$work/$v"
    cp "$examples/$v/dp.c" "$work/$v/dp.c"
    (cd "$work/$v" && "$cc" -g -O2 -shared -fPIC -Wl,--build-id dp.c \
        -o "$work/libdp-$v.so")
done

set +e
"$dwarfmap" diff "$work/libdp-v1.so" "$work/libdp-v2.so" -o "$work/migrate.c"
rc=$?
set -e
if [ $((rc & ~4)) -ne 0 ]; then
    echo "e2e-example: dwarfmap diff exited $rc" >&2
    exit 1
fi
"$cc" -shared -fPIC -I "$include" "$work/migrate.c" -o "$work/bundle.so"
"$driver" "$work/libdp-v1.so" "$work/libdp-v2.so" "$work/bundle.so"
