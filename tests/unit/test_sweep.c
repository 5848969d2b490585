/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the sweep's pieces (src/sweep/sweep.h): range expansion, the point table
 * and its shards, rows through JSON and back, the table with several models, and plots
 * with one series per model (made from synthetic rows and reports, so that they do not
 * wait for a second model to exist). */
#include <check.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report_plot.h"
#include "costs/cost_model.h"
#include "report/report_scalar.h"
#include "sweep/sweep.h"
#include "plot/gnuplot.h"
#include "test_support.h"
#include "util/xalloc.h"

/* The values of one --vary, joined by spaces; NULL (with *err) when refused. */
static char *values_of(const char *arg, char **err)
{
    struct sweep_axis a;
    *err = NULL;
    if (!sweep_axis_parse(arg, &a, err))
        return NULL;
    char *out = xstrdup("");
    for (size_t i = 0; i < a.n_values; i++) {
        char *next = xasprintf("%s%s%s", out, i ? " " : "", a.values[i]);
        free(out);
        out = next;
    }
    sweep_axis_free(&a);
    return out;
}

static void expect_values(const char *arg, const char *want)
{
    char *err;
    char *got = values_of(arg, &err);
    ck_assert_msg(got, "%s refused: %s", arg, err);
    ck_assert_str_eq(got, want);
    free(got);
}

static void expect_refused(const char *arg, const char *message)
{
    char *err;
    char *got = values_of(arg, &err);
    ck_assert_msg(!got, "%s accepted as '%s'", arg, got);
    ck_assert_msg(strstr(err, message), "%s: '%s' does not say '%s'", arg, err, message);
    free(err);
}

START_TEST(test_ranges)
{
    expect_values("k=1..4", "1 2 3 4");
    expect_values("k=500..4000:500", "500 1000 1500 2000 2500 3000 3500 4000");
    expect_values("k=500..4000:600", "500 1100 1700 2300 2900 3500");
    expect_values("k=1,3..5,16", "1 3 4 5 16");
    expect_values("k=7..7", "7");
    expect_values("k=0..0:5", "0");
    expect_values("k=18446744073709551613..18446744073709551615:2",
                  "18446744073709551613 18446744073709551615");
    expect_values("k=[1..2],{a: 1..2},'1..2'", "[1..2] {a: 1..2} '1..2'");
    expect_values("gic.hw_mapped=[27,30],[]", "[27,30] []");
    expect_values("k=1.5", "1.5");
    expect_refused("k=5..1", "is empty");
    expect_refused("k=1..5:0", "at least 1");
    expect_refused("k=1..5:-1", "without sign");
    expect_refused("k=-1..5", "without sign");
    expect_refused("k=1.5..3", "without sign");
    expect_refused("k=1..", "without sign");
    expect_refused("k=..3", "without sign");
    expect_refused("k=1..3:", "without sign");
    expect_refused("k=1...3", "without sign");
    expect_refused("k=1..18446744073709551616", "larger than 18446744073709551615");
    expect_refused("k=0..18446744073709551615", "at most 1000000");
    expect_refused("k=1..1000001", "at most 1000000");
    expect_refused("k=1..3,2", "the value 2 appears more than once");
    expect_refused("k=1,,2", "empty value");
    expect_refused("k=", "empty value");
    expect_refused("=1", "KEY=");
    expect_refused("k", "KEY=");
}
END_TEST

/* The largest single axis is SWEEP_MAX_POINTS values, ranges and values together. */
START_TEST(test_range_at_the_limit)
{
    struct sweep_axis a;
    char *err = NULL;
    ck_assert(sweep_axis_parse("k=1..999999,0", &a, &err));
    ck_assert_uint_eq(a.n_values, SWEEP_MAX_POINTS);
    ck_assert_str_eq(a.values[999998], "999999");
    ck_assert_str_eq(a.values[999999], "0");
    sweep_axis_free(&a);
    ck_assert(!sweep_axis_parse("k=1..999999,0,1000000", &a, &err));
    ck_assert_ptr_nonnull(strstr(err, "more than 1000000 values"));
    free(err);
    ck_assert(!sweep_axis_parse("k=0,1..1000000", &a, &err));
    ck_assert_ptr_nonnull(strstr(err, "at most 1000000"));
    free(err);
}
END_TEST

static void add_axis(struct sweep_space *s, const char *arg)
{
    struct sweep_axis a;
    char *err = NULL;
    ck_assert(sweep_axis_parse(arg, &a, &err));
    ck_assert_msg(sweep_space_add(s, &a, &err), "%s", err);
}

START_TEST(test_points_and_shards)
{
    struct sweep_space s = {0};
    add_axis(&s, "a=1..3");
    add_axis(&s, "b=x,y");
    add_axis(&s, "c=10..40:10");
    ck_assert_uint_eq(s.n_points, 24);
    /* The last axis changes fastest. */
    size_t ch[3];
    sweep_point_choice(&s, 0, ch);
    ck_assert(ch[0] == 0 && ch[1] == 0 && ch[2] == 0);
    sweep_point_choice(&s, 5, ch);   /* 0*8 + 1*4 + 1 */
    ck_assert(ch[0] == 0 && ch[1] == 1 && ch[2] == 1);
    sweep_point_choice(&s, 23, ch);
    ck_assert(ch[0] == 2 && ch[1] == 1 && ch[2] == 3);
    const char *base[] = {"seed=3"};
    size_t n;
    const char **sets = sweep_point_sets(&s, base, 1, 5, &n);
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(sets[0], "seed=3");
    ck_assert_str_eq(sets[1], "a=1");
    ck_assert_str_eq(sets[2], "b=y");
    ck_assert_str_eq(sets[3], "c=20");
    sweep_point_sets_free(&s, 1, sets);

    /* Every shard count from 1 to 30: the shards partition the points, each in order. */
    for (uint64_t count = 1; count <= 30; count++) {
        int *seen = xcalloc(s.n_points, sizeof(*seen));
        for (uint64_t k = 1; k <= count; k++) {
            struct sweep_shard sh = {k, count};
            uint64_t m = sweep_shard_points(&sh, s.n_points), last = 0;
            for (uint64_t i = 0; i < m; i++) {
                uint64_t p = sweep_shard_point(&sh, i);
                ck_assert_uint_lt(p, s.n_points);
                ck_assert_uint_eq(p % count, k - 1);
                ck_assert(i == 0 || p > last);
                last = p;
                seen[p]++;
            }
        }
        for (uint64_t p = 0; p < s.n_points; p++)
            ck_assert_int_eq(seen[p], 1);
        free(seen);
    }

    struct sweep_axis twice;
    char *err = NULL;
    ck_assert(sweep_axis_parse("b=z", &twice, &err));
    ck_assert(!sweep_space_add(&s, &twice, &err));
    ck_assert(strstr(err, "given twice"));
    free(err);
    sweep_axis_free(&twice);
    sweep_space_free(&s);

    struct sweep_space big = {0};
    add_axis(&big, "a=1..1000");
    struct sweep_axis more;
    ck_assert(sweep_axis_parse("b=1..1001", &more, &err));
    ck_assert(!sweep_space_add(&big, &more, &err));
    ck_assert(strstr(err, "more than 1000000 points"));
    free(err);
    sweep_axis_free(&more);
    sweep_space_free(&big);
}
END_TEST

START_TEST(test_shard_parse)
{
    struct sweep_shard sh;
    ck_assert(sweep_shard_parse("1/1", &sh) && sh.index == 1 && sh.count == 1);
    ck_assert(sweep_shard_parse("7/12", &sh) && sh.index == 7 && sh.count == 12);
    ck_assert(sweep_shard_parse("1000000/1000000", &sh));
    const char *bad[] = {"0/2", "3/2", "1/0", "01/2", "1/02", "a/2", "1/", "/2", "2", "1/2x",
                         "-1/2", "1/1000001", "", "1//2", "99999999999999999999/1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(!sweep_shard_parse(bad[i], &sh), "accepted '%s'", bad[i]);
}
END_TEST

/* The metrics a synthetic table has besides the standard columns. */
static const char *const extra_metrics = "cas_retries,by_register.GICD_CTLR.p99,exits";

/* A synthetic sweep of two models: a = 1, 2, 4 (the x axis) times b = u, v; with
 * `repeat` > 1, every value has an interval. Value of column c in row i: 1000 * i + c,
 * with .25 on means; perf has no lock counter, ref no CAS one. */
static void synthetic_repeat(struct sweep_header *h, struct sweep_row **rows, size_t *n_rows,
                             uint64_t repeat, struct sweep_metrics *ms)
{
    memset(h, 0, sizeof(*h));
    h->version = xstrdup("9.9");
    h->commit = xstrdup("abc");
    h->scenario_name = xstrdup("synthetic");
    h->scenario_path = xstrdup("s.yaml");
    h->models = xcalloc(2, sizeof(*h->models));
    h->models[0] = xstrdup("ref");
    h->models[1] = xstrdup("perf");
    h->n_models = 2;
    h->repeat = repeat;
    add_axis(&h->space, "a=1,2,4");
    add_axis(&h->space, "b=u,v");
    h->shard = (struct sweep_shard){1, 1};
    sweep_columns_standard(&h->columns);
    const char *mc[] = {"cas_retries", "lock_contended"};
    char *err = NULL;
    memset(ms, 0, sizeof(*ms));
    ck_assert_msg(sweep_metrics_parse(extra_metrics, mc, 2, ms, &err), "%s", err);
    ck_assert(sweep_metrics_place(ms, &h->columns, true, &err));
    size_t cas = sweep_columns_find(&h->columns, "counters.model.cas_retries");
    ck_assert_uint_ne(cas, SIZE_MAX);
    *n_rows = h->space.n_points * 2;
    *rows = xcalloc(*n_rows, sizeof(**rows));
    for (size_t i = 0; i < *n_rows; i++) {
        struct sweep_row *r = &(*rows)[i];
        r->point = i / 2;
        r->model = h->models[i % 2];
        r->preset = "kvm-gicv3-vhe";
        r->clock_mhz = i < 2 ? 0 : 2000;
        r->v = xcalloc(h->columns.n, sizeof(*r->v));
        r->ci = repeat > 1 ? xcalloc(2 * h->columns.n, sizeof(*r->ci)) : NULL;
        for (size_t c = 0; c < h->columns.n; c++) {
            bool mean = h->columns.c[c].ref.field == RF_MEAN &&
                        h->columns.c[c].ref.unit == REPORT_CYCLES;
            r->v[c] = 1000.0 * (double)i + (double)c + (mean ? 0.25 : 0);
            if (r->ci) {
                r->ci[2 * c] = r->v[c] - 10;
                r->ci[2 * c + 1] = r->v[c] + 10;
            }
        }
        if (i % 2 == 0)
            r->v[cas] = NAN;   /* ref keeps no CAS counter */
        if (r->ci && i == 0)
            r->ci[0] = r->ci[1] = NAN;   /* an interval the runs did not give */
    }
}

static void synthetic(struct sweep_header *h, struct sweep_row **rows, size_t *n_rows)
{
    struct sweep_metrics ms;
    synthetic_repeat(h, rows, n_rows, 1, &ms);
    sweep_metrics_free(&ms);
}

static char *table_text(const struct sweep_header *h, const struct sweep_row *rows, size_t n,
                        enum sweep_format f, enum sweep_unit unit, const struct sweep_metrics *ms)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    struct sweep_table t = {h, rows, n};
    ck_assert_int_eq(sweep_table_write(m, &t, f, unit, ms), 0);
    fclose(m);
    return buf;
}

static void free_table(struct sweep_header *h, struct sweep_row *rows, size_t n)
{
    sweep_rows_free(rows, n);
    free(rows);
    sweep_header_free(h);
}

/* Written as JSON, read back and written again: the same bytes in every format, unit and
 * metric selection, with and without --repeat. */
static void round_trip(uint64_t repeat)
{
    struct sweep_header h;
    struct sweep_row *rows;
    size_t n;
    struct sweep_metrics ms;
    synthetic_repeat(&h, &rows, &n, repeat, &ms);
    char *json = table_text(&h, rows, n, SWEEP_JSON, SWEEP_UNIT_AUTO, &ms);
    char *path = test_write_temp(json);
    struct sweep_header h2;
    struct sweep_row *rows2;
    size_t n2;
    ck_assert(sweep_table_read(path, "test", &h2, &rows2, &n2));
    ck_assert_uint_eq(n2, n);
    ck_assert_uint_eq(h2.repeat, repeat);
    ck_assert_ptr_null(sweep_header_mismatch(&h, &h2));
    for (enum sweep_format f = SWEEP_TEXT; f <= SWEEP_JSON; f++)
        for (enum sweep_unit u = SWEEP_UNIT_AUTO; u <= SWEEP_UNIT_CYCLES; u++) {
            char *a = table_text(&h, rows, n, f, u, &ms), *b = table_text(&h2, rows2, n2, f, u, &ms);
            ck_assert_str_eq(a, b);
            free(a);
            free(b);
        }
    ck_assert(rows2[3].model == h2.models[1]);
    /* Every column comes back, the --metric ones too; a value the run lacks is null. */
    for (size_t c = 0; c < h.columns.n; c++)
        ck_assert_msg(rows2[3].v[c] == rows[3].v[c], "%s", h.columns.c[c].name);
    ck_assert_ptr_nonnull(strstr(json, "\"counters.model.cas_retries\": null"));
    ck_assert_ptr_nonnull(strstr(json, "\"by_register.GICD_CTLR.p99\": "));
    ck_assert_ptr_nonnull(strstr(json, "\"delivery.mean\": 3.25"));   /* row 0, column 3 */
    ck_assert((strstr(json, "\"ci95\": {") != NULL) == (repeat > 1));
    if (repeat > 1) {
        ck_assert(isnan(rows2[0].ci[0]) && rows2[3].ci[2] == rows[3].ci[2]);
        ck_assert_ptr_nonnull(strstr(json, "\"interrupts.delivered\": null"));
    }
    unlink(path);
    free(path);
    free(json);
    free_table(&h2, rows2, n2);
    free_table(&h, rows, n);
    sweep_metrics_free(&ms);
}

START_TEST(test_two_models_table_and_round_trip)
{
    struct sweep_header h;
    struct sweep_row *rows;
    size_t n;
    struct sweep_metrics ms;
    synthetic_repeat(&h, &rows, &n, 1, &ms);
    char *text = table_text(&h, rows, n, SWEEP_TEXT, SWEEP_UNIT_AUTO, &ms);
    /* One row per point and model, models inner, in --model order. */
    ck_assert_ptr_nonnull(strstr(text, "\n1            u            ref "));
    ck_assert_ptr_nonnull(strstr(text, "\n1            u            perf "));
    ck_assert(strstr(text, "u            ref ") < strstr(text, "u            perf "));
    /* The --metric columns follow the usual ones (exits is one of them already). */
    ck_assert_ptr_nonnull(strstr(text, " fail counters.model.cas_retries by_register.GICD_CTLR.p99 "
                                       "by_register.GICD_CTLR.p99_ns\n"));
    char *csv = table_text(&h, rows, n, SWEEP_CSV, SWEEP_UNIT_CYCLES, &ms);
    ck_assert_ptr_nonnull(strstr(csv, ",expectation_failures,counters.model.cas_retries,"
                                      "by_register.GICD_CTLR.p99\n"));
    ck_assert_ptr_null(strstr(csv, "_ns"));
    free(csv);
    /* Without --metric: the usual columns only. */
    csv = table_text(&h, rows, n, SWEEP_CSV, SWEEP_UNIT_CYCLES, NULL);
    ck_assert_ptr_nonnull(strstr(csv, ",expectation_failures\n"));
    free(csv);
    free(text);
    free_table(&h, rows, n);
    sweep_metrics_free(&ms);
    round_trip(1);
    round_trip(5);
}
END_TEST

/* Nanoseconds: after each latency column when the row's clock is known (empty when not),
 * instead of it with --unit ns; counters stay as they are. */
START_TEST(test_units)
{
    struct sweep_header h;
    struct sweep_row *rows;
    size_t n;
    synthetic(&h, &rows, &n);
    size_t p50 = sweep_columns_find(&h.columns, "delivery.p50");
    char *csv = table_text(&h, rows, n, SWEEP_CSV, SWEEP_UNIT_AUTO, NULL);
    ck_assert_ptr_nonnull(strstr(csv, ",delivery_p50,delivery_p50_ns,delivery_p99,"));
    ck_assert_ptr_nonnull(strstr(csv, ",exits,kicks,"));   /* counts: no ns */
    /* Row 2 (clock 2000 MHz): p50 = 2000 + p50 cycles = (2000 + c) / 2 ns. */
    char *want = xasprintf(",%zu,%.1f,", 2000 + p50, (2000.0 + (double)p50) / 2);
    ck_assert_msg(strstr(csv, want), "%s not in %s", want, csv);
    free(want);
    /* Row 0 has no clock: its ns cell is empty. */
    want = xasprintf(",%zu,,", p50);
    ck_assert_msg(strstr(csv, want), "%s not in %s", want, csv);
    free(want);
    free(csv);
    csv = table_text(&h, rows, n, SWEEP_CSV, SWEEP_UNIT_NS, NULL);
    ck_assert_ptr_nonnull(strstr(csv, "model,delivered,undelivered,delivery_p50_ns,delivery_p99_ns,"));
    free(csv);
    char *text = table_text(&h, rows, n, SWEEP_TEXT, SWEEP_UNIT_AUTO, NULL);
    ck_assert_ptr_nonnull(strstr(text, " dlv_p50 dlv_p50_ns "));
    free(text);
    struct sweep_table t = {&h, rows, n};
    ck_assert(!sweep_table_clock_known(&t));
    t.rows = rows + 2;
    t.n_rows = n - 2;
    ck_assert(sweep_table_clock_known(&t));
    free_table(&h, rows, n);
}
END_TEST

/* A row that lacks a column, or has one of the wrong type, is not a row of this table. */
START_TEST(test_row_needs_every_column)
{
    struct sweep_header h;
    struct sweep_row *rows;
    size_t n;
    synthetic(&h, &rows, &n);
    const char *const models[] = {"ref", "perf"};
    struct sweep_row back = {0};
    char *err = NULL;
    json_t *o = sweep_row_to_json(&rows[0], &h.space, &h.columns, false);
    ck_assert(sweep_row_from_json(o, &h.space, &h.columns, false, models, 2, &back, &err));
    free(back.v);
    json_object_del(json_object_get(o, "metrics"), "stages.guest.p99");
    ck_assert(!sweep_row_from_json(o, &h.space, &h.columns, false, models, 2, &back, &err));
    ck_assert_msg(strstr(err, "\"metrics\" has"), "%s", err);
    free(err);
    json_decref(o);
    o = sweep_row_to_json(&rows[0], &h.space, &h.columns, false);
    json_object_set_new(json_object_get(o, "metrics"), "stages.guest.p99", json_string("1"));
    ck_assert(!sweep_row_from_json(o, &h.space, &h.columns, false, models, 2, &back, &err));
    ck_assert_msg(strstr(err, "\"stages.guest.p99\" is neither a number nor null"), "%s", err);
    free(err);
    /* A table with --repeat needs the intervals. */
    ck_assert(!sweep_row_from_json(o, &h.space, &h.columns, true, models, 2, &back, &err));
    free(err);
    json_object_set_new(json_object_get(o, "metrics"), "stages.guest.p99", json_integer(1));
    ck_assert(!sweep_row_from_json(o, &h.space, &h.columns, true, models, 2, &back, &err));
    ck_assert_msg(strstr(err, "a row has no \"ci95\""), "%s", err);
    free(err);
    json_decref(o);
    free_table(&h, rows, n);
}
END_TEST

/* Every name the report lists is a metric of one column of that name; short names are
 * the unique ending of one; distributions draw p50 and p99. */
static void count_name(void *ctx, const char *name, enum report_unit unit)
{
    (void)unit;
    struct sweep_metrics ms = {0};
    char *err = NULL;
    ck_assert_msg(sweep_metrics_parse(name, NULL, 0, &ms, &err), "%s: %s", name, err);
    ck_assert_uint_eq(ms.m[0].n, 1);
    ck_assert_str_eq(ms.m[0].column[0], name);
    sweep_metrics_free(&ms);
    (*(size_t *)ctx)++;
}

static void expect_metric(const char *name, const char *col0, const char *col1)
{
    const char *mc[] = {"lock_contended", "cas_retries"};
    struct sweep_metrics ms = {0};
    char *err = NULL;
    ck_assert_msg(sweep_metrics_parse(name, mc, 2, &ms, &err), "%s: %s", name, err);
    ck_assert_str_eq(ms.m[0].column[0], col0);
    ck_assert_uint_eq(ms.m[0].n, col1 ? 2 : 1);
    if (col1)
        ck_assert_str_eq(ms.m[0].column[1], col1);
    sweep_metrics_free(&ms);
}

static void expect_metric_refused(const char *name, const char *message)
{
    const char *mc[] = {"lock_contended", "cas_retries"};
    struct sweep_metrics ms = {0};
    char *err = NULL;
    ck_assert_msg(!sweep_metrics_parse(name, mc, 2, &ms, &err), "%s accepted", name);
    ck_assert_msg(strstr(err, message), "%s: '%s' does not say '%s'", name, err, message);
    free(err);
    sweep_metrics_free(&ms);
}

START_TEST(test_metric_names)
{
    size_t n = 0;
    report_scalar_names(false, count_name, &n);
    /* 13 interrupt counts, 4 + 8 + 12 distributions of 8 statistics (the classes: SGI,
     * PPI, SPI and LPI, whose names exist whether or not a machine has LPIs), 6 counters,
     * 10 parts, failed expectations. */
    ck_assert_uint_eq(n, RI_FIELDS +
                             (REPORT_METRICS + REC_NR_STAGES + REPORT_CLASSES * REPORT_IRQ_METRICS) *
                                 RF_FIELDS +
                             RC_COMMON + VGIC_MI_CAUSES + VGIC_EXIT_REASONS + 1);
    expect_metric("delivery", "delivery.p50", "delivery.p99");
    expect_metric("stages.contention", "stages.contention.p50", "stages.contention.p99");
    expect_metric("contention", "stages.contention.p50", "stages.contention.p99");
    expect_metric("contention.p99", "stages.contention.p99", NULL);
    expect_metric("delivery.p99.9", "delivery.p99.9", NULL);
    expect_metric("exits", "counters.exits", NULL);
    expect_metric("delivered", "interrupts.delivered", NULL);
    expect_metric("wfi", "counters.exits_by_reason.wfi", NULL);
    expect_metric("cas_retries", "counters.model.cas_retries", NULL);
    expect_metric("counters.model.lock_contended", "counters.model.lock_contended", NULL);
    expect_metric("by_register.GICD_ISENABLER", "by_register.GICD_ISENABLER.p50",
                  "by_register.GICD_ISENABLER.p99");
    expect_metric("by_vcpu.3.trapped_access.max", "by_vcpu.3.trapped_access.max", NULL);
    expect_metric("by_intid.27.delivery", "by_intid.27.delivery.p50", "by_intid.27.delivery.p99");
    expect_metric("by_class.SPI.service.mean", "by_class.SPI.service.mean", NULL);
    /* LPIs are INTIDs of a report (with gic.its); INTIDs 1024..8191 are none. */
    expect_metric("by_intid.8195.delivery.p99", "by_intid.8195.delivery.p99", NULL);
    expect_metric("by_class.LPI.service.max", "by_class.LPI.service.max", NULL);
    expect_metric_refused("p99", "ambiguous: delivery.p99, injection.p99");
    expect_metric_refused("count", "ambiguous");
    expect_metric_refused("counters.model.bogus", "no model keeps a counter 'bogus'");
    static const char *const bad[] = {"stages", "stages.", "stages.bogus", "stages.guest.p42",
                                      "counters.exits_by_reason", "counters.exits.p99",
                                      "counters.exits_by_reason.bogus", "deliveryx",
                                      "by_intid.1024.delivery.p99", "by_intid.8191.delivery.p99",
                                      "by_intid.73728.delivery.p99", "by_class.SGI.trapped_access",
                                      "by_vcpu.x.delivery", "by_register..p99", "interrupts",
                                      "interrupts.bogus", "delivery.p99.8", ""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        expect_metric_refused(bad[i], "");
    /* Several at once, in order. */
    struct sweep_metrics ms = {0};
    char *err = NULL;
    ck_assert(sweep_metrics_parse("exits,delivery.p99", NULL, 0, &ms, &err));
    ck_assert(sweep_metrics_parse("kicks", NULL, 0, &ms, &err));
    ck_assert_uint_eq(ms.n, 3);
    ck_assert_str_eq(ms.m[2].column[0], "counters.kicks");
    /* Placed in a table read back: only columns it has. */
    struct sweep_columns cols = {0};
    sweep_columns_standard(&cols);
    ck_assert(sweep_metrics_place(&ms, &cols, false, &err));
    sweep_metrics_free(&ms);
    ck_assert(sweep_metrics_parse("counters.mmio_traps", NULL, 0, &ms, &err));
    ck_assert(!sweep_metrics_place(&ms, &cols, false, &err));
    ck_assert_msg(strstr(err, "the table has no column counters.mmio_traps"), "%s", err);
    free(err);
    sweep_metrics_free(&ms);
    sweep_columns_free(&cols);
}
END_TEST

/* sensitivity: the plan's points and rounding, cost 0 set apart, the ranking's order. */
START_TEST(test_sensitivity_plan_and_rank)
{
    struct scenario scn;
    memset(&scn, 0, sizeof(scn));
    for (int op = 0; op < COST_OP_COUNT; op++)
        scn.costs.cycles[op] = op == 1 ? 0 : (uint64_t)(10 * op + 7);
    struct sensitivity plan;
    struct sweep_space space;
    sensitivity_plan(&scn, 25, &plan, &space);
    ck_assert_uint_eq(plan.n_zero, 1);
    ck_assert_int_eq(plan.zero[0], 1);
    ck_assert_uint_eq(plan.n_ops, COST_OP_COUNT - 1);
    ck_assert_uint_eq(space.n_points, 1 + 2 * plan.n_ops);
    ck_assert(space.axes[0].assign);
    /* Operation 2 costs 27: -25 % is 20.25 -> 20, +25 % 33.75 -> 34. */
    ck_assert_uint_eq(plan.ops[1].base, 27);
    ck_assert_uint_eq(plan.ops[1].low, 20);
    ck_assert_uint_eq(plan.ops[1].high, 34);
    char *want = xasprintf("costs.%s=20", cost_op_name((enum cost_op)2));
    ck_assert_str_eq(space.axes[0].values[3], want);   /* point 2i+1, i = 1 */
    free(want);
    /* The point's overrides: the value itself, after the --set ones. */
    const char *base[] = {"seed=3"};
    size_t n_sets;
    const char **sets = sweep_point_sets(&space, base, 1, 4, &n_sets);
    ck_assert_uint_eq(n_sets, 2);
    ck_assert_str_eq(sets[0], "seed=3");
    ck_assert_str_eq(sets[1], space.axes[0].values[4]);
    sweep_point_sets_free(&space, 1, sets);

    /* One model; the metric: baseline 100, operation i moves it by i % down and 2i % up,
     * but operation 3 moves it by as much as operation 4 (a tie: the larger single change,
     * then the operations' order). */
    size_t n = space.n_points;
    struct sweep_row *rows = xcalloc(n, sizeof(*rows));
    for (size_t p = 0; p < n; p++) {
        rows[p].model = "ref";
        rows[p].v = xcalloc(1, sizeof(double));
        rows[p].v[0] = 100;
    }
    for (size_t i = 0; i < plan.n_ops; i++) {
        double k = i == 3 ? 4 : (double)i;
        rows[2 * i + 1].v[0] = 100 - k;
        rows[2 * i + 2].v[0] = 100 + 2 * k;
    }
    rows[2 * 2 + 1].v[0] = 100 - 6;   /* operation index 2: -6 %, +4 %: swing 10, max 6 */
    rows[2 * 2 + 2].v[0] = 100 + 4;
    struct sensitivity_result res;
    char *err = NULL;
    ck_assert(sensitivity_rank(&plan, rows, 1, 0, &res, &err));
    ck_assert_double_eq(res.baseline, 100);
    size_t last = plan.n_ops - 1;
    ck_assert(res.e[0].op == &plan.ops[last]);
    ck_assert_double_eq_tol(res.e[0].swing, 3.0 * (double)last, 1e-9);
    for (size_t i = 1; i < res.n; i++)
        ck_assert(res.e[i - 1].swing >= res.e[i].swing);
    /* Swing 12: index 3 (-4, +8) and index 4 (-4, +8); swing 10 before... find 3 and 4. */
    size_t at3 = 0, at4 = 0, at2 = 0;
    for (size_t i = 0; i < res.n; i++) {
        at3 = res.e[i].op == &plan.ops[3] ? i : at3;
        at4 = res.e[i].op == &plan.ops[4] ? i : at4;
        at2 = res.e[i].op == &plan.ops[2] ? i : at2;
    }
    ck_assert_uint_eq(at4, at3 + 1);   /* equal swings and changes: operation order */
    ck_assert_uint_eq(at2, at3 + 2);   /* swing 10 after 12 */
    ck_assert_double_eq_tol(res.e[at2].d_low, -6, 1e-9);
    sensitivity_results_free(&res, 1);
    /* A model without the metric. */
    rows[0].v[0] = NAN;
    ck_assert(!sensitivity_rank(&plan, rows, 1, 0, &res, &err));
    ck_assert_msg(strstr(err, "model ref has no value of the metric"), "%s", err);
    free(err);
    sensitivity_results_free(&res, 1);
    sweep_rows_free(rows, n);
    free(rows);
    sweep_space_free(&space);
    sensitivity_free(&plan);
}
END_TEST

/* Each value remembers the column of its item in the --vary argument (a range's values,
 * the range's), which is where a problem with it is located. */
START_TEST(test_value_columns)
{
    struct sweep_axis a;
    char *err = NULL;
    ck_assert(sweep_axis_parse("k.x=1,5..9:2,[3,4],77", &a, &err));
    ck_assert_uint_eq(a.n_values, 6);
    static const uint32_t want[] = {5, 7, 7, 7, 14, 20};
    for (size_t i = 0; i < a.n_values; i++)
        ck_assert_msg(a.cols[i] == want[i], "value %zu (%s): column %u", i, a.values[i],
                      (unsigned)a.cols[i]);
    sweep_axis_free(&a);
}
END_TEST

/* `vgicsim list metrics`: every name listed (but a pattern) is one --metric accepts, with
 * a meaning, each once; every name of report_scalar_names(true, ...) is among them, and
 * every distribution alone before its fields. */
struct listed {
    char names[512][REPORT_SCALAR_NAME_MAX];
    size_t n;
};

static void collect(const char *name, const char *meaning, void *ctx)
{
    struct listed *l = ctx;
    if (!strchr(name, 'V') && !strchr(name, 'N') && !strstr(name, "REGISTER")) {
        struct sweep_metrics ms = {0};
        char *err = NULL;
        ck_assert_msg(sweep_metrics_parse(name, NULL, 0, &ms, &err), "listed '%s' refused: %s",
                      name, err ? err : "");
        sweep_metrics_free(&ms);
    }
    ck_assert_msg(meaning && strlen(meaning) > 10 && !strchr(meaning, '\n'), "'%s': '%s'", name,
                  meaning ? meaning : "(null)");
    for (size_t i = 0; i < l->n; i++)
        ck_assert_msg(strcmp(l->names[i], name) != 0, "'%s' listed twice", name);
    ck_assert_uint_lt(l->n, 512);
    ck_assert_uint_lt(strlen(name), REPORT_SCALAR_NAME_MAX);
    strcpy(l->names[l->n++], name);
}

static bool listed(const struct listed *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->names[i], name) == 0)
            return true;
    return false;
}

static void check_listed(void *ctx, const char *name, enum report_unit unit)
{
    (void)unit;
    const struct listed *l = ctx;
    ck_assert_msg(listed(l, name), "%s not listed", name);
}

START_TEST(test_metric_list)
{
    static struct listed l;
    l.n = 0;
    sweep_metric_list(collect, &l);
    report_scalar_names(true, check_listed, &l);
    static const char *const want[] = {
        "delivery", "delivery.p99", "injection.mean", "service.max", "trapped_access",
        "stages.contention", "by_class.SGI.delivery", "by_vcpu.V.DIST", "by_register.REGISTER",
        "interrupts.delivered", "interrupts.undelivered", "counters.exits", "counters.kicks",
        "counters.maintenance_interrupts", "counters.lr_overflows", "counters.model.NAME",
        "expectation_failures"};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        ck_assert_msg(listed(&l, want[i]), "%s not listed", want[i]);
    char name[80];
    for (int st = 0; st < REC_NR_STAGES; st++) {
        snprintf(name, sizeof(name), "stages.%s.p90", rec_stage_names[st]);
        ck_assert_msg(listed(&l, name), "%s not listed", name);
    }
    for (int k = 0; k < VGIC_MI_CAUSES; k++) {
        snprintf(name, sizeof(name), "counters.maintenance_by_cause.%s", vgic_mi_cause_names[k]);
        ck_assert_msg(listed(&l, name), "%s not listed", name);
    }
    for (int k = 0; k < VGIC_EXIT_REASONS; k++) {
        snprintf(name, sizeof(name), "counters.exits_by_reason.%s", vgic_exit_reason_names[k]);
        ck_assert_msg(listed(&l, name), "%s not listed", name);
    }
    /* Distributions: 4 overall, the stages, 4 classes x 3, and 3 patterns, each alone and
     * with its fields (a pattern's FIELD once); the interrupt counts, the counters, their
     * parts, counters.model.NAME and expectation_failures. */
    size_t dists = REPORT_METRICS + REC_NR_STAGES + REPORT_CLASSES * REPORT_IRQ_METRICS;
    ck_assert_uint_eq(l.n, dists * (1 + RF_FIELDS) + 3 * 2 + RI_FIELDS + RC_COMMON +
                               VGIC_MI_CAUSES + VGIC_EXIT_REASONS + 2);
}
END_TEST

/* The SVG of a plot target, rendered and committed to a temporary file. */
static char *render_svg(bool (*draw)(struct plot_target *, void *), void *ctx)
{
    char *path = test_write_temp("");
    char *svg_path = xasprintf("%s.svg", path);
    unlink(path);
    free(path);
    struct plot_target t;
    ck_assert(plot_target_open(&t, svg_path, "test"));
    ck_assert(draw(&t, ctx));
    ck_assert(plot_target_commit(&t));
    plot_target_close(&t);
    FILE *f = fopen(svg_path, "r");
    ck_assert_ptr_nonnull(f);
    char *svg = xcalloc(1 << 20, 1);
    size_t got = fread(svg, 1, (1 << 20) - 1, f);
    ck_assert_uint_gt(got, 0);
    fclose(f);
    unlink(svg_path);
    free(svg_path);
    return svg;
}

static bool draw_sweep(struct plot_target *t, void *ctx)
{
    struct sweep_metrics ms = {0};
    char *err = NULL;
    const struct sweep_table *tab = ctx;
    ck_assert(sweep_metrics_parse("delivery", NULL, 0, &ms, &err));
    ck_assert(sweep_metrics_place(&ms, (struct sweep_columns *)&tab->h->columns, false, &err));
    bool ok = sweep_plot_render(t, ctx, &ms, SWEEP_UNIT_CYCLES, "test");
    sweep_metrics_free(&ms);
    return ok;
}

/* Vertical strokes "M x,y1 L x,y2" in plot `id`'s path: error bars (and the legend
 * sample's ends). */
static size_t vertical_strokes(const char *svg, int id)
{
    char *start_tag = xasprintf("<g id=\"gnuplot_plot_%d\"", id);
    const char *p = strstr(svg, start_tag);
    free(start_tag);
    ck_assert_ptr_nonnull(p);
    const char *end = strstr(p + 1, "<g id=\"gnuplot_plot_");
    size_t n = 0;
    for (; (p = strstr(p, "M")) && (!end || p < end); p++) {
        double x1, y1, x2, y2;
        if (sscanf(p, "M%lf,%lf L%lf,%lf", &x1, &y1, &x2, &y2) == 4 && x1 == x2 && y1 != y2)
            n++;
    }
    return n;
}

START_TEST(test_sweep_plot_one_series_per_model)
{
    struct sweep_header h;
    struct sweep_row *rows;
    size_t n;
    synthetic(&h, &rows, &n);
    struct sweep_table t = {&h, rows, n};
    char *svg = render_svg(draw_sweep, &t);
    const char *want[] = {"<text>b u, ref p50</text>", "<text>b u, ref p99</text>",
                          "<text>b u, perf p50</text>", "<text>b u, perf p99</text>",
                          "<text>b v, ref p50</text>", "<text>b v, perf p99</text>"};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        ck_assert_msg(strstr(svg, want[i]), "no %s", want[i]);
    ck_assert_ptr_nonnull(strstr(svg, "gnuplot_plot_8"));
    ck_assert_ptr_null(strstr(svg, "gnuplot_plot_9"));
    ck_assert_uint_eq(vertical_strokes(svg, 1), 0);   /* no error bars */
    free(svg);
    free_table(&h, rows, n);
}
END_TEST

/* With --repeat: a bar at each of a series' three points, and the subtitle says so. */
START_TEST(test_sweep_plot_error_bars)
{
    struct sweep_header h;
    struct sweep_row *rows;
    size_t n;
    struct sweep_metrics ms;
    synthetic_repeat(&h, &rows, &n, 4, &ms);
    sweep_metrics_free(&ms);
    struct sweep_table t = {&h, rows, n};
    char *svg = render_svg(draw_sweep, &t);
    ck_assert_ptr_nonnull(strstr(svg, "mean over 4 seeds; bars: 95 % confidence interval (Student t)"));
    ck_assert_ptr_nonnull(strstr(svg, "gnuplot_plot_8"));
    ck_assert_ptr_null(strstr(svg, "gnuplot_plot_9"));
    for (int id = 1; id <= 8; id++)
        ck_assert_uint_ge(vertical_strokes(svg, id), 3 + 2);   /* 3 bars, 2 legend ends */
    free(svg);
    free_table(&h, rows, n);
}
END_TEST

static bool draw_report(struct plot_target *t, void *ctx)
{
    struct report_plot_opts o = {.metric = "delivery"};
    return report_plot_render(t, ctx, &o, "test");
}

START_TEST(test_cdf_one_line_per_model)
{
    json_error_t err;
    json_t *report = json_loads(
        "{\"report_format\": 2, \"scenario\": {\"name\": \"syn\"},"
        " \"seeds\": {\"first\": 1, \"count\": 1},"
        " \"configuration\": {\"costs\": {\"preset\": \"kvm-gicv3-vhe\"}},"
        " \"models\": ["
        "  {\"model\": \"ref\", \"distributions\": {\"delivery\": {\"count\": 3,"
        "     \"buckets\": [[100, 100, 1], [2000, 2015, 2]]}}},"
        "  {\"model\": \"perf\", \"distributions\": {\"delivery\": {\"count\": 4,"
        "     \"buckets\": [[90, 90, 2], [1000, 1007, 2]]}}}]}",
        0, &err);
    ck_assert_msg(report, "%s", err.text);
    char *svg = render_svg(draw_report, report);
    ck_assert_ptr_nonnull(strstr(svg, "<text>ref (3 interrupts)</text>"));
    ck_assert_ptr_nonnull(strstr(svg, "<text>perf (4 interrupts)</text>"));
    ck_assert_ptr_nonnull(strstr(svg, "gnuplot_plot_2"));
    ck_assert_ptr_null(strstr(svg, "gnuplot_plot_3"));
    free(svg);
    json_decref(report);
}
END_TEST

static Suite *sweep_suite(void)
{
    Suite *s = suite_create("sweep");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_ranges);
    tcase_add_test(tc, test_range_at_the_limit);
    tcase_add_test(tc, test_points_and_shards);
    tcase_add_test(tc, test_shard_parse);
    tcase_add_test(tc, test_two_models_table_and_round_trip);
    tcase_add_test(tc, test_units);
    tcase_add_test(tc, test_row_needs_every_column);
    tcase_add_test(tc, test_metric_names);
    tcase_add_test(tc, test_metric_list);
    tcase_add_test(tc, test_value_columns);
    tcase_add_test(tc, test_sweep_plot_one_series_per_model);
    tcase_add_test(tc, test_sweep_plot_error_bars);
    tcase_add_test(tc, test_sensitivity_plan_and_rank);
    tcase_add_test(tc, test_cdf_one_line_per_model);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(sweep_suite()); }
