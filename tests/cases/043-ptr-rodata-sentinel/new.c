/* 043-ptr-rodata-sentinel, new: the table gains a member; the sentinel
 * and the string are unchanged, at other addresses. */
struct impl {
    long long n;
    long long slots[4];
};

static const char other[] = "a read-only string that moves the others";
const struct impl empty_impl = { 0 };
const char banner[] = "sentinel-banner";

static struct table {
    long long removed;
    const struct impl *impl;
    long long added;
} table = { 0, &empty_impl, 0 };

static const char *label = &banner[3];

long long dp_version(void) { return 2; }

const void *dp_keep(int i)
{
    return i == 2 ? (const void *) other
           : i ? (const void *) &label : (const void *) &table;
}

long long get_empty(void) { return table.impl == &empty_impl; }
long long get_added(void) { return table.added; }
long long get_removed(void) { return table.removed; }
void set_added(long long v) { table.added = v; }
const char *gets_label(void) { return label; }
void set_label(long long i) { label = &banner[i]; }
