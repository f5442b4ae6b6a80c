/* 010-enum-noname, new: ZOMBIE is gone, the others are renumbered. */
enum state { STOPPED = 1, RUNNING, IDLE };

static enum state st;
static enum state hist[3];

long long dp_version(void) { return 2; }

void set_st(long long v) { st = (enum state) v; }
long long get_st(void) { return st; }
void set_hist(int i, long long v) { hist[i] = (enum state) v; }
long long get_hist(int i) { return hist[i]; }
