/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the report model and its writers (src/report/report_data.h, text, JSON,
 * CSV) and of `compare` reading what they write, on synthetic runs of two models over
 * two seeds: the paths `--model both` and `--repeat` take, checked against figures
 * worked out by hand. */
#include <check.h>
#include <math.h>
#include <stdint.h>
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

/* An instance whose injection started at `start`, waited `wait` cycles and was done at
 * `done` (the stages' first three). */
static void deliver_injected(struct recorder *r, uint32_t vcpu, uint32_t intid, uint64_t raised,
                             uint64_t start, uint64_t wait, uint64_t done, uint64_t listed,
                             uint64_t acked, uint64_t completed)
{
    int32_t bank = intid < 32 ? (int32_t)vcpu : -1;
    rec_raised(r, bank, intid, raised);
    rec_injected(r, bank, intid, start, wait, done);
    rec_pended(r, bank, intid, start, done);
    rec_listed(r, vcpu, intid, listed);
    rec_acked(r, vcpu, intid, acked);
    rec_completed(r, vcpu, intid, completed);
}

/* Model "ref": SPI 40 twice and SGI 1 once per run; delivery of SPI 40 is 100 and
 * 300 + k cycles (k: the run), of SGI 1 200 cycles; two trapped accesses of GICD_CTLR.
 * The first SPI 40 goes through every stage: injector_wait 10, host_work 15,
 * contention 15, notify 2, exit 3, lr_wait 4, flush_entry 11, guest 40 (= 100); the
 * others have no injection and their vCPU no world switch: all notify (300 + k, 200).
 * Exits 4 + k: irq 2, mmio 1 + k, wfi 1; maintenance interrupts 3: eoi 2, underflow 1.
 * Model "perf": SPI 40 three times at 50 cycles (injector_wait 5, host_work 5,
 * contention 10, notify 30), no SGI, one trapped ICC_SGI1R_EL1; exits 2: irq 1,
 * sysreg 1; maintenance interrupts 1: no_pending. */
static void make_run(struct sim_result *res, const char *model, uint64_t k)
{
    memset(res, 0, sizeof(*res));
    res->model = model;
    res->rec = recorder_create(2, 64);
    res->end_time = 10000 + k;
    res->events = 100 + k;
    res->stop = SIM_STOP_IDLE;
    if (strcmp(model, "ref") == 0) {
        rec_vcpu_mark(res->rec, 0, REC_MARK_EXIT, 1042);
        rec_vcpu_mark(res->rec, 0, REC_MARK_FLUSH, 1045);
        rec_vcpu_mark(res->rec, 0, REC_MARK_FLUSH, 1049);   /* lists it at 1050 */
        rec_vcpu_mark(res->rec, 0, REC_MARK_ENTER, 1060);
        deliver_injected(res->rec, 0, 40, 1000, 1010, 15, 1040, 1050, 1100, 1300);
        deliver(res->rec, 1, 40, 2000, 2100, 2300 + k, 2400 + k);
        deliver(res->rec, 1, 1, 3000, 3100, 3200, 3300);
        uint32_t ctlr = rec_access_kind(res->rec, "GICD_CTLR");
        rec_access(res->rec, 0, ctlr, 0, 1400);
        rec_access(res->rec, 0, ctlr, 5000, 6400 + 2 * k);
        res->counters = (struct vgic_counters){
            .kicks = 3, .exits = 4 + k, .entries = 4 + k, .maintenance_irqs = 3, .n_extra = 1,
            .extra = {{"lock_wait_cycles", 100 * k}},
            .maintenance_by_cause = {[VGIC_MI_EOI] = 2, [VGIC_MI_UNDERFLOW] = 1},
            .exits_by_reason = {[VGIC_EXIT_IRQ] = 2, [VGIC_EXIT_MMIO] = 1 + k, [VGIC_EXIT_WFI] = 1},
        };
    } else {
        for (uint64_t i = 0; i < 3; i++)
            deliver_injected(res->rec, 0, 40, 1000 * i, 1000 * i + 5, 10, 1000 * i + 20,
                             1000 * i + 20, 1000 * i + 50, 1000 * i + 90);
        rec_access(res->rec, 1, rec_access_kind(res->rec, "ICC_SGI1R_EL1"), 0, 700);
        res->counters = (struct vgic_counters){
            .kicks = 1, .exits = 2, .entries = 2, .maintenance_irqs = 1, .n_extra = 1,
            .extra = {{"atomic_retries", 7}},
            .maintenance_by_cause = {[VGIC_MI_NO_PENDING] = 1},
            .exits_by_reason = {[VGIC_EXIT_IRQ] = 1, [VGIC_EXIT_SYSREG] = 1},
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

static double mean_of(const struct report_dist *d, enum report_field f)
{
    return run_stat_mean(&d->fields[f]);
}

/* The stages of delivery and the parts of counters, over two runs: the figures of
 * make_run, and the sums the contract promises. */
START_TEST(test_stages_and_breakdowns_over_runs)
{
    struct report r;
    build_report(&r, 2);
    const struct report_model *ref = &r.models[0], *perf = &r.models[1];
    /* ref, each run: injector_wait {10, 0, 0}; notify {2, 300 + k, 200}. */
    const struct report_dist *iw = &ref->stages[REC_STAGE_INJECTOR_WAIT];
    ck_assert_uint_eq(report_dist_runs(iw), 2);
    ck_assert(fabs(mean_of(iw, RF_COUNT) - 3) < 1e-9);
    ck_assert(fabs(mean_of(iw, RF_MAX) - 10) < 1e-9);
    ck_assert(fabs(mean_of(iw, RF_P50) - 0) < 1e-9);
    const struct report_dist *nt = &ref->stages[REC_STAGE_NOTIFY];
    ck_assert(fabs(mean_of(nt, RF_MIN) - 2) < 1e-9);
    ck_assert(fabs(mean_of(nt, RF_P50) - 200) < 1e-9);
    ck_assert(fabs(mean_of(nt, RF_MAX) - 300.5) < 1e-9);
    static const uint64_t ref_max[REC_NR_STAGES] = {10, 15, 15, 300, 3, 4, 11, 40};
    static const uint64_t perf_max[REC_NR_STAGES] = {5, 5, 10, 30, 0, 0, 0, 0};
    for (int st = 0; st < REC_NR_STAGES; st++) {
        if (st != REC_STAGE_NOTIFY)
            ck_assert_msg(fabs(mean_of(&ref->stages[st], RF_MAX) - (double)ref_max[st]) < 1e-9,
                          "ref %s max %f", rec_stage_names[st], mean_of(&ref->stages[st], RF_MAX));
        ck_assert_msg(fabs(mean_of(&perf->stages[st], RF_MAX) - (double)perf_max[st]) < 1e-9,
                      "perf %s max %f", rec_stage_names[st], mean_of(&perf->stages[st], RF_MAX));
    }
    /* For every instance the stages sum to its delivery: so do the means. */
    for (size_t i = 0; i < r.n_models; i++) {
        double sum = 0;
        for (int st = 0; st < REC_NR_STAGES; st++)
            sum += mean_of(&r.models[i].stages[st], RF_MEAN);
        ck_assert_msg(fabs(sum - mean_of(&r.models[i].overall[REC_DELIVERY], RF_MEAN)) < 1e-9,
                      "%s: stages sum to %f", r.models[i].name, sum);
    }
    /* The parts of the counters, and their sums. */
    ck_assert(fabs(run_stat_mean(&ref->breakdown[RB_EXITS][VGIC_EXIT_MMIO]) - 1.5) < 1e-9);
    ck_assert(fabs(run_stat_mean(&ref->breakdown[RB_MAINTENANCE][VGIC_MI_UNDERFLOW]) - 1) < 1e-9);
    ck_assert(fabs(run_stat_mean(&perf->breakdown[RB_MAINTENANCE][VGIC_MI_NO_PENDING]) - 1) < 1e-9);
    ck_assert_uint_eq(ref->breakdown[RB_EXITS][VGIC_EXIT_OTHER].n, 2);
    for (size_t i = 0; i < r.n_models; i++)
        for (int b = 0; b < RB_COUNT; b++) {
            double sum = 0;
            for (size_t p = 0; p < report_breakdowns[b].n_parts; p++)
                sum += run_stat_mean(&r.models[i].breakdown[b][p]);
            ck_assert_msg(fabs(sum - run_stat_mean(&r.models[i].counters[report_breakdowns[b].total])) < 1e-9,
                          "%s: %s sums to %f", r.models[i].name, report_breakdowns[b].name, sum);
        }
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
    /* Delivery by stage, right after the overall rows, with ns rows one step further in:
     * ref {10, 0, 0} waiting for its injector, perf 5 each time (make_run). */
    ck_assert_ptr_nonnull(strstr(text,
        "  in ns          perf        350.0  350.0 350.0 350.0 350.0 350.0 350.0\n"
        "delivery by stage (each instance's stages sum to its delivery)\n"
        "  injector_wait  ref       3     0    3.3     0    10    10    10    10\n"
        "                 perf      3     5    5.0     5     5     5     5     5\n"
        "    in ns        ref           0.0    1.7   0.0   5.0   5.0   5.0   5.0\n"
        "    in ns        perf          2.5    2.5   2.5   2.5   2.5   2.5   2.5\n"
        "  host_work      ref       3     0    5.0     0    15    15    15    15\n"));
    ck_assert_ptr_nonnull(strstr(text,
        "  notify         ref       3     2  167.3   200   300   300   300   300\n"
        "                 perf      3    30   30.0    30    30    30    30    30\n"));
    ck_assert_ptr_nonnull(strstr(text,
        "  guest          ref       3     0   13.3     0    40    40    40    40\n"
        "                 perf      3     0    0.0     0     0     0     0     0\n"
        "    in ns        ref           0.0    6.7   0.0  20.0  20.0  20.0  20.0\n"
        "    in ns        perf          0.0    0.0   0.0   0.0   0.0   0.0   0.0\n"
        "by INTID class\n"));
    /* The parts of exits and maintenance interrupts under them; those 0 in every model
     * (other, lr_entry_no_pending, group) are left out. */
    ck_assert_ptr_nonnull(strstr(text,
        "  exits                     4     2\n"
        "    irq                     2     1\n"
        "    mmio                    1     0\n"
        "    sysreg                  0     1\n"
        "    wfi                     1     0\n"
        "  entries                   4     2\n"
        "  maintenance_interrupts    3     1\n"
        "    eoi                     2     0\n"
        "    underflow               1     0\n"
        "    no_pending              0     1\n"
        "  lr_overflows              0     0\n"));
    ck_assert_ptr_null(strstr(text, "    other"));
    ck_assert_ptr_null(strstr(text, "    group"));
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
    ck_assert_ptr_nonnull(strstr(text, "  exits                      4.5 ±6.4  2.0 ±0.0\n"
                                       "    irq                      2.0 ±0.0  1.0 ±0.0\n"
                                       "    mmio                     1.5 ±6.4  0.0 ±0.0\n"));
    /* notify: {2, 300 + k, 200}: means 167.33 and 167.67. */
    ck_assert_ptr_nonnull(strstr(text,
        "  notify         ref       3     2  167.5   200   300   300   300   300\n"
        "                 ±95%      0     0    2.1     0     6     6     6     6\n"));
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

    /* latency.stages: every stage, each a summary like delivery's. */
    json_t *ref_lat = json_object_get(json_array_get(models, 0), "latency");
    json_t *stages = json_object_get(ref_lat, "stages");
    ck_assert_uint_eq(json_object_size(stages), REC_NR_STAGES);
    for (int st = 0; st < REC_NR_STAGES; st++) {
        json_t *one = json_object_get(stages, rec_stage_names[st]);
        ck_assert_msg(json_is_object(one), "no stage %s", rec_stage_names[st]);
        for (int f = 0; f < RF_FIELDS; f++)
            ck_assert(json_is_number(json_object_get(one, report_field_names[f])));
        ck_assert(json_is_object(json_object_get(one, "ci95")));
        ck_assert(json_is_object(json_object_get(one, "ns")));
    }
    json_t *nt = json_object_get(stages, "notify");
    ck_assert(fabs(json_real_value(json_object_get(nt, "max")) - 300.5) < 1e-9);
    ck_assert(fabs(json_real_value(json_object_get(nt, "mean")) - 167.5) < 1e-9);
    ck_assert_int_eq(json_integer_value(json_object_get(nt, "runs")), 2);
    json_t *ct = json_object_get(stages, "contention");
    ck_assert(fabs(json_real_value(json_object_get(json_object_get(ct, "ns"), "max")) - 7.5) < 1e-9);
    /* The counters' parts, with intervals of their own (--repeat), as counters.model. */
    json_t *cnt = json_object_get(json_array_get(models, 0), "counters");
    json_t *why = json_object_get(cnt, "exits_by_reason");
    ck_assert_uint_eq(json_object_size(why), VGIC_EXIT_REASONS + 1);
    ck_assert(fabs(json_real_value(json_object_get(why, "mmio")) - 1.5) < 1e-9);
    ck_assert(fabs(json_real_value(json_array_get(json_object_get(json_object_get(why, "ci95"),
                                                                  "mmio"), 1)) - 7.8531) < 1e-3);
    json_t *mi = json_object_get(json_object_get(perf, "counters"), "maintenance_by_cause");
    ck_assert(fabs(json_real_value(json_object_get(mi, "no_pending")) - 1) < 1e-9);
    ck_assert(fabs(json_real_value(json_object_get(mi, "eoi"))) < 1e-9);
    ck_assert_ptr_nonnull(json_object_get(json_object_get(mi, "ci95"), "group"));
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
    /* A stage is metric stages.NAME, group all; the parts of a counter are group
     * maintenance_by_cause / exits_by_reason of metric counters. */
    ck_assert_ptr_nonnull(strstr(text, "\nref,stages.contention,all,max,15,15,15,7.5\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nref,stages.notify,all,max,300.5,294.1468976,306.8531024,150.25\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nperf,stages.injector_wait,all,count,3,3,3,\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nref,counters,maintenance_by_cause,eoi,2,2,2,\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nref,counters,exits_by_reason,mmio,1.5,-4.853102368,7.853102368,\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nperf,counters,exits_by_reason,other,0,0,0,\n"));
    size_t stage_rows = 0, part_rows = 0;
    for (const char *p = text; (p = strstr(p, "\nref,stages.")); p++)
        stage_rows++;
    for (const char *p = text; (p = strstr(p, "\nref,counters,maintenance_by_cause,")); p++)
        part_rows++;
    for (const char *p = text; (p = strstr(p, "\nref,counters,exits_by_reason,")); p++)
        part_rows++;
    ck_assert_uint_eq(stage_rows, REC_NR_STAGES * RF_FIELDS);
    ck_assert_uint_eq(part_rows, VGIC_MI_CAUSES + VGIC_EXIT_REASONS);
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

/* A report's JSON with `edit` applied to model `model`'s object (jansson). */
static char *edited(const char *text, size_t model, void (*edit)(json_t *m))
{
    json_t *root = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(root);
    json_t *models = json_object_get(root, "models");
    for (size_t i = 0; i < json_array_size(models); i++)
        if (model == SIZE_MAX || i == model)
            edit(json_array_get(models, i));
    char *out = json_dumps(root, JSON_PRESERVE_ORDER);
    json_decref(root);
    return out;
}

static void slower_contention(json_t *m)
{
    json_t *ct = json_object_get(json_object_get(json_object_get(m, "latency"), "stages"),
                                 "contention");
    json_object_set_new(ct, "p99", json_integer(40));
}

static void more_wfi_exits(json_t *m)
{
    json_object_set_new(json_object_get(json_object_get(m, "counters"), "exits_by_reason"), "wfi",
                        json_integer(5));
}

/* What a vgicsim from before the stages and the counters' parts wrote. */
static void older_vgicsim(json_t *m)
{
    json_object_del(json_object_get(m, "latency"), "stages");
    json_object_del(json_object_get(m, "counters"), "maintenance_by_cause");
    json_object_del(json_object_get(m, "counters"), "exits_by_reason");
}

static void stages_not_an_object(json_t *m)
{
    json_object_set_new(json_object_get(m, "latency"), "stages", json_string("fast"));
}

static void stage_p99_a_string(json_t *m)
{
    json_object_set_new(json_object_get(json_object_get(json_object_get(m, "latency"), "stages"),
                                        "guest"), "p99", json_string("fast"));
}

static void causes_a_number(json_t *m)
{
    json_object_set_new(json_object_get(m, "counters"), "maintenance_by_cause", json_integer(3));
}

static void cause_a_string(json_t *m)
{
    json_object_set_new(json_object_get(json_object_get(m, "counters"), "maintenance_by_cause"),
                        "eoi", json_string("two"));
}

/* Two reports compared with the default limits; the rows point into the reports. */
struct judged {
    struct cmp_report base, cur;
    struct cmp_result res;
};

static void judge_texts(struct judged *j, const char *base_text, const char *cur_text)
{
    memset(j, 0, sizeof(*j));
    ck_assert(cmp_report_parse("base", base_text, strlen(base_text), &j->base));
    ck_assert(cmp_report_parse("new", cur_text, strlen(cur_text), &j->cur));
    struct cmp_limits limits = {.threshold_pct = 5, .min_samples = 1};
    cmp_judge(&j->base, &j->cur, &limits, &j->res);
    cmp_limits_free(&limits);
}

static void judged_free(struct judged *j)
{
    cmp_result_free(&j->res);
    cmp_report_free(&j->base);
    cmp_report_free(&j->cur);
}

/* The one regression of a comparison, by name. */
static void expect_one_regression(const struct judged *j, const char *model, const char *name)
{
    ck_assert_uint_eq(j->res.counts[CMP_REGRESSION], 1);
    for (size_t i = 0; i < j->res.n_rows; i++)
        if (j->res.rows[i].verdict == CMP_REGRESSION) {
            ck_assert_str_eq(j->res.rows[i].model, model);
            ck_assert_str_eq(j->res.rows[i].name, name);
        }
}

/* compare judges the stages like delivery and the parts like the other counters; a
 * report without them (an older vgicsim) is read, its missing figures "only in" the
 * other report; a malformed one is refused. */
START_TEST(test_compare_stages_and_parts)
{
    struct report r;
    build_report(&r, 1);
    char *base = render(report_json, &r);
    teardown_report(&r);

    struct judged j;
    char *slow = edited(base, 1, slower_contention);
    judge_texts(&j, base, slow);
    expect_one_regression(&j, "perf", "stages.contention.p99");
    judged_free(&j);
    free(slow);

    char *busy = edited(base, 0, more_wfi_exits);
    judge_texts(&j, base, busy);
    expect_one_regression(&j, "ref", "counters.exits_by_reason.wfi");
    judged_free(&j);
    free(busy);

    /* An old baseline: each model's 8 stages x 5 statistics and 10 parts are only in the
     * new report; nothing regresses. And the other way round. */
    const size_t missing = 2 * (REC_NR_STAGES * 5 + VGIC_MI_CAUSES + VGIC_EXIT_REASONS);
    char *old = edited(base, SIZE_MAX, older_vgicsim);
    judge_texts(&j, old, base);
    ck_assert_uint_eq(j.res.counts[CMP_REGRESSION], 0);
    ck_assert_uint_eq(j.res.counts[CMP_ONLY_NEW], missing);
    ck_assert_uint_eq(j.res.counts[CMP_ONLY_BASE], 0);
    judged_free(&j);
    judge_texts(&j, base, old);
    ck_assert_uint_eq(j.res.counts[CMP_ONLY_BASE], missing);
    ck_assert_uint_eq(j.res.counts[CMP_ONLY_NEW], 0);
    judged_free(&j);
    free(old);

    void (*const malformed[])(json_t *) = {stages_not_an_object, stage_p99_a_string,
                                            causes_a_number, cause_a_string};
    for (size_t k = 0; k < sizeof(malformed) / sizeof(malformed[0]); k++) {
        char *bad = edited(base, 0, malformed[k]);
        struct cmp_report rep;
        ck_assert_msg(!cmp_report_parse("bad", bad, strlen(bad), &rep), "malformed %zu read", k);
        free(bad);
    }
    free(base);
}
END_TEST

static Suite *report_writers_suite(void)
{
    Suite *s = suite_create("report_writers");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_statistics_over_runs);
    tcase_add_test(tc, test_stages_and_breakdowns_over_runs);
    tcase_add_test(tc, test_text_two_models);
    tcase_add_test(tc, test_text_repeat_intervals);
    tcase_add_test(tc, test_json_two_models_and_schema);
    tcase_add_test(tc, test_csv_two_models);
    tcase_add_test(tc, test_compare_two_models);
    tcase_add_test(tc, test_compare_stages_and_parts);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(report_writers_suite()); }
