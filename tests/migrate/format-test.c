/* The generator's printf (migrate/src/format.c) against the C library's:
 * every conversion it takes, with widths, flags, lengths and extremes,
 * into strings of every length up to past the result (snprintf's
 * truncation and return value), and through a file sink whose buffer is
 * smaller than what is written. */
#include "format.h"

#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

/* Compares one formatting, given as the same format and arguments to both,
 * at every length from 0 to past the result. */
#define CHECK(...)                                                          \
    do {                                                                    \
        char want[256], got[256];                                           \
        int want_n = snprintf(want, sizeof want, __VA_ARGS__);              \
        for (size_t len = 0; len <= (size_t) want_n + 2; len++) {           \
            memset(got, 'Z', sizeof got);                                   \
            int got_n = mg_fmt__(got, len, __VA_ARGS__);                    \
            snprintf(want, len ? len : 1, __VA_ARGS__);                     \
            if (got_n != want_n || (len && strcmp(got, want))               \
                || got[len] != 'Z') {                                       \
                printf("FAIL line %d, length %zu: \"%s\" (%d), want "      \
                       "\"%s\" (%d)\n", __LINE__, len, len ? got : "",      \
                       got_n, len ? want : "", want_n);                     \
                failures++;                                                 \
                break;                                                      \
            }                                                               \
        }                                                                   \
    } while (0)

static void
check_strings(void)
{
    CHECK("plain text, no conversion");
    CHECK("%s", "");
    CHECK("%s and %s", "one", "two");
    CHECK("[%*s]", 0, "");
    CHECK("[%*s]", 8, "");
    CHECK("[%*s]", 70, "x");            /* Wider than one run of pad. */
    CHECK("[%*s]", 3, "longer than 3");
    CHECK("[%*s]", -6, "ab");           /* Negative: left-justified. */
    CHECK("[%5s]", "ab");
    CHECK("%c%c%c", 'a', '"', '\\');
    CHECK("100%% of %s%%", "it");
}

static void
check_numbers(void)
{
    CHECK("%u %u %u", 0u, 7u, UINT_MAX);
    CHECK("%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
    CHECK("%03o %03o %03o %o", 0u, 7u, 0377u, 01234567u);
    CHECK("%x %x", 0u, 0xdeadbeefu);
    CHECK("%" PRIu64 " %" PRIu64, (uint64_t) 0, UINT64_MAX);
    CHECK("%" PRId64 " %" PRId64 " %" PRId64, (int64_t) -42, INT64_MAX,
          INT64_MIN);
    CHECK("0x%" PRIx64 " 0x%" PRIx64, (uint64_t) 0, UINT64_MAX);
    CHECK("%lu %ld %lx", ULONG_MAX, LONG_MIN, 0xabcul);
    CHECK("%llu %lld", ULLONG_MAX, LLONG_MIN);
    CHECK("%zu %zu", (size_t) 0, SIZE_MAX);
    CHECK("[%5u] [%05u] [%5d] [%05d] [%*u]", 42u, 42u, -42, -42, 4, 7u);
    CHECK("[%3u]", 12345u);
    CHECK("i%d_%u < %" PRIu64 "ULL", 2, 3u, (uint64_t) 18);
}

/* A file sink with a buffer of 7 bytes: writes that fit, fill it, pass
 * it, and the putc path. */
static void
check_file_sink(void)
{
    char buf[7], want[512], got[512];
    FILE *f = tmpfile();
    struct mg_sink s;
    int n = 0;

    if (!f) {
        printf("FAIL: tmpfile\n");
        failures++;
        return;
    }
    mg_sink_file__(&s, f, buf, sizeof buf);
    for (int i = 0; i < 40; i++) {
        static const char text[] = "abcdefghijklmnopqrstuvwxyz";

        mg_sink_write__(&s, text, i % (sizeof text));
        n += snprintf(want + n, sizeof want - n, "%.*s", i % (int) sizeof text,
                      text);
        mg_sink_putc__(&s, '0' + i % 10);
        want[n++] = '0' + i % 10;
    }
    want[n] = '\0';
    if (mg_sink_flush__(&s) || s.total != (size_t) n) {
        printf("FAIL: file sink flush, total %zu of %d\n", s.total, n);
        failures++;
    }
    rewind(f);
    size_t got_n = fread(got, 1, sizeof got - 1, f);
    got[got_n] = '\0';
    if (got_n != (size_t) n || strcmp(got, want)) {
        printf("FAIL: file sink wrote \"%s\", want \"%s\"\n", got, want);
        failures++;
    }
    fclose(f);
}

int
main(void)
{
    check_strings();
    check_numbers();
    check_file_sink();
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("format: all agree with snprintf\n");
    return 0;
}
