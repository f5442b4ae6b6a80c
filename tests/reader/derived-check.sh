#!/bin/sh
# derived-check.sh DWARFMAP GCC CLANG FIXTURE_DIR WORKDIR
#
# The verdicts on a static whose value a build keeps derived from storage
# (fixture A16: clang -O2 shrinks a static only ever stored one value to a
# flag byte).  Builds flag.c as two releases (A16_VALUE 7, then 9) with
# clang -O2 and with gcc -O2, and checks 'dwarfmap check':
#   clang -> clang   refused (16): both builds keep it derived;
#   gcc -> clang     refused: new keeps it derived;
#   clang -> gcc     refused: old keeps it derived;
#   --ignore both    0: the user's decision to drop that state;
#   gcc -> gcc       0 or 4: no value is derived, nothing refused.
# Exit 0 if all hold, 77 without clang, 1 otherwise.
set -u
if [ $# -ne 5 ]; then
    echo "usage: $0 DWARFMAP GCC CLANG FIXTURE_DIR WORKDIR" >&2
    exit 2
fi
dwarfmap=$1 gcc=$2 clang=$3 src=$4 work=$5
[ -x "$clang" ] || { echo "skip: no clang"; exit 77; }
failed=0

fail() {
    echo "FAIL: $*"
    failed=1
}

rm -rf "$work"
for cc in gcc clang; do
    for v in 7 9; do
        dir=$work/$cc-$v
        mkdir -p "$dir"
        cp "$src/flag.c" "$dir/flag.c"
        compiler=$gcc
        [ "$cc" = clang ] && compiler=$clang
        (cd "$dir" && "$compiler" -g -O2 -shared -fPIC -DA16_VALUE=$v flag.c \
            -o lib.so) || { echo "FAIL: $cc does not build flag.c"; exit 1; }
    done
done

# expect OLD NEW STATUS TEXT [OPTIONS...]: 'check' exits STATUS and, if
# TEXT is not empty, says it for both statics.
expect() {
    old=$1 new=$2 want=$3 text=$4
    shift 4
    out=$work/$old-$new.out
    "$dwarfmap" check "$@" "$work/$old/lib.so" "$work/$new/lib.so" >"$out" 2>&1
    rc=$?
    case " $want " in
    *" $rc "*) ;;
    *) fail "$old -> $new $*: exit $rc, want $want"; cat "$out" ;;
    esac
    [ -n "$text" ] || return 0
    for id in flag.c:a16_mode flag.c:a16_once:done; do
        grep -qF "$id: $text" "$out" || { fail "$old -> $new: no '$id: $text'"; cat "$out"; }
    done
}

both="both builds keep its value derived from 1 byte of storage"
expect clang-7 clang-9 16 "$both"
expect gcc-7 clang-9 16 "new keeps its value derived from 1 byte of storage"
expect clang-7 gcc-9 16 "old keeps its value derived from 1 byte of storage"
expect clang-7 clang-9 0 "ignored (--ignore)" \
    --ignore flag.c:a16_mode --ignore flag.c:a16_once:done
expect gcc-7 gcc-9 "0 4" ""
[ "$failed" = 0 ] && echo "derived-check: all verdicts hold"
exit "$failed"
