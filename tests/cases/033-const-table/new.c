/* 033-const-table, new: the tables change size and contents.  They are
 * not state: new's own values apply, nothing is migrated. */
struct entry {
    long key;
    int val;
    int weight;
};

static const int table[6] = { 10, 20, 30, 40, 50, 60 };
static const struct entry entries[3] = { { 1, 11, 1 }, { 2, 22, 1 }, { 3, 33, 1 } };
static int hits;

long long dp_version(void) { return 2; }

long long get_table(int i) { hits++; return table[i]; }
long long get_entry_val(int i) { return entries[i].val; }
long long get_hits(void) { return hits; }
