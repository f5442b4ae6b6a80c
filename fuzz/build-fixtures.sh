#!/bin/sh
# Builds the fixtures and seed inputs of the fuzz harnesses (fuzz/README in
# docs/fuzzing.md).
#
#   build-fixtures.sh OUT DWARFMAP INCLUDE_DIR CC SRC_ROOT
#
# OUT/pairs.txt        one line per golden case of tests/cases listed in
#                      fuzz/pairs.list: its name and its diff options
#                      (--rename, --ignore)
# OUT/NAME/old.so, new.so
#                      the case's old.c and new.c, built as 'dp.c' (as
#                      run-case.sh does) with CC -g -O2
# OUT/NAME/bundle.so   if 'dwarfmap diff' migrates it: migrate.c compiled
#                      with -Wall -Wextra -Werror
# OUT/seeds/reader/    the reader's seeds: every case's old.so and every
#                      tests/reader fixture built with gcc -gdwarf-5 -O2 and
#                      clang -gdwarf-4 -O0
# OUT/seeds/diffgen/, OUT/seeds/migrate/
#                      one small input per pair (and per damaged region)
#
# Deterministic: the same sources and compilers give the same files, in
# any OUT (paths are mapped with -fdebug-prefix-map), so that a committed
# input damages the same bytes in every build folder.
set -eu
if [ $# -ne 5 ]; then
    echo "usage: $0 OUT DWARFMAP INCLUDE_DIR CC SRC_ROOT" >&2
    exit 2
fi
out=$1 dwarfmap=$2 inc=$3 cc=$4 root=$5
mkdir -p "$out"
out=$(cd "$out" && pwd) root=$(cd "$root" && pwd)
case $dwarfmap in /*) ;; *) dwarfmap=$PWD/$dwarfmap ;; esac
case $inc in /*) ;; *) inc=$PWD/$inc ;; esac
cases=$root/tests/cases
rm -rf "$out"
mkdir -p "$out/seeds/reader" "$out/seeds/diffgen" "$out/seeds/migrate"
: > "$out/pairs.txt"

i=0
for name in $(sed 's/#.*//' "$root/fuzz/pairs.list"); do
    dir=$cases/$name
    mkdir -p "$out/$name/old" "$out/$name/new"
    ok=1
    for v in old new; do
        cp "$dir/$v.c" "$out/$name/$v/dp.c"
        (cd "$out/$name/$v" && "$cc" -g -O2 -std=gnu11 -shared -fPIC \
             -fdebug-prefix-map="$out/$name/$v"=/fz -Wl,--build-id dp.c \
             -o "../$v.so") || ok=0
    done
    if [ "$ok" = 0 ]; then
        echo "build-fixtures: $name does not build with $cc: left out" >&2
        rm -rf "${out:?}/$name"
        continue
    fi
    opts=
    if [ -f "$dir/options" ]; then
        opts=$(sed 's/#.*//' "$dir/options" | tr '\n' ' ' | tr -s ' ')
    fi
    echo "$name $opts" >> "$out/pairs.txt"
    # shellcheck disable=SC2086 # options are words.
    if "$dwarfmap" diff $opts -o "$out/$name/migrate.c" "$out/$name/old.so" \
           "$out/$name/new.so" 2>/dev/null; then
        :
    fi
    if [ -s "$out/$name/migrate.c" ]; then
        "$cc" -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC -I"$inc" \
            "$out/$name/migrate.c" -o "$out/$name/bundle.so"
    fi
    cp "$out/$name/old.so" "$out/seeds/reader/case-$name.so"
    n=$(printf '%03o' "$i")
    for where in 0 1 2 3 8; do
        # Pair i, damage old (and new), region 'where', one 1-byte patch.
        printf "\\$n\\$(printf '%03o' $((where * 2)))\\000\\000\\000\\000" \
            > "$out/seeds/diffgen/$name-old-$where"
        printf "\\$n\\$(printf '%03o' $((where * 2 + 1)))" \
            > "$out/seeds/diffgen/$name-new-$where"
    done
    i=$((i + 1))
done

# The migrate harness counts only the pairs that have a bundle.
j=0
while read -r name _; do
    [ -f "$out/$name/bundle.so" ] || continue
    n=$(printf '%03o' "$j")
    printf "\\$n\\001\\000\\000\\000\\000\\000\\000\\000\\003" \
        > "$out/seeds/migrate/$name"
    j=$((j + 1))
done < "$out/pairs.txt"

# The reader's pitfall fixtures, in two configurations per compiler.
for fx in "$root"/tests/reader/fixtures/*/; do
    fxn=$(basename "$fx")
    for c in "gcc|-gdwarf-5 -O2|gcc,v5,O2" "clang|-gdwarf-4 -O0|clang,v4,O0"; do
        comp=${c%%|*} rest=${c#*|}
        flags=${rest%%|*} tags=${rest#*|}
        command -v "$comp" >/dev/null 2>&1 || continue
        tag=$(echo "$comp$flags" | tr -d ' -' | tr '=' '_')
        b=$out/reader/$tag/$fxn
        if sh "$root/tests/reader/build-fixture.sh" "$fx" "$b" "$fxn" \
              "$comp" "$flags -fdebug-prefix-map=$b/src=/fz" "" "$tags" \
              >/dev/null 2>&1 \
           && [ -f "$b/lib$fxn.so" ]; then
            cp "$b/lib$fxn.so" "$out/seeds/reader/$fxn-$tag.so"
        fi
    done
done
rm -rf "$out/reader"
echo "build-fixtures: $(wc -l < "$out/pairs.txt") pairs, $j with a bundle," \
     "$(ls "$out/seeds/reader" | wc -l) reader seeds"
