#!/bin/sh
# Runs one golden case of tests/cases (see README.md) in one configuration.
#
#   run-case.sh MODE CASE_DIR OUT_DIR CONFIG CC 'CFLAGS' DWARFMAP INCLUDE_DIR
#               CHECK
#
# MODE
#   run          compile old.c and new.c, run 'dwarfmap diff', check the exit
#                status against expected.status; then either (a status with
#                bit 8 or 16: refused) check the report against
#                expected.reason and that no migrate.c was written, or
#                compile the bundle with -Werror and run
#                CHECK old.so new.so bundle.so;
#   golden       the same compile and diff, then compare migrate.c, with the
#                build-machine facts normalised (normalize.sed), to
#                expected.migrate.c; UPDATE_GOLDEN=1 in the environment
#                rewrites expected.migrate.c instead;
#   determinism  the same compile, then every output of diff (migrate.c,
#                --report, --report=json) twice: byte-identical.
# CASE_DIR     tests/cases/NNN-name (old.c, new.c, expected.status, ...)
# OUT_DIR      scratch directory of this (case, configuration); wiped first
# CONFIG       the configuration's name (gcc-v5-O2, ...), for expected.status
# CC, CFLAGS   the configuration's compiler and flags (-gdwarf-N -On);
#              CFLAGS is word-split
# DWARFMAP     the dwarfmap CLI
# INCLUDE_DIR  runtime/include (hotup/migration.h), for the bundle
# CHECK        the case's compiled check.c, or '-' if libhotup was not built
#              (the test then ends as skipped, 77, after the dwarfmap part)
#
# Every library is built from OUT_DIR/{old,new}/dp.c, as 'dp.c', so that the
# compile unit, hence the identity of a file-static ('dp.c:NAME'), is the
# same in both builds whatever the paths.
set -u

if [ $# -ne 9 ]; then
    echo "usage: $0 run|golden|determinism CASE_DIR OUT_DIR CONFIG CC" \
         "'CFLAGS' DWARFMAP INCLUDE_DIR CHECK" >&2
    exit 2
fi
mode=$1 case_dir=$2 out=$3 config=$4 cc=$5 cflags=$6 dwarfmap=$7 inc=$8
check=$9
case_name=$(basename "$case_dir")
here=$(cd "$(dirname "$0")" && pwd)

fail() {
    echo "FAIL [$case_name $mode]: $*" >&2
    exit 1
}

# The case's options (word-split, no globbing; '#' starts a comment).
set -f
opts=
if [ -f "$case_dir/options" ]; then
    opts=$(sed 's/#.*//' "$case_dir/options" | tr '\n' ' ')
fi

# expected.status: the status on its first line, optionally followed by
# 'CONFIG STATUS' lines for configurations where the compiler makes a
# difference ('#' starts a comment).
[ -f "$case_dir/expected.status" ] || fail "no expected.status"
want_status=$(sed 's/#.*//' "$case_dir/expected.status" | awk -v c="$config" '
    NF == 1 && def == "" { def = $1 }
    NF == 2 && $1 == c { over = $2 }
    END { print (over != "" ? over : def) }')
case $want_status in
''|*[!0-9]*) fail "expected.status: no status for $config" ;;
esac
must_refuse=0
if [ $((want_status & 24)) != 0 ]; then
    must_refuse=1
fi
case $case_name in
*-FAIL)
    [ "$must_refuse" = 1 ] \
        || fail "a -FAIL case must expect bit 8 or 16 (expected.status)" ;;
esac

# ---- Build both libraries --------------------------------------------
rm -rf "$out"
mkdir -p "$out/old" "$out/new" || fail "cannot create $out"
cp "$case_dir/old.c" "$out/old/dp.c" || fail "cannot copy old.c"
cp "$case_dir/new.c" "$out/new/dp.c" || fail "cannot copy new.c"
for v in old new; do
    # shellcheck disable=SC2086 # CFLAGS is a list of flags.
    (cd "$out/$v" && "$cc" -g $cflags -Wall -Wextra -Werror -shared -fPIC \
        -Wl,--build-id dp.c -o "../$v.so") \
        || fail "$v.c does not compile with $cc $cflags"
done

# ---- Diff --------------------------------------------------------------
cd "$out" || fail "cannot enter $out"
# shellcheck disable=SC2086 # options are a list of words.
"$dwarfmap" diff $opts -o migrate.c old.so new.so 2> diff.err
status=$?
# shellcheck disable=SC2086
"$dwarfmap" diff --report $opts old.so new.so > report.txt 2> report.err
report_status=$?

show_report() {
    echo "---- dwarfmap diff --report $opts (status $report_status):" >&2
    cat report.txt >&2
    if [ -s diff.err ]; then
        echo "---- dwarfmap diff stderr:" >&2
        cat diff.err >&2
    fi
}

if [ "$status" != "$want_status" ]; then
    show_report
    fail "dwarfmap diff exit status $status, expected $want_status"
fi
if [ "$report_status" != "$status" ]; then
    show_report
    fail "diff --report exit status $report_status differs from diff's $status"
fi

if [ "$mode" = determinism ]; then
    for run in 1 2; do
        # shellcheck disable=SC2086
        "$dwarfmap" diff $opts -o "migrate.$run.c" old.so new.so 2>/dev/null
        # shellcheck disable=SC2086
        "$dwarfmap" diff --report $opts old.so new.so > "report.$run.txt" \
            2>/dev/null
        # shellcheck disable=SC2086
        "$dwarfmap" diff --report=json $opts old.so new.so > "report.$run.json" \
            2>/dev/null
    done
    bad=0
    for f in report.txt:report.1.txt report.1.txt:report.2.txt \
             report.1.json:report.2.json; do
        a=${f%%:*} b=${f#*:}
        if ! cmp -s "$a" "$b"; then
            echo "$a and $b differ:" >&2
            diff -u "$a" "$b" >&2
            bad=1
        fi
    done
    if [ "$must_refuse" = 0 ]; then
        for f in migrate.c:migrate.1.c migrate.1.c:migrate.2.c; do
            a=${f%%:*} b=${f#*:}
            if ! cmp -s "$a" "$b"; then
                echo "$a and $b differ:" >&2
                diff -u "$a" "$b" >&2
                bad=1
            fi
        done
    fi
    [ "$bad" = 0 ] || fail "dwarfmap diff is not deterministic"
    echo "ok [$case_name determinism]: two runs byte-identical"
    exit 0
fi

# ---- A case the tool must refuse -------------------------------------
if [ "$must_refuse" = 1 ]; then
    if [ -e migrate.c ]; then
        fail "a refused diff must write no migrate.c, but diff wrote one"
    fi
    [ -f "$case_dir/expected.reason" ] || fail "no expected.reason"
    missing=0
    while IFS= read -r line || [ -n "$line" ]; do
        [ -n "$line" ] || continue
        if ! grep -qF -- "$line" report.txt; then
            echo "missing from the report: $line" >&2
            missing=1
        fi
    done < "$case_dir/expected.reason"
    if [ "$missing" = 1 ]; then
        show_report
        fail "the report does not give the expected reason"
    fi
    echo "ok [$case_name $mode]: refused with status $status"
    exit 0
fi

[ -s migrate.c ] || { show_report; fail "diff wrote no migrate.c"; }

# ---- Golden comparison -----------------------------------------------
if [ "$mode" = golden ]; then
    sed -f "$here/normalize.sed" migrate.c > migrate.norm.c
    golden=$case_dir/expected.migrate.c
    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
        if [ -f "$golden" ] && cmp -s migrate.norm.c "$golden"; then
            echo "ok [$case_name golden]: unchanged"
        else
            cp migrate.norm.c "$golden" || fail "cannot write $golden"
            echo "updated $golden"
        fi
        exit 0
    fi
    [ -f "$golden" ] || fail "no expected.migrate.c (UPDATE_GOLDEN=1 writes it)"
    if ! cmp -s "$golden" migrate.norm.c; then
        diff -u "$golden" migrate.norm.c >&2
        fail "migrate.c differs from expected.migrate.c" \
             "(normalised output: $out/migrate.norm.c)"
    fi
    echo "ok [$case_name golden]"
    exit 0
fi

# ---- Compile the bundle and run the check ----------------------------
"$cc" -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC -I"$inc" \
    migrate.c -o bundle.so 2> bundle.err
if [ $? != 0 ]; then
    cat bundle.err >&2
    fail "the generated migrate.c does not compile cleanly with $cc" \
         "-Wall -Wextra -Werror ($out/migrate.c)"
fi

if [ "$check" = - ]; then
    echo "skip [$case_name]: libhotup is not built, the check did not run"
    exit 77
fi
# hotup copies each build to a unique path before dlopen: keep those here.
# A case may turn off LeakSanitizer's exit-time scan, with the reason in
# its 'no-leak-check' file (ASan and UBSan stay on).
asan=${ASAN_OPTIONS:-}
if [ -f "$case_dir/no-leak-check" ]; then
    asan="${asan:+$asan:}detect_leaks=0"
fi
TMPDIR=$out ASAN_OPTIONS=$asan "$check" "$out/old.so" "$out/new.so" "$out/bundle.so"
rc=$?
if [ "$rc" != 0 ]; then
    echo "---- generated code: $out/migrate.c; report:" >&2
    cat report.txt >&2
    if [ "$rc" -gt 128 ]; then
        fail "check died of signal $((rc - 128))"
    fi
    fail "check exited with $rc"
fi
echo "ok [$case_name $mode]"
exit 0
