/* 018-char-arrays: strings in char arrays survive growing and shrinking
 * arrays (a shrunk one only if its tail is zero) and reordering. */
#include "case.h"

int
main(int argc, char **argv)
{
    static const unsigned char mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0xff, 0x80 };

    case_open(argc, argv);
    SETS(sets_port_name, "vhost-user-client");      /* 15 chars kept */
    for (int i = 0; i < 6; i++) {
        SETI(set_port_mac, i, mac[i]);
    }
    SET(set_port_mtu, 9000);
    SETS(sets_shortname, "a-name-too-long");
    SETS(sets_label, "lbl");
    EXPECTS(gets_port_name, "vhost-user-clie");

    case_upgrade_fails("dp.c:shortname", "HOTUP_MIG_ETRUNC");
    EXPECTS(gets_shortname, "a-name-too-long");

    case_phase = "old";
    SETS(sets_shortname, "eth0");      /* strncpy zero-fills the tail. */
    case_upgrade_ok();
    EXPECTS(gets_port_name, "vhost-user-clie");
    for (int i = 0; i < 6; i++) {
        EXPECTI(get_port_mac, i, mac[i]);
    }
    EXPECT(get_port_mtu, 9000);
    EXPECTS(gets_shortname, "eth0");
    EXPECTS(gets_label, "lbl");
    return case_done();
}
