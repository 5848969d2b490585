/* SPDX-License-Identifier: GPL-2.0-only */
/* `vgicsim sensitivity`: which cost operations matter. Each operation with a cost is set
 * PCT % lower and PCT % higher, one at a time, the others as the scenario has them: the
 * points of one sweep (one axis of whole overrides, sweep_points.c), run by the sweep's
 * own machinery (workers, rows), then ranked by how far the metric moves. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "costs/cost_model.h"
#include "plot/gnuplot.h"
#include "util/escape.h"
#include "util/xalloc.h"

extern const char plot_template_tornado[];

/* Cycles times (100 ± pct) / 100, rounded to the nearest (halves up), without
 * overflow. */
static uint64_t scaled(uint64_t base, unsigned pct, bool up)
{
    unsigned __int128 v = (unsigned __int128)base * (up ? 100u + pct : 100u - pct) + 50;
    v /= 100;
    return v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}

static void add_value(struct sweep_axis *a, char *v)
{
    if (a->n_values == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 16;
        a->values = xrealloc(a->values, a->cap * sizeof(*a->values));
    }
    a->values[a->n_values++] = v;
}

void sensitivity_plan(const struct scenario *scn, unsigned pct, struct sensitivity *plan,
                      struct sweep_space *space)
{
    memset(plan, 0, sizeof(*plan));
    plan->pct = pct;
    plan->ops = xcalloc(COST_OP_COUNT, sizeof(*plan->ops));
    plan->zero = xcalloc(COST_OP_COUNT, sizeof(*plan->zero));
    struct sweep_axis axis = {.key = xstrdup("change"), .assign = true};
    /* The baseline sets the first operation to its own cost: an override that changes
     * nothing, so that every point has one. */
    add_value(&axis, xasprintf("costs.%s=%" PRIu64, cost_op_name((enum cost_op)0),
                               scn->costs.cycles[0]));
    for (int op = 0; op < COST_OP_COUNT; op++) {
        uint64_t base = scn->costs.cycles[op];
        if (base == 0) {
            plan->zero[plan->n_zero++] = op;
            continue;
        }
        struct sensitivity_op *o = &plan->ops[plan->n_ops++];
        *o = (struct sensitivity_op){op, base, scaled(base, pct, false), scaled(base, pct, true)};
        add_value(&axis, xasprintf("costs.%s=%" PRIu64, cost_op_name((enum cost_op)op), o->low));
        add_value(&axis, xasprintf("costs.%s=%" PRIu64, cost_op_name((enum cost_op)op), o->high));
    }
    memset(space, 0, sizeof(*space));
    char *err = NULL;
    if (!sweep_space_add(space, &axis, &err))
        abort();   /* one axis of at most 61 values */
}

void sensitivity_free(struct sensitivity *plan)
{
    free(plan->ops);
    free(plan->zero);
    memset(plan, 0, sizeof(*plan));
}

/* ---- ranking ---- */

static double change(double v, double baseline)
{
    if (baseline == 0)
        return v == 0 ? 0 : copysign(INFINITY, v);
    return (v - baseline) / fabs(baseline) * 100;
}

static int by_swing(const void *a, const void *b)
{
    const struct sensitivity_effect *x = a, *y = b;
    if (x->swing != y->swing)
        return x->swing > y->swing ? -1 : 1;
    double mx = fmax(fabs(x->d_low), fabs(x->d_high)), my = fmax(fabs(y->d_low), fabs(y->d_high));
    if (mx != my)
        return mx > my ? -1 : 1;
    return x->op->op - y->op->op;   /* the operations' order: stable, deterministic */
}

bool sensitivity_rank(const struct sensitivity *plan, const struct sweep_row *rows,
                      size_t n_models, size_t col, struct sensitivity_result *out, char **err)
{
    for (size_t m = 0; m < n_models; m++) {
        struct sensitivity_result *r = &out[m];
        r->model = rows[m].model;
        r->baseline = rows[m].v[col];
        r->clock_mhz = rows[m].clock_mhz;
        r->n = plan->n_ops;
        r->e = xcalloc(plan->n_ops + 1, sizeof(*r->e));
        bool ok = !isnan(r->baseline);
        for (size_t i = 0; i < plan->n_ops && ok; i++) {
            struct sensitivity_effect *e = &r->e[i];
            e->op = &plan->ops[i];
            e->low = rows[(2 * i + 1) * n_models + m].v[col];
            e->high = rows[(2 * i + 2) * n_models + m].v[col];
            ok = !isnan(e->low) && !isnan(e->high);
            e->d_low = change(e->low, r->baseline);
            e->d_high = change(e->high, r->baseline);
            e->swing = fabs(e->d_high - e->d_low);
            if (isnan(e->swing))
                e->swing = 0;
        }
        if (!ok) {
            *err = xasprintf("model %s has no value of the metric", r->model);
            return false;
        }
        qsort(r->e, r->n, sizeof(*r->e), by_swing);
    }
    return true;
}

void sensitivity_results_free(struct sensitivity_result *res, size_t n_models)
{
    for (size_t m = 0; res && m < n_models; m++)
        free(res[m].e);
}

/* ---- the table ---- */

static char *value_text(double v, bool decimal)
{
    return decimal || v != floor(v) ? xasprintf("%.1f", v) : xasprintf("%.0f", v);
}

static char *pct_text(double v)
{
    return isinf(v) ? xstrdup(v > 0 ? "+inf" : "-inf") : xasprintf("%+.1f", v);
}

/* The scenario's name (or path) and its preset, escaped as every text table shows what a
 * user wrote (util/escape.h). */
static char *shown_text(const char *s, const char *none)
{
    return s ? esc_dup(s, strlen(s), ESC_VALUE) : xstrdup(none);
}

static void write_text(FILE *out, const struct sensitivity_report *r)
{
    char *scenario = shown_text(r->scenario, "scenario");
    char *preset = shown_text(r->preset, "unknown");
    const struct sensitivity *p = r->plan;
    bool decimal = r->unit == REPORT_CYCLES && strstr(r->metric, ".mean");
    for (size_t m = 0; m < r->n_models; m++) {
        const struct sensitivity_result *res = &r->res[m];
        char *base = value_text(res->baseline, decimal);
        fprintf(out, "%s%s (costs %s), model %s: %s = %s%s", m ? "\n" : "", scenario,
                preset, res->model, r->metric, base,
                r->unit == REPORT_CYCLES ? " cycles" : "");
        if (r->unit == REPORT_CYCLES && res->clock_mhz)
            fprintf(out, " (%.1f ns at %" PRIu32 " MHz)", res->baseline * 1000 / res->clock_mhz,
                    res->clock_mhz);
        fprintf(out, "; each cost operation -%u %% and +%u %%, one at a time, by swing\n",
                p->pct, p->pct);
        free(base);
        fprintf(out, "%4s %-22s %10s %10s %10s %12s %12s %8s %8s %8s\n", "rank", "operation",
                "cycles", "-cycles", "+cycles", "at -", "at +", "change-", "change+", "swing");
        for (size_t i = 0; i < res->n; i++) {
            const struct sensitivity_effect *e = &res->e[i];
            char *lo = value_text(e->low, decimal), *hi = value_text(e->high, decimal);
            char *dl = pct_text(e->d_low), *dh = pct_text(e->d_high);
            fprintf(out, "%4zu %-22s %10" PRIu64 " %10" PRIu64 " %10" PRIu64 " %12s %12s %7s%% %7s%% "
                    "%7.1f%%\n", i + 1, cost_op_name((enum cost_op)e->op->op), e->op->base,
                    e->op->low, e->op->high, lo, hi, dl, dh, e->swing);
            free(lo);
            free(hi);
            free(dl);
            free(dh);
        }
    }
    if (p->n_zero) {
        fprintf(out, "\nnot varied (cost 0):");
        for (size_t i = 0; i < p->n_zero; i++)
            fprintf(out, " %s", cost_op_name((enum cost_op)p->zero[i]));
        fputc('\n', out);
    }
    free(scenario);
    free(preset);
}

static void write_csv(FILE *out, const struct sensitivity_report *r)
{
    fprintf(out, "model,rank,operation,cycles,cycles_low,cycles_high,baseline,value_low,"
            "value_high,change_low_pct,change_high_pct,swing_pct\n");
    for (size_t m = 0; m < r->n_models; m++) {
        const struct sensitivity_result *res = &r->res[m];
        for (size_t i = 0; i < res->n; i++) {
            const struct sensitivity_effect *e = &res->e[i];
            fprintf(out, "%s,%zu,%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.10g,%.10g,%.10g,%.4f,"
                    "%.4f,%.4f\n", res->model, i + 1, cost_op_name((enum cost_op)e->op->op),
                    e->op->base, e->op->low, e->op->high, res->baseline, e->low, e->high,
                    e->d_low, e->d_high, e->swing);
        }
    }
}

static json_t *number(double v)
{
    return isfinite(v) ? (v == floor(v) && fabs(v) < 9007199254740992.0
                              ? json_integer((json_int_t)v)
                              : json_real(v))
                       : json_null();
}

static int write_json(FILE *out, const struct sensitivity_report *r)
{
    json_t *root = json_object();
    json_object_set_new(root, "sensitivity_format", json_integer(1));
    json_object_set_new(root, "scenario", json_string(r->scenario));
    json_object_set_new(root, "preset", json_string(r->preset));
    json_object_set_new(root, "metric", json_string(r->metric));
    json_object_set_new(root, "by_pct", json_integer(r->plan->pct));
    json_t *models = json_array();
    for (size_t m = 0; m < r->n_models; m++) {
        const struct sensitivity_result *res = &r->res[m];
        json_t *o = json_object();
        json_object_set_new(o, "model", json_string(res->model));
        json_object_set_new(o, "baseline", number(res->baseline));
        json_object_set_new(o, "clock_mhz", res->clock_mhz ? json_integer(res->clock_mhz) : json_null());
        json_t *ops = json_array();
        for (size_t i = 0; i < res->n; i++) {
            const struct sensitivity_effect *e = &res->e[i];
            json_t *op = json_object();
            json_object_set_new(op, "operation", json_string(cost_op_name((enum cost_op)e->op->op)));
            json_object_set_new(op, "cycles", json_integer((json_int_t)e->op->base));
            for (int side = 0; side < 2; side++) {
                json_t *s = json_object();
                json_object_set_new(s, "cycles", json_integer((json_int_t)(side ? e->op->high : e->op->low)));
                json_object_set_new(s, "value", number(side ? e->high : e->low));
                json_object_set_new(s, "change_pct", number(side ? e->d_high : e->d_low));
                json_object_set_new(op, side ? "high" : "low", s);
            }
            json_object_set_new(op, "swing_pct", number(e->swing));
            json_array_append_new(ops, op);
        }
        json_object_set_new(o, "operations", ops);
        json_array_append_new(models, o);
    }
    json_object_set_new(root, "models", models);
    json_t *zero = json_array();
    for (size_t i = 0; i < r->plan->n_zero; i++)
        json_array_append_new(zero, json_string(cost_op_name((enum cost_op)r->plan->zero[i])));
    json_object_set_new(root, "not_varied", zero);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (rc == 0)
        fputc('\n', out);
    return rc;
}

int sensitivity_write(FILE *out, const struct sensitivity_report *r, enum sweep_format f)
{
    switch (f) {
    case SWEEP_TEXT: write_text(out, r); break;
    case SWEEP_CSV: write_csv(out, r); break;
    case SWEEP_JSON:
        if (write_json(out, r) != 0)
            return -1;
        break;
    }
    return ferror(out) ? -1 : 0;
}

/* ---- the tornado chart ---- */

/* A change as drawn: infinities (a baseline of 0) as 0. */
static double drawable(double v)
{
    return isfinite(v) ? v : 0;
}

bool sensitivity_plot_render(struct plot_target *t, const struct sensitivity_report *r)
{
    const struct sensitivity_result *first = &r->res[0];
    /* The operations drawn: the first model's largest swings, in its order. */
    size_t shown = 0;
    while (shown < first->n && shown < SENSITIVITY_PLOT_OPS && first->e[shown].swing > 0)
        shown++;
    char *buf = NULL;
    size_t len = 0;
    plot_append(&buf, &len, "plot_title = ");
    char *scenario = shown_text(r->scenario, "scenario");
    char *preset = shown_text(r->preset, "unknown");
    char *title = xasprintf("%s (costs %s): what moves %s", scenario, preset, r->metric);
    plot_quote(&buf, &len, title);
    free(title);
    free(scenario);
    free(preset);
    char *sub = xasprintf("each cost operation -%u %% and +%u %%, one at a time; %zu largest "
                          "swings of %zu operations", r->plan->pct, r->plan->pct, shown,
                          r->plan->n_ops);
    plot_append(&buf, &len, "\nsubtitle = ");
    plot_quote(&buf, &len, sub);
    free(sub);
    char *xlabel = xasprintf("change of %s from its baseline (%%)", r->metric);
    plot_append(&buf, &len, "\nxlabel = ");
    plot_quote(&buf, &len, xlabel);
    free(xlabel);
    plot_append(&buf, &len, "\npct = %u\nnops = %zu\nnmodels = %zu\n", r->plan->pct, shown,
                r->n_models);
    plot_append(&buf, &len, "array op_label[%zu]\narray model_name[%zu]\n", shown ? shown : 1,
                r->n_models);
    for (size_t i = 0; i < shown; i++) {
        plot_append(&buf, &len, "op_label[%zu] = ", i + 1);
        plot_quote(&buf, &len, cost_op_name((enum cost_op)first->e[i].op->op));
        plot_append(&buf, &len, "\n");
    }
    for (size_t m = 0; m < r->n_models; m++) {
        plot_append(&buf, &len, "model_name[%zu] = ", m + 1);
        plot_quote(&buf, &len, r->res[m].model);
        plot_append(&buf, &len, "\n");
    }
    /* Block m: per shown operation (rank i from the top), y, change at -PCT, at +PCT. */
    plot_append(&buf, &len, "$data << EOD\n");
    for (size_t m = 0; m < r->n_models; m++) {
        for (size_t i = 0; i < shown; i++) {
            const struct sensitivity_effect *e = NULL;
            for (size_t k = 0; k < r->res[m].n && !e; k++)
                if (r->res[m].e[k].op == first->e[i].op)
                    e = &r->res[m].e[k];
            plot_append(&buf, &len, "%zu %.17g %.17g\n", shown - i, drawable(e->d_low),
                        drawable(e->d_high));
        }
        if (!shown)
            plot_append(&buf, &len, "0 0 0\n");
        plot_append(&buf, &len, "\n\n");
    }
    plot_append(&buf, &len, "EOD\n%s", plot_template_tornado);
    bool ok = plot_target_render(t, buf, len);
    free(buf);
    return ok;
}
