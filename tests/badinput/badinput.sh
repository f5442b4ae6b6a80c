#!/usr/bin/env bash
# Bad-input tests for `dwarfmap show`: see README.md in this folder.
#
#   badinput.sh DWARFMAP CORRUPT SRCDIR WORKDIR SUITE [ARGS...]
#
# SUITE is one of: build, usage, notelf, truncate, nodebug, g1, foreign,
# elfhdr, pristine, debugfile, deep, keyword, damage BUILD SECTION NSEEDS, damage-misc BUILD
# NSEEDS, structure BUILD NSEEDS [SEED...].  Every case runs
# `dwarfmap show FILE` and `dwarfmap show --json FILE` and checks the
# contract:
#   strict    exit 1, stderr exactly one line that contains FILE
#   tolerant  exit 0, or exit 1 with one line of stderr that contains FILE
#   usage     exit 2, something on stderr
#   ok        exit 0, the known variables on stdout
#   sizes     as tolerant, and on exit 0 --json gives the expected sizes
# and in every case: no signal, no sanitizer report, no hang
# (BADINPUT_TIMEOUT seconds for each run, default 10), no more than 128 MiB
# of output, and valid JSON from --json on exit 0 (when python3 is there).
# Each failure prints the commands that reproduce it and keeps the damaged
# file under WORKDIR/failures/.  Exit status: 0 all passed, 1 some failed,
# 77 nothing to run here (skipped).
set -u

if [ $# -lt 5 ]; then
    echo "usage: $0 DWARFMAP CORRUPT SRCDIR WORKDIR SUITE [ARGS...]" >&2
    exit 2
fi
DWARFMAP=$1 CORRUPT=$2 SRCDIR=$3 WORK=$4 SUITE=$5
shift 5
LIBS=$WORK/libs
FAILDIR=$WORK/failures
TIMEOUT=${BADINPUT_TIMEOUT:-10}
MAX_OUT_KB=131072               # Output past 128 MiB is a runaway: SIGXFSZ.
MAX_HANGS=${BADINPUT_MAX_HANGS:-3}  # Give up on a suite after this many.
MAX_DETAILED=6                  # Failures printed in full,
MAX_BRIEF=40                    # then briefly, then only counted.

# Sanitizer reports must not look like a clean 'exit 1': give them their own
# exit codes (ours win over the caller's), and grep stderr for them anyway.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:exitcode=87"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}exitcode=88"
SANITIZER_RE='(Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|runtime error:|SUMMARY: [A-Za-z]*Sanitizer|AddressSanitizer|LeakSanitizer'
ulimit -c 0
ulimit -f "$MAX_OUT_KB"         # For every run; this script writes far less.

# The interpreter itself, not a version manager's shim in front of it
# (pyenv's takes a third of a second to start).
PYTHON=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || true)

EXTRA=()                        # Options before FILE, for every run.
NAMED=()                        # Names a refusal may give instead of FILE.
EXPECT_RE=                      # What a refusal must say, if set (ERE).
EXPECT_SIZES=                   # NAME=SIZE ... that --json must show (kind sizes).
RE_MISSING='no such file|does not exist|not found'
RE_DIR='director|not a regular file'
n_cases=0 n_fail=0 n_skip=0 n_hang=0 n_rc0=0 n_rc1=0
case_dir=
fail_lines=()

# A scratch folder of this suite's own, so that CTest may run suites at once.
scratch_init() {
    case_dir=$WORK/run/$1
    rm -rf "$case_dir"
    mkdir -p "$case_dir" "$FAILDIR"
}

# ---- one run of the CLI ---------------------------------------------------

# check KIND FILE LABEL REPRO_PREFIX -- runs both commands on FILE.
# REPRO_PREFIX is shell text that recreates FILE ('' if FILE is a fixture);
# KEEP (a global) is the path to copy FILE to on failure, or ''.
check() {
    local kind=$1 file=$2 label=$3 prefix=$4 mode
    for mode in show show-json; do
        if [ "$n_hang" -ge "$MAX_HANGS" ]; then
            return
        fi
        local args=(show "${EXTRA[@]}" "$file")
        [ "$mode" = show-json ] && args=(show --json "${EXTRA[@]}" "$file")
        n_cases=$((n_cases + 1))
        local out=$case_dir/out err=$case_dir/err rc
        # The braces take the shell's own 'Segmentation fault' notice.
        { timeout -k 5 "$TIMEOUT" "$DWARFMAP" "${args[@]}" >"$out" 2>"$err" </dev/null; } 2>/dev/null
        rc=$?
        case $rc in 0) n_rc0=$((n_rc0 + 1)) ;; 1) n_rc1=$((n_rc1 + 1)) ;; esac
        judge "$kind" "$rc" "$file" "$mode" "$out" "$err"
        if [ -n "$why" ]; then
            report "$label" "$why" "$rc" "$prefix" "$file" "${args[*]}" "$err" "${mode/-/ --}${EXTRA[0]:+ ${EXTRA[0]}}"
        fi
    done
}

# judge KIND RC FILE MODE OUT ERR: sets 'why' to why the run broke the
# contract, or to nothing.  Called once per run, so it forks nothing on the
# usual paths (on a slow machine a fork costs more than the run).
judge() {
    local kind=$1 rc=$2 file=$3 mode=$4 out=$5 err=$6
    local LC_ALL=C                      # Lengths in bytes, as wc -c counted.
    why=
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        why="hang: still running after ${TIMEOUT}s (exit $rc from timeout)"
        return
    fi
    # stderr, up to a NUL byte (a NUL in a message breaks the one-line rule
    # below anyway).
    local msg=
    [ -s "$err" ] && IFS= read -r -d '' msg <"$err"
    if [[ $msg =~ $SANITIZER_RE ]]; then
        local line
        line=$(grep -Em1 'ERROR: [A-Za-z]*Sanitizer|runtime error:' "$err" ||
               grep -Em1 "$SANITIZER_RE" "$err")
        local frame
        frame=$(grep -E '^ *#[0-9]+ 0x[0-9a-f]+ in ' "$err" |
                grep -vE 'asan_|lsan_|ubsan_|sanitizer_common|interceptor|compiler-rt|libclang_rt' |
                head -n1 | sed -E 's/^ *#[0-9]+ 0x[0-9a-f]+ in //' | cut -c1-160)
        why="sanitizer report (exit $rc): $(printf '%s' "$line" | sed -E 's/^==[0-9]*==//; s/ (at pc|\(pc) 0x.*//' | cut -c1-160)${frame:+ [at $frame]}"
        return
    fi
    case $rc in
    86|87|88) why="sanitizer exit code $rc"; return ;;
    esac
    if [ "$rc" -eq $((128 + 25)) ]; then
        why="killed by signal 25 (SIGXFSZ): runaway output, more than $((MAX_OUT_KB / 1024)) MiB"
        return
    fi
    if [ "$rc" -gt 128 ]; then
        local sig=$((rc - 128))
        why="killed by signal $sig (SIG$(kill -l "$sig" 2>/dev/null || echo '?'))"
        return
    fi
    case $kind in
    usage)
        [ "$rc" -eq 2 ] || { why="usage error: exit $rc, want 2"; return; }
        [ -n "$msg" ] || why="usage error: exit 2 but nothing on stderr"
        return ;;
    ok)
        [ "$rc" -eq 0 ] || { why="good library refused: exit $rc, want 0: ${msg:0:300}"; return; }
        local name
        for name in victim_counter victim_records victim_tls_counter victim_table; do
            grep -q "$name" "$out" || { why="exit 0 but '$name' is not on stdout"; return; }
        done
        json_ok "$mode" "$out" || why="exit 0 but --json printed invalid JSON"
        return ;;
    strict)
        [ "$rc" -eq 1 ] || { why="exit $rc, want 1 (refusal)$(first_err "$msg")"; return; } ;;
    sizes)
        if [ "$rc" -eq 0 ]; then
            json_ok "$mode" "$out" || { why="exit 0 but --json printed invalid JSON"; return; }
            why=$(sizes_ok "$mode" "$out")
            return
        fi
        [ "$rc" -eq 1 ] || { why="exit $rc, want 0 or 1$(first_err "$msg")"; return; } ;;
    tolerant)
        if [ "$rc" -eq 0 ]; then
            json_ok "$mode" "$out" || why="exit 0 but --json printed invalid JSON"
            return
        fi
        [ "$rc" -eq 1 ] || { why="exit $rc, want 0 or 1$(first_err "$msg")"; return; } ;;
    esac
    # A refusal: exactly one line, naming the file.
    local newlines=${msg//[^$'\n']/}
    if [ -z "$msg" ]; then
        why="exit 1 with nothing on stderr"
    elif [ "${#newlines}" -ne 1 ] || [[ $msg != *$'\n' ]]; then
        why="exit 1 with ${#newlines} newline(s) on stderr, want exactly one line"
    else
        # The file it must name: FILE, or one of NAMED (a global) if set.
        local names=("$file") n named=''
        [ ${#NAMED[@]} -gt 0 ] && names=("${NAMED[@]}")
        for n in "${names[@]}"; do
            [[ $msg == *"$n"* ]] && named=$n
        done
        local rest=${msg//"$named"/}
        if [ -z "$named" ]; then
            why="exit 1 but the message does not name ${names[*]}: ${msg:0:300}"
        elif [ "${#msg}" -le $(( ${#named} + 1 )) ]; then
            why="exit 1 but the message says nothing beyond the file name"
        elif [ -n "$EXPECT_RE" ] && ! printf '%s' "$rest" | grep -Eqi -- "$EXPECT_RE"; then
            why="exit 1 but the message does not say what is wrong (want /$EXPECT_RE/): ${msg:0:300}"
        fi
    fi
}

# first_err MSG: ': ' and the first line of MSG (200 bytes), if any.
first_err() {
    local line=${1%%$'\n'*}
    [ -n "$1" ] && printf ': %s' "${line:0:200}"
}

# json_ok MODE OUT: with --json, OUT must be valid JSON.  One Python process
# (a coprocess, started on first use) checks every file of the suite: a
# Python start per run would cost more than the run.
json_ok() {
    [ "$1" = show-json ] || return 0
    [ -n "$PYTHON" ] || return 0
    if [ -z "${JSONCHK_PID:-}" ]; then
        coproc JSONCHK { "$PYTHON" -c '
import json, sys
for path in sys.stdin:
    try:
        with open(path[:-1], encoding="utf-8") as f:
            json.load(f)
        print("ok", flush=True)
    except Exception:
        print("bad", flush=True)
' 2>/dev/null; }
    fi
    local answer=
    printf '%s\n' "$2" >&"${JSONCHK[1]}" && IFS= read -r answer <&"${JSONCHK[0]}"
    [ "$answer" = ok ]
}

# sizes_ok MODE OUT: with --json, each NAME=SIZE of EXPECT_SIZES (a global)
# must be a variable of that size; prints what is not.
sizes_ok() {
    [ "$1" = show-json ] || return 0
    [ -n "$PYTHON" ] || return 0
    "$PYTHON" - "$2" $EXPECT_SIZES <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
found = {}
def walk(x):
    if isinstance(x, dict):
        if isinstance(x.get("name"), str) and "size" in x and x["name"] not in found:
            found[x["name"]] = x["size"]
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(doc.get("variables", doc) if isinstance(doc, dict) else doc)
bad = []
for want in sys.argv[2:]:
    name, size = want.split("=")
    if name not in found:
        bad.append("%s missing" % name)
    elif found[name] != int(size):
        bad.append("%s has size %s, want %s" % (name, found[name], size))
if bad:
    print("exit 0 but wrong sizes: " + "; ".join(bad))
PY
}

# report LABEL WHY RC PREFIX FILE ARGS ERR CMDNAME
report() {
    local label=$1 why=$2 rc=$3 prefix=$4 file=$5 argstr=$6 err=$7 cmdname=$8
    n_fail=$((n_fail + 1))
    case $why in hang:*) n_hang=$((n_hang + 1)) ;; esac
    local kept=$file
    if [ -n "${KEEP:-}" ]; then
        cp -f "$file" "$KEEP" 2>/dev/null && kept=$KEEP
    fi
    local cmd
    cmd="$(printf '%q' "$DWARFMAP") ${argstr/"$file"/$(printf '%q' "$kept")}"
    fail_lines+=("$label [$cmdname]: $why")
    if [ "$n_fail" -le "$MAX_DETAILED" ]; then
        echo "FAIL $label [$cmdname]: $why"
        [ -n "${WHAT:-}" ] && echo "  damage: $WHAT"
        if [ -n "$prefix" ] && [ "$kept" = "$file" ]; then
            echo "  repro:  $prefix && $cmd"
        else
            [ -n "$prefix" ] && echo "  remake: $prefix"
            echo "  repro:  $cmd"
        fi
        echo "  exit:   $rc"
        if [ -s "$err" ]; then
            echo "  stderr (first 30 lines):"
            head -n 30 "$err" | cut -c1-300 | sed 's/^/    | /'
        fi
    elif [ "$n_fail" -le "$MAX_BRIEF" ]; then
        echo "FAIL $label [$cmdname]: $why"
        [ -n "$prefix" ] && echo "  remake: $prefix"
        echo "  repro:  $cmd"
    elif [ "$n_fail" -eq $((MAX_BRIEF + 1)) ]; then
        echo "(further failures are only counted, below)"
    fi
}

# damage_case KIND BASE MODE SECTION SEED LABEL: makes one damaged copy of
# BASE with corrupt and checks it.  A section BASE lacks is a skip.
damage_case() {
    local kind=$1 base=$2 mode=$3 section=$4 seed=$5 label=$6
    local file=$case_dir/case.so
    local prefix
    printf -v prefix '%q ' "$CORRUPT" "$base" "$file" "$mode" "$section" "$seed"
    prefix=${prefix% }
    WHAT=$("$CORRUPT" "$base" "$file" "$mode" "$section" "$seed" 2>&1)
    local crc=$?
    if [ "$crc" -eq 3 ]; then
        n_skip=$((n_skip + 1))
        WHAT=
        return
    elif [ "$crc" -ne 0 ]; then
        echo "ERROR $label: corrupt failed (exit $crc): $WHAT"
        echo "  command: $prefix"
        fail_lines+=("$label: corrupt failed: $WHAT")
        n_fail=$((n_fail + 1))
        WHAT=
        return
    fi
    KEEP=$FAILDIR/${label//[^A-Za-z0-9_.-]/_}.bin check "$kind" "$file" "$label" "$prefix"
    WHAT=
}

# fixture KIND NAME LABEL: checks LIBS/NAME, a skip if the build step could
# not make it (LIBS/NAME.skip says why).
fixture() {
    local kind=$1 name=$2 label=$3
    if [ ! -e "$LIBS/$name" ]; then
        if [ -e "$LIBS/$name.skip" ]; then
            echo "skip $label: $(cat "$LIBS/$name.skip")"
            n_skip=$((n_skip + 1))
        else
            echo "ERROR $label: $LIBS/$name is missing (did badinput.build run?)"
            fail_lines+=("$label: $LIBS/$name is missing")
            n_fail=$((n_fail + 1))
        fi
        return
    fi
    KEEP='' check "$kind" "$LIBS/$name" "$label" ""
}

need_lib() {
    if [ ! -e "$LIBS/$1" ]; then
        if [ -e "$LIBS/$1.skip" ]; then
            echo "skip: $LIBS/$1 not built: $(cat "$LIBS/$1.skip")"
            exit 77
        fi
        echo "ERROR: $LIBS/$1 is missing (did badinput.build run?)"
        exit 1
    fi
}

finish() {
    local name=$1
    if [ "$n_fail" -gt 0 ]; then
        # Distinct failures: the reasons with addresses and numbers masked,
        # each with how often and its first few cases.
        echo "---- $name: $n_fail of $n_cases runs broke the contract; distinct failures:"
        printf '%s\n' "${fail_lines[@]}" | awk '
            { i = index($0, "]: "); why = substr($0, i + 3); label = substr($0, 1, i)
              if ((b = index(label, " [")) > 0) label = substr(label, 1, b - 1)
              gsub(/0x[0-9a-f]+/, "0x_", why); gsub(/[0-9]+ \+ [0-9]+/, "_ + _", why)
              if (!(why in n)) { cases[why] = label; nc[why] = 1; order[k++] = why }
              else if (index(cases[why], label) == 0) {
                  if (nc[why] < 4) { cases[why] = cases[why] "; " label; nc[why]++ }
                  else more[why] = "; ..." }
              n[why]++ }
            END { for (j = 0; j < k; j++)
                      printf "  %5d x %s\n          in: %s%s\n", n[order[j]], order[j],
                             cases[order[j]], more[order[j]] }'
        [ "$n_hang" -ge "$MAX_HANGS" ] && echo "  (stopped after $n_hang hangs)"
        echo "---- $name: $n_cases runs ($n_rc0 exit 0, $n_rc1 exit 1), $n_fail failures, $n_skip skipped cases"
        exit 1
    fi
    echo "---- $name: $n_cases runs ($n_rc0 exit 0, $n_rc1 exit 1), no failures, $n_skip skipped cases"
    if [ "$n_cases" -eq 0 ]; then
        exit 77
    fi
    exit 0
}

# ---- build: the victim libraries -----------------------------------------

# try NAME REASON-IF-FAILED CMD...: runs CMD to make LIBS/NAME, or records
# why it could not.
try() {
    local name=$1 why=$2
    shift 2
    rm -f "$LIBS/$name" "$LIBS/$name.skip"
    if "$@" >"$LIBS/$name.log" 2>&1 && [ -s "$LIBS/$name" ]; then
        echo "built $name"
        rm -f "$LIBS/$name.log"
        return 0
    fi
    rm -f "$LIBS/$name"
    echo "$why ($(tail -n1 "$LIBS/$name.log"))" >"$LIBS/$name.skip"
    echo "not built $name: $(cat "$LIBS/$name.skip")"
    return 1
}

# The first, last and a few other keywords in strcmp order: dm_c_name_ok__
# must refuse every one as a member's name.
KEYWORDS="_Alignas _Static_assert _Thread_local auto int sizeof while"

# gen_keyword: a library whose struct has a member <kw>_kwmember for each of
# KEYWORDS (long, so in .debug_str: the build step cuts one to <kw>), and
# the variables the 'ok' kind looks for.
gen_keyword() {
    local kw
    echo "/* Generated by badinput.sh: members named after keywords. */"
    echo "struct kw {"
    for kw in $KEYWORDS; do
        echo "    int ${kw}_kwmember;"
    done
    echo "    int _Alignas_; int whilex; int _Boolean; int intx;"
    echo "};"
    echo "struct kw victim_records[2];"
    echo "long victim_counter;"
    echo "__thread int victim_tls_counter;"
    echo "int victim_table[4];"
}

# gen_deep N: C source with N-deep chains.  Sizes: deep_typedef_var 4,
# deep_cv_var 4, deep_struct_var 4*N, deep_pointer_var 8.
gen_deep() {
    local n=$1 i stars=
    echo "/* Generated by badinput.sh: $n-deep type chains. */"
    echo "typedef int td0;"
    echo "typedef int cv0;"
    echo "struct s0 { int a; };"
    for ((i = 1; i < n; i++)); do
        echo "typedef td$((i - 1)) td$i;"
        if ((i % 2)); then
            echo "typedef const cv$((i - 1)) cv$i;"
        else
            echo "typedef volatile cv$((i - 1)) cv$i;"
        fi
        echo "struct s$i { struct s$((i - 1)) m; int pad; };"
        stars+="*"
    done
    echo "td$((n - 1)) deep_typedef_var;"
    echo "cv$((n - 1)) deep_cv_var;"
    echo "struct s$((n - 1)) deep_struct_var;"
    echo "int *$stars deep_pointer_var;"
    echo "int deep_use(void)"
    echo "{"
    echo "    return deep_typedef_var + deep_cv_var + deep_struct_var.pad + (deep_pointer_var != 0);"
    echo "}"
}

suite_build() {
    mkdir -p "$LIBS"
    local gcc=${BADINPUT_GCC:-$(command -v gcc || true)}
    local clang=${BADINPUT_CLANG:-$(command -v clang || true)}
    local strip=${BADINPUT_STRIP:-$(command -v strip || true)}
    # Built in LIBS with the paths mapped, so that the libraries (and so what
    # each seed does to them) are the same bytes in every build folder.
    cd "$LIBS" || exit 1
    local a=$SRCDIR/victim_a.c b=$SRCDIR/victim_b.c
    local map=("-fdebug-prefix-map=$SRCDIR=/hotup/tests/badinput"
               "-fdebug-prefix-map=$LIBS=/hotup/build")
    local so=(-O2 -shared -fPIC -Wall -Wextra "${map[@]}")
    if [ -z "$gcc" ]; then
        echo "ERROR: no gcc: the victim libraries need it"
        exit 1
    fi
    # The libraries every damage test starts from must build.
    try gcc-dwarf5.so "gcc failed" "$gcc" -g -gdwarf-5 "${so[@]}" -o "$LIBS/gcc-dwarf5.so" "$a" "$b" || exit 1
    try gcc-dwarf4.so "gcc failed" "$gcc" -g -gdwarf-4 "${so[@]}" -o "$LIBS/gcc-dwarf4.so" "$a" "$b" || exit 1
    try nodebug.so "gcc failed" "$gcc" "${so[@]}" -o "$LIBS/nodebug.so" "$a" "$b" || exit 1
    try gcc-g1.so "gcc failed" "$gcc" -g1 "${so[@]}" -o "$LIBS/gcc-g1.so" "$a" "$b" || exit 1
    if [ -n "$strip" ]; then
        try stripped.so "strip failed" "$strip" -o "$LIBS/stripped.so" "$LIBS/gcc-dwarf5.so"
        try strip-debug.so "strip failed" "$strip" --strip-debug -o "$LIBS/strip-debug.so" "$LIBS/gcc-dwarf5.so"
    else
        echo "no strip" >"$LIBS/stripped.so.skip"
        echo "no strip" >"$LIBS/strip-debug.so.skip"
    fi
    # Foreign and 32-bit objects: no #include in the victim, so no sysroot is
    # needed for -c; shared objects link with -nostdlib where a linker can.
    try gcc-i386.o "gcc -m32 failed" "$gcc" -m32 -g -O2 -fPIC "${map[@]}" -c -o "$LIBS/gcc-i386.o" "$a"
    try gcc-i386.so "gcc -m32 -shared failed" "$gcc" -m32 -g "${so[@]}" -nostdlib -o "$LIBS/gcc-i386.so" "$a" "$b"
    try gcc-x32.o "gcc -mx32 failed" "$gcc" -mx32 -g -O2 -fPIC "${map[@]}" -c -o "$LIBS/gcc-x32.o" "$a"
    try gcc-x86_64.o "gcc -c failed" "$gcc" -g -O2 -fPIC "${map[@]}" -c -o "$LIBS/gcc-x86_64.o" "$a"
    local t
    if [ -n "$clang" ]; then
        try clang-dwarf5.so "clang failed" "$clang" -g -gdwarf-5 "${so[@]}" -o "$LIBS/clang-dwarf5.so" "$a" "$b"
        try clang-dwarf4.so "clang failed" "$clang" -g -gdwarf-4 "${so[@]}" -o "$LIBS/clang-dwarf4.so" "$a" "$b"
        try clang-g1.so "clang failed" "$clang" -g1 "${so[@]}" -o "$LIBS/clang-g1.so" "$a" "$b"
        for t in i386 aarch64 powerpc64 riscv64; do
            try "clang-$t.o" "clang -target $t-linux-gnu failed" \
                "$clang" -target "$t-linux-gnu" -g -O2 -fPIC "${map[@]}" -c -o "$LIBS/clang-$t.o" "$a"
            try "clang-$t.so" "clang -target $t-linux-gnu -fuse-ld=lld failed" \
                "$clang" -target "$t-linux-gnu" -g "${so[@]}" -nostdlib -fuse-ld=lld \
                -o "$LIBS/clang-$t.so" "$a" "$b"
        done
    else
        for t in clang-dwarf5.so clang-dwarf4.so clang-g1.so clang-{i386,aarch64,powerpc64,riscv64}.{o,so}; do
            echo "no clang" >"$LIBS/$t.skip"
        done
    fi
    # Deep but valid nesting: typedef, qualifier, struct and pointer chains.
    local n
    for n in 100 300; do
        gen_deep "$n" >"$LIBS/deep$n.c"
        try "deep$n.so" "gcc failed" "$gcc" -g "${so[@]}" -o "$LIBS/deep$n.so" "$LIBS/deep$n.c" || exit 1
    done
    # Members named after C keywords (the names patched in .debug_str).
    gen_keyword >"$LIBS/keyword.c"
    try keyword.so "gcc failed" "$gcc" -g "${so[@]}" -o "$LIBS/keyword.so" "$LIBS/keyword.c" || exit 1
    local kw off
    for kw in $KEYWORDS; do
        cp "$LIBS/keyword.so" "$LIBS/keyword-$kw.so"
        off=$(grep -obUa -- "${kw}_kwmember" "$LIBS/keyword-$kw.so" | head -n1 | cut -d: -f1)
        [ -n "$off" ] || { echo "no string ${kw}_kwmember in keyword.so" >&2; exit 1; }
        printf '\0' | dd of="$LIBS/keyword-$kw.so" bs=1 seek=$((off + ${#kw})) conv=notrunc status=none
    done
    # Separate debug files, for --debug-file.
    local objcopy=${BADINPUT_OBJCOPY:-$(command -v objcopy || true)}
    if [ -n "$objcopy" ]; then
        try gcc-dwarf5.debug "objcopy failed" \
            "$objcopy" --only-keep-debug "$LIBS/gcc-dwarf5.so" "$LIBS/gcc-dwarf5.debug"
        if [ -e "$LIBS/clang-dwarf5.so" ]; then
            try clang-dwarf5.debug "objcopy failed" \
                "$objcopy" --only-keep-debug "$LIBS/clang-dwarf5.so" "$LIBS/clang-dwarf5.debug"
        else
            echo "no clang-dwarf5.so" >"$LIBS/clang-dwarf5.debug.skip"
        fi
    else
        echo "no objcopy" >"$LIBS/gcc-dwarf5.debug.skip"
        echo "no objcopy" >"$LIBS/clang-dwarf5.debug.skip"
    fi
    # Not ELF at all.
    printf 'This is a text file, not a shared library.\nIt has two lines.\n' >"$LIBS/text.txt"
    cp "$LIBS/text.txt" "$LIBS/name with spaces.so"
    : >"$LIBS/empty.so"
    printf '\177ELF' >"$LIBS/magic-only.so"
    printf '\177ELF\2\1\1\0\0\0\0\0\0\0\0\0' >"$LIBS/ident-only.so"
    { printf '\177ELF'; cat "$LIBS/text.txt"; } >"$LIBS/magic-text.so"
    mkdir -p "$LIBS/a-directory.so"
    rm -f "$LIBS/missing.so"
    echo "victim libraries are in $LIBS"
}

# ---- the suites ----------------------------------------------------------

suite_usage() {
    scratch_init usage
    local runs=(
        ""
        "show"
        "show --json"
        "frobnicate $LIBS/gcc-dwarf5.so"
        "show --no-such-option $LIBS/gcc-dwarf5.so"
    )
    local r
    for r in "${runs[@]}"; do
        n_cases=$((n_cases + 1))
        local out=$case_dir/out err=$case_dir/err rc
        # shellcheck disable=SC2086  # word splitting wanted
        { timeout -k 5 "$TIMEOUT" "$DWARFMAP" $r >"$out" 2>"$err" </dev/null; } 2>/dev/null
        rc=$?
        judge usage "$rc" "" show "$out" "$err"
        [ -n "$why" ] && report "usage '$r'" "$why" "$rc" "" "" "$r" "$err" "dwarfmap $r"
    done
    finish usage
}

suite_notelf() {
    scratch_init notelf
    EXPECT_RE=$RE_MISSING KEEP='' check strict "$LIBS/missing.so" "missing file" ""
    EXPECT_RE=$RE_DIR fixture strict a-directory.so "a directory"
    fixture strict empty.so "empty file"
    fixture strict text.txt "text file"
    fixture strict "name with spaces.so" "text file with spaces in its name"
    fixture strict magic-only.so "ELF magic only"
    fixture strict ident-only.so "e_ident only"
    fixture strict magic-text.so "ELF magic then text"
    KEEP='' check strict /dev/null "/dev/null" ""
    local seed
    for seed in $(seq 1 20); do
        damage_case strict - random - "$seed" "random bytes seed $seed"
    done
    need_lib gcc-dwarf5.so
    for seed in $(seq 1 10); do
        damage_case strict "$LIBS/gcc-dwarf5.so" elf-random - "$seed" \
            "ELF header then random bytes seed $seed"
    done
    finish notelf
}

suite_truncate() {
    scratch_init truncate
    local lib where seed n frac
    for lib in gcc-dwarf5.so clang-dwarf5.so; do
        [ -e "$LIBS/$lib" ] || { n_skip=$((n_skip + 1)); continue; }
        for where in @ehdr:8 @phdr:4 @shdr:8 .debug_info:8 .debug_abbrev:4 .debug_str:3 \
                     .text:2 .symtab:2 .shstrtab:2; do
            n=${where##*:}
            for seed in $(seq 1 "$n"); do
                damage_case strict "$LIBS/$lib" truncate "${where%:*}" "$seed" \
                    "$lib truncated in ${where%:*} seed $seed"
            done
        done
        for frac in 0 1 10 100 250 500 750 900 990 999; do
            damage_case strict "$LIBS/$lib" truncate-frac - "$frac" \
                "$lib truncated at $frac/1000"
        done
    done
    finish truncate
}

suite_nodebug() {
    scratch_init nodebug
    fixture strict nodebug.so "no -g"
    fixture strict stripped.so "strip"
    fixture strict strip-debug.so "strip --strip-debug"
    finish nodebug
}

suite_g1() {
    scratch_init g1
    fixture strict gcc-g1.so "gcc -g1"
    fixture strict clang-g1.so "clang -g1"
    finish g1
}

suite_foreign() {
    scratch_init foreign
    local f
    for f in gcc-i386.o gcc-i386.so gcc-x32.o clang-i386.o clang-i386.so \
             clang-aarch64.o clang-aarch64.so clang-powerpc64.o clang-powerpc64.so \
             clang-riscv64.o clang-riscv64.so; do
        fixture strict "$f" "$f"
    done
    # An x86-64 relocatable object is no foreign architecture: it may be
    # read or refused, but cleanly.
    fixture tolerant gcc-x86_64.o "gcc-x86_64.o"
    finish foreign
}

suite_elfhdr() {
    scratch_init elfhdr
    local lib=gcc-dwarf5.so base field v seed s
    need_lib "$lib"
    base=$LIBS/$lib
    local size
    size=$(wc -c <"$base")
    # Clearly not a readable x86-64 ELF file: must be refused.
    for field in magic:0 magic:0x7f454c47 class:0 class:1 class:3 class:255 data:0 data:2 data:3 \
                 machine:0 machine:3 machine:40 machine:183 machine:243 machine:0xffff \
                 shoff:"$size" shoff:0x7fffffffffffffff shoff:0xffffffffffffffff; do
        v=${field#*:}
        damage_case strict "$base" ehdr "${field%%:*}" "$v" "$lib e_${field%%:*}=$v"
    done
    # Damage that a reader may or may not get past.
    for field in version:0 version:2 osabi:97 type:0 type:1 type:2 type:4 eversion:0 \
                 phoff:0 phoff:"$size" phnum:0 phnum:0xffff phentsize:0 phentsize:1 \
                 shentsize:0 shentsize:1 shentsize:0xffff shnum:0 shnum:1 shnum:0xffff \
                 shstrndx:0 shstrndx:0xfffe shstrndx:0xffff ehsize:0 flags:0xffffffff; do
        v=${field#*:}
        damage_case tolerant "$base" ehdr "${field%%:*}" "$v" "$lib e_${field%%:*}=$v"
    done
    for seed in $(seq 1 30); do
        damage_case tolerant "$base" ehdr-rand @ehdr "$seed" "$lib ehdr-rand seed $seed"
    done
    for s in .debug_info .debug_abbrev .debug_str .debug_line .debug_line_str .symtab .strtab \
             .shstrtab .dynsym .tdata .tbss .data .bss; do
        damage_case tolerant "$base" shdr:size "$s" 0xffffffffffff "$lib $s sh_size huge"
        damage_case tolerant "$base" shdr:offset "$s" "$size" "$lib $s sh_offset at EOF"
        damage_case tolerant "$base" shdr:type "$s" 8 "$lib $s sh_type NOBITS"
        for seed in $(seq 1 6); do
            damage_case tolerant "$base" shdr-rand "$s" "$seed" "$lib $s shdr-rand seed $seed"
        done
    done
    finish elfhdr
}

# `show --debug-file DEBUG stripped.so`: the debug file is the bad input.
suite_debugfile() {
    scratch_init debugfile
    need_lib stripped.so
    need_lib gcc-dwarf5.debug
    local lib=$LIBS/stripped.so d seed mode
    EXTRA=(--debug-file "$LIBS/gcc-dwarf5.debug")
    KEEP='' check ok "$lib" "the right debug file" ""
    for d in missing.so a-directory.so empty.so text.txt nodebug.so gcc-i386.so \
             clang-aarch64.so clang-powerpc64.so gcc-g1.so clang-dwarf5.debug; do
        if [ ! -e "$LIBS/$d" ] && [ -e "$LIBS/$d.skip" ]; then
            n_skip=$((n_skip + 1))
            continue
        fi
        # A debug file of another build describes other addresses and
        # layouts: it must be refused, like one of another architecture.
        EXTRA=(--debug-file "$LIBS/$d")
        NAMED=("$LIBS/$d")
        EXPECT_RE=
        case $d in
        missing.so) EXPECT_RE=$RE_MISSING ;;
        a-directory.so) EXPECT_RE=$RE_DIR ;;
        esac
        KEEP='' check strict "$lib" "--debug-file $d" ""
    done
    EXPECT_RE=
    # A damaged debug file: read or refused, naming either file.
    NAMED=("$case_dir/case.debug" "$lib")
    EXTRA=(--debug-file "$case_dir/case.debug")
    local modes=(overwrite die-cycle unit-length die-ref flip die-value abbrev-form die-expr)
    for seed in $(seq 1 24); do
        mode=${modes[$(( (seed - 1) % ${#modes[@]} ))]}
        local section=.debug_info
        [ "$mode" = flip ] && section=.debug_abbrev
        local prefix
        prefix="$(printf '%q ' "$CORRUPT" "$LIBS/gcc-dwarf5.debug" "$case_dir/case.debug" \
                  "$mode" "$section" "$seed")"
        WHAT=$("$CORRUPT" "$LIBS/gcc-dwarf5.debug" "$case_dir/case.debug" "$mode" "$section" \
               "$seed" 2>&1) || { n_skip=$((n_skip + 1)); continue; }
        KEEP='' check tolerant "$lib" "damaged debug file: $mode $section seed $seed" "${prefix% }"
        WHAT=
    done
    EXTRA=()
    NAMED=()
    finish debugfile
}

# Valid libraries with deep type chains: refused in one line, or read with
# the right sizes.
suite_deep() {
    scratch_init deep
    local n
    for n in 100 300; do
        EXPECT_SIZES="deep_typedef_var=4 deep_cv_var=4 deep_struct_var=$((4 * n)) deep_pointer_var=8"
        fixture sizes "deep$n.so" "$n-deep type chains"
    done
    finish deep
}

# Member names that are C keywords: refused, naming the problem; the same
# library with names that only start like keywords is read.
suite_keyword() {
    scratch_init keyword
    local kw
    fixture ok keyword.so "names like keywords"
    for kw in $KEYWORDS; do
        EXPECT_RE="'$kw' is not a C identifier" fixture strict "keyword-$kw.so" "a member named $kw"
    done
    finish keyword
}

suite_pristine() {
    scratch_init pristine
    local lib
    for lib in gcc-dwarf5.so gcc-dwarf4.so clang-dwarf5.so clang-dwarf4.so; do
        fixture ok "$lib" "pristine $lib"
    done
    finish pristine
}

# Which damage each seed does: cycled over by seed.  Unit-aware modes are
# added for the sections made of length-prefixed units.
modes_for() {
    local m=(overwrite flip overwrite:1 overwrite:4 flip:1 overwrite:32)
    case $1 in
    .debug_info)
        m+=(unit-length unit-field unit-field) ;;
    .debug_line|.debug_str_offsets|.debug_addr|.debug_loclists|.debug_rnglists|.debug_aranges)
        m+=(unit-length) ;;
    esac
    echo "${m[@]}"
}

suite_damage() {
    local lib=$1 section=$2 nseeds=$3
    scratch_init "damage-$lib$section"
    need_lib "$lib"
    local base=$LIBS/$lib
    "$CORRUPT" "$base" /dev/null zero "$section" 0 >/dev/null 2>&1
    if [ $? -eq 3 ]; then
        echo "skip: $lib has no $section"
        exit 77
    fi
    local modes seed mode kind
    read -r -a modes <<<"$(modes_for "$section")"
    # An emptied .debug_info or .debug_abbrev leaves no debug info at all.
    for mode in fill-ff zero; do
        kind=tolerant
        case $section in .debug_info|.debug_abbrev) kind=strict ;; esac
        damage_case "$kind" "$base" "$mode" "$section" 0 "$lib $mode $section"
    done
    for seed in $(seq 1 "$nseeds"); do
        mode=${modes[$(( (seed - 1) % ${#modes[@]} ))]}
        damage_case tolerant "$base" "$mode" "$section" "$seed" "$lib $mode $section seed $seed"
    done
    finish "damage $lib $section"
}

# Structure-aware damage of .debug_info and the abbrevs its DIEs use: type
# loops, wild references, nasty sizes and bounds, broken location
# expressions, forms, tags and children flags changed.
# Seeds after NSEEDS are run too: ones that a longer sweep found to break
# the contract, so that the suite keeps catching them.
suite_structure() {
    local lib=$1 nseeds=$2
    shift 2
    scratch_init "structure-$lib"
    need_lib "$lib"
    local base=$LIBS/$lib seed mode
    local modes=(die-ref die-cycle die-value die-expr abbrev-form abbrev-attr abbrev-tag
                 abbrev-children)
    for seed in $(seq 1 "$nseeds") "$@"; do
        mode=${modes[$(( (seed - 1) % ${#modes[@]} ))]}
        damage_case tolerant "$base" "$mode" .debug_info "$seed" "$lib $mode seed $seed"
    done
    finish "structure $lib"
}

suite_damage_misc() {
    local lib=$1 nseeds=$2
    scratch_init "damage-misc-$lib"
    need_lib "$lib"
    local base=$LIBS/$lib s seed mode modes
    for s in .debug_line .debug_loclists .debug_rnglists .debug_aranges .debug_frame \
             .eh_frame .shstrtab .dynsym .dynstr .dynamic .rela.dyn .note.gnu.build-id; do
        "$CORRUPT" "$base" /dev/null zero "$s" 0 >/dev/null 2>&1
        [ $? -eq 3 ] && continue
        read -r -a modes <<<"$(modes_for "$s")"
        for seed in $(seq 1 "$nseeds"); do
            mode=${modes[$(( (seed - 1) % ${#modes[@]} ))]}
            damage_case tolerant "$base" "$mode" "$s" "$seed" "$lib $mode $s seed $seed"
        done
    done
    finish "damage-misc $lib"
}

if [ "$SUITE" != build ] && [ ! -x "$DWARFMAP" ]; then
    echo "ERROR: $DWARFMAP is not an executable"
    exit 1
fi
case $SUITE in
build) suite_build ;;
usage|notelf|truncate|nodebug|g1|foreign|elfhdr|pristine|debugfile|deep|keyword) "suite_$SUITE" ;;
damage) suite_damage "$@" ;;
damage-misc) suite_damage_misc "$@" ;;
structure) suite_structure "$@" ;;
*) echo "unknown suite '$SUITE'" >&2; exit 2 ;;
esac
