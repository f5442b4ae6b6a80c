/* 025-ptr-string: a pointer to a string literal of the old build is still
 * readable after the upgrade (remapped to identical bytes in new, or the
 * old build stays mapped). */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_names, 1);
    EXPECTS(gets_name1, "alpha");
    EXPECTS(gets_name2, "only-in-the-old-build");
    EXPECTS(gets_mid, "suffix");

    case_upgrade_ok();
    EXPECTS(gets_name1, "alpha");
    EXPECTS(gets_name2, "only-in-the-old-build");
    EXPECTS(gets_mid, "suffix");
    SET(set_names, 0);
    EXPECTS(gets_name1, "gamma");
    return case_done();
}
