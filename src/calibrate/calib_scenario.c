/* SPDX-License-Identifier: GPL-2.0-only */
/* The equivalent scenarios (see calib_scenario.h; docs/calibrate.md says why each one
 * is equivalent to its micro-bench test).
 *
 *  hvc             vgicsim has no hypercall action. A GICD_IIDR read by a vCPU with an
 *                  empty ap_list costs exit + trap + emulate_reg + entry; with trap and
 *                  emulate_reg at 0 in this scenario, its trapped-access latency is
 *                  exactly exit + entry: what a hypercall that does nothing costs.
 *  mmio_read_vgic  the same read with every cost as it is.
 *  eoi             the same EOIR write of 1023, at cycle 0 and alone: the run's
 *                  simulated time is its cost.
 *  ipi             the guest is in manual mode, so vCPU 1 spins in the guest as
 *                  micro-bench's secondary does (an auto-mode guest would wait in WFI).
 *                  Manual mode has no exception entry, so vCPU 1's IAR read is a trace
 *                  step, issued while vCPU 1 is still in the hypervisor (at the cycle a
 *                  probe run shows the SGI being listed): it then runs the moment vCPU 1
 *                  is back in the guest. The scenario charges that read iar +
 *                  guest_irq_entry, so the SGI's delivery latency (the write of
 *                  ICC_SGI1R_EL1 / GICD_SGIR to the end of the IAR read) is exactly the
 *                  micro-bench path: sender's trap and kick, IPI, target's exit, sync,
 *                  flush, entry, exception entry, IAR.
 *  ipi_hw          micro-bench's ipi_exec again, on a GICv4.1 host with the guest's
 *                  nASSGIreq set: the ICC_SGI1R_EL1 write still traps, and KVM's dispatch
 *                  finds the SGI backed by the hardware (irq->hw) and, under the SGI's
 *                  irq_lock, has the host's GIC make it pending (a GITS_SGIR write); it
 *                  queues nothing and kicks nobody. The GIC delivers the vSGI to vCPU 1's
 *                  resident vPE, which takes it in the guest with no exit. The model has no
 *                  vSGI, so the scenario runs only what it charges of the sender: the same
 *                  write, for an SGI 1 that vCPU 1's redistributor has disabled (so the
 *                  dispatch pends it, takes and drops the irq_lock, and neither queues nor
 *                  kicks: the vSGI dispatch without the GITS_SGIR write), giving the write's
 *                  trapped-access latency S (trap_sysreg + exit + the dispatch + entry).
 *                  The vSGI leaves when the dispatch ends, an entry before S; vCPU 1 then
 *                  takes it (vsgi_delivery), enters its handler and reads IAR
 *                  (guest_irq_entry + iar), while vCPU 0 goes back to the guest (entry) and
 *                  spins on the handler's flag: micro-bench's clock stops at the later of
 *                  the two, so the latency is S - entry + max(entry, vsgi_delivery +
 *                  guest_irq_entry + iar).
 *  lpi             micro-bench's prep as manual-mode steps (LPI tables, EnableLPIs, the
 *                  ITS's tables and queue, the ITS enabled, LPI 8199 configured, MAPD,
 *                  MAPC collection 1 -> vCPU 1, INVALL, MAPTI event 20 -> 8199), then,
 *                  timed, vCPU 0's INT (the command queued, GITS_CWRITER written: KVM
 *                  processes it in that trap, pends the LPI on vCPU 1 and kicks it) and
 *                  its GITS_CREADR read (micro-bench polls until the command is done: one
 *                  read, since KVM finished it in the trap). vCPU 1 spins in the guest and
 *                  its IAR read is placed as ipi's. micro-bench stops its clock when vCPU
 *                  0 sees the handler's flag, which it can only look at after its own
 *                  CREADR read: the latency is the run's end minus the INT's cycle, i.e.
 *                  whichever of the two ends later (on the presets, the handler's IAR
 *                  read). A probe run of the set-up alone gives the cycle at which vCPU 0
 *                  is idle again; the INT is issued well after it, so that it starts
 *                  exactly at its cycle. */
#include "calibrate/calib_scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_registry.h"
#include "record/latency_stats.h"
#include "record/recorder.h"
#include "scenario/load.h"
#include "sim/sim.h"
#include "util/xalloc.h"

void calib_costs_init(struct calib_costs *c, const struct cost_preset *base, uint32_t clock_mhz)
{
    memset(c, 0, sizeof(*c));
    c->base = base;
    c->clock_mhz = clock_mhz;
    memcpy(c->cycles, base->cycles, sizeof(c->cycles));
}

const char *calib_metric_name(enum calib_metric m)
{
    switch (m) {
    case CALIB_METRIC_ACCESS: return "trapped access";
    case CALIB_METRIC_END: return "simulated time";
    case CALIB_METRIC_DELIVERY: return "delivery";
    case CALIB_METRIC_AFTER_SEND: return "simulated time after the send";
    case CALIB_METRIC_VSGI:
        return "trapped access of ICC_SGI1R_EL1, composed with the vSGI";
    }
    return "?";
}

/* ---- per-scenario cost adjustments ----------------------------------------------- */

struct adjusted {
    uint64_t cycles[COST_OP_COUNT];
    bool changed[COST_OP_COUNT];
    const char *why[COST_OP_COUNT];
};

static void adjust(const struct calib_test *t, const struct calib_costs *c, struct adjusted *a)
{
    memcpy(a->cycles, c->cycles, sizeof(a->cycles));
    memset(a->changed, 0, sizeof(a->changed));
    switch (t->id) {
    case CALIB_HVC:
        a->cycles[COST_TRAP] = a->cycles[COST_EMULATE_REG] = 0;
        a->changed[COST_TRAP] = a->changed[COST_EMULATE_REG] = true;
        a->why[COST_TRAP] = a->why[COST_EMULATE_REG] =
            "0 here only: the access must cost exit + entry";
        break;
    case CALIB_IPI:
    case CALIB_LPI:
        a->cycles[COST_IAR] += a->cycles[COST_GUEST_IRQ_ENTRY];
        a->changed[COST_IAR] = true;
        a->why[COST_IAR] = "here only: iar + guest_irq_entry (manual mode has no exception entry)";
        break;
    default:
        break;
    }
}

/* ---- writing ---------------------------------------------------------------------- */

static void write_costs(FILE *out, const struct calib_costs *c, const struct adjusted *a)
{
    fprintf(out, "costs:\n");
    fprintf(out, "  preset: %s\n", c->base->name);
    fprintf(out, "  clock_mhz: %u\n", c->clock_mhz);
    for (int op = 0; op < COST_OP_COUNT; op++) {
        if (!c->fitted[op] && !a->changed[op] && c->cycles[op] == c->base->cycles[op])
            continue;
        char entry[64];
        snprintf(entry, sizeof(entry), "%s: %llu", cost_op_name((enum cost_op)op),
                 (unsigned long long)a->cycles[op]);
        fprintf(out, "  %-22s", entry);
        if (a->changed[op])
            fprintf(out, "  # %s", a->why[op]);
        else if (c->fitted[op])
            fprintf(out, "  # fitted (%s)", c->fitted_by[op]);
        fputc('\n', out);
    }
}

/* The comment at the top: what the test measures and why the scenario is its
 * equivalent, then `note`. */
static void write_header(FILE *out, const struct calib_test *t, const char *note)
{
    static const char *const why[CALIB_N_TESTS] = {
        [CALIB_HVC] = "vgicsim has no hypercall action: this scenario reads GICD_IIDR (a trapped\n"
                      "# access) with trap and emulate_reg at 0, so the trapped-access latency is\n"
                      "# exactly exit + entry, what a hypercall that does nothing costs.",
        [CALIB_MMIO_READ_VGIC] = "The same read of GICD_IIDR by a vCPU with nothing queued: trap,\n"
                                 "# exit, emulate_reg, entry. Its latency is the trapped-access latency.",
        [CALIB_EOI] = "The same EOIR write of 1023, alone and at cycle 0: the run's simulated time\n"
                      "# is its cost.",
        [CALIB_IPI] = "Manual mode, so that vCPU 1 spins in the guest as micro-bench's secondary\n"
                      "# does. vCPU 1's IAR read is issued while it is still in the hypervisor\n"
                      "# (when the SGI is listed), so it runs the moment vCPU 1 is back in the\n"
                      "# guest; manual mode has no exception entry, so that read is charged\n"
                      "# iar + guest_irq_entry. The SGI's delivery latency is the test's latency.",
        [CALIB_IPI_HW] = "On a GICv4.1 host vCPU 0's ICC_SGI1R_EL1 write still traps, and KVM\n"
                         "# has the GIC deliver a vSGI: no queueing, no kick, no exit on vCPU 1.\n"
                         "# vgicsim has no vSGI, so this scenario runs the sender's part alone:\n"
                         "# the write, for an SGI that vCPU 1 has disabled (dispatched, but\n"
                         "# neither queued nor kicked). S, its trapped-access latency (report:\n"
                         "# trapped access by register, ICC_SGI1R_EL1), is trap_sysreg + exit +\n"
                         "# the dispatch + entry; the vSGI leaves an entry before S. The test's\n"
                         "# latency is S - entry + max(entry, vsgi_delivery + guest_irq_entry +\n"
                         "# iar): vCPU 1 takes the vSGI and reads IAR while vCPU 0 re-enters\n"
                         "# the guest and waits for the handler's flag. (The report calls the\n"
                         "# disabled SGI undelivered: it is meant to be.)",
        [CALIB_LPI] = "micro-bench's preparation as manual-mode steps (manual mode, so that vCPU 1\n"
                      "# spins in the guest), then the timed INT: vCPU 0 queues it and writes\n"
                      "# GITS_CWRITER (trapped; KVM processes the command, pends LPI 8199 on\n"
                      "# vCPU 1 and kicks it), then reads GITS_CREADR once (trapped; the command\n"
                      "# is done). vCPU 1's IAR read is placed and charged as in the ipi scenario.\n"
                      "# micro-bench's clock stops when vCPU 0, after its CREADR read, sees the\n"
                      "# handler's flag: the test's latency is the run's simulated time minus the\n"
                      "# INT's cycle (the later of the two paths).",
    };
    fprintf(out, "# Equivalent of kvm-unit-tests arm/micro-bench test '%s', written by\n"
                 "# `vgicsim calibrate` (docs/calibrate.md).\n"
                 "# The test: %s.\n# %s\n",
            t->name, t->measures, why[t->id]);
    if (note)
        fprintf(out, "#\n# %s\n", note);
}

/* Cycle of the ipi's SGI: after the set-up steps, whatever the costs (each takes at
 * most the sum of every operation once). */
static uint64_t ipi_send_cycle(const struct adjusted *a)
{
    uint64_t sum = 0;
    for (int op = 0; op < COST_OP_COUNT; op++)
        sum += a->cycles[op];
    return (2 * sum + 1000 + 999) / 1000 * 1000;
}

static void write_ipi_trace(FILE *out, enum gic_version v, uint64_t send_at, uint64_t iar_at)
{
    fprintf(out, "trace:\n");
    if (v == GIC_V2) {
        fprintf(out, "  - {at: 0, vcpu: 0, write: {reg: GICD_CTLR, value: 1}}     # distributor on\n"
                     "  - {at: 0, vcpu: 1, cpu: {write: CTLR, value: 1}}         # CPU interface on\n");
    } else {
        fprintf(out, "  - {at: 0, vcpu: 0, write: {reg: GICD_CTLR, value: 0x12}}  # EnableGrp1A, ARE\n"
                     "  - {at: 0, vcpu: 1, cpu: {write: IGRPEN1, value: 1}}      # group 1 on\n");
    }
    fprintf(out, "  - {at: 0, vcpu: 1, cpu: {write: PMR, value: 0xff}}       # nothing masked\n"
                 "  - {at: %llu, vcpu: 0, sgi: {intid: 1, targets: [1]}}  # the measured IPI\n",
            (unsigned long long)send_at);
    fprintf(out, "  - {at: %llu, vcpu: 1, cpu: {read: IAR, expect: 1}}  # vCPU 1 still in the hypervisor\n"
                 "expect:\n  acks: [{vcpu: 1, intid: 1, count: 1}]\n",
            (unsigned long long)iar_at);
}

/* ipi_hw's sender alone (see the comment at the top): SGI 1 disabled on vCPU 1, then the
 * measured write. */
static void write_ipi_hw_trace(FILE *out, uint64_t send_at)
{
    fprintf(out,
            "trace:\n"
            "  - {at: 0, vcpu: 0, write: {reg: GICD_CTLR, value: 0x12}}  # EnableGrp1A, ARE\n"
            "  - {vcpu: 0, write: {reg: GICR_ICENABLER0, redist: 1, value: 0x2}}  # SGI 1 off on "
            "vCPU 1: not queued, no kick\n"
            "  - {at: 0, vcpu: 1, cpu: {write: IGRPEN1, value: 1}}      # group 1 on\n"
            "  - {at: 0, vcpu: 1, cpu: {write: PMR, value: 0xff}}       # nothing masked\n"
            "  - {at: %llu, vcpu: 0, sgi: {intid: 1, targets: [1]}}  # the measured write: S is "
            "its trapped-access latency\n",
            (unsigned long long)send_at);
}

/* micro-bench's lpi_prep (arm/micro-bench.c; the ITS set up by kvm-unit-tests' ITS
 * library), untimed, at the addresses of the guest driver of docs/model.md; then, unless
 * `setup_only`, the timed INT, its completion read and vCPU 1's IAR read. */
static void write_lpi_trace(FILE *out, bool setup_only, uint64_t send_at, uint64_t iar_at)
{
    fprintf(out,
            "trace:\n"
            "  - {at: 0, vcpu: 0, write: {reg: GICD_CTLR, value: 0x12}}  # EnableGrp1A, ARE\n"
            "  - {vcpu: 0, write: {reg: GICR_PROPBASER, value: 0x4000000d}}  # 14 ID bits\n"
            "  - {vcpu: 0, write: {reg: GICR_PENDBASER, redist: 0, value: 0x41000000}}\n"
            "  - {vcpu: 0, write: {reg: GICR_PENDBASER, redist: 1, value: 0x41010000}}\n"
            "  - {vcpu: 0, write: {reg: GICR_CTLR, redist: 0, value: 1}}      # EnableLPIs\n"
            "  - {vcpu: 0, write: {reg: GICR_CTLR, redist: 1, value: 1}}\n"
            "  - {vcpu: 0, write: {reg: GITS_BASER0, value: 0x8000000045000000}}  # devices\n"
            "  - {vcpu: 0, write: {reg: GITS_BASER1, value: 0x8000000046000000}}  # collections\n"
            "  - {vcpu: 0, write: {reg: GITS_CBASER, value: 0x8000000044000003}}  # 4 pages\n"
            "  - {vcpu: 0, write: {reg: GITS_CTLR, value: 1}}                 # ITS on\n"
            "  - {at: 0, vcpu: 1, cpu: {write: IGRPEN1, value: 1}}      # group 1 on\n"
            "  - {at: 0, vcpu: 1, cpu: {write: PMR, value: 0xff}}       # nothing masked\n"
            "  - {vcpu: 0, lpi_config: {intid: 8199, priority: 0xa0, enabled: true}}\n"
            "  - {vcpu: 0, its: {cmd: MAPD, device: 2, size: 11}}       # 12 EventID bits\n"
            "  - {vcpu: 0, its: {cmd: MAPC, collection: 1, target: 1}}\n"
            "  - {vcpu: 0, its: {cmd: INVALL, collection: 1}}\n"
            "  - {vcpu: 0, its: {cmd: MAPTI, device: 2, event: 20, intid: 8199, collection: 1}}\n");
    if (setup_only)
        return;
    /* Five commands of 32 bytes: CREADR reads 0xa0 once the INT is done. */
    fprintf(out, "  - {at: %llu, vcpu: 0, its: {cmd: INT, device: 2, event: 20}}  # the measured "
                 "INT: the latency is the run's end minus this cycle\n"
                 "  - {vcpu: 0, read: {reg: GITS_CREADR, expect: 0xa0}}  # done at the first read\n",
            (unsigned long long)send_at);
    fprintf(out, "  - {at: %llu, vcpu: 1, cpu: {read: IAR, expect: 8199}}  # vCPU 1 still in the "
                 "hypervisor\n"
                 "expect:\n  acks: [{vcpu: 1, intid: 8199, count: 1}]\n",
            (unsigned long long)iar_at);
}

/* `setup_only`: the lpi scenario without its timed steps (the probe of its set-up). */
static char *build_part(const struct calib_test *t, const struct calib_costs *c, const char *note,
                        uint64_t send_at, uint64_t iar_at, bool setup_only)
{
    struct adjusted a;
    adjust(t, c, &a);
    enum gic_version v = c->base->version;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) {
        perror("vgicsim calibrate");
        exit(3);
    }
    write_header(out, t, note);
    fprintf(out, "version: 1\nname: microbench-%s\n", t->name);
    fprintf(out, "gic: {version: %d, vcpus: %d%s}\nguest: {mode: manual}\n", (int)v,
            t->id == CALIB_IPI || t->id == CALIB_IPI_HW || t->id == CALIB_LPI ? 2 : 1,
            t->id == CALIB_LPI ? ", its: true" : "");
    write_costs(out, c, &a);
    switch (t->id) {
    case CALIB_HVC:
    case CALIB_MMIO_READ_VGIC:
        fprintf(out, "trace:\n  - {at: 0, vcpu: 0, read: {reg: GICD_IIDR}}\n");
        break;
    case CALIB_EOI:
        fprintf(out, "trace:\n  - {at: 0, vcpu: 0, cpu: {write: EOIR, value: 1023}}\n");
        break;
    case CALIB_IPI:
        write_ipi_trace(out, v, send_at, iar_at);
        break;
    case CALIB_IPI_HW:
        write_ipi_hw_trace(out, send_at);
        break;
    case CALIB_LPI:
        write_lpi_trace(out, setup_only, send_at, iar_at);
        break;
    case CALIB_N_TESTS:
        break;
    }
    fclose(out);
    return text;
}

static char *build(const struct calib_test *t, const struct calib_costs *c, const char *note,
                   uint64_t send_at, uint64_t iar_at)
{
    return build_part(t, c, note, send_at, iar_at, false);
}

/* ---- running -------------------------------------------------------------------- */

struct outcome {
    uint64_t access, end, delivery, injection;
    uint64_t n_access, n_delivery, n_injection;
    uint64_t sgi_write, n_sgi_write;     /* the trapped ICC_SGI1R_EL1 writes */
};

/* The latencies of the trapped accesses of one register (the report's "trapped access by
 * register"), or NULL when there was none. */
static const struct latency_stats *register_stats(const struct recorder *rec, const char *name)
{
    for (uint32_t k = 0; k < rec_access_kinds(rec); k++)
        if (strcmp(rec_access_kind_name(rec, k), name) == 0)
            return rec_stats_access_kind(rec, k);
    return NULL;
}

static bool run_text(const struct calib_test *t, const char *text, struct outcome *o, char **why)
{
    char *label = xasprintf("microbench-%s.yaml", t->name);
    struct scenario s;
    struct diag_list diags;
    diag_init(&diags);
    bool ok = scenario_load_text(label, text, strlen(text), NULL, 0, &s, &diags);
    if (!ok) {
        char *first = diags.count ? diag_format(&diags.items[0]) : xstrdup("?");
        *why = xasprintf("its equivalent scenario does not load: %s", first);
        free(first);
        diag_free(&diags);
        free(label);
        return false;
    }
    diag_free(&diags);
    struct sim_result r;
    sim_run(&s, vgic_model_by_name("ref"), s.seed, &r);
    if (r.n_failures) {
        *why = xasprintf("its equivalent scenario failed an expectation: %s", r.failures[0].message);
        ok = false;
    } else if (r.stop != SIM_STOP_IDLE || r.steps_done != r.steps_total) {
        *why = xasprintf("its equivalent scenario did not run to its end (%s, %zu of %zu steps)",
                         sim_stop_reason(r.stop), r.steps_done, r.steps_total);
        ok = false;
    } else {
        const struct latency_stats *acc = rec_stats(r.rec, REC_ACCESS);
        const struct latency_stats *del = rec_stats(r.rec, REC_DELIVERY);
        const struct latency_stats *inj = rec_stats(r.rec, REC_INJECTION);
        const struct latency_stats *sgi = register_stats(r.rec, "ICC_SGI1R_EL1");
        *o = (struct outcome){
            .access = lat_max(acc), .n_access = lat_count(acc),
            .delivery = lat_max(del), .n_delivery = lat_count(del),
            .injection = lat_max(inj), .n_injection = lat_count(inj),
            .sgi_write = sgi ? lat_max(sgi) : 0, .n_sgi_write = sgi ? lat_count(sgi) : 0,
            .end = r.end_time,
        };
    }
    sim_result_free(&r);
    scenario_free(&s);
    free(label);
    return ok;
}

/* The ipi's (and lpi's) IAR step must be issued while vCPU 1 is in the hypervisor after
 * the kick. A probe run shows when the interrupt reaches a list register of vCPU 1,
 * which is inside that window (during the flush before the entry): the probe reads IAR
 * long after everything, at `probe_at` (its expectation checks that the read took the
 * interrupt), and its injection latency (raised to listed) gives the cycle. */
static bool iar_cycle(const struct calib_test *t, const struct calib_costs *c, uint64_t send_at,
                      uint64_t probe_at, uint64_t *iar_at, char **why)
{
    char *probe = build(t, c, NULL, send_at, probe_at);
    struct outcome o;
    bool ok = run_text(t, probe, &o, why);
    free(probe);
    if (!ok)
        return false;
    if (o.n_injection != 1) {
        *why = xasprintf("its probe run listed the interrupt %llu times, not once",
                         (unsigned long long)o.n_injection);
        return false;
    }
    *iar_at = send_at + o.injection;
    return true;
}

/* The lpi's INT must find vCPU 0 idle, or it would wait and the wait would count: the
 * set-up alone is run first, and the INT is issued at twice its end, rounded up to a
 * multiple of 1000 cycles (the machine is idle from its end on; the margin lets the
 * emitted scenario's set-up take longer on another model, as on perf, and still end
 * before the INT). */
static bool lpi_send_cycle(const struct calib_test *t, const struct calib_costs *c,
                           uint64_t *send_at, char **why)
{
    char *setup = build_part(t, c, NULL, 0, 0, true);
    struct outcome o;
    bool ok = run_text(t, setup, &o, why);
    free(setup);
    if (ok)
        *send_at = (2 * o.end / 1000 + 1) * 1000;
    return ok;
}

/* The cycles of the ipi's and lpi's two timed steps (0 for the other tests). The listing
 * probe reads IAR long after the send: every operation eight times over is more than
 * the INT's path takes (its expectation fails loudly if not). */
static bool timed_steps(const struct calib_test *t, const struct calib_costs *c,
                        uint64_t *send_at, uint64_t *iar_at, char **why)
{
    *send_at = *iar_at = 0;
    struct adjusted a;
    adjust(t, c, &a);
    switch (t->id) {
    case CALIB_IPI:
        *send_at = ipi_send_cycle(&a);
        return iar_cycle(t, c, *send_at, 3 * *send_at, iar_at, why);
    case CALIB_IPI_HW:
        *send_at = ipi_send_cycle(&a);
        return true;
    case CALIB_LPI:
        if (!lpi_send_cycle(t, c, send_at, why))
            return false;
        return iar_cycle(t, c, *send_at, *send_at + 4 * ipi_send_cycle(&a), iar_at, why);
    default:
        return true;
    }
}

char *calib_scenario_yaml(const struct calib_test *t, const struct calib_costs *c,
                          const char *note, char **why)
{
    uint64_t send_at, iar_at;
    if (!timed_steps(t, c, &send_at, &iar_at, why))
        return NULL;
    return build(t, c, note, send_at, iar_at);
}

bool calib_simulate(const struct calib_test *t, const struct calib_costs *c, uint64_t *cycles,
                    char **why)
{
    uint64_t send_at, iar_at;
    if (!timed_steps(t, c, &send_at, &iar_at, why))
        return false;
    char *text = build(t, c, NULL, send_at, iar_at);
    struct outcome o;
    bool ok = run_text(t, text, &o, why);
    free(text);
    if (!ok)
        return false;
    /* Each figure is cross-checked against the run's end: the measured action is the
     * last thing that happens. */
    switch (t->metric) {
    case CALIB_METRIC_ACCESS:
        ok = o.n_access == 1 && o.access == o.end;
        *cycles = o.access;
        break;
    case CALIB_METRIC_END:
        ok = o.n_access == 0;
        *cycles = o.end;
        break;
    case CALIB_METRIC_DELIVERY:
        ok = o.n_delivery == 1 && o.end == send_at + o.delivery;
        *cycles = o.delivery;
        break;
    case CALIB_METRIC_AFTER_SEND:
        /* The LPI is raised at the INT's trapped access, which the set-up probe made
         * start at send_at: its delivery ends at or before the run's end. */
        ok = o.n_delivery == 1 && o.end >= send_at + o.delivery;
        *cycles = o.end - send_at;
        break;
    case CALIB_METRIC_VSGI: {
        /* The write ends the run (nothing is delivered), and a write that did not wait
         * for its vCPU: S covers its entry at least. */
        const uint64_t *k = c->cycles;
        ok = o.n_sgi_write == 1 && o.n_delivery == 0 && o.end == send_at + o.sgi_write &&
             o.sgi_write >= k[COST_ENTRY];
        uint64_t receiver = k[COST_VSGI_DELIVERY] + k[COST_GUEST_IRQ_ENTRY] + k[COST_IAR];
        *cycles = ok ? o.sgi_write - k[COST_ENTRY] +
                           (receiver > k[COST_ENTRY] ? receiver : k[COST_ENTRY])
                     : 0;
        break;
    }
    }
    if (!ok)
        *why = xasprintf("its equivalent scenario's %s is not the single last event calibrate "
                         "expects (has the model changed?)", calib_metric_name(t->metric));
    return ok;
}
