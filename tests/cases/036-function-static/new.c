/* 036-function-static, new: 'hits' and 'n' widen, 'sum' is unchanged,
 * 'calls' is new. */
static inline long
counter_inc(void)
{
    static long n;

    return ++n;
}

long long dp_version(void) { return 2; }

long long bump(void)
{
    static long long hits;

    return ++hits;
}

long long tally(long long v)
{
    static long sum;
    static int calls = 100;

    sum += (long) v;
    calls++;
    return sum + 1000000 * (long long) calls;
}

long long api_a(void) { return counter_inc(); }
long long api_b(void) { return counter_inc() * 10; }
