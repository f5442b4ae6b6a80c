/* 045-array-shrink-member, new: an array member loses its tail, in a
 * static struct and in each element of a static array of structs; the
 * cut-off elements must hold zero. */
struct port {
    int id;
    unsigned short q[3];
};

static struct port one;
static struct port ports[3];

long long dp_version(void) { return 2; }
void *dp_keep(void) { return &one; }

void set_one_q(int i, long long v) { one.q[i] = (unsigned short) v; }
long long get_one_q(int i) { return one.q[i]; }
void set_one_id(long long v) { one.id = (int) v; }
long long get_one_id(void) { return one.id; }
void set_ports_q(int i, long long v) { ports[i / 3].q[i % 3] = (unsigned short) v; }
long long get_ports_q(int i) { return ports[i / 3].q[i % 3]; }
void set_ports_id(int i, long long v) { ports[i].id = (int) v; }
long long get_ports_id(int i) { return ports[i].id; }
