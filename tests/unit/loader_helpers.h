/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared helpers of the scenario-loader tests (test_loader_*.c): load a scenario
 * written inline and assert exactly which diagnostics it produces, at which line
 * and column. Header-only: every function is static and may be unused. */
#ifndef VGICSIM_TEST_LOADER_HELPERS_H
#define VGICSIM_TEST_LOADER_HELPERS_H

#include <check.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/load.h"
#include "test_support.h"
#include "util/diag.h"

#define LH_UNUSED __attribute__((unused))

/* One expected diagnostic. `file` NULL: any file. `msg` must be the start of the
 * message (so that the "path: " prefix convention is checked too); a leading '*'
 * asks for a substring anywhere instead. */
struct exp_diag {
    const char *file;
    uint32_t line;
    uint32_t col;
    const char *msg;
};

/* A few valid machine headers: lines 1 and 2 of most test scenarios. */
#define HDR3 "version: 1\ngic: {version: 3, vcpus: 2}\n"
#define HDR2 "version: 1\ngic: {version: 2, vcpus: 2}\n"
/* A minimal valid body, for tests about other sections. */
#define PULSE40 "trace:\n  - pulse: {intid: 40}\n"

/* A growable string for failure reports. */
struct lh_buf {
    char *s;
    size_t len, cap;
};

LH_UNUSED __attribute__((format(printf, 2, 3)))
static void lh_printf(struct lh_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            abort();
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

LH_UNUSED static void lh_dump(struct lh_buf *b, const struct diag_list *d)
{
    lh_printf(b, "\n  got %zu diagnostic(s):", d->count);
    for (size_t i = 0; i < d->count; i++) {
        char *s = diag_format(&d->items[i]);
        lh_printf(b, "\n    %s", s);
        free(s);
    }
}

LH_UNUSED static bool lh_match(const struct diag *d, const struct exp_diag *e)
{
    if (e->file && strcmp(d->file, e->file) != 0)
        return false;
    if (d->line != e->line || d->col != e->col)
        return false;
    if (e->msg[0] == '*')
        return strstr(d->msg, e->msg + 1) != NULL;
    return strncmp(d->msg, e->msg, strlen(e->msg)) == 0;
}

/* NULL when `d` holds exactly the expected diagnostics, in this order; otherwise a
 * malloc'd report of what was expected and everything that was found. */
LH_UNUSED static char *lh_compare(const struct diag_list *d, const struct exp_diag *exp,
                                  size_t n_exp)
{
    bool ok = d->count == n_exp;
    for (size_t i = 0; ok && i < n_exp; i++)
        ok = lh_match(&d->items[i], &exp[i]);
    if (ok)
        return NULL;
    struct lh_buf b = {0};
    lh_printf(&b, "expected %zu diagnostic(s):", n_exp);
    for (size_t i = 0; i < n_exp; i++)
        lh_printf(&b, "\n    %s:%u:%u: %s%s", exp[i].file ? exp[i].file : "*", exp[i].line,
                  exp[i].col, exp[i].msg,
                  i < d->count && !lh_match(&d->items[i], &exp[i]) ? "   <-- differs" : "");
    lh_dump(&b, d);
    return b.s;
}

/* Loads `text` as "t.yaml" with the given --set overrides and compares the result with
 * the expected diagnostics (none: the load must succeed; some: it must fail). */
LH_UNUSED static char *lh_load_expect(const char *text, const char *const *sets, size_t n_sets,
                                      const struct exp_diag *exp, size_t n_exp)
{
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    bool ok = scenario_load_text("t.yaml", text, strlen(text), sets, n_sets, &s, &d);
    char *err = lh_compare(&d, exp, n_exp);
    if (!err && ok != (n_exp == 0)) {
        struct lh_buf b = {0};
        lh_printf(&b, "scenario_load_text returned %s with %zu diagnostic(s)",
                  ok ? "true" : "false", d.count);
        err = b.s;
    }
    if (!err && !ok && (s.steps || s.generators || s.name)) {
        struct lh_buf b = {0};
        lh_printf(&b, "a failed load must leave an empty scenario");
        err = b.s;
    }
    scenario_free(&s);
    diag_free(&d);
    return err;
}

/* Loads `text` (as "t.yaml") into *s, which the caller frees; NULL on success, else
 * a report of the diagnostics. */
LH_UNUSED static char *lh_load_ok(const char *text, const char *const *sets, size_t n_sets,
                                  struct scenario *s)
{
    struct diag_list d;
    diag_init(&d);
    bool ok = scenario_load_text("t.yaml", text, strlen(text), sets, n_sets, s, &d);
    char *err = NULL;
    if (!ok || d.count) {
        struct lh_buf b = {0};
        lh_printf(&b, "expected a valid scenario (load returned %s):", ok ? "true" : "false");
        lh_dump(&b, &d);
        err = b.s;
    }
    diag_free(&d);
    return err;
}

/* 1-based column of the first `needle` on 1-based line `line` of `text` (aborts the
 * test when it is not there): an oracle for locations that does not depend on the
 * loader. */
LH_UNUSED static uint32_t lh_col(const char *text, uint32_t line, const char *needle)
{
    const char *p = text;
    for (uint32_t l = 1; l < line && p; l++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    ck_assert_msg(p != NULL, "test bug: no line %u", line);
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= len; i++)
        if (memcmp(p + i, needle, nl) == 0)
            return (uint32_t)i + 1;
    ck_abort_msg("test bug: '%s' is not on line %u", needle, line);
    return 0;
}

/* Expected diagnostics in t.yaml, located by text: at the first `needle` of a line,
 * or just after it (AFTER(3, "vcpus: ") is the column of the value of vcpus). These
 * read the scenario text from a variable `T` of the test. */
#define AT(l, needle, m) {"t.yaml", (l), lh_col(T, (l), (needle)), (m)}
#define AFTER(l, needle, m) {"t.yaml", (l), lh_col(T, (l), (needle)) + (uint32_t)strlen(needle), (m)}
/* At an explicit line and column. */
#define AT_LC(l, c, m) {"t.yaml", (l), (c), (m)}
/* In a --set argument: its ordinal and the column inside KEY=VALUE. */
#define SET_AT(n, c, m) {"--set", (n), (c), (m)}

/* Fails the test with the report (freed first: a failing test must not also leak). */
#define LH_REPORT(err_)                                                                  \
    do {                                                                                 \
        char *lh_err_ = (err_);                                                          \
        if (lh_err_) {                                                                   \
            char lh_msg_[8192];                                                          \
            snprintf(lh_msg_, sizeof(lh_msg_), "%s", lh_err_);                           \
            free(lh_err_);                                                               \
            ck_abort_msg("%s", lh_msg_);                                                 \
        }                                                                                \
    } while (0)

/* Asserts that `text` loads with exactly the listed diagnostics, in this order. */
#define EXPECT_DIAGS(text, ...)                                                          \
    do {                                                                                 \
        const struct exp_diag lh_exp_[] = {__VA_ARGS__};                                 \
        LH_REPORT(lh_load_expect((text), NULL, 0, lh_exp_,                               \
                                 sizeof(lh_exp_) / sizeof(lh_exp_[0])));                 \
    } while (0)

/* The same with --set overrides (an array of strings). */
#define EXPECT_DIAGS_SET(text, sets, ...)                                                \
    do {                                                                                 \
        const struct exp_diag lh_exp_[] = {__VA_ARGS__};                                 \
        LH_REPORT(lh_load_expect((text), (sets), sizeof(sets) / sizeof((sets)[0]),       \
                                 lh_exp_, sizeof(lh_exp_) / sizeof(lh_exp_[0])));        \
    } while (0)

/* Asserts that `text` loads without any diagnostic into *s (the caller frees it). */
#define LOAD_OK(text, s) LH_REPORT(lh_load_ok((text), NULL, 0, (s)))
#define LOAD_OK_SET(text, sets, s)                                                       \
    LH_REPORT(lh_load_ok((text), (sets), sizeof(sets) / sizeof((sets)[0]), (s)))

/* Asserts an exact diagnostic list that the test obtained itself (e.g. from
 * scenario_load on a file). */
#define EXPECT_LIST(list, ...)                                                           \
    do {                                                                                 \
        const struct exp_diag lh_exp_[] = {__VA_ARGS__};                                 \
        LH_REPORT(lh_compare((list), lh_exp_, sizeof(lh_exp_) / sizeof(lh_exp_[0])));    \
    } while (0)

/* Builds a one-test-case suite runner from a list of tests. */
#define LOADER_MAIN(suite_name, ...)                                                     \
    int main(void)                                                                       \
    {                                                                                    \
        Suite *su = suite_create(suite_name);                                            \
        TCase *tc = tcase_create("core");                                                \
        const TTest *tests[] = {__VA_ARGS__};                                            \
        for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)                    \
            tcase_add_test(tc, tests[i]);                                                \
        suite_add_tcase(su, tc);                                                         \
        return test_run_suite(su);                                                       \
    }

#endif
