/* 009-enum-renumber, new: every colour has another value; values move by
 * enumerator name. */
enum color { BLACK, BLUE, RED = 7, GREEN = 10 };

struct lamp {
    int watts;
    enum color c;
};

static enum color c1, c2, c3;
static enum color palette[4];
static struct lamp lamp;
static int m2int;

long long dp_version(void) { return 2; }
const void *dp_lamp(void) { return &lamp; }

static enum color
color_of(long long k)
{
    return k == 0 ? RED : k == 1 ? GREEN : BLUE;
}

static long long
name_of(enum color c)
{
    return c == RED ? 0 : c == GREEN ? 1 : c == BLUE ? 2 : -1;
}

void set_c1(long long k) { c1 = color_of(k); }
long long get_c1(void) { return name_of(c1); }
void set_c2(long long k) { c2 = color_of(k); }
long long get_c2(void) { return name_of(c2); }
void set_c3(long long k) { c3 = color_of(k); }
long long get_c3(void) { return name_of(c3); }
void set_palette(int i, long long k) { palette[i] = color_of(k); }
long long get_palette(int i) { return name_of(palette[i]); }
void set_lamp_c(long long k) { lamp.c = color_of(k); }
long long get_lamp_c(void) { return name_of(lamp.c); }
void set_lamp_watts(long long v) { lamp.watts = (int) v; }
long long get_lamp_watts(void) { return lamp.watts; }
long long get_raw_c1(void) { return c1; }
void set_m2int(long long v) { m2int = (int) v; }
long long get_m2int(void) { return m2int; }
