#!/bin/sh
# prove-cases.sh CC DWARFMAP CASES_DIR CACHE WORKDIR CASE...
#
# Proves the migrations of golden cases (tests/cases) with 'dwarfmap
# prove': for each CASE, builds old.c and new.c as run-case.sh builds the
# reference configuration (gcc -gdwarf-5 -O2, each as dp.c), runs 'dwarfmap
# diff' with the case's options, and proves the migrate.c it writes.  Every
# case is proved even after a failure; the exit status is 1 if any goal of
# any case is not proved (or a step fails), 0 if all are proved.  Prints
# one line per case: 'proved CASE: N/M goals in T s'.
#
# CACHE is the committed proof cache (tests/prove/wpcache: Frama-C WP
# results keyed by a digest of each prover task): it is copied into the
# scratch cache first, so provers run only for goals whose task is not in
# it.  A goal that changed has a new digest, so it is proved again; a
# cached result is never applied to another goal.  With
# HOTUP_PROVE_UPDATE_CACHE=1 in the environment, the results of the goals
# that were not in CACHE are copied into it (review them with git status;
# to prune it, delete it and run the tests again).
#
# Environment: HOTUP_PROVE_JOBS (prover processes, default 1: CTest runs
# the tests side by side); HOTUP_PROVE_TIMEOUT (seconds a goal, default 10:
# the slowest goal of the golden cases takes about 3 s on the loaded VM,
# and a goal that cannot be proved then costs 10 s, not 30).
set -u
if [ $# -lt 6 ]; then
    echo "usage: $0 CC DWARFMAP CASES_DIR CACHE WORKDIR CASE..." >&2
    exit 2
fi
cc=$1 dwarfmap=$2 cases=$3 cache=$4 work=$5
shift 5
jobs=${HOTUP_PROVE_JOBS:-1}
timeout=${HOTUP_PROVE_TIMEOUT:-10}

rm -rf "$work"
mkdir -p "$work/prove/wpcache" || { echo "cannot create $work" >&2; exit 1; }
seeded=0
if [ -d "$cache" ]; then
    # One JSON file per prover result, named by the task's digest.
    find "$cache" -maxdepth 1 -name '*.json' -exec cp -t "$work/prove/wpcache" {} +
    seeded=$(find "$work/prove/wpcache" -name '*.json' | wc -l)
fi

failed=""
for name in "$@"; do
    src=$cases/$name
    out=$work/$name
    mkdir -p "$out/old" "$out/new"
    if ! cp "$src/old.c" "$out/old/dp.c" || ! cp "$src/new.c" "$out/new/dp.c"; then
        failed="$failed $name"
        continue
    fi
    ok=1
    for v in old new; do
        (cd "$out/$v" && "$cc" -g -gdwarf-5 -O2 -shared -fPIC -Wl,--build-id \
            dp.c -o "../$v.so") || ok=0
    done
    if [ "$ok" = 0 ]; then
        echo "FAIL $name: the case does not compile" >&2
        failed="$failed $name"
        continue
    fi
    set -f
    opts=
    if [ -f "$src/options" ]; then
        opts=$(sed 's/#.*//' "$src/options" | tr '\n' ' ')
    fi
    # shellcheck disable=SC2086 # the options are a list of words.
    (cd "$out" && "$dwarfmap" diff $opts -o migrate.c old.so new.so)
    rc=$?
    set +f
    if [ $((rc & ~4)) -ne 0 ] || [ ! -s "$out/migrate.c" ]; then
        echo "FAIL $name: dwarfmap diff exited with $rc and wrote no" \
             "migrate.c (a case listed here must generate one)" >&2
        failed="$failed $name"
        continue
    fi
    "$dwarfmap" prove --jobs "$jobs" --timeout "$timeout" --cache-dir "$work/prove" \
        "$out/migrate.c" > "$out/prove.txt" 2>&1
    rc=$?
    summary=$(grep '^proved ' "$out/prove.txt" | tail -n 1)
    if [ "$rc" = 0 ]; then
        echo "proved $name: ${summary#proved }"
    else
        echo "FAIL $name: dwarfmap prove exited with $rc:" >&2
        cat "$out/prove.txt" >&2
        failed="$failed $name"
    fi
done

total=$(find "$work/prove/wpcache" -name '*.json' | wc -l)
echo "prover results: $seeded from the committed cache, $((total - seeded))" \
     "computed now"
if [ "${HOTUP_PROVE_UPDATE_CACHE:-0}" = 1 ]; then
    # Every result when all goals are proved (a CVC4 timeout on a goal Z3
    # proves saves running CVC4 again); else the proofs only, so that an
    # unproved goal is tried again.  WP replays a failed result only under
    # a time limit no larger than the one it failed with.
    mkdir -p "$cache"
    n=0
    verdict='"verdict": "valid"'
    [ -z "$failed" ] && verdict='"verdict"'
    for f in $(grep -l "$verdict" "$work/prove/wpcache"/*.json); do
        if [ ! -e "$cache/${f##*/}" ]; then
            cp "$f" "$cache/" && n=$((n + 1))
        fi
    done
    echo "$n prover results copied into $cache"
fi
if [ -n "$failed" ]; then
    echo "NOT PROVED:$failed" >&2
    exit 1
fi
exit 0
