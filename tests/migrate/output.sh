#!/bin/sh
# How 'dwarfmap diff -o FILE' writes migrate.c (write_migration in
# migrate/tools/dwarfmap.c): a regular file through a temporary file
# beside it, renamed over it once complete; anything else (stdout, a
# device, a symbolic link) once the text is complete in memory.
#
#   output.sh DWARFMAP CC SCRATCH
set -u
dwarfmap=$1 cc=$2 out=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$out" && mkdir -p "$out/w" || fail "cannot make $out"
cd "$out" || exit 1
printf 'int counter = 1;\n' > old.c
printf 'long counter = 1;\nint added = 2;\n' > new.c
for v in old new; do
    "$cc" -g -O2 -fPIC -shared -o "$v.so" "$v.c" || fail "cannot build $v.so"
done

# stdout: the reference text.
"$dwarfmap" diff old.so new.so > ref.c
[ $? -eq 4 ] || fail "diff to stdout: exit status not 4 (a change)"
grep -q 'dst->v = (int64_t) src->v;' ref.c \
    || fail "ref.c does not widen 'counter'"

# A new file: the same text, fopen's permissions, nothing left beside it.
umask 027
"$dwarfmap" diff -o w/new.c old.so new.so
[ $? -eq 4 ] || fail "diff -o w/new.c: exit status not 4"
cmp -s ref.c w/new.c || fail "w/new.c differs from the text on stdout"
[ "$(stat -c %a w/new.c)" = 640 ] \
    || fail "w/new.c has mode $(stat -c %a w/new.c), want 640 (umask 027)"

# An existing file: replaced.
printf 'stale\n' > w/old.c
"$dwarfmap" diff -o w/old.c old.so new.so
cmp -s ref.c w/old.c || fail "w/old.c not replaced by the migration"
[ "$(ls w | tr '\n' ' ')" = "new.c old.c " ] \
    || fail "files left in the directory: $(ls w | tr '\n' ' ')"

# A symbolic link: written through, still a link.
ln -s new.c w/link.c
"$dwarfmap" diff -o w/link.c old.so new.so
[ -L w/link.c ] || fail "w/link.c is no longer a symbolic link"
cmp -s ref.c w/new.c || fail "the target of w/link.c not written"

# A device: written to, not replaced (mkstemp beside /dev/null would, as
# root, put a regular file in its place).
"$dwarfmap" diff -o /dev/null old.so new.so
[ $? -eq 4 ] || fail "diff -o /dev/null: exit status not 4"
[ -c /dev/null ] || fail "/dev/null is no longer a device"

# A directory that does not exist: one line naming the file, status 1 (with
# the change's 4), no file.
"$dwarfmap" diff -o missing/x.c old.so new.so 2> err
status=$?
[ $status -eq 5 ] || fail "diff -o missing/x.c: exit status $status, want 5"
[ "$(wc -l < err)" -eq 1 ] && grep -q 'missing/x.c: cannot write' err \
    || fail "diff -o missing/x.c: stderr '$(cat err)'"

echo "output: stdout, new, replaced, link, device and missing directory"
