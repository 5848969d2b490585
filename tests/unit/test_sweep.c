/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the sweep's pieces (src/sweep/sweep.h): range expansion, the point table
 * and its shards, rows through JSON and back, the table with several models, and plots
 * with one series per model (made from synthetic rows and reports, so that they do not
 * wait for a second model to exist). */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report_plot.h"
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

/* A synthetic sweep of two models: a = 1, 2, 4 (the x axis) times b = u, v. */
static void synthetic(struct sweep_header *h, struct sweep_row **rows, size_t *n_rows)
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
    add_axis(&h->space, "a=1,2,4");
    add_axis(&h->space, "b=u,v");
    h->shard = (struct sweep_shard){1, 1};
    *n_rows = h->space.n_points * 2;
    *rows = xcalloc(*n_rows, sizeof(**rows));
    for (size_t i = 0; i < *n_rows; i++) {
        struct sweep_row *r = &(*rows)[i];
        r->point = i / 2;
        r->model = h->models[i % 2];
        r->preset = "kvm-gicv3-vhe";
        r->delivered = 100 + i;
        r->delivery = (struct sweep_stat){100, 1000 + i, 1500 + i, 2000 + 10 * i, 3000, 1234.5678901 + (double)i};
        r->injection = (struct sweep_stat){100, 500, 600, 700, 800, 555.5};
        r->service = (struct sweep_stat){100, 200, 300, 400, 500, 1.0 / 3.0};
        for (uint64_t st = 0; st < REC_NR_STAGES; st++)
            r->stages[st] = (struct sweep_stat){100, 10 * st + i, 20 * st, 30 * st + i, 40 * st,
                                                0.25 * (double)st};
        r->exits = 7 * i;
        for (uint64_t k = 0; k < VGIC_EXIT_REASONS; k++)
            r->exits_by_reason[k] = i + k;
        for (uint64_t k = 0; k < VGIC_MI_CAUSES; k++)
            r->maintenance_by_cause[k] = 2 * i + k;
    }
}

static char *table_text(const struct sweep_header *h, const struct sweep_row *rows, size_t n,
                        enum sweep_format f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    struct sweep_table t = {h, rows, n};
    ck_assert_int_eq(sweep_table_write(m, &t, f), 0);
    fclose(m);
    return buf;
}

START_TEST(test_two_models_table_and_round_trip)
{
    struct sweep_header h;
    struct sweep_row *rows;
    size_t n;
    synthetic(&h, &rows, &n);
    char *text = table_text(&h, rows, n, SWEEP_TEXT);
    /* One row per point and model, models inner, in --model order. */
    ck_assert_ptr_nonnull(strstr(text, "\n1            u            ref "));
    ck_assert_ptr_nonnull(strstr(text, "\n1            u            perf "));
    ck_assert(strstr(text, "u            ref ") < strstr(text, "u            perf "));

    /* JSON written, read back and written again: the same bytes, in every format. */
    char *json = table_text(&h, rows, n, SWEEP_JSON);
    char *path = test_write_temp(json);
    struct sweep_header h2;
    struct sweep_row *rows2;
    size_t n2;
    ck_assert(sweep_table_read(path, "test", &h2, &rows2, &n2));
    ck_assert_uint_eq(n2, n);
    ck_assert_ptr_null(sweep_header_mismatch(&h, &h2));
    for (enum sweep_format f = SWEEP_TEXT; f <= SWEEP_JSON; f++) {
        char *a = table_text(&h, rows, n, f), *b = table_text(&h2, rows2, n2, f);
        ck_assert_str_eq(a, b);
        free(a);
        free(b);
    }
    ck_assert(rows2[3].model == h2.models[1]);
    /* The stages and the counters' parts come back too (merge keeps them). */
    ck_assert_uint_eq(rows2[3].stages[REC_STAGE_LR_WAIT].p99, 30 * REC_STAGE_LR_WAIT + 3);
    ck_assert_uint_eq(rows2[5].exits_by_reason[VGIC_EXIT_WFI], 5 + VGIC_EXIT_WFI);
    ck_assert_uint_eq(rows2[5].maintenance_by_cause[VGIC_MI_GROUP], 10 + VGIC_MI_GROUP);
    ck_assert_ptr_nonnull(strstr(json, "\"stages\": {\n        \"injector_wait\": {"));
    ck_assert_ptr_nonnull(strstr(json, "\"exits_by_reason\": {\n          \"irq\": "));
    unlink(path);
    free(path);
    free(json);
    free(text);
    free(rows2);
    sweep_header_free(&h2);
    free(rows);
    sweep_header_free(&h);
}
END_TEST

/* A row without its stages (a part of an older vgicsim) is not a row of this one. */
START_TEST(test_row_needs_stages_and_parts)
{
    struct sweep_header h;
    struct sweep_row *rows;
    size_t n;
    synthetic(&h, &rows, &n);
    const char *const models[] = {"ref", "perf"};
    static const char *const missing[][2] = {
        {"stages", NULL}, {"counters", "exits_by_reason"}, {"counters", "maintenance_by_cause"}};
    const char *const want[] = {"a row has no \"stages\"", "counters has no \"exits_by_reason\"",
                                "counters has no \"maintenance_by_cause\""};
    for (size_t k = 0; k < 3; k++) {
        json_t *o = sweep_row_to_json(&rows[0], &h.space);
        json_t *parent = missing[k][1] ? json_object_get(o, missing[k][0]) : o;
        json_object_del(parent, missing[k][1] ? missing[k][1] : missing[k][0]);
        struct sweep_row back;
        char *err = NULL;
        ck_assert(!sweep_row_from_json(o, &h.space, models, 2, &back, &err));
        ck_assert_msg(strstr(err, want[k]), "%s", err);
        free(err);
        json_decref(o);
    }
    json_t *o = sweep_row_to_json(&rows[0], &h.space);
    json_object_set_new(json_object_get(json_object_get(o, "stages"), "guest"), "p99",
                        json_integer(-1));
    struct sweep_row back;
    char *err = NULL;
    ck_assert(!sweep_row_from_json(o, &h.space, models, 2, &back, &err));
    ck_assert_msg(strstr(err, "guest: \"p99\" is not a non-negative integer"), "%s", err);
    free(err);
    json_decref(o);
    free(rows);
    sweep_header_free(&h);
}
END_TEST

/* --metric names every distribution and counter of a row, by its JSON name. */
START_TEST(test_metric_names)
{
    struct sweep_header h;
    struct sweep_row *rows;
    size_t n;
    synthetic(&h, &rows, &n);
    const struct sweep_row *r = &rows[3];   /* i = 3 */
    struct sweep_metric m;
    for (int st = 0; st < REC_NR_STAGES; st++) {
        char name[64];
        snprintf(name, sizeof(name), "stages.%s", rec_stage_names[st]);
        ck_assert_msg(sweep_metric_parse(name, &m), "%s refused", name);
        ck_assert_int_eq(sweep_metric_values(&m), 2);
        ck_assert(sweep_metric_value(r, &m, 0) == (double)(10 * st + 3));   /* p50 */
        ck_assert(sweep_metric_value(r, &m, 1) == (double)(30 * st + 3));   /* p99 */
        ck_assert_str_eq(sweep_metric_stat_name(&m, 1), "p99");
        snprintf(name, sizeof(name), "stages.%s.mean", rec_stage_names[st]);
        ck_assert_msg(sweep_metric_parse(name, &m), "%s refused", name);
        ck_assert_int_eq(sweep_metric_values(&m), 1);
        ck_assert(sweep_metric_value(r, &m, 0) == 0.25 * st);
        /* The help lists it. */
        ck_assert_msg(strstr(sweep_metric_names, rec_stage_names[st]), "%s", rec_stage_names[st]);
    }
    ck_assert(sweep_metric_parse("stages.contention.p99", &m));
    char *title = sweep_metric_title(&m), *axis = sweep_metric_axis(&m);
    ck_assert_str_eq(title, "contention stage of delivery p99");
    ck_assert_str_eq(axis, "contention stage of delivery (cycles)");
    free(title);
    free(axis);
    for (int k = 0; k < VGIC_MI_CAUSES; k++) {
        char name[80];
        snprintf(name, sizeof(name), "counters.maintenance_by_cause.%s", vgic_mi_cause_names[k]);
        ck_assert_msg(sweep_metric_parse(name, &m), "%s refused", name);
        ck_assert(sweep_metric_value(r, &m, 0) == (double)(6 + k));
        ck_assert_str_eq(sweep_metric_stat_name(&m, 0), "");
        ck_assert_msg(strstr(sweep_metric_names, vgic_mi_cause_names[k]), "%s", name);
    }
    for (int k = 0; k < VGIC_EXIT_REASONS; k++) {
        char name[80];
        snprintf(name, sizeof(name), "counters.exits_by_reason.%s", vgic_exit_reason_names[k]);
        ck_assert_msg(sweep_metric_parse(name, &m), "%s refused", name);
        ck_assert(sweep_metric_value(r, &m, 0) == (double)(3 + k));
        ck_assert_msg(strstr(sweep_metric_names, vgic_exit_reason_names[k]), "%s", name);
    }
    ck_assert(sweep_metric_parse("counters.exits_by_reason.wfi", &m));
    title = sweep_metric_title(&m);
    ck_assert_str_eq(title, "exits_by_reason.wfi");
    free(title);
    /* The names of before still mean what they meant. */
    ck_assert(sweep_metric_parse("delivery.p99", &m));
    ck_assert(sweep_metric_value(r, &m, 0) == 2030);
    ck_assert(sweep_metric_parse("exits", &m));
    ck_assert(sweep_metric_value(r, &m, 0) == 21);
    static const char *const bad[] = {"stages", "stages.", "stages.bogus", "stages.guest.p42",
                                      "stages.guest.", "counters.exits_by_reason",
                                      "counters.exits_by_reason.bogus", "counters.exits",
                                      "exits_by_reason.wfi", "stages.guestx", "deliveryx"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(!sweep_metric_parse(bad[i], &m), "%s accepted", bad[i]);
    free(rows);
    sweep_header_free(&h);
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
    struct sweep_metric m;
    ck_assert(sweep_metric_parse("delivery", &m));
    return sweep_plot_render(t, ctx, &m, "test");
}

START_TEST(test_sweep_plot_one_series_per_model)
{
    struct sweep_header h;
    struct sweep_row *rows;
    size_t n;
    synthetic(&h, &rows, &n);
    struct sweep_table t = {&h, rows, n};
    char *svg = render_svg(draw_sweep, &t);
    const char *want[] = {"<text>b=u, ref p50</text>", "<text>b=u, ref p99</text>",
                          "<text>b=u, perf p50</text>", "<text>b=u, perf p99</text>",
                          "<text>b=v, ref p50</text>", "<text>b=v, perf p99</text>"};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        ck_assert_msg(strstr(svg, want[i]), "no %s", want[i]);
    ck_assert_ptr_nonnull(strstr(svg, "gnuplot_plot_8"));
    ck_assert_ptr_null(strstr(svg, "gnuplot_plot_9"));
    free(svg);
    free(rows);
    sweep_header_free(&h);
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
    tcase_add_test(tc, test_row_needs_stages_and_parts);
    tcase_add_test(tc, test_metric_names);
    tcase_add_test(tc, test_sweep_plot_one_series_per_model);
    tcase_add_test(tc, test_cdf_one_line_per_model);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(sweep_suite()); }
