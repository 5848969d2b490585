/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the report model and its writers (src/report/report_data.h, text, JSON,
 * CSV) and of `compare` reading what they write, on synthetic runs of two models over
 * two seeds: the paths `--model both` and `--repeat` take, checked against figures
 * worked out by hand. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "compare/compare.h"
#include "report/csv_report.h"
#include "report/json_report.h"
#include "record/recorder.h"
#include "report/report_data.h"
#include "report/text_report.h"
#include "scenario/load.h"
#include "test_support.h"

static const char scenario_text[] =
    "version: 1\n"
    "name: synthetic\n"
    "gic: {version: 3, vcpus: 2, spis: 32}\n"
    "costs: {preset: kvm-gicv3-vhe, clock_mhz: 2000}\n"
    "guest: {mode: manual}\n"
    "trace:\n"
    "  - {write: {reg: GICD_CTLR, value: 0x2}, vcpu: 0}\n";

static struct scenario scn;

static void load_scenario(void)
{
    struct diag_list d;
    diag_init(&d);
    const char *sets[] = {"gic.list_registers=2"};
    ck_assert(scenario_load_text("synthetic.yaml", scenario_text, strlen(scenario_text), sets, 1,
                                 &scn, &d));
    diag_free(&d);
}

/* One interrupt instance through its whole life. */
static void deliver(struct recorder *r, uint32_t vcpu, uint32_t intid, uint64_t raised,
                    uint64_t listed, uint64_t acked, uint64_t completed)
{
    int32_t bank = intid < 32 ? (int32_t)vcpu : -1;
    rec_raised(r, bank, intid, raised);
    rec_pended(r, bank, intid, raised, raised);
    rec_listed(r, vcpu, intid, listed);
    rec_acked(r, vcpu, intid, acked);
    rec_completed(r, vcpu, intid, completed);
}

/* Model "ref": SPI 40 twice and SGI 1 once per run; delivery of SPI 40 is 100 and
 * 300 + k cycles (k: the run), of SGI 1 200 cycles; two trapped accesses of GICD_CTLR.
 * Model "perf": SPI 40 three times at 50 cycles, no SGI, one trapped ICC_SGI1R_EL1. */
static void make_run(struct sim_result *res, const char *model, uint64_t k)
{
    memset(res, 0, sizeof(*res));
    res->model = model;
    res->rec = recorder_create(2, 64);
    res->end_time = 10000 + k;
    res->events = 100 + k;
    res->stop = SIM_STOP_IDLE;
    if (strcmp(model, "ref") == 0) {
        deliver(res->rec, 0, 40, 1000, 1050, 1100, 1300);
        deliver(res->rec, 1, 40, 2000, 2100, 2300 + k, 2400 + k);
        deliver(res->rec, 1, 1, 3000, 3100, 3200, 3300);
        uint32_t ctlr = rec_access_kind(res->rec, "GICD_CTLR");
        rec_access(res->rec, 0, ctlr, 0, 1400);
        rec_access(res->rec, 0, ctlr, 5000, 6400 + 2 * k);
        res->counters = (struct vgic_counters){
            .kicks = 3, .exits = 4 + k, .entries = 4 + k, .n_extra = 1,
            .extra = {{"lock_wait_cycles", 100 * k}},
        };
    } else {
        for (uint64_t i = 0; i < 3; i++)
            deliver(res->rec, 0, 40, 1000 * i, 1000 * i + 20, 1000 * i + 50, 1000 * i + 90);
        rec_access(res->rec, 1, rec_access_kind(res->rec, "ICC_SGI1R_EL1"), 0, 700);
        res->counters = (struct vgic_counters){
            .kicks = 1, .exits = 2, .entries = 2, .n_extra = 1,
            .extra = {{"atomic_retries", 7}},
        };
    }
}

/* Two seeds (7 and 8), each run by ref then perf, as `vgicsim run --model both
 * --repeat 2 --seed 7` does. */
static void build_report(struct report *r, uint64_t repeat)
{
    load_scenario();
    report_init(r, &scn, 7, repeat);
    static const char *const overrides[] = {"gic.list_registers=2"};
    r->overrides = overrides;
    r->n_overrides = 1;
    r->sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    r->version = "9.9.9";
    r->commit = "abcdef012345";
    for (uint64_t k = 0; k < repeat; k++) {
        static const char *const models[] = {"ref", "perf"};
        for (int m = 0; m < 2; m++) {
            struct sim_result res;
            make_run(&res, models[m], k);
            report_add_run(r, &res, 7 + k);
            recorder_free(res.rec);
        }
    }
}

static void teardown_report(struct report *r)
{
    report_free(r);
    scenario_free(&scn);
}

typedef int writer_fn(FILE *, const struct report *);

static char *render(writer_fn *w, const struct report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(w(f, r), 0);
    fclose(f);
    return buf;
}

START_TEST(test_statistics_over_runs)
{
    struct report r;
    build_report(&r, 2);
    ck_assert_uint_eq(r.n_models, 2);
    const struct report_model *ref = &r.models[0], *perf = &r.models[1];
    ck_assert_str_eq(ref->name, "ref");
    ck_assert_str_eq(perf->name, "perf");
    ck_assert_uint_eq(ref->n_runs, 2);
    ck_assert_uint_eq(ref->runs[1].seed, 8);
    /* ref delivery per run: {100, 200, 300+k}; max 300 then 301: mean 300.5, the
     * interval 300.5 ± 12.706 * 0.7071 / 1.4142 = ± 6.353. */
    const struct report_dist *d = &ref->overall[REC_DELIVERY];
    ck_assert_uint_eq(report_dist_runs(d), 2);
    ck_assert(fabs(run_stat_mean(&d->fields[RF_MAX]) - 300.5) < 1e-9);
    double lo, hi;
    ck_assert(run_stat_ci95(&d->fields[RF_MAX], &lo, &hi));
    ck_assert_msg(fabs(hi - 300.5 - 6.3531) < 1e-3, "half-width %f", hi - 300.5);
    ck_assert(fabs(run_stat_mean(&d->fields[RF_P50]) - 200) < 1e-9);
    /* By INTID and class; the pooled distribution holds both runs' 6 samples. */
    ck_assert(fabs(run_stat_mean(&ref->by_intid[40 * REPORT_IRQ_METRICS + REC_DELIVERY]
                                    .fields[RF_COUNT]) - 2) < 1e-9);
    ck_assert_uint_eq(report_dist_runs(&ref->by_class[REC_SGI][REC_DELIVERY]), 2);
    ck_assert_uint_eq(report_dist_runs(&perf->by_class[REC_SGI][REC_DELIVERY]), 0);
    ck_assert_uint_eq(lat_count(&ref->pooled[REC_DELIVERY]), 6);
    /* Busiest INTIDs over both models: 40 (4 + 6 samples), then 1 (2). */
    uint32_t ids[4];
    ck_assert_uint_eq(report_busiest_intids(&r, ids, 4), 2);
    ck_assert_uint_eq(ids[0], 40);
    ck_assert_uint_eq(ids[1], 1);
    ck_assert_uint_eq(report_busiest_intids(&r, ids, 1), 1);
    ck_assert_uint_eq(ids[0], 40);
    /* Registers: GICD_CTLR (4 accesses) before ICC_SGI1R_EL1 (2). */
    const char *regs[4];
    ck_assert_uint_eq(report_register_names(&r, regs, 4), 2);
    ck_assert_str_eq(regs[0], "GICD_CTLR");
    ck_assert_str_eq(regs[1], "ICC_SGI1R_EL1");
    ck_assert_ptr_null(report_model_register(perf, "GICD_CTLR"));
    /* Model-specific counters: the union, each model its own. */
    const char *names[4];
    ck_assert_uint_eq(report_model_counter_names(&r, names, 4), 2);
    ck_assert_ptr_null(report_model_counter(ref, "atomic_retries"));
    ck_assert(fabs(run_stat_mean(report_model_counter(ref, "lock_wait_cycles")) - 50) < 1e-9);
    ck_assert(fabs(report_ns_per_cycle(&r) - 0.5) < 1e-12);
    teardown_report(&r);
}
END_TEST

/* The text layout with two models: each latency row has one line per model, the
 * tables have one column per model, and nothing is wider than 80 columns. */
START_TEST(test_text_two_models)
{
    struct report r;
    build_report(&r, 1);
    char *text = render(report_text, &r);
    ck_assert_ptr_nonnull(strstr(text, "scenario 'synthetic' (synthetic.yaml)\n"));
    ck_assert_ptr_nonnull(strstr(text, "  vgicsim 9.9.9, commit abcdef012345; seed 7\n"));
    ck_assert_ptr_nonnull(strstr(text, "costs: kvm-gicv3-vhe at 2000 MHz (1000 cycles = 500.0 ns)\n"));
    ck_assert_ptr_nonnull(strstr(text, "overrides: gic.list_registers=2\n"));
    ck_assert_ptr_nonnull(strstr(text, "model ref: simulated 10000 cycles, 100 events; no event left\n"
                                       "model perf: simulated 10000 cycles, 100 events; no event left\n"));
    ck_assert_ptr_nonnull(strstr(text, "interrupts          ref  perf\n"
                                       "  raised              3     3\n"));
    /* Hand-computed: ref delivers in 100, 200 and 300 cycles, perf 3 times in 50; at
     * 2000 MHz a cycle is 0.5 ns. */
    ck_assert_ptr_nonnull(strstr(text,
        "latency (cycles) model count   min   mean   p50   p90   p99 p99.9   max\n"
        "delivery         ref       3   100  200.0   200   300   300   300   300\n"
        "                 perf      3    50   50.0    50    50    50    50    50\n"
        "  in ns          ref          50.0  100.0 100.0 150.0 150.0 150.0 150.0\n"
        "  in ns          perf         25.0   25.0  25.0  25.0  25.0  25.0  25.0\n"
        "injection        ref       3    50   83.3   100   100   100   100   100\n"));
    ck_assert_ptr_nonnull(strstr(text,
        "  delivery SGI   ref       1   200  200.0   200   200   200   200   200\n"
        "                 perf      0     -      -     -     -     -     -     -\n"));
    ck_assert_ptr_nonnull(strstr(text,
        "  vCPU 1         ref       2   200  250.0   200   300   300   300   300\n"));
    ck_assert_ptr_nonnull(strstr(text, "delivery of the busiest INTIDs\n"
                                       "  INTID 40       ref       2   100  200.0   100   300"));
    ck_assert_ptr_nonnull(strstr(text,
        "trapped access by register\n"
        "  GICD_CTLR      ref       2  1400 1400.0  1400  1400  1400  1400  1400\n"
        "                 perf      0     -      -     -     -     -     -     -\n"
        "  ICC_SGI1R_EL1  ref       0     -      -     -     -     -     -     -\n"
        "                 perf      1   700  700.0   700   700   700   700   700\n"));
    ck_assert_ptr_nonnull(strstr(text, "  lock_wait_cycles          0     -\n"
                                       "  atomic_retries            -     7\n"));
    ck_assert_ptr_nonnull(strstr(text, "expectations (ref): all met\nexpectations (perf): all met\n"));
    for (char *line = text; *line;) {
        char *end = strchr(line, '\n');
        ck_assert_msg(end - line <= 80, "line wider than 80 columns: %.*s", (int)(end - line), line);
        line = end + 1;
    }
    free(text);
    teardown_report(&r);
}
END_TEST

START_TEST(test_text_repeat_intervals)
{
    struct report r;
    build_report(&r, 2);
    char *text = render(report_text, &r);
    ck_assert_ptr_nonnull(strstr(text, "seeds 7..8 (2 runs of each model)\n"));
    ck_assert_ptr_nonnull(strstr(text, "model ref: 2 runs, simulated 10000.5 ±6.4 cycles, 100.5 ±6.4 events\n"
                                       "  2 runs: no event left\n"));
    /* Means over runs 200 and 200.33: 200.2 ± 12.706 * 0.2357 / 1.414 = ± 2.1; the max,
     * 300 and 301, shows as 300 (a whole number of cycles; JSON keeps 300.5) ± 6; its
     * interval is under it, the ns rows after the models. */
    ck_assert_ptr_nonnull(strstr(text,
        "delivery         ref       3   100  200.2   200   300   300   300   300\n"
        "                 ±95%      0     0    2.1     0     6     6     6     6\n"
        "                 perf      3    50   50.0    50    50    50    50    50\n"
        "                 ±95%      0     0    0.0     0     0     0     0     0\n"
        "  in ns          ref          50.0  100.1 100.0 150.2 150.2 150.2 150.2\n"));
    ck_assert_ptr_nonnull(strstr(text, "  exits                      4.5 ±6.4  2.0 ±0.0\n"));
    ck_assert_ptr_nonnull(strstr(text, "  raised            3.0 ±0.0  3.0 ±0.0\n"));
    free(text);
    teardown_report(&r);
}
END_TEST

/* The JSON of two models validates against docs/report.schema.json (with the project's
 * validator, when Python and python3-jsonschema are there: tests/cli runs it always). */
START_TEST(test_json_two_models_and_schema)
{
    struct report r;
    build_report(&r, 2);
    char *text = render(report_json, &r);
    json_error_t err;
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &err);
    ck_assert_msg(root != NULL, "%s", err.text);
    json_t *models = json_object_get(root, "models");
    ck_assert_uint_eq(json_array_size(models), 2);
    json_t *perf = json_array_get(models, 1);
    ck_assert_str_eq(json_string_value(json_object_get(perf, "model")), "perf");
    json_t *d = json_object_get(json_object_get(json_array_get(models, 0), "latency"), "delivery");
    ck_assert(fabs(json_real_value(json_object_get(d, "max")) - 300.5) < 1e-9);
    ck_assert_int_eq(json_integer_value(json_object_get(d, "runs")), 2);
    json_t *ci = json_object_get(json_object_get(d, "ci95"), "max");
    ck_assert(fabs(json_real_value(json_array_get(ci, 1)) - 306.8531) < 1e-3);
    ck_assert(fabs(json_real_value(json_object_get(json_object_get(d, "ns"), "max")) - 150.25) < 1e-9);
    /* Both models list the same INTIDs; perf has no SGI 1 sample. */
    json_t *perf_ids = json_object_get(json_object_get(perf, "latency"), "by_intid");
    ck_assert_uint_eq(json_array_size(perf_ids), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(perf_ids, 1), "intid")), 1);
    json_t *buckets = json_object_get(json_object_get(json_object_get(perf, "distributions"),
                                                      "delivery"), "buckets");
    ck_assert_uint_eq(json_array_size(buckets), 1);   /* 6 samples of 50 cycles */
    ck_assert_int_eq(json_integer_value(json_array_get(json_array_get(buckets, 0), 2)), 6);
    json_decref(root);

    char *path = test_write_temp(text);
    char *cmd = NULL;
    ck_assert(asprintf(&cmd, "command -v /usr/bin/python3 >/dev/null && /usr/bin/python3 -c "
                       "'import jsonschema' 2>/dev/null || exit 77; /usr/bin/python3 "
                       "%s/../cli/validate_report.py %s/../../docs/report.schema.json %s",
                       VGICSIM_FIXTURES, VGICSIM_FIXTURES, path) > 0);
    int st = system(cmd);
    ck_assert_msg(WIFEXITED(st) && (WEXITSTATUS(st) == 0 || WEXITSTATUS(st) == 77),
                  "the two-model report does not validate: %s", path);
    unlink(path);
    free(path);
    free(cmd);
    free(text);
    teardown_report(&r);
}
END_TEST

START_TEST(test_csv_two_models)
{
    struct report r;
    build_report(&r, 2);
    char *text = render(report_csv, &r);
    ck_assert(strncmp(text, CSV_REPORT_HEADER "\n", strlen(CSV_REPORT_HEADER) + 1) == 0);
    ck_assert_ptr_nonnull(strstr(text, "\nref,delivery,all,max,300.5,294.1468"));
    ck_assert_ptr_nonnull(strstr(text, "\nperf,delivery,all,count,3,3,3,\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nperf,counters,model,atomic_retries,7,7,7,\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nref,trapped_access,GICD_CTLR,count,2,2,2,\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nperf,trapped_access,GICD_CTLR,count,0,,,\n"));
    free(text);
    teardown_report(&r);
}
END_TEST

/* compare reads both models back and compares ref with ref, perf with perf. */
START_TEST(test_compare_two_models)
{
    struct report r;
    build_report(&r, 1);
    char *base_text = render(report_json, &r);
    teardown_report(&r);

    struct cmp_report base, cur;
    ck_assert(cmp_report_parse("base", base_text, strlen(base_text), &base));
    ck_assert_uint_eq(base.n_models, 2);
    /* A slower perf: its delivery doubles; ref is the same. */
    json_t *root = json_loads(base_text, 0, NULL);
    json_t *pd = json_object_get(json_object_get(json_array_get(json_object_get(root, "models"), 1),
                                                 "latency"), "delivery");
    json_object_set_new(pd, "p99", json_integer(100));
    char *cur_text = json_dumps(root, 0);
    json_decref(root);
    ck_assert(cmp_report_parse("new", cur_text, strlen(cur_text), &cur));

    struct cmp_limits limits = {.threshold_pct = 5, .min_samples = 1};
    struct cmp_result res = {0};
    cmp_judge(&base, &cur, &limits, &res);
    ck_assert_uint_eq(res.models_compared, 2);
    ck_assert_uint_eq(res.counts[CMP_REGRESSION], 1);
    for (size_t i = 0; i < res.n_rows; i++)
        if (res.rows[i].verdict == CMP_REGRESSION) {
            ck_assert_str_eq(res.rows[i].model, "perf");
            ck_assert_str_eq(res.rows[i].name, "delivery.p99");
            ck_assert(fabs(res.rows[i].change_pct - 100) < 1e-9);
        }
    cmp_result_free(&res);
    cmp_report_free(&cur);
    cmp_limits_free(&limits);

    /* The same model twice in one report is refused. */
    root = json_loads(base_text, 0, NULL);
    json_t *models = json_object_get(root, "models");
    json_object_set_new(json_array_get(models, 1), "model", json_string("ref"));
    char *dup = json_dumps(root, 0);
    json_decref(root);
    ck_assert(!cmp_report_parse("dup", dup, strlen(dup), &cur));
    free(dup);
    free(cur_text);
    cmp_report_free(&base);
    free(base_text);
}
END_TEST

static Suite *report_writers_suite(void)
{
    Suite *s = suite_create("report_writers");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_statistics_over_runs);
    tcase_add_test(tc, test_text_two_models);
    tcase_add_test(tc, test_text_repeat_intervals);
    tcase_add_test(tc, test_json_two_models_and_schema);
    tcase_add_test(tc, test_csv_two_models);
    tcase_add_test(tc, test_compare_two_models);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(report_writers_suite()); }
