/* 015-array-shrink-nonzero, old. */
struct pt {
    int x, y;
};

static int shrink[8];
static struct pt pts[4];

long long dp_version(void) { return 1; }

void set_shrink(int i, long long v) { shrink[i] = (int) v; }
long long get_shrink(int i) { return shrink[i]; }
void set_pts_y(int i, long long v) { pts[i].y = (int) v; }
long long get_pts_y(int i) { return pts[i].y; }
