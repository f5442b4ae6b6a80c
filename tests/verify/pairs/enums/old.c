/* enums, old: an enum renumbered by name, one that only grows (same
 * layout: copied by value), enums in structs and bitfields, and enum <->
 * integer by value. */
enum color { RED, GREEN, BLUE };
enum mode { M_OFF, M_ON };
enum alias { AL_A = 1, AL_B = 1, AL_C = 2 };

struct st {
    enum color c;
    enum mode m;
    unsigned k : 3;
    enum color cb : 4;
};

static enum color col;
static enum color cols[4];
static enum mode md;
static struct st st;
static enum color e2i;
static int i2e;
static enum alias al;

const void *
dp_keep(int i)
{
    switch (i) {
    case 0: return &col;
    case 1: return cols;
    case 2: return &md;
    case 3: return &st;
    case 4: return &e2i;
    case 5: return &al;
    default: return &i2e;
    }
}
