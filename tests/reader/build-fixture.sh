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

# The active build directives of the expect file, one a line ('cflags
# -fcommon', 'strip-debug', ...), from one run of awk: a shell loop forked
# processes for every line and took longer than the compiler.
directives=$(awk -v tags=",$tags," -v pwd="$out/src" '
    # A condition: alternatives split by "|", each a list of tags split by
    # ",", a tag negated by "!"; it holds if some alternative fully holds.
    function holds(cond,    alts, n, i, ts, m, j, t, neg, ok) {
        n = split(cond, alts, "|")
        for (i = 1; i <= n; i++) {
            m = split(alts[i], ts, ",")
            ok = 1
            for (j = 1; j <= m; j++) {
                t = ts[j]
                neg = sub(/^!/, "", t)
                if ((index(tags, "," t ",") > 0) == neg)
                    ok = 0
            }
            if (ok)
                return 1
        }
        return 0
    }
    {
        line = $0
        if (line ~ /^\[/) {
            if (!holds(substr(line, 2, index(line, "]") - 2)))
                next
            line = substr(line, index(line, "]") + 1)
            sub(/^ /, "", line)
        }
        if (line ~ /^(cflags|ldflags|compile|strip-debug|remove-dwo)( |$)/) {
            gsub(/\$PWD/, pwd, line)
            print line
        }
    }' "$expect")

xcflags= xldflags= paths= strip_debug= remove_dwo=
while IFS= read -r line; do
    case $line in
    cflags*) xcflags="$xcflags ${line#cflags}" ;;
    ldflags*) xldflags="$xldflags ${line#ldflags}" ;;
    compile*) paths="$paths ${line#compile}" ;;
    strip-debug*) strip_debug=1 ;;
    remove-dwo*) remove_dwo=1 ;;
    esac
done <<EOF
$directives
EOF

rm -rf "$out"
mkdir -p "$out/src"
cp -R "$src/." "$out/src/"
cd "$out/src"

if [ -z "$paths" ]; then
    paths=$(echo *.c)
fi

objs=
for p in $paths; do
    o=${p##*/}
    o=${o%.c}.o
    # shellcheck disable=SC2086  # Word splitting of flag lists is intended.
    "$cc" -std=gnu11 -Wall -fPIC $cflags $xcflags -c "$p" -o "$o"
    objs="$objs $o"
done
lib=$out/lib$name.so
# shellcheck disable=SC2086
"$cc" -shared -fPIC $cflags $xcflags $objs -o "$lib" $ldflags $xldflags

if [ -n "$strip_debug" ]; then
    objcopy --only-keep-debug "$lib" "$lib.debug"
    objcopy --strip-debug --add-gnu-debuglink="$lib.debug" "$lib"
fi
if [ -n "$remove_dwo" ]; then
    rm -f ./*.dwo
fi
