/* The generator's printf (format.h). */
#include "format.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void
mg_sink_file__(struct mg_sink *s, FILE *file, char *buf, size_t cap)
{
    *s = (struct mg_sink) { .buf = buf, .cap = cap, .file = file };
}

/* Writes a file sink's buffer out. */
static void
mg_sink_drain__(struct mg_sink *s)
{
    if (s->used && fwrite(s->buf, 1, s->used, s->file) != s->used) {
        s->err = -1;
    }
    s->used = 0;
}

void
mg_sink_write__(struct mg_sink *s, const char *p, size_t n)
{
    if (!n) {
        return;
    }
    s->total += n;
    if (!s->file) {
        size_t room = s->cap ? s->cap - 1 - s->used : 0;
        size_t k = n < room ? n : room;

        memcpy(s->buf + s->used, p, k);
        s->used += k;
        return;
    }
    if (n > s->cap - s->used) {
        mg_sink_drain__(s);
        if (n >= s->cap) {
            if (fwrite(p, 1, n, s->file) != n) {
                s->err = -1;
            }
            return;
        }
    }
    memcpy(s->buf + s->used, p, n);
    s->used += n;
}

void
mg_sink_putc__(struct mg_sink *s, char c)
{
    if (s->file && s->used < s->cap) {
        s->buf[s->used++] = c;
        s->total++;
    } else {
        mg_sink_write__(s, &c, 1);
    }
}

/* Writes a file sink's buffer out and flushes the file: 0, or -1 if any
 * write failed. */
int
mg_sink_flush__(struct mg_sink *s)
{
    mg_sink_drain__(s);
    if (fflush(s->file) || ferror(s->file)) {
        s->err = -1;
    }
    return s->err;
}

static void
mg_sink_pad__(struct mg_sink *s, char c, size_t n)
{
    static const char spaces[] = "                                ";
    static const char zeros[] = "00000000000000000000000000000000";
    const char *run = c == '0' ? zeros : spaces;

    while (n) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;

        mg_sink_write__(s, run, k);
        n -= k;
    }
}

/* Writes 'v' in 'base' at the end of the 24 bytes of 'end''s buffer;
 * returns where the digits start. */
static char *
mg_digits__(char *end, uintmax_t v, unsigned base)
{
    do {
        *--end = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    return end;
}

void
mg_vformat__(struct mg_sink *s, const char *fmt, va_list args)
{
    for (;;) {
        const char *pct = strchr(fmt, '%');

        if (!pct) {
            mg_sink_write__(s, fmt, strlen(fmt));
            return;
        }
        mg_sink_write__(s, fmt, pct - fmt);
        fmt = pct + 1;

        bool zero = *fmt == '0';
        long width = 0;
        fmt += zero;
        if (*fmt == '*') {
            width = va_arg(args, int);
            fmt++;
        } else {
            for (; *fmt >= '0' && *fmt <= '9'; fmt++) {
                width = width * 10 + (*fmt - '0');
            }
        }

        int longs = 0;                  /* 'l' and 'll'. */
        bool size = *fmt == 'z';
        fmt += size;
        for (; *fmt == 'l'; fmt++) {
            longs++;
        }

        char num[24];
        char *end = num + sizeof num;
        const char *str;
        bool negative = false;
        uintmax_t v;
        switch (*fmt) {
        case 's':
            str = va_arg(args, const char *);
            end = (char *) str + strlen(str);
            break;
        case 'c':
            num[0] = (char) va_arg(args, int);
            str = num;
            end = num + 1;
            break;
        case '%':
            str = "%";
            end = (char *) str + 1;
            break;
        case 'd': {
            intmax_t i = size ? (intmax_t) va_arg(args, ptrdiff_t)
                         : longs == 2 ? va_arg(args, long long)
                         : longs ? va_arg(args, long)
                         : va_arg(args, int);
            negative = i < 0;
            str = mg_digits__(end, negative ? -(uintmax_t) i : (uintmax_t) i,
                              10);
            break;
        }
        case 'u':
        case 'o':
        case 'x':
            v = size ? va_arg(args, size_t)
                : longs == 2 ? va_arg(args, unsigned long long)
                : longs ? va_arg(args, unsigned long)
                : va_arg(args, unsigned int);
            str = mg_digits__(end, v, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16);
            break;
        default:
            fprintf(stderr, "mg_vformat__: conversion '%%%c' of \"%s\" not "
                    "supported\n", *fmt, pct);
            abort();
        }
        fmt++;

        /* A negative width pads on the right. */
        size_t n = end - str + negative;
        size_t w = width < 0 ? -width : width;
        size_t pad = w > n ? w - n : 0;
        if (negative && zero) {
            mg_sink_putc__(s, '-');
        }
        if (width > 0) {
            mg_sink_pad__(s, zero ? '0' : ' ', pad);
        }
        if (negative && !zero) {
            mg_sink_putc__(s, '-');
        }
        mg_sink_write__(s, str, end - str);
        if (width < 0) {
            mg_sink_pad__(s, ' ', pad);
        }
    }
}

int
mg_vfmt__(char *buf, size_t len, const char *fmt, va_list args)
{
    struct mg_sink s = { .buf = buf, .cap = len };

    mg_vformat__(&s, fmt, args);
    if (len) {
        buf[s.used] = '\0';
    }
    return s.total;
}

int
mg_fmt__(char *buf, size_t len, const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = mg_vfmt__(buf, len, fmt, args);
    va_end(args);
    return n;
}
