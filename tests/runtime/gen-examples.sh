#!/bin/sh
# gen-examples.sh CC DWARFMAP SWITCH OUT DPT_V1 DPT_V2
#
# The fixtures of the threaded runtime tests, made the way a release
# pipeline would (CTest fixture 'rt_examples'):
#
#   OUT/libdp-v{1,2,3}.so, OUT/bundle-vA-vB.so   the example switch
#       datapath and its migrations (examples/switch/build.sh: dwarfmap diff)
#   OUT/bundle-fault-abi.so     v1 -> v2 with another bundle ABI
#   OUT/bundle-fault-range.so   v1 -> v2 with an entry far too large
#   OUT/bundle-dpt-1-2.so, OUT/bundle-dpt-2-1.so   the minimal threaded
#       datapath (dp_threads.c), both ways
#
# Exit 77 (skip) if the example sources are missing.
set -eu
cc=$1 dwarfmap=$2 examples=$3 out=$4 dpt1=$5 dpt2=$6
include=$(cd "$examples/../../runtime/include" && pwd)

[ -f "$examples/build.sh" ] || exit 77
rm -rf "$out"
mkdir -p "$out"
sh "$examples/build.sh" "$cc" "$dwarfmap" "$out"

bundle() {
    $cc -O2 -shared -fPIC -I "$include" "$1" -o "$2"
}
sed 's/\.abi = HOTUP_MIGRATION_ABI,/.abi = HOTUP_MIGRATION_ABI + 1,/' \
    "$out/migrate-v1-v2.c" > "$out/fault-abi.c"
grep -q 'HOTUP_MIGRATION_ABI + 1' "$out/fault-abi.c"
bundle "$out/fault-abi.c" "$out/bundle-fault-abi.so"
sed -e '0,/\.old_size = [0-9]*/s//.old_size = 0x7fffffff00/' \
    -e '0,/\.new_size = [0-9]*/s//.new_size = 0x7fffffff00/' \
    "$out/migrate-v1-v2.c" > "$out/fault-range.c"
grep -q '0x7fffffff00' "$out/fault-range.c"
bundle "$out/fault-range.c" "$out/bundle-fault-range.so"

for pair in 1:2 2:1; do
    a=${pair%:*} b=${pair#*:}
    eval "from=\$dpt$a to=\$dpt$b"
    rc=0
    "$dwarfmap" diff "$from" "$to" -o "$out/dpt-$a-$b.c" || rc=$?
    if [ $((rc & ~4)) -ne 0 ]; then
        echo "gen-examples.sh: dwarfmap diff dpt $a -> $b exited $rc" >&2
        exit 1
    fi
    bundle "$out/dpt-$a-$b.c" "$out/bundle-dpt-$a-$b.so"
done
echo "gen-examples.sh: fixtures in $out"
