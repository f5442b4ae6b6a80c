/* The generator's printf: the few conversions migrate.c's text uses,
 * written into a buffer that a file or a string owns.
 *
 * glibc's vfprintf and vsnprintf took most of the generator's
 * instructions on Open vSwitch (5.5 MB of text, most of it literal
 * between short %s and %u): see docs/performance.md.  This formatter
 * copies the literal runs whole and converts what it knows; a conversion
 * it does not know aborts, as only this module's own format strings reach
 * it (and the compiler checks them against the arguments). */
#ifndef MG_FORMAT_H
#define MG_FORMAT_H 1

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Where formatted text goes.  A file sink writes its buffer to 'file'
 * when it fills; a string sink keeps the first cap - 1 bytes, counts the
 * rest (snprintf's truncation) and ends its string with a NUL. */
struct mg_sink {
    char *buf;                  /* The caller's. */
    size_t cap;                 /* Bytes of buf. */
    size_t used;                /* Bytes in buf (string sink: <= cap - 1). */
    size_t total;               /* Bytes given so far, written or not. */
    FILE *file;                 /* NULL for a string sink. */
    int err;                    /* A file sink's write failed. */
};

void mg_sink_file__(struct mg_sink *, FILE *, char *buf, size_t cap);
void mg_sink_write__(struct mg_sink *, const char *, size_t);
void mg_sink_putc__(struct mg_sink *, char);
void mg_vformat__(struct mg_sink *, const char *fmt, va_list);
int mg_sink_flush__(struct mg_sink *);

/* snprintf, for this module's conversions: %s %c %d %u %o %x, 'l' and
 * 'z' lengths, '0' flag, width as digits or '*', and %%. */
int mg_fmt__(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int mg_vfmt__(char *buf, size_t len, const char *fmt, va_list);

#endif /* format.h */
