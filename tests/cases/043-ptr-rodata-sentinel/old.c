/* 043-ptr-rodata-sentinel, old: a table whose empty state points to an
 * exported read-only sentinel that code compares by address (Open
 * vSwitch's cmap and 'empty_cmap'), and a pointer into a named read-only
 * string. */
struct impl {
    long long n;
    long long slots[4];
};

const struct impl empty_impl = { 0 };   /* All zeros, in .rodata. */
const char banner[] = "sentinel-banner";

static struct table {
    const struct impl *impl;
    long long added;
} table = { &empty_impl, 0 };

static const char *label = &banner[3];

long long dp_version(void) { return 1; }

const void *dp_keep(int i)
{
    return i ? (const void *) &label : (const void *) &table;
}

long long get_empty(void) { return table.impl == &empty_impl; }
long long get_added(void) { return table.added; }
void set_added(long long v) { table.added = v; }
const char *gets_label(void) { return label; }
void set_label(long long i) { label = &banner[i]; }
