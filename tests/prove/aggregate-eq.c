/* Hand-written, for prove/aggregate-eq (aggregate-eq.sh).  The
 * postconditions marked at the end of their line are false, and WP may
 * prove them all the same: it proves the '==' of arrays, and of structs
 * or unions holding one, without reading their elements (how often
 * depends on the provers' search; docs/verification.md).  Each marked
 * line must be refused, and the file without them proves: the '==' of a
 * struct of scalars is sound. */
#include <stdint.h>

struct run { int64_t e; int8_t name[6]; int8_t f; };
struct scalars { int64_t e; int8_t c; int32_t f; };
union word { int64_t e; int8_t c[8]; };
struct rec { struct run r; struct scalars s; union word w; };

/*@ requires \valid_read(src) && \valid(dst) && \separated(src, dst);
  @ assigns dst->r, dst->s, dst->w;
  @ ensures dst->r.name == src->r.name;                  // AGG-EQ
  @ ensures dst->w == src->w;                            // AGG-EQ
  @ ensures dst->s == src->s;
  @ ensures dst->r.name[3] == 0 && dst->w.c[3] == 0;
  @*/
void
copy_wrong(const struct rec *src, struct rec *dst)
{
    dst->r = src->r;
    dst->s = src->s;
    dst->w = src->w;
    dst->r.name[3] = 0;                 /* So the '==' above are false. */
    dst->w.c[3] = 0;
}

/*@ predicate other_name(struct run *a, struct run *b) = a->name != b->name; */ // AGG-EQ
/*@ predicate same_run(struct run *a, struct run *b) = *a == *b; */ // AGG-EQ
