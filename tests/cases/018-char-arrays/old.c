/* 018-char-arrays, old. */
#include <string.h>

struct port {
    char name[16];
    unsigned char mac[6];
    int mtu;
};

static struct port port;
static char shortname[32];
static char label[8];                   /* Unchanged. */

long long dp_version(void) { return 1; }
const void *dp_port(void) { return &port; }

void sets_port_name(const char *s) { strncpy(port.name, s, sizeof port.name - 1); }
const char *gets_port_name(void) { return port.name; }
void set_port_mac(int i, long long v) { port.mac[i] = (unsigned char) v; }
long long get_port_mac(int i) { return port.mac[i]; }
void set_port_mtu(long long v) { port.mtu = (int) v; }
long long get_port_mtu(void) { return port.mtu; }
void sets_shortname(const char *s) { strncpy(shortname, s, sizeof shortname - 1); }
const char *gets_shortname(void) { return shortname; }
void sets_label(const char *s) { strncpy(label, s, sizeof label - 1); }
const char *gets_label(void) { return label; }
