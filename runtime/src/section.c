/* Host calls into the datapath: read-side sections (hotup_enter(),
 * hotup_exit()) that a commit waits for.
 *
 * Each host thread gets a slot of its own the first time it enters (found
 * again through a pthread key), so sections of different threads share no
 * cache line.  Entering is a Dekker handshake with the committing thread:
 *
 *   reader:  active = 1;  if (writer) { active = 0; wait; retry }
 *   commit:  writer = 1;  wait until every active == 0
 *
 * with sequentially consistent accesses on both sides, so that at least
 * one of them sees the other's store.  Leaving is 'active = 0' and, only
 * while a commit waits, a wake-up.  A thread that exits gives its slot
 * back (the key's destructor) for the next thread to reuse. */
#include "private.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
hotup_reader_gone__(void *r_)
{
    struct hotup_reader__ *r = r_;

    atomic_store(&r->dead, 1);
}

int
hotup_sections_init__(struct hotup *up)
{
    int err = pthread_key_create(&up->reader_key, hotup_reader_gone__);

    if (err) {
        return hotup_error__(up, -err, "pthread_key_create: %s",
                             strerror(err));
    }
    up->reader_key_ok = true;
    pthread_mutex_init(&up->readers_lock, NULL);
    return 0;
}

void
hotup_sections_destroy__(struct hotup *up)
{
    if (!up->reader_key_ok) {
        return;
    }
    pthread_key_delete(up->reader_key);
    for (struct hotup_reader__ *r = up->readers, *next; r; r = next) {
        next = r->next;
        free(r);
    }
    up->readers = NULL;
    pthread_mutex_destroy(&up->readers_lock);
    up->reader_key_ok = false;
}

/* The calling thread's slot, registered on first use. */
static struct hotup_reader__ *
hotup_reader__(struct hotup *up)
{
    struct hotup_reader__ *r = pthread_getspecific(up->reader_key);

    if (r) {
        return r;
    }
    pthread_mutex_lock(&up->readers_lock);
    for (r = up->readers; r; r = r->next) {
        if (atomic_load(&r->dead) && !atomic_load(&r->active)) {
            break;                      /* Reuse an exited thread's slot. */
        }
    }
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r) {
            fprintf(stderr, "hotup_enter: out of memory\n");
            abort();
        }
        r->next = up->readers;
        up->readers = r;
    }
    r->tid = gettid();
    r->depth = 0;
    atomic_store(&r->dead, 0);
    pthread_mutex_unlock(&up->readers_lock);
    pthread_setspecific(up->reader_key, r);
    return r;
}

void
hotup_enter(struct hotup *up)
{
    struct hotup_reader__ *r = hotup_reader__(up);

    if (r->depth++) {
        return;
    }
    for (;;) {
        atomic_store(&r->active, 1);                    /* seq_cst */
        if (!atomic_load(&up->writer)) {                /* seq_cst */
            return;
        }
        /* A commit runs: step back and wait it out. */
        atomic_store(&r->active, 0);
        hotup_notify_ctl__(up);
        while (atomic_load(&up->writer)) {
            hotup_futex_wait__(&up->writer, 1, 0);
        }
    }
}

void
hotup_exit(struct hotup *up)
{
    struct hotup_reader__ *r = pthread_getspecific(up->reader_key);

    if (!r || !r->depth || --r->depth) {
        return;
    }
    atomic_store(&r->active, 0);                        /* seq_cst */
    if (atomic_load(&up->writer)) {
        hotup_notify_ctl__(up);
    }
}

bool
hotup_in_section__(struct hotup *up)
{
    const struct hotup_reader__ *r = pthread_getspecific(up->reader_key);

    return r && r->depth;
}

static bool
hotup_no_reader__(struct hotup *up, void *arg)
{
    (void) arg;
    for (const struct hotup_reader__ *r = up->readers; r; r = r->next) {
        if (atomic_load(&r->active)) {
            return false;
        }
    }
    return true;
}

/* A host thread's name, from /proc (best effort). */
static void
hotup_task_name__(pid_t tid, char *buf, size_t len)
{
    char path[64];
    FILE *f;

    buf[0] = '\0';
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int) tid);
    f = fopen(path, "re");
    if (f) {
        if (fgets(buf, len, f)) {
            buf[strcspn(buf, "\n")] = '\0';
        }
        fclose(f);
    }
}

/* Makes new sections wait and waits for those in flight, until the host
 * deadline.  On a missed deadline lets sections run again and returns
 * -ETIMEDOUT naming a host thread still inside one. */
int
hotup_sections_block__(struct hotup *up, struct hotup_report *rep)
{
    uint64_t t0 = hotup_now_ns__();
    int err;

    atomic_store(&up->writer, 1);                       /* seq_cst */
    pthread_mutex_lock(&up->readers_lock);
    err = hotup_wait__(up, hotup_no_reader__, NULL,
                       t0 + up->host_deadline_ns);
    if (err) {
        pid_t tid = 0;
        char name[32];

        for (const struct hotup_reader__ *r = up->readers; r; r = r->next) {
            if (atomic_load(&r->active)) {
                tid = r->tid;
                break;
            }
        }
        pthread_mutex_unlock(&up->readers_lock);
        hotup_sections_unblock__(up);
        hotup_task_name__(tid, name, sizeof name);
        rep->host_wait_ns = hotup_now_ns__() - t0;
        return hotup_error__(up, -ETIMEDOUT, "host thread %d '%s' stayed in "
                             "a datapath section (hotup_enter) for more "
                             "than %" PRIu64 " us: %s stays live",
                             (int) tid, name, up->host_deadline_ns / 1000,
                             hotup_basename__(up->live->src));
    }
    pthread_mutex_unlock(&up->readers_lock);
    rep->host_wait_ns = hotup_now_ns__() - t0;
    return 0;
}

/* Lets sections run again. */
void
hotup_sections_unblock__(struct hotup *up)
{
    atomic_store(&up->writer, 0);
    hotup_futex_wake__(&up->writer, INT32_MAX);
}
