/* 009-enum-renumber, old. */
enum color { RED, GREEN, BLUE };
enum mode { M_OFF, M_ON = 4 };

struct lamp {
    enum color c;
    int watts;
};

static enum color c1, c2, c3;
static enum color palette[4];
static struct lamp lamp;
static enum mode m2int;                 /* Becomes a plain int. */

long long dp_version(void) { return 1; }
const void *dp_lamp(void) { return &lamp; }

/* Colours cross the interface by name: 0 red, 1 green, 2 blue. */
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
void set_m2int(long long on) { m2int = on ? M_ON : M_OFF; }
long long get_m2int(void) { return m2int; }
