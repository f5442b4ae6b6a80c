/* 033-const-table, old: read-only tables (in .rodata), read with a run-time
 * index so that they keep their storage. */
struct entry {
    int key;
    int val;
};

static const int table[4] = { 1, 2, 3, 4 };
static const struct entry entries[2] = { { 1, 10 }, { 2, 20 } };
static int hits;

long long dp_version(void) { return 1; }

long long get_table(int i) { hits++; return table[i]; }
long long get_entry_val(int i) { return entries[i].val; }
long long get_hits(void) { return hits; }
