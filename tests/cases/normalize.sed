# Normalises what in migrate.c depends on the build machine rather than on
# the case: the GNU build-ids, link-time addresses (variables, the
# function map and the rodata map) and DWARF DIE offsets.  Used by
# run-case.sh (golden mode).
s/build-id [0-9a-f][0-9a-f]*/build-id <build-id>/g
s/\(_build_id = \)"[0-9a-f]*"/\1"<build-id>"/
s/\(\.old_addr = \)0x[0-9a-f]*/\1<addr>/
s/\(\.new_addr = \)0x[0-9a-f]*/\1<addr>/
s/^\(    { \)0x[0-9a-f]*, 0x[0-9a-f]*\( },\)$/\1<addr>, <addr>\2/
s/DIE 0x[0-9a-f]*/DIE <off>/g
s/^\(    { \)0x[0-9a-f]*, \([0-9]*\), 0x[0-9a-f]*\( },\)$/\1<addr>, \2, <addr>\3/
