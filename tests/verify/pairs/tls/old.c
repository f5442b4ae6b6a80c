/* tls, old: thread-local state, widened, with pointers from static data
 * into the thread's block and from it to static data. */
#include <stdint.h>

struct tstat {
    uint32_t packets;
    int32_t delta;
    uint32_t *mine;                     /* Into this thread's block. */
};

static __thread uint32_t t_count;
static __thread struct tstat t_stat;
static __thread int *t_to_static;
static __thread char t_name[8];
static int table[4];
static uint32_t *to_tls;

const void *
dp_keep(int i)
{
    switch (i) {
    case 0: return &t_count;
    case 1: return &t_stat;
    case 2: return &t_to_static;
    case 3: return t_name;
    case 4: return table;
    default: return &to_tls;
    }
}
