/* 046-wide-struct-map, old. */
struct wide {
    int m0;
    int m1;
    int m2;
    int m3;
    int m4;
    int m5;  /* Widened by new. */
    int m6;
    int m7;
    int m8;
    int m9;
    int m10;
    int m11;
    int m12;
    int m13;
};

static struct wide w;
static int *pm = &w.m9;                 /* Relocated through the offset map. */

long long dp_version(void) { return 1; }

static int *
slot(int i)
{
    switch (i) {
    case 0: return &w.m0;
    case 1: return &w.m1;
    case 2: return &w.m2;
    case 3: return &w.m3;
    case 4: return &w.m4;
    case 6: return &w.m6;
    case 7: return &w.m7;
    case 8: return &w.m8;
    case 9: return &w.m9;
    case 10: return &w.m10;
    case 11: return &w.m11;
    case 12: return &w.m12;
    case 13: return &w.m13;
    default: return 0;
    }
}

void set_m(int i, long long v) { if (i == 5) w.m5 = (int) v; else *slot(i) = (int) v; }
long long get_m(int i) { return i == 5 ? (long long) w.m5 : *slot(i); }
long long get_pm(void) { return *pm; }
long long get_pm_is_m9(void) { return pm == &w.m9; }
