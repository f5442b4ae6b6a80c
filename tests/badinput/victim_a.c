/* Victim library for the bad-input tests, first compile unit.  No #include,
 * so it builds for any target (-m32, -target aarch64-linux-gnu, ...) without
 * that target's C library headers.  Statics are kept alive by the exported
 * functions so that -O2 leaves them in .data/.bss with DWARF locations. */

typedef unsigned long victim_size;

enum victim_colour { VICTIM_RED, VICTIM_GREEN = 5, VICTIM_BLUE = -3 };

struct victim_point {
    int x, y;
};

struct victim_record {
    char tag[12];
    unsigned flags : 3;
    unsigned level : 5;
    signed delta : 7;
    enum victim_colour colour;
    struct victim_point corners[2][3];
    union {
        double d;
        long l;
        unsigned char bytes[8];
    } u;
    const char *name;
    void (*callback)(int);
    struct victim_record *next;
};

int victim_counter = 1;                               /* global, .data */
long victim_table[4][5];                              /* global, .bss */
const int victim_readonly[3] = { 1, 2, 3 };           /* .rodata */
_Thread_local int victim_tls_counter;                 /* TLS, .tbss */
_Thread_local struct victim_point victim_tls_point = { 7, 8 }; /* .tdata */

static struct victim_record victim_records[3] = {
    { "first", 1, 2, -3, VICTIM_GREEN, { { { 1, 2 } } }, { 1.5 }, "a", 0, 0 },
};
static enum victim_colour victim_colour_now = VICTIM_BLUE;
static volatile victim_size victim_volatile_size;
static struct victim_point *victim_point_ptr;
static char shared_name[16] = "cu-a";                /* same name in cu b */

void victim_a_touch(int n)
{
    static int calls;                                 /* function static */
    static struct victim_point last[4];
    calls += n;
    last[n & 3].x = calls;
    victim_records[n % 3].flags = (unsigned)n;
    victim_records[n % 3].next = &victim_records[(n + 1) % 3];
    victim_colour_now = (enum victim_colour)n;
    victim_volatile_size = (victim_size)n;
    victim_point_ptr = &last[n & 3];
    victim_tls_counter += n;
    victim_tls_point.y += n;
    victim_table[n % 4][n % 5] += n;
    shared_name[n & 15] = (char)n;
}

int victim_a_read(int n)
{
    return victim_records[n % 3].u.bytes[n & 7] + victim_point_ptr->y
           + (int)victim_colour_now + victim_readonly[n % 3] + shared_name[0];
}
