/* 035-split-pieces, new: the same, after an inserted variable. */
struct ref {
    int *target;
    int idx;
};

static long inserted[4] = { 4 };
static struct ref rf;
static int x;

long long dp_version(void) { return 2; }

void point(void)
{
    rf.target = &x;
    rf.idx = 7;
}

void set_x(long long v) { x = (int) v; }
long long get_via_rf(void) { return rf.target ? *rf.target : -1; }
long long get_rf_idx(void) { return rf.idx; }
void set_inserted(long long v) { inserted[0] = (long) v; }
long long get_inserted(void) { return inserted[0]; }
