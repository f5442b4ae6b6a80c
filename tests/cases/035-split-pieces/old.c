/* 035-split-pieces, old: a static struct whose address never escapes and
 * that is only ever stored constants.  gcc keeps it whole; clang -O2
 * splits it into two globals (rf.0, rf.1) and shrinks the int to a flag:
 * its DWARF location is then a list of DW_OP_piece, one of them computed
 * (DW_OP_stack_value).  The tool must say so, never drop it silently. */
struct ref {
    int *target;
    int idx;
};

static struct ref rf;
static int x;

long long dp_version(void) { return 1; }

void point(void)
{
    rf.target = &x;
    rf.idx = 7;
}

void set_x(long long v) { x = (int) v; }
long long get_via_rf(void) { return rf.target ? *rf.target : -1; }
long long get_rf_idx(void) { return rf.idx; }
