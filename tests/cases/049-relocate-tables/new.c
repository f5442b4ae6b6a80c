/* 049-relocate-tables, new: variables that keep their layout but hold
 * pointers, which the runtime relocates from the bundle's tables of
 * words (RELOCATE entries): pointers in an array of structs, arrays of
 * pointers inside an array of structs (shorter and longer than it), a
 * 2-D array of pointers, a union's word (checked, kept), a code pointer,
 * and a pointer at an odd offset of a packed struct.  'gen' widens, so
 * that one variable is converted by code. */
#include <stddef.h>

struct port {
    const char *name;
    int (*op)(int);
    struct port *peer;
    long n;
};

struct bucket {
    int *slot[4];
    int used;
};

struct ring {
    int *cell[2];
};

union tagged {
    long bits;
    const char *text;
};

struct __attribute__((packed)) odd {
    char tag;
    int *p;
};

static int vals[8];
static int twice(int x) { return 2 * x; }
static int thrice(int x) { return 3 * x; }
static struct port ports[3] = {
    { "p0", twice, NULL, 0 }, { "p1", thrice, NULL, 1 }, { NULL, NULL, NULL, 2 },
};
static struct bucket buckets[2];
static struct ring rings[5];
static int *grid[3][2];
static union tagged tags[3];
static struct odd odd = { 'x', NULL };
static long gen = 1;

/* Every variable whole in memory, as the datapath's are (no pieces). */
const void *
dp_keep(int i)
{
    const void *all[] = { vals, ports, buckets, rings, grid, tags, &odd, &gen };

    return all[i % 8];
}

long long dp_version(void) { return 2; }

void wire(void)
{
    ports[0].peer = &ports[1];
    ports[1].peer = &ports[0];
    ports[2].op = twice;
    buckets[1].slot[3] = &vals[3];
    buckets[0].slot[0] = &vals[0];
    rings[4].cell[1] = &vals[4];
    rings[0].cell[0] = &vals[5];
    grid[2][1] = &vals[6];
    grid[0][0] = &vals[7];
    tags[1].bits = 12345;
    tags[2].text = NULL;
    odd.p = &vals[2];
    for (int i = 0; i < 8; i++) {
        vals[i] = 10 * i;
    }
    gen = 7;
}

long long op_of(int i, int x) { return ports[i].op ? ports[i].op(x) : -1; }
long long peer_n(int i) { return ports[i].peer ? ports[i].peer->n : -1; }
const char *port_name(void) { return ports[1].name; }
long long slot_val(int b, int s) { return buckets[b].slot[s] ? *buckets[b].slot[s] : -1; }
long long cell_val(int r, int c) { return rings[r].cell[c] ? *rings[r].cell[c] : -1; }
long long grid_val(int i) { return grid[i / 2][i % 2] ? *grid[i / 2][i % 2] : -1; }
long long tag_bits(int i) { return tags[i].bits; }
long long odd_val(void) { return odd.tag == 'x' && odd.p ? *odd.p : -1; }
long long gen_val(void) { return gen; }
long long pointers_ok(void)
{
    return (ports[0].peer == &ports[1]) + 2 * (ports[1].peer == &ports[0])
           + 4 * (buckets[1].slot[3] == &vals[3])
           + 8 * (rings[4].cell[1] == &vals[4]) + 16 * (grid[2][1] == &vals[6])
           + 32 * (odd.p == &vals[2]) + 64 * (ports[2].op == twice);
}
