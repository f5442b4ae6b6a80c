/* 049-relocate-tables, old: variables that keep their layout but hold
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
static int gen = 1;

/* Every variable whole in memory, as the datapath's are (no pieces). */
const void *
dp_keep(int i)
{
    const void *all[] = { vals, ports, buckets, rings, grid, tags, &odd, &gen };

    return all[i % 8];
}

long long dp_version(void) { return 1; }

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
