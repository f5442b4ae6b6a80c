/* enums, new: 'color' renumbered with a name dropped (GREEN: EENUM) and
 * two added; 'mode' only grows; 'alias' maps by the first old name. */
enum color { NONE, BLUE = 5, RED, PURPLE, TEAL };
enum mode { M_OFF, M_ON, M_AUTO };
enum alias { AL_C = 3, AL_A = 4, AL_B = 5 };

struct st {
    unsigned k : 5;
    enum color cb : 4;
    enum mode m;
    enum color c;
    int extra;
};

static enum color col = TEAL;
static enum color cols[4];
static enum mode md = M_AUTO;
static struct st st = { .extra = -1 };
static long e2i;
static enum mode i2e;
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
