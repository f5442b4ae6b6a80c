/* 011-enum-packed: enums that change size (1 -> 4 and 4 -> 1 bytes)
 * convert by name. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    EXPECT(size_sm, 1);
    EXPECT(size_wd, 4);
    SET(set_sm, 2);
    SET(set_wd, 1);
    SET(set_pk_kind, 1);
    SET(set_pk_flag, -9);
    SET(set_pk_w, 0);

    case_upgrade_ok();
    EXPECT(size_sm, 4);
    EXPECT(size_wd, 1);
    EXPECT(get_sm, 2);
    EXPECT(get_wd, 1);
    EXPECT(get_pk_kind, 1);
    EXPECT(get_pk_flag, -9);
    EXPECT(get_pk_w, 0);
    return case_done();
}
