/* tls, new. */
#include <stdint.h>

struct tstat {
    int64_t delta;
    uint64_t packets;
    uint32_t *mine;
    uint32_t flags;
};

static __thread uint64_t t_count = 3;
static __thread struct tstat t_stat = { .flags = 0xf };
static __thread int *t_to_static;
static __thread char t_name[8];
static __thread int t_new = 12;
static int table[6];
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
    case 5: return &t_new;
    default: return &to_tls;
    }
}
