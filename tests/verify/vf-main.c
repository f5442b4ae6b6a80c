/* vf-verify: 'dwarfmap verify' on its own, for the tests of tests/verify
 * until the dwarfmap command wires it.  It links verify-checker, which
 * exports the relocation services the bundles call. */
#include "verify/checker.h"

int
main(int argc, char **argv)
{
    argv[0] = "verify";
    return vf_verify_main(argc, argv);
}
