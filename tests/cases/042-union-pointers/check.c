/* 042-union-pointers: unions holding pointers move whole.  Heap pointers,
 * integers and a string literal (the old build stays mapped) carry over;
 * a pointer into the old build's static data or code cannot be relocated
 * without knowing the live member, so the commit fails, naming the
 * variable, and the old build keeps running with its state. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_count, 5);
    SETF(setf_h_real, 2.5);
    SETI(set_lk, 0, 11);
    SETI(set_lk, 1, 0);
    SETI(set_lk_word, 1, 0x123456789LL);
    SET(set_atom_static, 0);

    case_upgrade_fails("dp.c:atom", "HOTUP_MIG_ERELOC");
    EXPECT(get_count, 5);
    EXPECTI(get_lk_node, 0, 11);

    case_phase = "old";
    SETS(sets_atom_str, "on the heap");
    SETI(set_lk, 1, 3);
    case_upgrade_fails("dp.c:h", "HOTUP_MIG_ERELOC");
    EXPECTI(get_lk_node, 1, 7);

    case_phase = "old";
    SETI(set_lk, 1, 4);
    case_upgrade_fails("dp.c:h", "HOTUP_MIG_ERELOC");

    case_phase = "old";
    SETI(set_lk, 1, 0);
    SETI(set_lk_word, 1, 0x123456789LL);
    SET(set_atom_literal, 0);
    case_upgrade_ok();
    EXPECT(get_count, 5);
    EXPECTF(getf_h_real, 2.5);
    EXPECTI(get_lk_node, 0, 11);
    EXPECTI(get_lk_word, 1, 0x123456789LL);
    EXPECTS(gets_atom_str, "a literal of the old build");
    EXPECT(get_fresh, 99);
    SET(set_clear, 0);
    return case_done();
}
