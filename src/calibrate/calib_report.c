/* SPDX-License-Identifier: GPL-2.0-only */
/* Writers of calibrate's output (see calib_report.h). */
#include "calibrate/calib_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/xalloc.h"

static const char *version_name(enum gic_version v) { return v == GIC_V2 ? "GICv2" : "GICv3"; }

/* "trap + emulate_reg (trap_sysreg follows trap)" for the table's last column. */
static void describe_ops(char *buf, size_t size, const struct calib_test *t)
{
    calib_test_ops(buf, size, t);
    size_t used = strlen(buf);
    for (size_t i = 0; i < t->n_follows && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, " (%s follows %s)",
                                 cost_op_name(t->follows[i].op),
                                 cost_op_name(t->follows[i].leader));
}

void calib_write_skips(FILE *out, const struct calib_report *r, const char *prefix)
{
    for (size_t i = 0; i < r->plan->n_skips; i++) {
        const struct calib_skip *s = &r->plan->skips[i];
        if (s->row->skipped)
            fprintf(out, "%sskipped: %s - %s\n", prefix, s->row->name, s->why);
        else
            fprintf(out, "%sskipped: %s (%.1f ns) - %s\n", prefix, s->row->name, s->row->avg_ns,
                    s->why);
    }
}

void calib_write_text(FILE *out, const struct calib_report *r)
{
    const struct calib_costs *c = r->costs;
    fprintf(out, "micro-bench log %s", ESC(r->log_name));
    if (r->log->has_timer)
        fprintf(out, " (counter %llu Hz)", (unsigned long long)r->log->timer_hz);
    fprintf(out, "\nhost clock %u MHz; base preset %s (%s); model ref\n\n", c->clock_mhz,
            c->base->name, version_name(c->base->version));
    fprintf(out, "%-16s %12s %13s %9s  %s\n", "test", "measured ns", "simulated ns", "error %",
            "fitted operations");
    double worst = 0;
    size_t n_fitted = 0;
    for (size_t i = 0; i < r->plan->n_points; i++) {
        const struct calib_point *pt = &r->plan->points[i];
        char ops[160];
        if (pt->held_out)
            snprintf(ops, sizeof(ops), "held out: predicted, not fitted");
        else
            describe_ops(ops, sizeof(ops), pt->test);
        if (pt->simulated) {
            fprintf(out, "%-16s %12.1f %13.1f %+9.2f  %s\n", pt->row->name, pt->measured_ns,
                    pt->simulated_ns, pt->error_pct, ops);
            if (!pt->held_out && fabs(pt->error_pct) > worst)
                worst = fabs(pt->error_pct);
        } else {
            fprintf(out, "%-16s %12.1f %13s %9s  %s\n", pt->row->name, pt->measured_ns, "-", "-",
                    ops);
        }
    }
    if (r->plan->n_skips) {
        fputc('\n', out);
        calib_write_skips(out, r, "");
    }
    for (size_t i = 0; i < r->plan->n_points; i++)
        n_fitted += !r->plan->points[i].held_out;
    if (r->fit_ok && n_fitted == 0)
        fprintf(out, "\nnothing fitted: every test is held out and predicted with preset %s\n",
                c->base->name);
    else if (r->fit_ok)
        fprintf(out, "\nevery fitted test is within %.0f %% (largest error %.2f %%)\n",
                CALIB_TOLERANCE_PCT, worst);
    else
        fprintf(out, "\nFIT FAILED: not every fitted test is within %.0f %%\n",
                CALIB_TOLERANCE_PCT);
}

void calib_write_csv(FILE *out, const struct calib_report *r)
{
    fprintf(out, "test,measured_ns,simulated_ns,error_pct\n");
    for (size_t i = 0; i < r->plan->n_points; i++) {
        const struct calib_point *pt = &r->plan->points[i];
        if (pt->simulated)
            fprintf(out, "%s,%.1f,%.1f,%.2f\n", pt->row->name, pt->measured_ns, pt->simulated_ns,
                    pt->error_pct);
        else
            fprintf(out, "%s,%.1f,,\n", pt->row->name, pt->measured_ns);
    }
}

void calib_write_costs(FILE *out, const struct calib_report *r)
{
    const struct calib_costs *c = r->costs;
    fprintf(out, "# Costs fitted by `vgicsim calibrate` to %s (kvm-unit-tests\n"
                 "# arm/micro-bench) for a %u MHz host, from preset %s: every operation\n"
                 "# not listed keeps that preset's value. Use the mapping as a scenario's\n"
                 "# `costs:` value, or: vgicsim run --set \"costs=$(cat THIS_FILE)\" SCENARIO\n",
            r->log_name, c->clock_mhz, c->base->name);
    for (size_t i = 0; i < r->plan->n_points; i++) {
        const struct calib_point *pt = &r->plan->points[i];
        fprintf(out, "#   %-15s measured %9.1f ns, simulated %9.1f ns (%+.2f %%)%s\n",
                pt->row->name, pt->measured_ns, pt->simulated_ns, pt->error_pct,
                pt->held_out ? ", held out of the fit" : "");
    }
    fprintf(out, "{preset: %s, clock_mhz: %u", c->base->name, c->clock_mhz);
    /* One line per test: the operations it determined, then their followers. */
    for (size_t i = 0; i < r->plan->n_points; i++) {
        const struct calib_test *t = r->plan->points[i].test;
        if (r->plan->points[i].held_out)
            continue;
        fprintf(out, ",\n ");
        for (size_t k = 0; k < t->n_determines; k++)
            fprintf(out, "%s %s: %llu", k ? "," : "", cost_op_name(t->determines[k]),
                    (unsigned long long)c->cycles[t->determines[k]]);
        for (size_t k = 0; k < t->n_follows; k++)
            fprintf(out, ", %s: %llu", cost_op_name(t->follows[k].op),
                    (unsigned long long)c->cycles[t->follows[k].op]);
    }
    fprintf(out, "}\n");
}

char *calib_point_scenario(const struct calib_report *r, const struct calib_point *pt,
                           char **why)
{
    char *note = xasprintf("Measured on the host (%s): %.1f ns.\n# Simulated with these "
                           "costs: %.1f ns (report: %s).", r->log_name, pt->measured_ns,
                           pt->simulated_ns, calib_metric_name(pt->test->metric));
    char *text = calib_scenario_yaml(pt->test, r->costs, note, why);
    free(note);
    return text;
}
