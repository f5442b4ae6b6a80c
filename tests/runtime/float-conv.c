/* The float conversions of hotup/migration.h, whose contracts 'dwarfmap
 * prove' assumes: hotup_mig_f32_to_f64 (always exact), and
 * hotup_mig_f64_fits_f32 / hotup_mig_f64_to_f32 (exact or refused).
 * Each is checked against a reference that does not convert: a double
 * fits a float when it is a NaN, an infinity or zero, or below 2^128 with
 * a significand of at most 24 bits and no bit below 2^-149 (the smallest
 * float subnormal), found with frexp/ldexp, which are exact.
 *
 *   float-conv [STRIDE]   every STRIDE-th float bit pattern (default
 *                         251; 1 checks all 2^32), and around each one
 *                         the doubles one ulp away; specials; random
 *                         doubles. */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hotup/migration.h"

static unsigned long failures;

static void
fail(const char *what, double v)
{
    uint64_t bits;

    memcpy(&bits, &v, sizeof bits);
    if (failures++ < 10) {
        fprintf(stderr, "float-conv: %s: %a (0x%016" PRIx64 ")\n", what, v,
                bits);
    }
}

/* True if 'to' is 'from' exactly: the same number and sign, the same
 * infinity, or both NaN. */
static int
same(double to, double from)
{
    if (isnan(from) || isnan(to)) {
        return isnan(from) && isnan(to);
    }
    return to == from && !signbit(to) == !signbit(from);
}

static int
ref_fits(double v)
{
    int e;

    if (isnan(v) || isinf(v) || v == 0) {
        return 1;
    }
    if (fabs(v) >= 0x1p128) {
        return 0;
    }
    double m = frexp(v, &e);            /* v = m * 2^e, 0.5 <= |m| < 1 */
    double sig = ldexp(m, 24), low = ldexp(v, 149);
    return sig == trunc(sig) && low == trunc(low);
}

static void
check_double(double v)
{
    int fits = hotup_mig_f64_fits_f32(v);

    if (fits != 0 && fits != 1) {
        fail("fits returned neither 0 nor 1", v);
    } else if (fits != ref_fits(v)) {
        fail(fits ? "fits but is not exact" : "refused but is exact", v);
    } else if (fits && !same(hotup_mig_f64_to_f32(v), v)) {
        fail("converted to another value", v);
    }
}

int
main(int argc, char **argv)
{
    uint64_t stride = argc > 1 ? strtoull(argv[1], NULL, 10) : 251;
    uint64_t floats = 0, doubles = 0;

    if (!stride) {
        fprintf(stderr, "usage: float-conv [STRIDE > 0]\n");
        return 2;
    }
    for (uint64_t b = 0; b <= UINT32_MAX; b += stride) {
        uint32_t bits = (uint32_t) b;
        float f;

        memcpy(&f, &bits, sizeof f);
        double d = hotup_mig_f32_to_f64(f);
        if (!same(d, f)) {
            fail("widened to another value", (double) f);
        }
        check_double(d);
        check_double(nextafter(d, INFINITY));
        check_double(nextafter(d, -INFINITY));
        floats++;
        doubles += 3;
    }
    const double special[] = {
        0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, DBL_MAX, -DBL_MAX,
        DBL_MIN, DBL_TRUE_MIN, FLT_MAX, -FLT_MAX, FLT_MIN, FLT_TRUE_MIN,
        (double) FLT_MAX * (1 + 0x1p-24), (double) FLT_MAX * (1 + 0x1p-23),
        0x1p127, 0x1p128, 0x1p-149, 0x1p-150, 0x1.8p-149, 0x1p-126,
        1.0 / 3, 0.1, 16777216.0, 16777217.0, 16777218.0, 1e300, -1e-300,
    };
    for (size_t i = 0; i < sizeof special / sizeof *special; i++) {
        check_double(special[i]);
        doubles++;
    }
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 1000000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double d;
        uint64_t bits = x;
        if (i & 1) {                    /* Near the float range. */
            bits = (bits & 0x800fffffffffffffULL)
                   | ((uint64_t) (1023 - 160 + (x >> 52) % 300) << 52);
        }
        memcpy(&d, &bits, sizeof d);
        check_double(d);
        /* And a double that is a float, plus and minus one ulp. */
        d = (double) (float) (d * 0.5);
        check_double(d);
        doubles += 2;
    }
    if (failures) {
        fprintf(stderr, "float-conv: %lu failures\n", failures);
        return 1;
    }
    printf("float-conv: %" PRIu64 " floats widened, %" PRIu64 " doubles "
           "checked, stride %" PRIu64 ": ok\n", floats, doubles, stride);
    return 0;
}
