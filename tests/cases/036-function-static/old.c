/* 036-function-static, old: statics inside functions (identity
 * dp.c:FUNCTION:NAME), one of them in a static inline function inlined
 * into two callers (clang then describes it under a nameless subprogram,
 * gcc under the abstract one). */
static inline int
counter_inc(void)
{
    static int n;

    return ++n;
}

long long dp_version(void) { return 1; }

long long bump(void)
{
    static int hits;

    return ++hits;
}

long long tally(long long v)
{
    static long sum;

    sum += (long) v;
    return sum;
}

long long api_a(void) { return counter_inc(); }
long long api_b(void) { return counter_inc() * 10; }
