#!/bin/sh
# Runs the checker on one upgrade and on seeded faults of its bundle.
#
#   run-pair.sh NAME OLD.c NEW.c MUTATIONS HOOKS OUT_DIR CC DWARFMAP VERIFY \
#               INCLUDE_DIR [CFLAGS [VERIFY_OPTIONS]]
#
# Builds OUT_DIR/{old,new}/dp.c (each compiled as 'dp.c', so a file-static
# is 'dp.c:NAME' in both builds) into old.so and new.so, runs 'dwarfmap
# diff' (with --hooks HOOKS unless HOOKS is '-'), compiles migrate.c into
# bundle.so and asserts that 'verify' accepts it (exit 0).  Then every
# line of MUTATIONS ('-': none), 'NAME<TAB>SED-SCRIPT[<TAB>VERIFY-OPTIONS]',
# seeds a fault: migrate.c through sed, compiled, and 'verify' must reject
# it (exit 16).  A script that no longer changes migrate.c fails the test:
# the generator's output moved, update the pattern.
set -u
if [ $# -lt 10 ]; then
    echo "usage: $0 NAME OLD.c NEW.c MUTATIONS HOOKS OUT CC DWARFMAP VERIFY" \
         "INCLUDE [CFLAGS [VERIFY_OPTIONS]]" >&2
    exit 2
fi
name=$1 old=$2 new=$3 mutations=$4 hooks=$5 out=$6 cc=$7 dwarfmap=$8
verify=$9 inc=${10} cflags=${11:-} vopts=${12:-}
tab=$(printf '\t')

fail() {
    echo "FAIL [$name]: $*" >&2
    exit 1
}

rm -rf "$out"
mkdir -p "$out/old" "$out/new" || fail "cannot create $out"
cp "$old" "$out/old/dp.c" && cp "$new" "$out/new/dp.c" || fail "cannot copy"
for v in old new; do
    # shellcheck disable=SC2086 # CFLAGS is a list of flags.
    (cd "$out/$v" && "$cc" -g -O2 -Wall -Wextra -Werror -shared -fPIC \
        -Wl,--build-id $cflags dp.c -o "../$v.so") \
        || fail "$v/dp.c does not compile"
done
hopt=
[ "$hooks" = - ] || hopt="--hooks $hooks"
# Options of both diff and verify (--rename, --ignore), one a line.
pair_dir=$(dirname "$old")
if [ -f "$pair_dir/options" ]; then
    set -f
    hopt="$hopt $(sed 's/#.*//' "$pair_dir/options" | tr '\n' ' ')"
fi

# shellcheck disable=SC2086
"$dwarfmap" diff $hopt -o "$out/migrate.c" "$out/old.so" "$out/new.so" \
    2> "$out/diff.err"
status=$?
if [ $((status & ~4)) != 0 ]; then
    cat "$out/diff.err" >&2
    fail "dwarfmap diff exited $status"
fi
"$cc" -O2 -Wall -Wextra -Werror -shared -fPIC -I "$inc" "$out/migrate.c" \
    -o "$out/bundle.so" || fail "migrate.c does not compile"

# shellcheck disable=SC2086
"$verify" $hopt $vopts "$out/old.so" "$out/new.so" "$out/bundle.so" \
    > "$out/verify.out" 2>&1
status=$?
cat "$out/verify.out"
[ "$status" = 0 ] || fail "verify exited $status on the generated bundle" \
                          "(a generator bug, or the checker's)"
echo "ok [$name]: the generated bundle agrees"

[ "$mutations" = - ] && exit 0
n=0
while IFS= read -r line || [ -n "$line" ]; do
    case $line in ''|'#'*) continue ;; esac
    mname=${line%%"$tab"*}
    rest=${line#*"$tab"}
    script=${rest%%"$tab"*}
    mopts=
    [ "$script" = "$rest" ] || mopts=${rest#*"$tab"}
    mut=$out/mut-$mname
    sed -e "$script" "$out/migrate.c" > "$mut.c" \
        || fail "mutant $mname: sed failed"
    if cmp -s "$out/migrate.c" "$mut.c"; then
        fail "mutant $mname: the script no longer changes migrate.c" \
             "(update $mutations)"
    fi
    "$cc" -O1 -w -shared -fPIC -I "$inc" "$mut.c" -o "$mut.so" \
        || fail "mutant $mname does not compile"
    # shellcheck disable=SC2086
    "$verify" $hopt $vopts $mopts "$out/old.so" "$out/new.so" "$mut.so" \
        > "$mut.out" 2>&1
    status=$?
    if [ "$status" != 16 ]; then
        cat "$mut.out" >&2
        fail "mutant $mname: verify exited $status, expected 16"
    fi
    echo "ok [$name]: mutant $mname rejected: $(head -c 300 "$mut.out" | head -1)"
    n=$((n + 1))
done < "$mutations"
echo "ok [$name]: $n mutants, every one rejected"
