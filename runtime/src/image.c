/* Loading one build of a library: copy its file to a unique path, dlopen()
 * it, and read what the runtime needs from the loaded object's program
 * headers in memory: load base, PT_LOAD segments, PT_GNU_RELRO, PT_TLS,
 * PT_DYNAMIC and the GNU build-id note (pitfalls E1, E2, E6). */
#include "private.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22     /* Linux 5.14. */
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* Makes every copy name unique within the process; the pid makes it unique
 * among processes sharing a scratch directory, O_EXCL does the rest. */
static atomic_ulong hotup_copy_seq__;

const char *
hotup_basename__(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

/* Copies the file 'src' to a new file in 'dir' whose name no other file
 * had, so that dlopen() can never hand back an object loaded earlier
 * (same path, same SONAME or same inode, pitfall E6).  Stores the copy's
 * path in *dstp. */
static int
hotup_copy_unique__(struct hotup *up, const char *src, const char *dir,
                    char **dstp)
{
    char buf[65536];
    char *dst = NULL;
    bool created = false;
    int in, out = -1, err = 0;

    *dstp = NULL;
    in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        return hotup_error__(up, -errno, "%s: cannot open: %s", src,
                             strerror(errno));
    }

    for (int tries = 0; out < 0 && tries < 100; tries++) {
        unsigned long seq = atomic_fetch_add(&hotup_copy_seq__, 1);

        free(dst);
        if (asprintf(&dst, "%s/hotup-%ld-%lu-%s", dir, (long) getpid(), seq,
                     hotup_basename__(src)) < 0) {
            dst = NULL;
            err = hotup_error__(up, -ENOMEM, "%s: out of memory", src);
            goto out;
        }
        out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
        if (out < 0 && errno != EEXIST) {
            err = hotup_error__(up, -errno,
                                "%s: cannot create a copy in %s: %s", src,
                                dir, strerror(errno));
            goto out;
        }
    }
    created = out >= 0;
    if (out < 0) {
        err = hotup_error__(up, -EEXIST, "%s: no unique name left in %s",
                            src, dir);
        goto out;
    }

    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);

        if (n == 0) {
            break;
        } else if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            err = hotup_error__(up, -errno, "%s: read error: %s", src,
                                strerror(errno));
            goto out;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, n - done);

            if (w < 0) {
                if (errno == EINTR) {
                    continue;
                }
                err = hotup_error__(up, -errno, "%s: write error: %s", dst,
                                    strerror(errno));
                goto out;
            }
            done += w;
        }
    }
    if (close(out) < 0) {
        out = -1;
        err = hotup_error__(up, -errno, "%s: write error: %s", dst,
                            strerror(errno));
        goto out;
    }
    out = -1;

out:
    if (out >= 0) {
        close(out);
    }
    close(in);
    if (err) {
        if (created) {
            unlink(dst);
        }
        free(dst);
        return err;
    }
    *dstp = dst;
    return 0;
}

/* Finds the build-id in one PT_NOTE segment; returns true if found. */
static bool
hotup_note_build_id__(const char *p, size_t size, size_t align,
                      char *hex, size_t hexlen)
{
    size_t off = 0;

    align = align == 8 ? 8 : 4;
    while (off + sizeof(ElfW(Nhdr)) <= size) {
        const ElfW(Nhdr) *nh = (const void *) (p + off);
        size_t name_off = off + sizeof *nh;
        size_t desc_off = name_off
                          + ((nh->n_namesz + align - 1) & ~(align - 1));
        size_t next = desc_off
                      + ((nh->n_descsz + align - 1) & ~(align - 1));

        if (desc_off > size || nh->n_descsz > size - desc_off) {
            return false;
        }
        if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4
            && !memcmp(p + name_off, "GNU", 4) && nh->n_descsz > 0
            && nh->n_descsz * 2 < hexlen) {
            const unsigned char *d = (const void *) (p + desc_off);

            for (size_t i = 0; i < nh->n_descsz; i++) {
                snprintf(hex + 2 * i, 3, "%02x", d[i]);
            }
            return true;
        }
        off = next;
    }
    return false;
}

/* What dl_iterate_phdr() finds for one link_map. */
struct hotup_phdr_find__ {
    uintptr_t base;                     /* In: l_addr. */
    const char *name;                   /* In: l_name. */
    const ElfW(Phdr) *phdr;             /* Out, NULL if not found. */
    size_t phnum;
    size_t tls_modid;
};

static int
hotup_phdr_cb__(struct dl_phdr_info *info, size_t size HOTUP_UNUSED__,
                void *f_)
{
    struct hotup_phdr_find__ *f = f_;

    if (info->dlpi_addr == f->base && info->dlpi_name
        && (info->dlpi_name == f->name || !strcmp(info->dlpi_name, f->name))) {
        f->phdr = info->dlpi_phdr;
        f->phnum = info->dlpi_phnum;
        f->tls_modid = info->dlpi_tls_modid;
        return 1;
    }
    return 0;
}

static int
hotup_seg_cmp__(const void *a_, const void *b_)
{
    const struct hotup_seg__ *a = a_, *b = b_;

    return a->start < b->start ? -1 : a->start > b->start;
}

/* Reads the loaded object's program headers into 'img'. */
static int
hotup_image_scan__(struct hotup *up, struct hotup_image__ *img)
{
    struct hotup_phdr_find__ f;
    struct link_map *lm = NULL;

    if (dlinfo(img->handle, RTLD_DI_LINKMAP, &lm) || !lm) {
        return hotup_error__(up, -ENOEXEC, "%s: dlinfo(RTLD_DI_LINKMAP): %s",
                             img->src, dlerror());
    }
    img->base = lm->l_addr;
    img->dynamic = lm->l_ld;

    memset(&f, 0, sizeof f);
    f.base = lm->l_addr;
    f.name = lm->l_name;
    dl_iterate_phdr(hotup_phdr_cb__, &f);
    if (!f.phdr) {
        return hotup_error__(up, -ENOEXEC,
                             "%s: loaded object not found by dl_iterate_phdr",
                             img->src);
    }

    img->segs = calloc(f.phnum, sizeof *img->segs);
    if (!img->segs) {
        return hotup_error__(up, -ENOMEM, "%s: out of memory", img->src);
    }
    for (size_t i = 0; i < f.phnum; i++) {
        const ElfW(Phdr) *ph = &f.phdr[i];
        uintptr_t start = img->base + ph->p_vaddr;

        switch (ph->p_type) {
        case PT_LOAD:
            if (ph->p_memsz) {
                img->segs[img->n_segs++] = (struct hotup_seg__) {
                    .start = start,
                    .end = start + ph->p_memsz,
                    .flags = ph->p_flags,
                };
            }
            break;
        case PT_GNU_RELRO:
            img->relro_start = start;
            img->relro_end = start + ph->p_memsz;
            break;
        case PT_TLS:
            img->tls_memsz = ph->p_memsz;
            img->tls_modid = f.tls_modid;
            break;
        case PT_NOTE:
            if (!img->build_id[0]) {
                hotup_note_build_id__((const char *) start, ph->p_memsz,
                                      ph->p_align, img->build_id,
                                      sizeof img->build_id);
            }
            break;
        }
    }
    if (!img->n_segs) {
        return hotup_error__(up, -ENOEXEC, "%s: no PT_LOAD segment",
                             img->src);
    }
    qsort(img->segs, img->n_segs, sizeof *img->segs, hotup_seg_cmp__);
    if (!img->dynamic) {
        return hotup_error__(up, -ENOEXEC, "%s: no PT_DYNAMIC", img->src);
    }
    return 0;
}

/* Copies 'src' to a unique path in the scratch directory, dlopen()s it
 * with RTLD_NOW | RTLD_LOCAL and scans it.  With 'need_build_id', an
 * object without a GNU build-id note is refused. */
int
hotup_image_load__(struct hotup *up, const char *src, bool need_build_id,
                   struct hotup_image__ **imgp)
{
    struct hotup_image__ *img = calloc(1, sizeof *img);
    int err;

    *imgp = NULL;
    if (!img || !(img->src = strdup(src))) {
        free(img);
        return hotup_error__(up, -ENOMEM, "%s: out of memory", src);
    }
    err = hotup_copy_unique__(up, src, up->scratch_dir, &img->path);
    if (err) {
        goto error;
    }

    dlerror();
    img->handle = dlopen(img->path, RTLD_NOW | RTLD_LOCAL);
    if (!img->handle) {
        const char *msg = dlerror();

        err = hotup_error__(up, -ENOEXEC, "%s: dlopen failed: %s%s", src,
                            msg ? msg : "unknown error",
                            msg && strstr(msg, "hotup_mig_")
                            ? " (the host must export hotup_mig_*: "
                              "see docs/runtime.md)" : "");
        goto error;
    }

    err = hotup_image_scan__(up, img);
    if (err) {
        goto error;
    }
    img->has_exit_code = hotup_image_has_exit_code__(up, img);
    if (need_build_id && !img->build_id[0]) {
        err = hotup_error__(up, -ENOEXEC, "%s: no GNU build-id note "
                            "(link with -Wl,--build-id)", src);
        goto error;
    }
    *imgp = img;
    return 0;

error:
    hotup_image_unload__(img);
    return err;
}

/* dlclose()s the image and removes its copy.  Accepts NULL. */
void
hotup_image_unload__(struct hotup_image__ *img)
{
    if (img) {
        if (img->handle) {
            dlclose(img->handle);
        }
        if (img->path) {
            unlink(img->path);
        }
        free(img->path);
        free(img->src);
        free(img->segs);
        free(img);
    }
}

/* The PT_LOAD segment that holds 'addr', or NULL. */
const struct hotup_seg__ *
hotup_image_seg__(const struct hotup_image__ *img, uintptr_t addr)
{
    size_t lo = 0, hi = img->n_segs;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct hotup_seg__ *s = &img->segs[mid];

        if (addr < s->start) {
            hi = mid;
        } else if (addr >= s->end) {
            lo = mid + 1;
        } else {
            return s;
        }
    }
    return NULL;
}

bool
hotup_image_contains__(const struct hotup_image__ *img, uintptr_t addr)
{
    return hotup_image_seg__(img, addr) != NULL;
}

/* Maps every page of 'img' now, so that the break window takes no page
 * fault: the first write to a page of a new build's .data is a
 * copy-on-write fault, to its .bss an allocation, and the first read of
 * any page a minor fault; a few hundred of them cost more than migrating
 * the bytes.  With 'write', writable pages are made private and writable
 * (their contents unchanged: this is the new build, whose memory is
 * scratch until the switch); without, pages are only mapped (the live
 * build is never written).  Best effort: errors are ignored. */
void
hotup_image_prefault__(const struct hotup_image__ *img, bool write)
{
    uintptr_t pg = (uintptr_t) sysconf(_SC_PAGESIZE);
    uintptr_t ro_end = img->relro_end & ~(pg - 1);     /* glibc makes
                                                         * [relro_start,
                                                         * this) RO. */

    for (size_t i = 0; i < img->n_segs; i++) {
        const struct hotup_seg__ *seg = &img->segs[i];
        uintptr_t start = seg->start, end = seg->end;
        bool w = write && (seg->flags & PF_W);

        if (w && img->relro_end > img->relro_start
            && start < img->relro_end && img->relro_start < end) {
            /* Pages left read-only by RELRO: only mapped, never written. */
            uintptr_t a = start & ~(pg - 1);

            if (ro_end > a) {
                madvise((void *) a, ro_end - a, MADV_POPULATE_READ);
            }
            start = ro_end > start ? ro_end : start;
        }
        if (start >= end) {
            continue;
        }
        uintptr_t a = start & ~(pg - 1), b = (end + pg - 1) & ~(pg - 1);

        if (!madvise((void *) a, b - a,
                     w ? MADV_POPULATE_WRITE : MADV_POPULATE_READ)) {
            continue;
        }
        /* An older kernel: touch each page. */
        for (uintptr_t p = a; p < b; p += pg) {
            volatile char *c = (volatile char *) (p < start ? start : p);

            if (w) {
                *c = *c;
            } else {
                (void) *c;
            }
        }
    }
}
