#!/bin/sh
# End-to-end upgrade of the real libopenvswitch (docs/ovs.md).
#
#   tests/ovs/run.sh DWARFMAP E2E INCLUDE_DIR OUT_DIR
#
# DWARFMAP     the dwarfmap CLI
# E2E          tests/ovs/e2e.c compiled and linked with libhotup
# INCLUDE_DIR  runtime/include (hotup/migration.h), for the bundle
# OUT_DIR      scratch directory; wiped first
#
# Needs the two cached builds of bench/ovs-build:
# bench/cache/ovs-3.1.0/libopenvswitch.so and
# bench/cache/ovs-3.1.0-variant/libopenvswitch.so ('bench/ovs-build &&
# bench/ovs-build --variant variant', about 1 min each on 2 cores).  Without
# them the test is skipped: exit 77.  Building them is not part of the test.
#
# Steps: dwarfmap diff (with tests/ovs/options and tests/ovs/hooks.c) must
# exit 4 and write migrate.c; cc -shared -fPIC compiles it; E2E opens the
# old build through libhotup, sets state, upgrades to the variant and
# checks the state (tests/ovs/e2e.c).  Exit 0 pass, 1 fail, 77 skip.
set -u

if [ $# -ne 4 ]; then
    echo "usage: $0 DWARFMAP E2E INCLUDE_DIR OUT_DIR" >&2
    exit 2
fi
dwarfmap=$1 e2e=$2 inc=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
old=$root/bench/cache/ovs-3.1.0/libopenvswitch.so
new=$root/bench/cache/ovs-3.1.0-variant/libopenvswitch.so
for lib in "$old" "$new"; do
    if [ ! -s "$lib" ]; then
        echo "ovs-e2e: SKIP: $lib not built (bench/ovs-build; bench/ovs-build --variant variant)"
        exit 77
    fi
done

fail() {
    echo "ovs-e2e: FAIL: $*" >&2
    exit 1
}

rm -rf "$out"
mkdir -p "$out" || fail "cannot create $out"

# The options file: one option (and its argument) per line, '#' comments.
set -f
opts=$(sed 's/#.*//' "$here/options" | tr '\n' ' ')
hooks=
[ -f "$here/hooks.c" ] && hooks="--hooks $here/hooks.c"
# shellcheck disable=SC2086  # word-splitting the options is intended
"$dwarfmap" diff $opts $hooks --report "$old" "$new" >"$out/report.txt"
# shellcheck disable=SC2086
"$dwarfmap" diff $opts $hooks -o "$out/migrate.c" "$old" "$new"
st=$?
set +f
[ "$st" = 4 ] || fail "dwarfmap diff exited $st, expected 4 (see $out/report.txt)"
cc -shared -fPIC -I "$inc" "$out/migrate.c" -o "$out/bundle.so" \
    2>"$out/cc.err" || fail "migrate.c does not compile: $(grep -m1 error "$out/cc.err")"

# Link-time addresses of a few variables the test reads directly.
"$dwarfmap" show --json "$old" >"$out/old.json" || fail "show $old"
"$dwarfmap" show --json "$new" >"$out/new.json" || fail "show $new"
python3 - "$out/old.json" "$out/new.json" >"$out/addrs" <<'EOF' || fail "no addresses"
import json, sys
want = ("VLM_vlog", "lib/fatal-signal.c:files", "lib/vlog.c:vlog_modules",
        "lib/ovs-thread.c:inuse_keys")
for which, path in (("old", sys.argv[1]), ("new", sys.argv[2])):
    vs = {v["id"]: v for v in json.load(open(path))["variables"]}
    for i in want:
        a = vs[i]["address"]
        print(which, i, a if isinstance(a, str) else hex(a))
EOF

# SIGKILL: the old build's fatal-signal handlers swallow SIGTERM.
timeout -s KILL 300 "$e2e" "$old" "$new" "$out/bundle.so" "$out" "$out/addrs"
st=$?
[ "$st" = 0 ] || fail "e2e exited $st"
echo "ovs-e2e: pass"
