/* Pitfall E5: this executable uses the datapath's exported 'dp_counter'
 * directly (it links a build of dp_v1 as DT_NEEDED), so the live object is
 * the executable's copy (a copy relocation), and the datapath hotup loads
 * binds its own 'dp_counter' to that copy.  Its state is then not where a
 * bundle's addresses point: prepare must refuse, naming the variable. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hotup/hotup.h"

extern int dp_counter;

#define CHECK(cond, ...) \
    do { \
        if (!(cond)) { \
            fprintf(stderr, "rt-copyreloc: line %d: CHECK(%s) failed: ", \
                    __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__); \
            fputc('\n', stderr); \
            exit(1); \
        } \
    } while (0)

int
main(void)
{
    struct hotup *up;
    int rc;

    dp_counter += 5;
    rc = hotup_open(RT_DP_V1, NULL, &up);
    CHECK(!rc, "hotup_open: %s", hotup_strerror(NULL));
    rc = hotup_prepare(up, RT_DP_V2, RT_BUNDLE_V1_V2);
    CHECK(rc == -EXDEV, "prepare returned %d: %s", rc, hotup_strerror(up));
    CHECK(strstr(hotup_strerror(up), "'dp_counter'")
          && strstr(hotup_strerror(up), RT_DP_V1), "message '%s'",
          hotup_strerror(up));
    printf("refused as expected: %s\n", hotup_strerror(up));
    hotup_close(up);
    return 0;
}
