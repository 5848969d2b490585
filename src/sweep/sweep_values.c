/* SPDX-License-Identifier: GPL-2.0-only */
/* --vary KEY=ITEM,ITEM,...: one axis of a sweep. An item is a value passed as it is to
 * the scenario (as with --set), or an integer range:
 *   A..B     A, A+1, ..., B
 *   A..B:S   A, A+S, A+2S, ... up to the last one not above B (B itself when S divides
 *            B-A)
 * A, B and S are decimal integers without sign (0 .. 2^64-1); S >= 1; A <= B (a range
 * with A > B would be empty: refused). Items and ranges mix: 1,2..4,8 is 1 2 3 4 8.
 * A value may appear only once per axis. Commas inside [] or {} belong to a value
 * (gic.hw_mapped=[27,30],[]), and an item starting with [, {, ' or " is never a range. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "util/escape.h"
#include "util/xalloc.h"

/* Parses a decimal integer without sign that fills [s, s+len). */
static bool parse_uint(const char *s, size_t len, uint64_t *out, bool *overflow)
{
    *overflow = false;
    if (len == 0)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            *overflow = true;
        else
            v = v * 10 + d;
    }
    *out = v;
    return true;
}

/* Room for `more` values: doubling, so that a long range is linear in its length. */
static void reserve(struct sweep_axis *a, size_t more)
{
    if (a->n_values + more <= a->cap)
        return;
    size_t cap = a->cap ? a->cap * 2 : 8;
    while (cap < a->n_values + more)
        cap *= 2;
    a->values = xrealloc(a->values, cap * sizeof(*a->values));
    a->cols = xrealloc(a->cols, cap * sizeof(*a->cols));
    a->cap = cap;
}

/* `col`: the column of the value's item in the --vary argument. */
static void add_value(struct sweep_axis *a, char *v, uint32_t col)
{
    reserve(a, 1);
    a->cols[a->n_values] = col;
    a->values[a->n_values++] = v;
}

/* One range item "A..B[:S]" (`dots` points at the ".."). */
static bool expand_range(struct sweep_axis *a, const char *item, size_t len, const char *dots,
                         uint32_t col, char **err)
{
    const char *lo_s = item, *hi_s = dots + 2, *end = item + len;
    const char *colon = memchr(hi_s, ':', (size_t)(end - hi_s));
    const char *hi_end = colon ? colon : end;
    uint64_t lo = 0, hi = 0, step = 1;
    bool ovf_lo, ovf_hi, ovf_step = false;
    bool ok_lo = parse_uint(lo_s, (size_t)(dots - lo_s), &lo, &ovf_lo);
    bool ok_hi = parse_uint(hi_s, (size_t)(hi_end - hi_s), &hi, &ovf_hi);
    bool ok_step = !colon || parse_uint(colon + 1, (size_t)(end - colon - 1), &step, &ovf_step);
    if (!ok_lo || !ok_hi || !ok_step) {
        *err = xasprintf("range '%s': bounds and step must be integers without sign "
                         "(A..B or A..B:STEP)", ESCN(item, len));
        return false;
    }
    if (ovf_lo || ovf_hi || ovf_step) {
        *err = xasprintf("range '%s': a number is larger than %" PRIu64, ESCN(item, len),
                         UINT64_MAX);
        return false;
    }
    if (step == 0) {
        *err = xasprintf("range '%s': the step must be at least 1", ESCN(item, len));
        return false;
    }
    if (lo > hi) {
        *err = xasprintf("range '%s' is empty: the first bound is above the last", ESCN(item, len));
        return false;
    }
    /* (hi - lo) / step + 1 values: compared before adding 1, which could wrap. */
    uint64_t span = (hi - lo) / step;
    if (span >= SWEEP_MAX_POINTS || a->n_values + span + 1 > SWEEP_MAX_POINTS) {
        *err = xasprintf("range '%s' has more values than a sweep has points (at most %"
                         PRIu64 ")", ESCN(item, len), SWEEP_MAX_POINTS);
        return false;
    }
    uint64_t count = span + 1;
    reserve(a, (size_t)count);
    /* Counting rather than adding `step` until past `hi` cannot wrap near 2^64. */
    for (uint64_t i = 0; i < count; i++)
        add_value(a, xasprintf("%" PRIu64, lo + i * step), col);
    return true;
}

static bool add_item(struct sweep_axis *a, const char *item, size_t len, uint32_t col, char **err)
{
    if (len == 0) {
        *err = xstrdup("empty value (two commas in a row, or a comma at an end)");
        return false;
    }
    const char *dots = NULL;
    if (!strchr("[{'\"", item[0])) {
        for (size_t i = 0; i + 1 < len; i++)
            if (item[i] == '.' && item[i + 1] == '.') {
                dots = item + i;
                break;
            }
    }
    if (dots)
        return expand_range(a, item, len, dots, col, err);
    if (a->n_values + 1 > SWEEP_MAX_POINTS) {
        *err = xasprintf("more than %" PRIu64 " values", SWEEP_MAX_POINTS);
        return false;
    }
    add_value(a, xstrndup(item, len), col);
    return true;
}

/* Every value once: a repeated one would run the same point twice and draw a
 * back-and-forth line. Sorting a copy keeps this O(n log n) for long ranges. */
static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool check_unique(const struct sweep_axis *a, char **err)
{
    char **sorted = xcalloc(a->n_values, sizeof(*sorted));
    memcpy(sorted, a->values, a->n_values * sizeof(*sorted));
    qsort(sorted, a->n_values, sizeof(*sorted), cmp_str);
    bool ok = true;
    for (size_t i = 1; i < a->n_values && ok; i++)
        if (strcmp(sorted[i - 1], sorted[i]) == 0) {
            *err = xasprintf("%s: the value %s appears more than once", ESC(a->key),
                             ESC(sorted[i]));
            ok = false;
        }
    free(sorted);
    return ok;
}

bool sweep_axis_parse(const char *arg, struct sweep_axis *out, char **err)
{
    memset(out, 0, sizeof(*out));
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg) {
        *err = xasprintf("--vary expects KEY=V1,V2,... (or KEY=A..B[:STEP]), got '%s'",
                         ESC(arg));
        return false;
    }
    out->key = xstrndup(arg, (size_t)(eq - arg));
    const char *p = eq + 1, *start = p;
    int depth = 0;
    for (;; p++) {
        if (*p == '[' || *p == '{')
            depth++;
        else if ((*p == ']' || *p == '}') && depth > 0)
            depth--;
        if (*p == '\0' || (*p == ',' && depth == 0)) {
            char *item_err = NULL;
            if (!add_item(out, start, (size_t)(p - start), (uint32_t)(start - arg) + 1,
                          &item_err)) {
                *err = xasprintf("--vary %s: %s", ESC(out->key), item_err);
                free(item_err);
                sweep_axis_free(out);
                return false;
            }
            if (*p == '\0')
                break;
            start = p + 1;
        }
    }
    char *dup_err = NULL;
    if (!check_unique(out, &dup_err)) {
        *err = xasprintf("--vary %s", dup_err);
        free(dup_err);
        sweep_axis_free(out);
        return false;
    }
    return true;
}

void sweep_axis_free(struct sweep_axis *a)
{
    for (size_t i = 0; i < a->n_values; i++)
        free(a->values[i]);
    free(a->values);
    free(a->cols);
    free(a->key);
    memset(a, 0, sizeof(*a));
}
