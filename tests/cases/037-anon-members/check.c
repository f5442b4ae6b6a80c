/* 037-anon-members: members of anonymous structs are matched by name;
 * an unchanged anonymous union moves whole. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_tag, 3);
    SET(set_i, -123456);
    SET(set_x, -300);
    SET(set_y, 301);

    case_upgrade_ok();
    EXPECT(get_tag, 3);
    EXPECT(get_i, -123456);
    EXPECT(get_x, -300);
    EXPECT(get_y, 301);
    EXPECT(get_seq, 8);
    return case_done();
}
