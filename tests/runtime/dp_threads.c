/* A minimal threaded datapath for the runtime's edge cases, built twice
 * (-DDPT_VERSION=1 and 2; the bundles between them come from dwarfmap at
 * test time).  Each thread counts its passes in thread-local storage and
 * publishes the count; a thread told to quit returns from its entry
 * without being asked (it ends). */
#include <sched.h>
#include <stdint.h>

#include "hotup/datapath.h"

#define DPT_MAX 64

static uint32_t quit[DPT_MAX];          /* 1: return unasked. */
static uint64_t passes[DPT_MAX];        /* Published t_passes. */
static __thread uint64_t t_passes;      /* Passes of this thread. */

int dp_version(void) { return DPT_VERSION; }

void
dpt_main(struct hotup_thread *t, unsigned idx)
{
    while (!hotup_checkpoint(t)) {
        if (idx < DPT_MAX && __atomic_load_n(&quit[idx], __ATOMIC_ACQUIRE)) {
            return;
        }
        t_passes++;
        if (idx < DPT_MAX) {
            __atomic_store_n(&passes[idx], t_passes, __ATOMIC_RELEASE);
        }
        sched_yield();
    }
}

void
dpt_quit(unsigned idx)
{
    if (idx < DPT_MAX) {
        __atomic_store_n(&quit[idx], 1, __ATOMIC_RELEASE);
    }
}

uint64_t
dpt_passes(unsigned idx)
{
    return idx < DPT_MAX ? __atomic_load_n(&passes[idx], __ATOMIC_ACQUIRE)
                         : 0;
}
