/* 044-exit-code, old: a build that registers an exit handler (as Open
 * vSwitch's fatal-signal module does with atexit()) and has a destructor.
 * glibc runs both when the library is unloaded: after an upgrade they
 * would run inside the live process, on state that moved to the new
 * build.  Each leaves a mark in the environment, which the host sees. */
#include <stdlib.h>

static int counter;                     /* Widened in new. */

long long dp_version(void) { return 1; }
const void *dp_keep(void) { return &counter; }
long long get_counter(void) { return counter; }
void set_counter(long long v) { counter = (int) v; }

static void
on_exit_handler(void)
{
    setenv("HOTUP_CASE_044_ATEXIT", "ran", 1);
}

static __attribute__((destructor)) void
on_unload(void)
{
    setenv("HOTUP_CASE_044_DTOR", "ran", 1);
}

void arm(long long unused)
{
    (void) unused;
    atexit(on_exit_handler);
}
