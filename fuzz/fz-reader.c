/* fuzz harness (a): the reader.  Input: the bytes of an ELF file.
 *
 * dm_graph_load() must either refuse (a negative errno, no graph, one line
 * that names the file) or give a model whose internal references hold
 * (fz_check_graph) and that 'show' prints as text and as valid JSON. */

#include "fuzz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct fz_memfile fz_in;
static bool fz_ready;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dm_load_opts opts = { .sz = sizeof opts };
    struct dm_graph *g = (struct dm_graph *) &opts;
    char err[1024] = "";

    if (!fz_ready) {
        fz_memfile_init(&fz_in, "fz-reader");
        fz_ready = true;
    }
    fz_memfile_set(&fz_in, data, size);
    int rc = dm_graph_load(fz_in.path, &opts, &g, err, sizeof err);
    if (rc) {
        if (rc >= 0 || g) {
            fz_fail("dm_graph_load failed with %d and graph %p", rc,
                    (void *) g);
        }
        if (!fz_one_line(err) || !strstr(err, fz_in.path)) {
            fz_fail("refusal is not one line naming the file: '%s'", err);
        }
        return 0;
    }
    fz_check_graph(g);

    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    dm_print_text(g, mem);
    fclose(mem);
    if (!len || memchr(text, '\0', len)) {
        fz_fail("show printed %zu bytes, or a NUL", len);
    }
    free(text);

    text = NULL;
    mem = open_memstream(&text, &len);
    dm_print_json(g, mem);
    fclose(mem);
    if (!fz_json_valid(text, len)) {
        fz_fail("show --json printed invalid JSON (%zu bytes)", len);
    }
    free(text);
    dm_graph_destroy(g);
    return 0;
}
