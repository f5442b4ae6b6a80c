/* Helpers for the check programs of tests/cases (README.md).
 *
 * A check runs as 'check OLD.so NEW.so BUNDLE.so'.  It opens OLD through
 * libhotup, sets state through OLD's exported functions, upgrades (prepare
 * + commit) and asserts every value through the live build's functions.
 * Every datapath library exports 'long long dp_version(void)' (1 in old.c,
 * 2 in new.c), so a check always knows which build is live.
 *
 * The datapath functions a check calls have one of the shapes below; the
 * library converts to and from the variable's own type, so the check does
 * not depend on it:
 *
 *     long long get_x(void)            void set_x(long long)
 *     long long get_x(int i)           void set_x(int i, long long)
 *     double getf_x(void)              void setf_x(double)
 *     const char *gets_x(void)        void sets_x(const char *)
 *
 * Mismatches are printed as "check: VAR (PHASE): expected E, got A" and
 * counted; case_done() returns the exit status (0, or 1 on any mismatch). */
#ifndef CASES_CASE_H
#define CASES_CASE_H 1

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hotup/hotup.h"

typedef long long case_get_fn(void);
typedef void case_set_fn(long long);
typedef long long case_geti_fn(int);
typedef void case_seti_fn(int, long long);
typedef double case_getf_fn(void);
typedef void case_setf_fn(double);
typedef const char *case_gets_fn(void);
typedef void case_sets_fn(const char *);
typedef void case_void_fn(void);

static struct hotup *case_up;
static const char *case_old, *case_new, *case_bundle;
static const char *case_phase = "old";   /* Printed with every mismatch. */
static int case_failures;

/* Opens argv[1] (the old build) through libhotup. */
static __attribute__((unused)) void
case_open(int argc, char **argv)
{
    struct hotup_opts opts;
    int err;

    if (argc != 4) {
        fprintf(stderr, "usage: %s OLD.so NEW.so BUNDLE.so\n", argv[0]);
        exit(2);
    }
    case_old = argv[1];
    case_new = argv[2];
    case_bundle = argv[3];
    memset(&opts, 0, sizeof opts);
    opts.sz = sizeof opts;
    err = hotup_open(case_old, &opts, &case_up);
    if (err) {
        fprintf(stderr, "check: hotup_open(%s): %d: %s\n", case_old, err,
                hotup_strerror(NULL));
        exit(1);
    }
}

/* The address of 'name' in the live build; exits if it has none. */
static __attribute__((unused)) void *
case_sym(const char *name)
{
    void *p = hotup_sym(case_up, name);

    if (!p) {
        fprintf(stderr, "check: %s: no symbol '%s' in the live build: %s\n",
                case_phase, name, hotup_strerror(case_up));
        exit(1);
    }
    return p;
}

/* The live build's function 'name' as a 'type *'. */
#define CASE_FN(type, name) ((type *) case_sym(name))

#define GET(name) (CASE_FN(case_get_fn, #name)())
#define SET(name, v) (CASE_FN(case_set_fn, #name)(v))
#define GETI(name, i) (CASE_FN(case_geti_fn, #name)(i))
#define SETI(name, i, v) (CASE_FN(case_seti_fn, #name)((i), (v)))
#define GETF(name) (CASE_FN(case_getf_fn, #name)())
#define SETF(name, v) (CASE_FN(case_setf_fn, #name)(v))
#define GETS(name) (CASE_FN(case_gets_fn, #name)())
#define SETS(name, s) (CASE_FN(case_sets_fn, #name)(s))
#define CALL(name) (CASE_FN(case_void_fn, #name)())

static __attribute__((unused)) void
case_expect_i(int line, const char *what, long long want, long long got)
{
    if (want != got) {
        fprintf(stderr, "check.c:%d: %s (%s): expected %lld (%#llx), "
                "got %lld (%#llx)\n", line, what, case_phase, want,
                (unsigned long long) want, got, (unsigned long long) got);
        case_failures++;
    }
}

static __attribute__((unused)) void
case_expect_f(int line, const char *what, double want, double got)
{
    if (want != got) {
        fprintf(stderr, "check.c:%d: %s (%s): expected %.17g, got %.17g\n",
                line, what, case_phase, want, got);
        case_failures++;
    }
}

static __attribute__((unused)) void
case_expect_s(int line, const char *what, const char *want, const char *got)
{
    if (!got || strcmp(want, got)) {
        fprintf(stderr, "check.c:%d: %s (%s): expected \"%s\", got %s%s%s\n",
                line, what, case_phase, want, got ? "\"" : "",
                got ? got : "NULL", got ? "\"" : "");
        case_failures++;
    }
}

/* EXPECT(get_x, 5): calls get_x() in the live build and compares. */
#define EXPECT(name, want) \
    case_expect_i(__LINE__, #name "()", (want), GET(name))
#define EXPECTI(name, i, want) \
    case_expect_i(__LINE__, #name "(" #i ")", (want), GETI(name, i))
#define EXPECTF(name, want) \
    case_expect_f(__LINE__, #name "()", (want), GETF(name))
#define EXPECTS(name, want) \
    case_expect_s(__LINE__, #name "()", (want), GETS(name))
#define EXPECT_VAL(what, want, got) \
    case_expect_i(__LINE__, (what), (want), (got))

/* Checks that build 'version' (1 old, 2 new) is live. */
#define EXPECT_LIVE(version) \
    case_expect_i(__LINE__, "dp_version() (which build is live)", \
                  (version), GET(dp_version))

/* Prepares and commits the upgrade; exits on failure (nothing further can
 * be checked).  Afterwards the phase is "new". */
static __attribute__((unused)) void
case_upgrade_ok(void)
{
    struct hotup_report rep;
    int err;

    EXPECT_LIVE(1);
    err = hotup_prepare(case_up, case_new, case_bundle);
    if (err) {
        fprintf(stderr, "check: hotup_prepare failed: %d: %s\n", err,
                hotup_strerror(case_up));
        exit(1);
    }
    memset(&rep, 0, sizeof rep);
    err = hotup_commit(case_up, &rep);
    if (err) {
        fprintf(stderr, "check: hotup_commit failed: %d: %s (report: %s)\n",
                err, hotup_strerror(case_up), rep.error);
        exit(1);
    }
    case_phase = "new";
    EXPECT_LIVE(2);
}

/* Does the commit error (report or handle) mention 'what'? */
static __attribute__((unused)) void
case_error_says(const struct hotup_report *rep, const char *what)
{
    if (what && !strstr(rep->error, what)
        && !strstr(hotup_strerror(case_up), what)) {
        fprintf(stderr, "check: the commit error does not mention '%s'\n",
                what);
        case_failures++;
    }
}

/* Prepares the upgrade, which must succeed, and commits it, which must
 * fail; the error must name variable 'var' and the HOTUP_MIG_E* 'code'
 * (NULL: not checked).  Exits if the commit succeeds.  Afterwards the
 * phase is "old after a failed commit" and the old build must be live. */
static __attribute__((unused)) void
case_upgrade_fails(const char *var, const char *code)
{
    struct hotup_report rep;
    int err;

    EXPECT_LIVE(1);
    err = hotup_prepare(case_up, case_new, case_bundle);
    if (err) {
        fprintf(stderr, "check: hotup_prepare failed: %d: %s\n", err,
                hotup_strerror(case_up));
        exit(1);
    }
    memset(&rep, 0, sizeof rep);
    err = hotup_commit(case_up, &rep);
    if (!err) {
        fprintf(stderr, "check: hotup_commit succeeded, but it must fail "
                "(%s: %s)\n", var ? var : "?", code ? code : "?");
        case_phase = "new after a commit that must fail";
        EXPECT_LIVE(1);
        exit(1);
    }
    printf("check: commit failed as it must: %d: %s\n", err, rep.error);
    case_error_says(&rep, var);
    case_error_says(&rep, code);
    case_phase = "old after a failed commit";
    EXPECT_LIVE(1);
}

static __attribute__((unused)) int
case_done(void)
{
    hotup_close(case_up);
    if (case_failures) {
        fprintf(stderr, "check: %d mismatch%s\n", case_failures,
                case_failures == 1 ? "" : "es");
        return 1;
    }
    printf("check: ok\n");
    return 0;
}

#endif /* case.h */
