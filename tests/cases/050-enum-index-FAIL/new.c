/* 050-enum-index-FAIL, new: ORANGE inserted in the middle of enum color
 * (GREEN and BLUE move: copied by index, their counts would be
 * misfiled), K_C appended to enum kind (nothing moves: converted). */
enum color { RED, ORANGE, GREEN, BLUE, N_COLORS };
enum kind { K_A, K_B, K_C, K_MAX };

static unsigned long per_color[N_COLORS];
static unsigned long per_kind[K_MAX];
static enum color last_color;           /* The enums reach the reader */
static enum kind last_kind;             /* through these. */

long long dp_version(void) { return 2; }

void set_color(int c, long long v) { last_color = (enum color) c; per_color[last_color] = (unsigned long) v; }
long long get_color(int c) { return (long long) per_color[(enum color) c]; }
void set_kind(int k, long long v) { last_kind = (enum kind) k; per_kind[last_kind] = (unsigned long) v; }
long long get_kind(int k) { return (long long) per_kind[(enum kind) k]; }
long long get_last_color(void) { return last_color; }
long long get_last_kind(void) { return last_kind; }
