/* flexible, new: unchanged, a variable added. */
struct fx {
    int n;
    short v[];
};

static struct fx f = { 3, { 1, 2, 3 } };
static long added = 5;

const void *dp_keep(int i) { return i ? (const void *) &added : &f; }
