/* SPDX-License-Identifier: GPL-2.0-only */
#include "report/text_report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "record/recorder.h"
#include "report/text_table.h"
#include "util/escape.h"
#include "util/xalloc.h"

/* Layout (docs/report.md shows an example): a header with the scenario, its digest and
 * the effective configuration; a line per model and run summary; then tables whose
 * columns line up across models: interrupts and counters (with the causes of maintenance
 * interrupts and the reasons for exits under them) with one column per model, latency
 * (delivery's stages among it) with one row per model under each distribution (the
 * statistics as columns), so that two or more models read side by side on an 80-column
 * terminal or page. With --repeat every figure is a mean over the runs and a "±95%" row
 * or suffix gives the half-width of its 95 % confidence interval. */

/* An INTID a model has no samples of (an LPI only another model delivered). */
static const struct report_dist empty_dist;

static const char *const metric_labels[REPORT_METRICS] = {
    [REC_DELIVERY] = "delivery", [REC_INJECTION] = "injection", [REC_SERVICE] = "service",
    [REC_ACCESS] = "trapped access",
};

/* A statistic as text: the exact integer of one run; else the mean over the runs, with
 * one decimal when `real`, else rounded to a whole number (the ±95% figures say how
 * precise it is; JSON and CSV keep every digit). */
static void stat_text(char *buf, size_t size, const struct run_stat *s, bool real)
{
    uint64_t exact;
    if (!real && run_stat_exact(s, &exact))
        snprintf(buf, size, "%" PRIu64, exact);
    else
        snprintf(buf, size, real ? "%.1f" : "%.0f", run_stat_mean(s));
}

static double half_width(const struct run_stat *s)
{
    double lo, hi;
    return run_stat_ci95(s, &lo, &hi) ? (hi - lo) / 2 : 0.0;
}

static void header(FILE *out, const struct report *r)
{
    const struct scenario *s = r->s;
    /* The name, the path and the overrides are the user's: shown escaped (util/escape.h). */
    fputs("scenario '", out);
    esc_fputs(s->name, out);
    fputs("' (", out);
    esc_fputs(s->path, out);
    fputs(")\n", out);
    fprintf(out, "  sha256 %s\n", r->sha256 ? r->sha256 : "unknown (not a regular file)");
    fprintf(out, "  vgicsim %s, commit %s; ", r->version, r->commit ? r->commit : "unknown");
    if (r->repeat == 1)
        fprintf(out, "seed %" PRIu64 "\n", r->first_seed);
    else
        fprintf(out, "seeds %" PRIu64 "..%" PRIu64 " (%" PRIu64 " runs of each model)\n",
                r->first_seed, r->first_seed + (r->repeat - 1), r->repeat);

    fprintf(out, "machine: GICv%d, %u vCPUs, %u SPIs, %u list registers, %u priority bits\n",
            (int)s->gic.version, s->gic.vcpus, s->gic.spis, s->gic.list_registers,
            s->gic.priority_bits);
    for (uint32_t i = 0; i < s->gic.n_hw_mapped; i++)
        fprintf(out, "%s%u%s", i ? ", " : "  HW-mapped INTIDs: ", s->gic.hw_mapped[i],
                i + 1 == s->gic.n_hw_mapped ? "\n" : "");
    struct report_hypervisor hv;
    report_hypervisor(r, &hv);
    fprintf(out, "hypervisor: KVM %s (%s vgic, implementation revision %u)\n", hv.kvm,
            strcmp(hv.lr_design, "classic") == 0 ? "classic" : "LR-overflow",
            hv.implementation_rev);
    fprintf(out, "  direct injection: %s\n", hv.direct_injection);

    fprintf(out, "guest: %s, handler %" PRIu64 " cycles, EOImode %u, PMR 0x%02x\n",
            s->guest.mode == SCN_GUEST_AUTO ? "auto" : "manual", s->guest.handler,
            s->guest.eoi_mode, s->guest.pmr);
    for (size_t i = 0; i < s->guest.n_handlers; i++)
        fprintf(out, "%sINTID %u %" PRIu64 "%s", i ? ", " : "  handlers (cycles): ",
                s->guest.handlers[i].intid, s->guest.handlers[i].cycles,
                i + 1 == s->guest.n_handlers ? "\n" : "");

    fprintf(out, "costs: %s", s->costs.preset);
    if (s->costs.clock_mhz)
        fprintf(out, " at %u MHz (1000 cycles = %.1f ns)", s->costs.clock_mhz,
                1000.0 * report_ns_per_cycle(r));
    else
        fprintf(out, " (clock unknown: no ns figures)");
    fprintf(out, "\n");
    if (s->has_until)
        fprintf(out, "run: until cycle %" PRIu64 "\n", s->until);
    if (r->n_overrides) {
        fprintf(out, "overrides:");
        for (size_t i = 0; i < r->n_overrides; i++) {
            fputc(' ', out);
            esc_fputs(r->overrides[i], out);
        }
        fprintf(out, "\n");
    }
}

/* Overload is not silent: above this share of raised instances never delivered (in
 * percent), or when a run ended with instances undelivered for a reason other than an
 * idle machine or run.until (the safety limit, a stall, an overloaded machine), the text
 * report warns that its percentiles describe the delivered instances only (docs/report.md,
 * "Undelivered interrupts"). JSON and CSV carry `undelivered` for tools to judge. */
#define TEXT_UNDELIVERED_WARN_PCT 1.0

static void wrap(FILE *out, const char *text, const char *first, const char *rest, size_t width);

static void undelivered_warning(FILE *out, const struct report_model *m)
{
    double raised = run_stat_mean(&m->irq[RI_RAISED]);
    double undelivered = run_stat_mean(&m->irq[RI_UNDELIVERED]);
    if (undelivered <= 0 || raised <= 0)
        return;
    double pct = 100.0 * undelivered / raised;
    size_t cut = 0;   /* runs that stopped with work left: safety limit, stall, overload */
    enum sim_stop how = SIM_STOP_IDLE;
    for (size_t i = 0; i < m->n_runs; i++)
        if (m->runs[i].stop == SIM_STOP_LIMIT || m->runs[i].stop == SIM_STOP_STALLED ||
            m->runs[i].stop == SIM_STOP_OVERLOADED) {
            cut++;
            how = m->runs[i].stop;
        }
    if (pct <= TEXT_UNDELIVERED_WARN_PCT && !cut)
        return;
    int digits = m->n_runs > 1 ? 1 : 0;   /* means over runs have a fraction */
    const char *per_run = m->n_runs > 1 ? " per run" : "";
    char *text;
    if (pct > TEXT_UNDELIVERED_WARN_PCT) {
        text = xasprintf("warning: %.1f %% of the raised interrupts were never delivered (%.*f "
                         "of %.*f%s; more than %.0f %% is flagged): overload, a run cut short, "
                         "or interrupts left masked or disabled", pct, digits, undelivered,
                         digits, raised, per_run, TEXT_UNDELIVERED_WARN_PCT);
        wrap(out, text, "  ", "    ", 80);
        free(text);
    }
    if (cut) {
        text = xasprintf("warning: %s stopped (%s) with interrupts still undelivered (%.*f%s)",
                         m->n_runs > 1 ? (cut == m->n_runs ? "every run" : "some runs")
                                       : "the run",
                         sim_stop_name(how), digits, undelivered, per_run);
        wrap(out, text, "  ", "    ", 80);
        free(text);
    }
    fprintf(out, "  the latency percentiles of %s describe the delivered interrupts only\n",
            m->name);
}

/* One line per model: how its runs ended; warnings a reader must not miss. */
static void model_lines(FILE *out, const struct report *r, const struct report_model *m)
{
    if (m->n_runs == 1) {
        const struct report_run *run = &m->runs[0];
        fprintf(out, "model %s: simulated %" PRIu64 " cycles, %" PRIu64 " events; %s\n",
                m->name, run->end_time, run->events, sim_stop_reason(run->stop));
    } else {
        struct run_stat cycles = {0}, events = {0};
        for (size_t i = 0; i < m->n_runs; i++) {
            run_stat_add_u64(&cycles, m->runs[i].end_time);
            run_stat_add_u64(&events, m->runs[i].events);
        }
        fprintf(out, "model %s: %zu runs, simulated %.1f ±%.1f cycles, %.1f ±%.1f events\n",
                m->name, m->n_runs, run_stat_mean(&cycles), half_width(&cycles),
                run_stat_mean(&events), half_width(&events));
        for (int stop = SIM_STOP_IDLE; stop < SIM_NR_STOPS; stop++) {
            size_t n = 0;
            for (size_t i = 0; i < m->n_runs; i++)
                n += m->runs[i].stop == (enum sim_stop)stop;
            if (n)
                fprintf(out, "  %zu run%s: %s\n", n, n == 1 ? "" : "s",
                        sim_stop_reason((enum sim_stop)stop));
        }
    }
    uint64_t dropped = 0;
    size_t steps_done = 0, steps_total = 0;
    for (size_t i = 0; i < m->n_runs; i++) {
        dropped += m->runs[i].dropped_sgis;
        steps_done += m->runs[i].steps_done;
        steps_total += m->runs[i].steps_total;
    }
    if (dropped)
        fprintf(out, "  warning: %" PRIu64 " generated SGIs dropped%s (a sender had %d actions "
                "queued)\n", dropped, m->n_runs > 1 ? " over all runs" : "",
                SIM_MAX_QUEUED_ACTIONS);
    if (steps_total && steps_done != steps_total)
        fprintf(out, "  trace: %zu of %zu steps completed%s\n", steps_done, steps_total,
                m->n_runs > 1 ? " over all runs" : "");
    undelivered_warning(out, m);
    (void)r;
}

/* A table of named statistics with one column per model. */
static void counts_cell(struct text_table *t, const struct run_stat *s)
{
    if (!s) {
        text_table_cell(t, "-");
        return;
    }
    char v[48];
    stat_text(v, sizeof(v), s, s->n >= 2);
    if (s->n >= 2)
        text_table_cell(t, "%s ±%.1f", v, half_width(s));
    else
        text_table_cell(t, "%s", v);
}

static struct text_table *model_columns(const struct report *r, const char *title)
{
    struct text_table *t = text_table_new(1 + r->n_models, 1);
    text_table_cell(t, "%s", title);
    for (size_t i = 0; i < r->n_models; i++)
        text_table_cell(t, "%s", r->models[i].name);
    text_table_end_row(t);
    return t;
}

_Static_assert(REC_MAX_OPEN_INSTANCES == 1 << 20, "the untracked raises' text says 2^20");

/* Why some raises, acknowledgements or completions produced no sample (the recorder's
 * matching rules and its bound on open instances, recorder.c): said in words so that
 * missing samples are never silent. */
static const struct {
    enum report_irq field;
    const char *label;
    const char *why;
} unmatched_rows[] = {
    {RI_UNMATCHED_ACKS, "unmatched acks",
     "IAR returned an INTID with no raised instance waiting (e.g. made active by an "
     "ISACTIVER write, or acknowledged twice): no delivery or injection sample"},
    {RI_UNLISTED_ACKS, "unlisted acks",
     "IAR took an instance the model never reported listed in a list register: a "
     "delivery sample without an injection sample"},
    {RI_UNMATCHED_COMPLETIONS, "unmatched completions",
     "EOIR (or DIR in EOImode 1) of an INTID with no acknowledged instance on that vCPU "
     "(e.g. an EOIR the trace wrote for an interrupt never acknowledged): no service sample"},
    {RI_INVALID, "invalid events",
     "the recorder was told of a vCPU or INTID outside the machine and ignored it"},
    {RI_NEGATIVE, "negative samples",
     "an interval ended before it started and counts as 0 cycles (a simulator bug: please "
     "report it)"},
    {RI_UNTRACKED, "untracked raises",
     "raised while 2^20 (1,048,576) instances were open (raised and not yet "
     "completed: a storm, e.g. a device firing at a disabled or masked INTID): counted in "
     "raised, no latency sample"},
};

/* Prints text as lines of at most `width` columns, broken at spaces: the first line
 * after `first`, the others after `rest`. */
static void wrap(FILE *out, const char *text, const char *first, const char *rest, size_t width)
{
    const char *indent = first;
    while (*text) {
        size_t room = width - strlen(indent), len = strlen(text);
        size_t cut = len;
        if (len > room) {
            cut = room;
            while (cut > 0 && text[cut] != ' ')
                cut--;
            if (cut == 0)                  /* one word longer than the line */
                cut = strcspn(text, " ");
        }
        fprintf(out, "%s%.*s\n", indent, (int)cut, text);
        text += cut;
        while (*text == ' ')
            text++;
        indent = rest;
    }
}

static void interrupts_table(FILE *out, const struct report *r)
{
    static const enum report_irq shown[] = {RI_RAISED, RI_DELIVERED, RI_COALESCED,
                                            RI_UNDELIVERED, RI_UNCOMPLETED, RI_ACKS,
                                            RI_SPURIOUS};
    struct text_table *t = model_columns(r, "interrupts");
    for (size_t k = 0; k < sizeof(shown) / sizeof(shown[0]); k++) {
        text_table_cell(t, "  %s", report_irq_names[shown[k]]);
        for (size_t i = 0; i < r->n_models; i++)
            counts_cell(t, &r->models[i].irq[shown[k]]);
        text_table_end_row(t);
    }
    bool any_unmatched[sizeof(unmatched_rows) / sizeof(unmatched_rows[0])] = {0};
    bool unmatched = false;
    for (size_t k = 0; k < sizeof(unmatched_rows) / sizeof(unmatched_rows[0]); k++) {
        for (size_t i = 0; i < r->n_models; i++)
            any_unmatched[k] |= run_stat_mean(&r->models[i].irq[unmatched_rows[k].field]) > 0;
        if (!any_unmatched[k])
            continue;
        unmatched = true;
        text_table_cell(t, "  %s", unmatched_rows[k].label);
        for (size_t i = 0; i < r->n_models; i++)
            counts_cell(t, &r->models[i].irq[unmatched_rows[k].field]);
        text_table_end_row(t);
    }
    text_table_print(out, t, "", 2);
    text_table_free(t);
    if (unmatched) {
        fprintf(out, "  unmatched: raises, acknowledgements or completions that gave no latency "
                     "sample\n");
        for (size_t k = 0; k < sizeof(unmatched_rows) / sizeof(unmatched_rows[0]); k++) {
            if (!any_unmatched[k])
                continue;
            char *text = xasprintf("%s: %s.", unmatched_rows[k].label, unmatched_rows[k].why);
            wrap(out, text, "    ", "      ", 80);
            free(text);
        }
    }
}

/* Latency rows: one per model, statistics as columns, so that the models' figures are
 * next to each other; under each the ±95% row (--repeat); then, for the overall
 * distributions when the clock is known, one "in ns" row per model. */
enum { LAT_COLUMNS = 2 + RF_FIELDS };

static void latency_rows(struct text_table *t, const struct report *r, const char *label,
                         const struct report_dist *const *dists, bool with_ns)
{
    for (size_t i = 0; i < r->n_models; i++) {
        const struct report_dist *d = dists[i];
        text_table_cell(t, "%s", i == 0 ? label : "");
        text_table_cell(t, "%s", r->models[i].name);
        if (!d || report_dist_runs(d) == 0) {
            text_table_cell(t, "0");
            for (int f = RF_MIN; f < RF_FIELDS; f++)
                text_table_cell(t, "-");
            text_table_end_row(t);
            continue;
        }
        for (int f = 0; f < RF_FIELDS; f++) {
            char v[48];
            stat_text(v, sizeof(v), &d->fields[f], f == RF_MEAN);
            text_table_cell(t, "%s", v);
        }
        text_table_end_row(t);
        if (report_dist_runs(d) >= 2) {
            text_table_cell(t, "%s", "");
            text_table_cell(t, "±95%%");
            for (int f = 0; f < RF_FIELDS; f++)
                text_table_cell(t, f == RF_MEAN ? "%.1f" : "%.0f", half_width(&d->fields[f]));
            text_table_end_row(t);
        }
    }
    double ns = with_ns ? report_ns_per_cycle(r) : 0;
    for (size_t i = 0; ns > 0 && i < r->n_models; i++) {
        const struct report_dist *d = dists[i];
        if (!d || report_dist_runs(d) == 0)
            continue;
        /* Under the label it converts, one step further in. */
        text_table_cell(t, "%*sin ns", (int)strspn(label, " ") + 2, "");
        text_table_cell(t, "%s", r->models[i].name);
        text_table_cell(t, "%s", "");
        for (int f = RF_MIN; f < RF_FIELDS; f++)
            text_table_cell(t, "%.1f", run_stat_mean(&d->fields[f]) * ns);
        text_table_end_row(t);
    }
}

static bool any_samples(const struct report *r, const struct report_dist *const *dists)
{
    for (size_t i = 0; i < r->n_models; i++)
        if (dists[i] && report_dist_runs(dists[i]) > 0)
            return true;
    return false;
}

static void latency_table(FILE *out, const struct report *r)
{
    struct text_table *t = text_table_new(LAT_COLUMNS, 2);
    text_table_cell(t, "latency (cycles)");
    text_table_cell(t, "model");
    for (int f = 0; f < RF_FIELDS; f++)
        text_table_cell(t, "%s", report_field_names[f]);
    text_table_end_row(t);

    const struct report_dist *d[REPORT_MAX_MODELS];
    for (int k = 0; k < REPORT_METRICS; k++) {
        for (size_t i = 0; i < r->n_models; i++)
            d[i] = &r->models[i].overall[k];
        latency_rows(t, r, metric_labels[k], d, true);
    }

    /* After the overall rows, what delivery is made of; in ns too, as the overall rows
     * are, since a stage is read against the delivery it is part of. */
    for (int st = 0; st < REC_NR_STAGES; st++) {
        for (size_t i = 0; i < r->n_models; i++)
            d[i] = &r->models[i].stages[st];
        if (st == 0 && !any_samples(r, d))
            break;                     /* nothing delivered: no stage has a sample */
        if (st == 0)
            text_table_heading(t, "delivery by stage (each instance's stages sum to its "
                                  "delivery)");
        char label[48];
        snprintf(label, sizeof(label), "  %s", rec_stage_names[st]);
        latency_rows(t, r, label, d, true);
    }

    bool titled = false;
    for (int k = 0; k < REPORT_IRQ_METRICS; k++) {
        for (size_t c = 0; c < report_classes(r); c++) {
            for (size_t i = 0; i < r->n_models; i++)
                d[i] = &r->models[i].by_class[c][k];
            if (!any_samples(r, d))
                continue;
            if (!titled)
                text_table_heading(t, "by INTID class");
            titled = true;
            char label[48];
            snprintf(label, sizeof(label), "  %s %s", metric_labels[k], report_class_names[c]);
            latency_rows(t, r, label, d, false);
        }
    }

    titled = false;
    for (uint32_t v = 0; v < r->s->gic.vcpus; v++) {
        for (size_t i = 0; i < r->n_models; i++)
            d[i] = &r->models[i].by_vcpu[(size_t)v * REPORT_METRICS + REC_DELIVERY];
        if (!any_samples(r, d))
            continue;
        if (!titled)
            text_table_heading(t, "delivery by the vCPU that acknowledged");
        titled = true;
        char label[48];
        snprintf(label, sizeof(label), "  vCPU %u", v);
        latency_rows(t, r, label, d, false);
    }

    uint32_t ids[REPORT_TEXT_INTIDS];
    size_t n_ids = report_busiest_intids(r, ids, REPORT_TEXT_INTIDS);
    if (n_ids)
        text_table_heading(t, "delivery of the busiest INTIDs");
    for (size_t k = 0; k < n_ids; k++) {
        for (size_t i = 0; i < r->n_models; i++) {
            const struct report_dist *intid = report_model_intid(&r->models[i], ids[k]);
            d[i] = intid ? &intid[REC_DELIVERY] : &empty_dist;
        }
        char label[48];
        snprintf(label, sizeof(label), "  INTID %u", ids[k]);
        latency_rows(t, r, label, d, false);
    }

    const char *regs[REC_MAX_ACCESS_KINDS * REPORT_MAX_MODELS];
    size_t n_regs = report_register_names(r, regs, sizeof(regs) / sizeof(regs[0]));
    if (n_regs)
        text_table_heading(t, "trapped access by register");
    for (size_t k = 0; k < n_regs; k++) {
        for (size_t i = 0; i < r->n_models; i++)
            d[i] = report_model_register(&r->models[i], regs[k]);
        char label[80];
        snprintf(label, sizeof(label), "  %s", regs[k]);
        latency_rows(t, r, label, d, false);
    }
    text_table_print(out, t, "", 1);
    text_table_free(t);
}

/* The parts of a counter (its causes or reasons), indented under it; a part that is 0 in
 * every model is left out, so that the table stays short (the parts shown still sum to
 * the counter). */
static void breakdown_rows(struct text_table *t, const struct report *r, enum report_counter c)
{
    for (int b = 0; b < RB_COUNT; b++) {
        const struct report_breakdown_info *info = &report_breakdowns[b];
        if (info->total != c)
            continue;
        for (size_t p = 0; p < info->n_parts; p++) {
            bool any = false;
            for (size_t i = 0; i < r->n_models; i++)
                any |= run_stat_mean(&r->models[i].breakdown[b][p]) != 0;
            if (!any)
                continue;
            text_table_cell(t, "    %s", info->parts[p]);
            for (size_t i = 0; i < r->n_models; i++)
                counts_cell(t, &r->models[i].breakdown[b][p]);
            text_table_end_row(t);
        }
    }
}

static void counters_table(FILE *out, const struct report *r)
{
    struct text_table *t = model_columns(r, "counters");
    for (int c = 0; c < RC_COMMON; c++) {
        text_table_cell(t, "  %s", report_counter_names[c]);
        for (size_t i = 0; i < r->n_models; i++)
            counts_cell(t, &r->models[i].counters[c]);
        text_table_end_row(t);
        breakdown_rows(t, r, (enum report_counter)c);
    }
    const char *names[VGIC_MAX_EXTRA_COUNTERS * REPORT_MAX_MODELS];
    size_t n = report_model_counter_names(r, names, sizeof(names) / sizeof(names[0]));
    for (size_t k = 0; k < n; k++) {
        text_table_cell(t, "  %s", names[k]);
        for (size_t i = 0; i < r->n_models; i++)
            counts_cell(t, report_model_counter(&r->models[i], names[k]));
        text_table_end_row(t);
    }
    text_table_print(out, t, "", 2);
    text_table_free(t);
}

static void expectations(FILE *out, const struct report *r)
{
    for (size_t i = 0; i < r->n_models; i++) {
        const struct report_model *m = &r->models[i];
        size_t failed = 0, runs_failed = 0;
        for (size_t k = 0; k < m->n_runs; k++) {
            failed += m->runs[k].n_failures;
            runs_failed += m->runs[k].n_failures > 0;
        }
        if (!failed)
            fprintf(out, "expectations (%s): all met\n", m->name);
        else if (m->n_runs == 1)
            fprintf(out, "expectations (%s): %zu FAILED\n", m->name, failed);
        else
            fprintf(out, "expectations (%s): %zu FAILED in %zu of %zu runs\n", m->name, failed,
                    runs_failed, m->n_runs);
    }
}

/* Each model after the first against the first (perf against ref), as hyperfine says
 * "1.23 times faster": for the headline latency figures, the ratio of the two models'
 * values (means over the runs with --repeat), said as "N.NN× faster" when the model's
 * latency is lower, "N.NN× slower" when higher, "same" within half a percent. */
static const enum report_field ratio_fields[] = {RF_MEAN, RF_P50, RF_P99, RF_P999};

static void ratio_cell(struct text_table *t, const struct report_dist *base,
                       const struct report_dist *d, enum report_field f)
{
    double b = report_dist_runs(base) ? run_stat_mean(&base->fields[f]) : 0;
    double v = report_dist_runs(d) ? run_stat_mean(&d->fields[f]) : 0;
    if (b <= 0 || v <= 0) {
        text_table_cell(t, "-");
        return;
    }
    double ratio = v / b;
    if (ratio > 0.995 && ratio < 1.005)
        text_table_cell(t, "same");
    else if (ratio < 1)
        text_table_cell(t, "%.2f× faster", 1 / ratio);
    else
        text_table_cell(t, "%.2f× slower", ratio);
}

static void ratio_tables(FILE *out, const struct report *r)
{
    const struct report_model *base = &r->models[0];
    for (size_t i = 1; i < r->n_models; i++) {
        const struct report_model *m = &r->models[i];
        struct text_table *t = text_table_new(1 + sizeof(ratio_fields) / sizeof(ratio_fields[0]), 1);
        text_table_cell(t, "%s against %s", m->name, base->name);
        for (size_t f = 0; f < sizeof(ratio_fields) / sizeof(ratio_fields[0]); f++)
            text_table_cell(t, "%s", report_field_names[ratio_fields[f]]);
        text_table_end_row(t);
        for (int k = 0; k < REPORT_METRICS; k++) {
            if (!report_dist_runs(&base->overall[k]) && !report_dist_runs(&m->overall[k]))
                continue;
            text_table_cell(t, "  %s", metric_labels[k]);
            for (size_t f = 0; f < sizeof(ratio_fields) / sizeof(ratio_fields[0]); f++)
                ratio_cell(t, &base->overall[k], &m->overall[k], ratio_fields[f]);
            text_table_end_row(t);
        }
        text_table_print(out, t, "", 2);
        text_table_free(t);
        fprintf(out, "  (%s ÷ %s%s; faster: %s's latency is lower)\n", m->name, base->name,
                r->repeat > 1 ? ", means over the runs" : "", m->name);
        fprintf(out, "\n");
    }
}

int report_text(FILE *out, const struct report *r)
{
    header(out, r);
    fprintf(out, "\n");
    for (size_t i = 0; i < r->n_models; i++)
        model_lines(out, r, &r->models[i]);
    fprintf(out, "\n");
    interrupts_table(out, r);
    fprintf(out, "\n");
    latency_table(out, r);
    fprintf(out, "\n");
    ratio_tables(out, r);
    counters_table(out, r);
    fprintf(out, "\n");
    expectations(out, r);
    return ferror(out) ? -1 : 0;
}
