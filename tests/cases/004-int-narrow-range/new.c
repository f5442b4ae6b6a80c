/* 004-int-narrow-range, new: 'big' is an int now; a value out of its
 * range makes the commit fail. */
static int first;
static int big;
static short other;
static int fresh = 99;                  /* New: keeps its initializer. */

long long dp_version(void) { return 2; }

void set_first(long long v) { first = (int) v; }
long long get_first(void) { return first; }
void set_big(long long v) { big = (int) v; }
long long get_big(void) { return big; }
void set_other(long long v) { other = (short) v; }
long long get_other(void) { return other; }
void set_fresh(long long v) { fresh = (int) v; }
long long get_fresh(void) { return fresh; }
