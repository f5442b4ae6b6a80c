/* dwarfmap: the command line.
 *
 *   dwarfmap show [--json] [--debug-file FILE] LIB.so
 *
 * Exit status (a bitmask shared with 'diff' and 'check'): 0 success, 1 bad
 * input (one line on stderr names the file and the problem), 2 usage. */
#include "dwarfmap/model.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    DM_EXIT_OK = 0,
    DM_EXIT_ERROR = 1,
    DM_EXIT_USAGE = 2,
};

static const char usage_text[] =
    "usage: dwarfmap show [--json] [--debug-file FILE] LIB.so\n"
    "       dwarfmap --help\n";

static int
usage(const char *fmt, const char *arg)
{
    if (fmt) {
        fprintf(stderr, "dwarfmap: ");
        fprintf(stderr, fmt, arg);
        fputc('\n', stderr);
    }
    fputs(usage_text, stderr);
    return DM_EXIT_USAGE;
}

static int
cmd_show(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "json", no_argument, NULL, 'j' },
        { "debug-file", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct dm_load_opts opts = { .sz = sizeof opts };
    bool json = false;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = true;
            break;
        case 'd':
            opts.debug_file = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return DM_EXIT_OK;
        default:
            return usage("show: unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1) {
        return usage("show takes one library%s", "");
    }

    struct dm_graph *g;
    char err[1024];
    if (dm_graph_load(argv[optind], &opts, &g, err, sizeof err)) {
        fprintf(stderr, "dwarfmap: %s\n", err);
        return DM_EXIT_ERROR;
    }
    if (json) {
        dm_print_json(g, stdout);
    } else {
        dm_print_text(g, stdout);
    }
    dm_graph_destroy(g);
    if (fflush(stdout) || ferror(stdout)) {
        fprintf(stderr, "dwarfmap: error writing output\n");
        return DM_EXIT_ERROR;
    }
    return DM_EXIT_OK;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        return usage(NULL, NULL);
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, stdout);
        return DM_EXIT_OK;
    }
    if (!strcmp(argv[1], "show")) {
        return cmd_show(argc - 1, argv + 1);
    }
    return usage("unknown command '%s'", argv[1]);
}
