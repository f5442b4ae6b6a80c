/* rt-example V1.so V2.so BUNDLE.so: upgrades the example datapath
 * (examples/datapath) from v1 to v2 with a bundle dwarfmap generated, and
 * checks every value through v2's API.  Driven by e2e-example.sh. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hotup/hotup.h"

static struct hotup *up;

#define CHECK(cond) \
    do { \
        if (!(cond)) { \
            fprintf(stderr, "rt-example: line %d: CHECK(%s) failed\n", \
                    __LINE__, #cond); \
            exit(1); \
        } \
    } while (0)

static void *
sym(const char *name)
{
    void *p = hotup_sym(up, name);

    if (!p) {
        fprintf(stderr, "rt-example: %s\n", hotup_strerror(up));
        exit(1);
    }
    return p;
}

#define FN(ret, name, params) ((ret (*) params) sym(#name))

int
main(int argc, char *argv[])
{
    struct hotup_report rep;
    int rc;

    if (argc != 4) {
        fprintf(stderr, "usage: rt-example V1.so V2.so BUNDLE.so\n");
        return 2;
    }
    rc = hotup_open(argv[1], NULL, &up);
    if (rc) {
        fprintf(stderr, "rt-example: %s\n", hotup_strerror(NULL));
        return 1;
    }
    CHECK(!hotup_start(up));

    /* State through v1's API: flows, per-port counters, this thread's
     * TLS batch counter. */
    for (unsigned i = 0; i < 64; i++) {
        CHECK(!FN(int, dp_add_flow, (unsigned, uint32_t, uint16_t, int))(
                  i, 0x1000 + i, i % 8, i % 3));
    }
    for (unsigned n = 0; n < 1000; n++) {
        FN(void, dp_receive, (unsigned, unsigned))(n % 8, n % 64);
    }
    CHECK(FN(int, dp_version, (void))() == 1);

    rc = hotup_prepare(up, argv[2], argv[3]);
    if (rc) {
        fprintf(stderr, "rt-example: prepare: %s\n", hotup_strerror(up));
        return 1;
    }
    rc = hotup_commit(up, &rep);
    if (rc) {
        fprintf(stderr, "rt-example: commit: %s\n", rep.error);
        return 1;
    }
    printf("break %" PRIu64 " ns (migrate %" PRIu64 "), %" PRIu32
           " entries: %" PRIu32 " copied, %" PRIu32 " converted, %" PRIu64
           " bytes\n", rep.break_ns, rep.migrate_ns, rep.n_entries,
           rep.n_copied, rep.n_converted, rep.bytes_migrated);

    /* Every value through v2's API. */
    CHECK(FN(int, dp_version, (void))() == 2);
    for (unsigned p = 0; p < 16; p++) {
        CHECK(FN(uint64_t, dp_port_rx, (unsigned))(p) == (p < 8 ? 125 : 0));
    }
    for (unsigned f = 0; f < 64; f++) {
        CHECK(FN(uint64_t, dp_flow_packets, (unsigned))(f)
              == (f < 1000 % 64 ? 16 : 15));
        /* v2 inserts ACT_NONE before the old actions. */
        CHECK(FN(int, dp_flow_action, (unsigned))(f) == (int) (f % 3) + 1);
        /* A new member keeps v2's initializer. */
        CHECK(FN(int, dp_flow_priority, (unsigned))(f) == 100);
    }
    CHECK(FN(uint64_t, dp_batches, (void))() == 1000);
    CHECK(FN(int, dp_list_is_empty, (void))());   /* Self-pointers moved. */
    CHECK(!rep.keeps_old_mapped);

    /* v2 keeps working, with its larger port table. */
    FN(void, dp_receive, (unsigned, unsigned))(9, 1);
    CHECK(FN(uint64_t, dp_port_rx, (unsigned))(9) == 1);
    hotup_close(up);
    printf("rt-example: ok\n");
    return 0;
}
