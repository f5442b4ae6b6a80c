#!/bin/sh
# Builds one reader fixture into a shared library.
#
#   build-fixture.sh SRC_DIR OUT_DIR NAME CC 'CFLAGS' 'LDFLAGS' TAGS
#
# Copies SRC_DIR into OUT_DIR/src (so that .dwo files and objects of one
# configuration never meet those of another), compiles every source from
# inside OUT_DIR/src with the path the fixture asks for (so that the compile
# unit names, hence the variable ids, are fixed), and links OUT_DIR/libNAME.so.
# The 'expect' file may add build directives, each optionally preceded by
# a [condition] on the configuration's TAGS (see README.md):
#   cflags FLAGS...     appended to every compile (after the configuration's)
#   ldflags FLAGS...    appended to the link
#   compile PATH        compile PATH as written ($PWD is the source copy);
#                       without any, every top-level *.c is compiled by name
#   strip-debug         move the debug info into libNAME.so.debug, keep
#                       .symtab in libNAME.so, add a .gnu_debuglink
#   remove-dwo          delete the .dwo files after the link
# CFLAGS and LDFLAGS are word-split; flags never contain spaces.  TAGS are
# the configuration's tags, comma-separated.
set -eu

if [ $# -ne 7 ]; then
    echo "usage: $0 SRC_DIR OUT_DIR NAME CC 'CFLAGS' 'LDFLAGS' TAGS" >&2
    exit 2
fi
src=$1 out=$2 name=$3 cc=$4 cflags=$5 ldflags=$6 tags=$7
expect=$src/expect

cond_holds() {      # $1: 'a,!b|c'.  True if some alternative fully holds.
    for alt in $(echo "$1" | tr '|' ' '); do
        ok=1
        for t in $(echo "$alt" | tr ',' ' '); do
            neg=0
            case $t in '!'*) neg=1 t=${t#!} ;; esac
            case ",$tags," in *",$t,"*) have=1 ;; *) have=0 ;; esac
            [ "$have" -ne "$neg" ] || ok=0
        done
        [ "$ok" = 1 ] && return 0
    done
    return 1
}

directive() {       # Prints the arguments of every active line for $1.
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
        '['*)
            cond=${line%%]*}
            cond=${cond#?}
            cond_holds "$cond" || continue
            line=${line#*]}
            line=${line# }
            ;;
        esac
        case $line in
        "$1") echo "" ;;
        "$1 "*) echo "${line#"$1" }" ;;
        esac
    done < "$expect" | tr '\n' ' '
}

rm -rf "$out"
mkdir -p "$out/src"
cp -R "$src/." "$out/src/"
cd "$out/src"

xcflags=$(directive cflags)
xldflags=$(directive ldflags)
paths=$(directive compile | sed "s|\\\$PWD|$PWD|g")
if [ -z "$paths" ]; then
    paths=$(ls *.c)
fi

objs=
for p in $paths; do
    o=$(basename "$p" .c).o
    # shellcheck disable=SC2086  # Word splitting of flag lists is intended.
    "$cc" -std=gnu11 -Wall -fPIC $cflags $xcflags -c "$p" -o "$o"
    objs="$objs $o"
done
lib=$out/lib$name.so
# shellcheck disable=SC2086
"$cc" -shared -fPIC $cflags $xcflags $objs -o "$lib" $ldflags $xldflags

if [ -n "$(directive strip-debug)" ]; then
    objcopy --only-keep-debug "$lib" "$lib.debug"
    objcopy --strip-debug --add-gnu-debuglink="$lib.debug" "$lib"
fi
if [ -n "$(directive remove-dwo)" ]; then
    rm -f ./*.dwo
fi
