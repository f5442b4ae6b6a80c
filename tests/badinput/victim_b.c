/* Victim library for the bad-input tests, second compile unit. */

typedef struct {
    unsigned short kind;
    unsigned char raw[3];
    float weights[2];
} victim_anon;

struct victim_list;
struct victim_list {
    struct victim_list *prev, *next;
    int payload[];
};

static victim_anon victim_anons[5];
static char shared_name[8] = "cu-b";                 /* same name in cu a */
static struct victim_list *victim_head;
_Thread_local static long victim_tls_static[3];
static unsigned long long victim_big = 0x1122334455667788ull;

int victim_b_touch(int n)
{
    static int calls;                                 /* same name as in a */
    static int history[8];
    calls++;
    history[calls & 7] = n;
    victim_anons[n % 5].kind = (unsigned short)n;
    victim_anons[n % 5].weights[n & 1] = (float)n;
    shared_name[n & 7] = (char)n;
    victim_tls_static[n % 3] += n;
    victim_big ^= (unsigned long long)n;
    if (victim_head)
        victim_head = victim_head->next;
    return history[n & 7] + calls;
}

int victim_b_read(int n)
{
    return victim_anons[n % 5].raw[n % 3] + shared_name[n & 7]
           + (int)victim_anons[n % 5].weights[0] + (int)victim_tls_static[0]
           + (victim_head ? victim_head->payload[n] : 0) + (int)victim_big;
}

void victim_b_link(struct victim_list *l)
{
    victim_head = l;
}
