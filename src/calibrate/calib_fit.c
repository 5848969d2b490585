/* SPDX-License-Identifier: GPL-2.0-only */
/* The fitter (see calib_fit.h and docs/calibrate.md).
 *
 * Tests are fitted one at a time, in the order of enum calib_test_id: each test's path
 * uses only operations an earlier test determined or the base preset gives. A test
 * determines the sum G of its operations; the sum is split in the ratio of the base
 * preset's values (so exit:entry stays as the preset has it), and followers keep their
 * base ratio to their leader. The simulated latency is affine in G on these paths,
 * so a secant iteration on G (starting with slope 1) lands on the nearest whole cycle
 * in one or two runs; it stops when the simulation is within half a cycle of the
 * measurement, when G stops moving, or after MAX_ITERATIONS. */
#include "calibrate/calib_fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

enum { MAX_ITERATIONS = 32 };
/* More than any operation on a micro-bench path could need (a third of a second at
 * 3 GHz), and far below the simulator's safety limit (SIM_SAFETY_LIMIT_CYCLES), which
 * would stop the equivalent scenario before its end. */
#define MAX_GROUP_CYCLES UINT64_C(1000000000)

double calib_cycles_to_ns(uint64_t cycles, uint32_t clock_mhz)
{
    return (double)cycles * 1000.0 / (double)clock_mhz;
}

/* ---- the plan --------------------------------------------------------------------- */

static void add_skip(struct calib_plan *p, const struct mb_row *row, const char *why)
{
    p->skips = xrealloc(p->skips, (p->n_skips + 1) * sizeof(*p->skips));
    p->skips[p->n_skips++] = (struct calib_skip){row, why};
}

bool calib_plan_make(const struct mb_log *log, const char *log_name, enum gic_version version,
                     struct calib_plan *p, struct diag_list *diags)
{
    memset(p, 0, sizeof(*p));
    const struct mb_row *by_test[CALIB_N_TESTS] = {0};
    bool ok = true;
    for (size_t i = 0; i < log->n_rows; i++) {
        const struct mb_row *row = &log->rows[i];
        const char *why = NULL;
        const struct calib_test *t = calib_test_for_row(row->name, &why);
        if (t && by_test[t->id]) {
            diag_add(diags, log_name, row->line, row->col, "'%s' is the same test as '%s' "
                     "(line %u): calibrate fits one run; keep one table", row->name,
                     by_test[t->id]->name, by_test[t->id]->line);
            ok = false;
            continue;
        }
        if (row->skipped)
            add_skip(p, row, "micro-bench skipped it (its preparation found the feature missing)");
        else if (!t)
            add_skip(p, row, why);
        else if (row->avg_ns <= 0)
            add_skip(p, row, "no positive measurement to fit");
        else if (t->gicv3_only && version != GIC_V3)
            add_skip(p, row, t->gicv2_skip);
        else
            by_test[t->id] = row;
    }
    for (int id = 0; id < CALIB_N_TESTS; id++) {
        if (!by_test[id])
            continue;
        p->points[p->n_points++] = (struct calib_point){
            .test = &calib_tests[id], .row = by_test[id], .measured_ns = by_test[id]->avg_ns,
        };
    }
    if (!ok)
        calib_plan_free(p);
    return ok;
}

bool calib_plan_hold_out(struct calib_plan *p, const char *name)
{
    bool all = strcmp(name, "all") == 0;
    const char *why;
    const struct calib_test *t = all ? NULL : calib_test_for_row(name, &why);
    if (!all && !t)
        return false;
    bool found = all;
    for (size_t i = 0; i < p->n_points; i++)
        if (all || p->points[i].test == t) {
            p->points[i].held_out = true;
            found = true;
        }
    return found;
}

void calib_plan_free(struct calib_plan *p)
{
    free(p->skips);
    memset(p, 0, sizeof(*p));
}

/* ---- fitting one test --------------------------------------------------------------- */

/* Sets the test's operations to a sum of `g` cycles in the base ratio, and its
 * followers after their leaders. */
static void apply_group(const struct calib_test *t, struct calib_costs *c, uint64_t g)
{
    const uint64_t *base = c->base->cycles;
    uint64_t base_sum = 0;
    for (size_t i = 0; i < t->n_determines; i++)
        base_sum += base[t->determines[i]];
    uint64_t given = 0;
    for (size_t i = 0; i < t->n_determines; i++) {
        enum cost_op op = t->determines[i];
        uint64_t v;
        if (i + 1 == t->n_determines)
            v = g - given;                       /* the last one takes the rounding */
        else if (base_sum == 0)
            v = g / t->n_determines;
        else
            v = (uint64_t)llround((double)g * (double)base[op] / (double)base_sum);
        if (v > g - given)
            v = g - given;
        c->cycles[op] = v;
        given += v;
    }
    for (size_t i = 0; i < t->n_follows; i++) {
        const struct calib_follower *f = &t->follows[i];
        if (base[f->leader])
            c->cycles[f->op] = (uint64_t)llround((double)base[f->op] *
                                                 (double)c->cycles[f->leader] /
                                                 (double)base[f->leader]);
    }
}

static uint64_t group_sum(const struct calib_test *t, const struct calib_costs *c)
{
    uint64_t g = 0;
    for (size_t i = 0; i < t->n_determines; i++)
        g += c->cycles[t->determines[i]];
    return g;
}

/* Names the test in a reason calib_simulate gave. */
static bool failed(const struct calib_point *pt, char **why)
{
    char *inner = *why;
    *why = xasprintf("%s: %s", pt->row->name, inner);
    free(inner);
    return false;
}

static bool fit_one(struct calib_point *pt, struct calib_costs *c, char **why)
{
    const struct calib_test *t = pt->test;
    double target = pt->measured_ns * (double)c->clock_mhz / 1000.0;
    uint64_t g = group_sum(t, c), best_g = g;
    uint64_t cycles;
    /* Marked first: the scenarios write the fitted operations out. */
    for (size_t i = 0; i < t->n_determines; i++) {
        c->fitted[t->determines[i]] = true;
        c->fitted_by[t->determines[i]] = t->name;
    }
    for (size_t i = 0; i < t->n_follows; i++) {
        c->fitted[t->follows[i].op] = true;
        c->fitted_by[t->follows[i].op] = t->name;
    }
    apply_group(t, c, g);
    if (!calib_simulate(t, c, &cycles, why))
        return failed(pt, why);
    double best_err = fabs((double)cycles - target), slope = 1.0;
    for (int it = 0; it < MAX_ITERATIONS && fabs((double)cycles - target) >= 0.5; it++) {
        double want = (double)g + (target - (double)cycles) / slope;
        uint64_t next = want <= 0 ? 0
                        : want >= (double)MAX_GROUP_CYCLES ? MAX_GROUP_CYCLES
                                                            : (uint64_t)llround(want);
        if (next == g)
            break;
        uint64_t next_cycles;
        apply_group(t, c, next);
        if (!calib_simulate(t, c, &next_cycles, why))
            return failed(pt, why);
        if (next_cycles != cycles)
            slope = ((double)next_cycles - (double)cycles) / ((double)next - (double)g);
        if (slope <= 0)
            slope = 1.0;    /* a path cannot get faster when its operations get dearer */
        g = next;
        cycles = next_cycles;
        if (fabs((double)cycles - target) < best_err) {
            best_err = fabs((double)cycles - target);
            best_g = g;
        }
    }
    apply_group(t, c, best_g);
    if (best_g == MAX_GROUP_CYCLES && (double)cycles < target) {
        char ops[128];
        calib_test_ops(ops, sizeof(ops), t);
        *why = xasprintf("%s: measured %.1f ns would need %s above %llu cycles: not a "
                         "latency vgicsim fits", pt->row->name, pt->measured_ns, ops,
                         (unsigned long long)MAX_GROUP_CYCLES);
        return false;
    }
    /* Why a fit may fall short: the rest of the path alone is already too long. */
    if (best_g == 0) {
        uint64_t floor_cycles;
        if (!calib_simulate(t, c, &floor_cycles, why))
            return failed(pt, why);
        if ((double)floor_cycles > target * (1 + CALIB_TOLERANCE_PCT / 100)) {
            char ops[128];
            calib_test_ops(ops, sizeof(ops), t);
            *why = xasprintf("%s: measured %.1f ns, but with %s at 0 its path already takes "
                             "%.1f ns in the model (the other operations on it, from the "
                             "base preset or fitted before it, are too dear for this host)",
                             pt->row->name, pt->measured_ns, ops,
                             calib_cycles_to_ns(floor_cycles, c->clock_mhz));
            return false;
        }
    }
    return true;
}

bool calib_fit(struct calib_plan *p, struct calib_costs *c, char **why)
{
    *why = NULL;
    for (size_t i = 0; i < p->n_points; i++)
        if (!p->points[i].held_out && !fit_one(&p->points[i], c, why))
            break;
    /* Every test again with the final costs: what the output reports. */
    bool ok = *why == NULL;
    for (size_t i = 0; i < p->n_points; i++) {
        struct calib_point *pt = &p->points[i];
        char *err = NULL;
        pt->simulated = calib_simulate(pt->test, c, &pt->simulated_cycles, &err);
        if (!pt->simulated) {
            if (!*why)
                *why = xasprintf("%s: %s", pt->row->name, err);
            free(err);
            ok = false;
            continue;
        }
        pt->simulated_ns = calib_cycles_to_ns(pt->simulated_cycles, c->clock_mhz);
        pt->error_pct = (pt->simulated_ns - pt->measured_ns) / pt->measured_ns * 100.0;
        if (fabs(pt->error_pct) < 0.005)
            pt->error_pct = 0.0;    /* printed with two decimals: no "-0.00" */
        if (!pt->held_out && fabs(pt->error_pct) > CALIB_TOLERANCE_PCT) {
            if (!*why)
                *why = xasprintf("%s: simulated %.1f ns is %+.2f %% off the measured %.1f ns "
                                 "(more than %.0f %%)", pt->row->name, pt->simulated_ns,
                                 pt->error_pct, pt->measured_ns, CALIB_TOLERANCE_PCT);
            ok = false;
        }
    }
    return ok;
}
