/* A datapath with no state at all (no static or thread-local variable),
 * for the "stop plus resume" part of the break: built twice (-DNS_VERSION
 * 1 and 2) so that the two builds differ; 'dwarfmap diff' between them
 * migrates nothing.  Its threads poll like the example's PMD threads on
 * empty rings: a checkpoint per pass, then they yield. */
#include <sched.h>

#include "hotup/datapath.h"

int ns_version(void) { return NS_VERSION; }

void
ns_main(struct hotup_thread *t, unsigned idx)
{
    (void) idx;
    while (!hotup_checkpoint(t)) {
        sched_yield();
    }
}
