/* flexible, old: a variable sized by its initializer (a flexible array
 * member): it moves only as an unchanged byte copy. */
struct fx {
    int n;
    short v[];
};

static struct fx f = { 3, { 1, 2, 3 } };

const void *dp_keep(void) { return &f; }
