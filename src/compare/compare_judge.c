/* SPDX-License-Identifier: GPL-2.0-only */
/* The verdict on each statistic two reports share (docs/report.md, "vgicsim compare").
 * Every statistic compared is one where more is worse: latencies, and counters of work
 * the hypervisor did (exits, kicks, lock waits, ...). In order:
 *
 *   1. fewer samples than --min-samples in either report (latency only): not judged;
 *   2. |new - base| <= the absolute floor (--min-delta): unchanged;
 *   3. |change| <= the threshold percentage: unchanged (base 0: any change exceeds it);
 *   4. the reports' 95 % intervals overlap (--repeat; with one report's interval only,
 *      the other value lies inside it): noise, not a regression;
 *   5. otherwise a regression when it grew, an improvement when it shrank.
 *
 * Limits given as KEY=VALUE apply to the statistics whose name matches the glob KEY;
 * when several match, the last one given wins; the others use the plain value. */
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "util/xalloc.h"

const char *const cmp_verdict_names[] = {
    [CMP_REGRESSION] = "regression", [CMP_IMPROVEMENT] = "improvement", [CMP_NOISE] = "noise",
    [CMP_UNCHANGED] = "unchanged", [CMP_FEW_SAMPLES] = "few_samples",
    [CMP_ONLY_BASE] = "only_base", [CMP_ONLY_NEW] = "only_new",
};

bool cmp_limits_add(struct cmp_limits *l, bool threshold, const char *arg, char *why,
                    size_t why_size)
{
    const char *eq = strchr(arg, '=');
    const char *value = eq ? eq + 1 : arg;
    if (eq && eq == arg) {
        snprintf(why, why_size, "'%s': the statistic name before '=' is missing", arg);
        return false;
    }
    char *end;
    double v = strtod(value, &end);
    if (threshold && *end == '%')
        end++;
    if (end == value || *end || !(v >= 0) || !isfinite(v)) {
        snprintf(why, why_size, "'%s': expected %s", arg,
                 threshold ? "a non-negative percentage (5, 2.5%, delivery.p99=10%)"
                           : "a non-negative amount (500, delivery.p99=500)");
        return false;
    }
    if (!eq) {
        if (threshold)
            l->threshold_pct = v;
        else
            l->min_delta = v;
        return true;
    }
    struct cmp_rule **rules = threshold ? &l->thresholds : &l->min_deltas;
    size_t *n = threshold ? &l->n_thresholds : &l->n_min_deltas;
    *rules = xrealloc(*rules, (*n + 1) * sizeof(**rules));
    (*rules)[(*n)++] = (struct cmp_rule){.pattern = xstrndup(arg, (size_t)(eq - arg)), .value = v};
    return true;
}

void cmp_limits_free(struct cmp_limits *l)
{
    for (size_t i = 0; i < l->n_thresholds; i++)
        free(l->thresholds[i].pattern);
    for (size_t i = 0; i < l->n_min_deltas; i++)
        free(l->min_deltas[i].pattern);
    free(l->thresholds);
    free(l->min_deltas);
    l->thresholds = l->min_deltas = NULL;
    l->n_thresholds = l->n_min_deltas = 0;
}

/* The last rule whose glob matches `name`, else the default. */
static double limit_for(struct cmp_rule *rules, size_t n, const char *name, double fallback)
{
    for (size_t i = n; i-- > 0;)
        if (fnmatch(rules[i].pattern, name, 0) == 0)
            return rules[i].value;
    return fallback;
}

static void mark_used(struct cmp_rule *rules, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!rules[i].used && fnmatch(rules[i].pattern, name, 0) == 0)
            rules[i].used = true;
}

void cmp_result_note(struct cmp_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->notes = xrealloc(r->notes, (r->n_notes + 1) * sizeof(*r->notes));
    r->notes[r->n_notes++] = xvasprintf(fmt, ap);
    va_end(ap);
}

static const struct cmp_model *find_model(const struct cmp_report *r, const char *name)
{
    for (size_t i = 0; i < r->n_models; i++)
        if (strcmp(r->models[i].name, name) == 0)
            return &r->models[i];
    return NULL;
}

static const struct cmp_stat *find_stat(const struct cmp_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_stats; i++)
        if (strcmp(m->stats[i].name, name) == 0)
            return &m->stats[i];
    return NULL;
}

static bool intervals_overlap(const struct cmp_stat *b, const struct cmp_stat *n)
{
    if (b->has_ci && n->has_ci)
        return b->ci_low <= n->ci_high && n->ci_low <= b->ci_high;
    if (b->has_ci)
        return n->value >= b->ci_low && n->value <= b->ci_high;
    if (n->has_ci)
        return b->value >= n->ci_low && b->value <= n->ci_high;
    return false;
}

static struct cmp_row *new_row(struct cmp_result *out, const char *model, const char *name)
{
    out->rows = xrealloc(out->rows, (out->n_rows + 1) * sizeof(*out->rows));
    struct cmp_row *row = &out->rows[out->n_rows++];
    *row = (struct cmp_row){.model = model, .name = name, .change_pct = NAN};
    return row;
}

static void judge(struct cmp_row *row, const struct cmp_limits *l)
{
    const struct cmp_stat *b = row->base, *n = row->cur;
    double delta = n->value - b->value;
    row->change_pct = b->value != 0 ? delta / fabs(b->value) * 100.0 : NAN;
    if (b->has_samples && (b->samples < l->min_samples || n->samples < l->min_samples))
        row->verdict = CMP_FEW_SAMPLES;
    else if (fabs(delta) <= row->min_delta)
        row->verdict = CMP_UNCHANGED;
    else if (!isnan(row->change_pct) && fabs(row->change_pct) <= row->threshold_pct)
        row->verdict = CMP_UNCHANGED;
    else if (intervals_overlap(b, n))
        row->verdict = CMP_NOISE;
    else
        row->verdict = delta > 0 ? CMP_REGRESSION : CMP_IMPROVEMENT;
}

void cmp_judge(const struct cmp_report *base, const struct cmp_report *cur,
               struct cmp_limits *limits, struct cmp_result *out)
{
    for (size_t i = 0; i < base->n_models; i++)
        if (!find_model(cur, base->models[i].name))
            cmp_result_note(out, "model %s is only in the base report: not compared",
                            base->models[i].name);
    for (size_t i = 0; i < cur->n_models; i++) {
        const struct cmp_model *n = &cur->models[i];
        const struct cmp_model *b = find_model(base, n->name);
        if (!b) {
            cmp_result_note(out, "model %s is only in the new report: not compared", n->name);
            continue;
        }
        out->models_compared++;
        for (size_t k = 0; k < b->n_stats; k++) {
            const struct cmp_stat *bs = &b->stats[k];
            struct cmp_row *row = new_row(out, n->name, bs->name);
            row->base = bs;
            row->cur = find_stat(n, bs->name);
            row->threshold_pct = limit_for(limits->thresholds, limits->n_thresholds, bs->name,
                                           limits->threshold_pct);
            row->min_delta = limit_for(limits->min_deltas, limits->n_min_deltas, bs->name,
                                       limits->min_delta);
            if (row->cur)
                judge(row, limits);
            else
                row->verdict = CMP_ONLY_BASE;
        }
        for (size_t k = 0; k < n->n_stats; k++) {
            if (find_stat(b, n->stats[k].name))
                continue;
            struct cmp_row *row = new_row(out, n->name, n->stats[k].name);
            row->cur = &n->stats[k];
            row->verdict = CMP_ONLY_NEW;
        }
    }
    /* A limit whose glob names nothing is most likely a typo: the caller refuses it. */
    const struct cmp_report *both[2] = {base, cur};
    for (int r = 0; r < 2; r++)
        for (size_t i = 0; i < both[r]->n_models; i++)
            for (size_t k = 0; k < both[r]->models[i].n_stats; k++) {
                mark_used(limits->thresholds, limits->n_thresholds, both[r]->models[i].stats[k].name);
                mark_used(limits->min_deltas, limits->n_min_deltas, both[r]->models[i].stats[k].name);
            }
    for (size_t i = 0; i < out->n_rows; i++)
        out->counts[out->rows[i].verdict]++;
}

void cmp_result_free(struct cmp_result *r)
{
    free(r->rows);
    for (size_t i = 0; i < r->n_notes; i++)
        free(r->notes[i]);
    free(r->notes);
    memset(r, 0, sizeof(*r));
}
