/* 038-packed-struct, new: the same struct, no longer packed (every member
 * moves to its natural alignment); 's' widens. */
struct pk {
    char c;
    int i;
    long long l;
    int s;
};

static struct pk one;
static struct pk many[3];

long long dp_version(void) { return 2; }
const void *dp_one(void) { return &one; }

void set_one(int k, long long v)
{
    switch (k) {
    case 0: one.c = (char) v; break;
    case 1: one.i = (int) v; break;
    case 2: one.l = v; break;
    default: one.s = (int) v; break;
    }
}
long long get_one(int k)
{
    return k == 0 ? one.c : k == 1 ? one.i : k == 2 ? one.l : one.s;
}
void set_many_l(int i, long long v) { many[i].l = v; }
long long get_many_l(int i) { return many[i].l; }
void set_many_i(int i, long long v) { many[i].i = (int) v; }
long long get_many_i(int i) { return many[i].i; }
