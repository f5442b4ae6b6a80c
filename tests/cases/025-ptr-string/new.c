/* 025-ptr-string, new: 'name1' may point to new's own "alpha"; 'name2'
 * points to a literal only the old build has. */
static const char *name1;
static const char *name2;
static const char *mid;

long long dp_version(void) { return 2; }

/* The addresses of the pointers escape, so that the compiler keeps each
 * as one pointer in memory (clang would otherwise split a struct into
 * pieces or shrink a pointer stored once into a flag). */
const void *dp_keep(int i)
{
    switch (i) {
    case 0: return &name1;
    case 1: return &name2;
    case 2: return &mid;
    default: return 0;
    }
}

void set_names(long long which)
{
    name1 = which ? "alpha" : "gamma";
    name2 = which ? "new-literal" : "new-too";
    mid = &"prefix:suffix"[7];
}

const char *gets_name1(void) { return name1; }
const char *gets_name2(void) { return name2; }
const char *gets_mid(void) { return mid; }
