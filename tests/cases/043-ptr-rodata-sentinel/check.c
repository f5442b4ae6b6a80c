/* 043-ptr-rodata-sentinel: a pointer to a named read-only variable of the
 * old build is remapped to the same variable of the new build (the rodata
 * map, by identity), so that code comparing with the sentinel's address
 * still recognises it; a pointer into a named read-only string likewise. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_added, 7);
    SET(set_label, 9);
    EXPECT(get_empty, 1);
    EXPECTS(gets_label, "banner");

    case_upgrade_ok();
    EXPECT(get_empty, 1);               /* &empty_impl of the new build. */
    EXPECT(get_added, 7);
    EXPECT(get_removed, 0);
    EXPECTS(gets_label, "banner");
    return case_done();
}
