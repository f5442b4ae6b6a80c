/* 004-int-narrow-range, old: 'big' is narrowed by new.c. */
static short first;                     /* Migrated before 'big'. */
static long big;
static int other;                       /* Migrated after 'big'. */

long long dp_version(void) { return 1; }

void set_first(long long v) { first = (short) v; }
long long get_first(void) { return first; }
void set_big(long long v) { big = (long) v; }
long long get_big(void) { return big; }
void set_other(long long v) { other = (int) v; }
long long get_other(void) { return other; }
