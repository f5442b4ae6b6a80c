/* 025-ptr-string, old: pointers to string literals in .rodata. */
static const char *name1;               /* A literal new.c has too. */
static const char *name2;               /* A literal only old.c has. */
static const char *mid;                 /* Into the middle of a literal. */

long long dp_version(void) { return 1; }

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
    name1 = which ? "alpha" : "beta";
    name2 = which ? "only-in-the-old-build" : "old-too";
    mid = &"prefix:suffix"[7];
}

const char *gets_name1(void) { return name1; }
const char *gets_name2(void) { return name2; }
const char *gets_mid(void) { return mid; }
