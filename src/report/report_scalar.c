/* SPDX-License-Identifier: GPL-2.0-only */
/* The single numbers of a run report by name (report_scalar.h). One grammar, read off
 * the report's tables: parsing a name, getting its value and listing the names all walk
 * the same tables, so a statistic the report gains is a name here at once. */
#include "report/report_scalar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/number.h"

static const char failures_name[] = "expectation_failures";
static const char failures_meaning[] = "expectations (expect:) of the scenario that failed";

/* The names report_scalar_names gives as patterns (machine- or run-dependent parts). */
static const char pattern_vcpu[] = "by_vcpu.V.DIST.FIELD";
static const char pattern_intid[] = "by_intid.N.DIST.FIELD";
static const char pattern_register[] = "by_register.REGISTER.FIELD";
static const char pattern_model[] = "counters.model.NAME";

/* Index of `s` (length len) in names[0..n-1], or -1. */
static int find(const char *const *names, int n, const char *s, size_t len)
{
    for (int i = 0; i < n; i++)
        if (names[i] && strlen(names[i]) == len && strncmp(names[i], s, len) == 0)
            return i;
    return -1;
}

/* The next component of *p (up to a dot); advances *p past it and its dot. A field
 * ("p99.9" has a dot) is always last: the rest is taken whole. */
static bool next(const char **p, const char **s, size_t *len)
{
    if (!*p || !**p)
        return false;
    const char *dot = strchr(*p, '.');
    *s = *p;
    *len = dot ? (size_t)(dot - *p) : strlen(*p);
    *p = dot ? dot + 1 : NULL;
    return *len > 0;
}

static bool field_rest(const char *rest, struct report_scalar_ref *out)
{
    if (!rest)
        return false;
    out->field = find(report_field_names, RF_FIELDS, rest, strlen(rest));
    out->unit = out->field == RF_COUNT ? REPORT_COUNT : REPORT_CYCLES;
    return out->field >= 0;
}

static bool index_of(const char *s, size_t len, uint32_t limit, uint32_t *out)
{
    char buf[16];
    uint64_t v;
    if (len >= sizeof(buf) || len == 0 || s[0] < '0' || s[0] > '9')
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (!number_parse_u64(buf, &v) || v >= limit)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* An INTID a report can have: an SGI, PPI or SPI (below 1024), or an LPI. */
static bool is_report_intid(uint32_t intid)
{
    return intid < REPORT_INTIDS || (intid >= GIC_LPI_BASE && intid - GIC_LPI_BASE < GIC_MAX_LPIS);
}

static bool identifier(const char *s, char *out)
{
    size_t len = strlen(s);
    if (len == 0 || len >= REPORT_SCALAR_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    memcpy(out, s, len + 1);
    return true;
}

bool report_scalar_parse(const char *name, struct report_scalar_ref *out)
{
    memset(out, 0, sizeof(*out));
    out->unit = REPORT_COUNT;
    const char *p = name, *s;
    size_t len;
    if (strcmp(name, failures_name) == 0) {
        out->kind = RS_FAILURES;
        return true;
    }
    if (!next(&p, &s, &len))
        return false;
    int i;
    if ((i = find(report_metric_names, REPORT_METRICS, s, len)) >= 0) {
        out->kind = RS_DIST;
        out->which = i;
        return field_rest(p, out);
    }
#define IS(word) (len == sizeof(word) - 1 && strncmp(s, word, len) == 0)
    if (IS("interrupts")) {
        out->kind = RS_IRQ;
        out->which = p ? find(report_irq_names, RI_FIELDS, p, strlen(p)) : -1;
        return out->which >= 0;
    }
    if (IS("stages")) {
        out->kind = RS_STAGE;
        if (!next(&p, &s, &len) || (out->which = find(rec_stage_names, REC_NR_STAGES, s, len)) < 0)
            return false;
        return field_rest(p, out);
    }
    if (IS("by_class")) {
        out->kind = RS_CLASS;
        if (!next(&p, &s, &len) ||
            (out->which = find(report_class_names, REPORT_CLASSES, s, len)) < 0 ||
            !next(&p, &s, &len) ||
            (out->metric = find(report_metric_names, REPORT_IRQ_METRICS, s, len)) < 0)
            return false;
        return field_rest(p, out);
    }
    if (IS("by_vcpu") || IS("by_intid")) {
        bool vcpu = IS("by_vcpu");
        out->kind = vcpu ? RS_VCPU : RS_INTID;
        if (!next(&p, &s, &len) ||
            !index_of(s, len, vcpu ? UINT32_MAX : GIC_LPI_BASE + GIC_MAX_LPIS, &out->index) ||
            (!vcpu && !is_report_intid(out->index)) ||
            !next(&p, &s, &len) ||
            (out->metric = find(report_metric_names, vcpu ? REPORT_METRICS : REPORT_IRQ_METRICS,
                                s, len)) < 0)
            return false;
        return field_rest(p, out);
    }
    if (IS("by_register")) {
        out->kind = RS_REGISTER;
        char reg[REPORT_SCALAR_NAME_MAX];
        if (!next(&p, &s, &len) || len >= sizeof(reg))
            return false;
        memcpy(reg, s, len);
        reg[len] = '\0';
        return identifier(reg, out->name) && field_rest(p, out);
    }
    if (IS("counters")) {
        if (!next(&p, &s, &len))
            return false;
        if ((i = find(report_counter_names, RC_COMMON, s, len)) >= 0) {
            out->kind = RS_COUNTER;
            out->which = i;
            return p == NULL;
        }
        if (IS("model")) {
            out->kind = RS_MODEL_COUNTER;
            return p && identifier(p, out->name);
        }
        for (int b = 0; b < RB_COUNT; b++)
            if (len == strlen(report_breakdowns[b].name) &&
                strncmp(s, report_breakdowns[b].name, len) == 0) {
                out->kind = RS_PART;
                out->which = b;
                out->field = p ? find(report_breakdowns[b].parts,
                                      (int)report_breakdowns[b].n_parts, p, strlen(p))
                               : -1;
                return out->field >= 0;
            }
        return false;
    }
#undef IS
    return false;
}

const struct run_stat *report_scalar_get(const struct report *r, const struct report_model *m,
                                         const struct report_scalar_ref *ref)
{
    switch (ref->kind) {
    case RS_IRQ: return &m->irq[ref->which];
    case RS_DIST: return &m->overall[ref->which].fields[ref->field];
    case RS_STAGE: return &m->stages[ref->which].fields[ref->field];
    case RS_CLASS: return &m->by_class[ref->which][ref->metric].fields[ref->field];
    case RS_VCPU:
        if (ref->index >= r->s->gic.vcpus)
            return NULL;
        return &m->by_vcpu[(size_t)ref->index * REPORT_METRICS + (size_t)ref->metric]
                    .fields[ref->field];
    case RS_INTID: {
        /* An LPI without samples has no entry (NULL). */
        const struct report_dist *d = report_model_intid(m, ref->index);
        return d ? &d[ref->metric].fields[ref->field] : NULL;
    }
    case RS_REGISTER: {
        const struct report_dist *d = report_model_register(m, ref->name);
        return d ? &d->fields[ref->field] : NULL;
    }
    case RS_COUNTER: return &m->counters[ref->which];
    case RS_PART: return &m->breakdown[ref->which][ref->field];
    case RS_MODEL_COUNTER: return report_model_counter(m, ref->name);
    case RS_FAILURES: return &m->expectation_failures;
    }
    return NULL;
}

/* ---- listing ---- */

typedef void (*name_fn)(void *ctx, const char *name, enum report_unit unit);

static void fields(name_fn fn, void *ctx, const char *prefix)
{
    char name[REPORT_SCALAR_NAME_MAX * 3];   /* a prefix of up to twice the longest name */
    for (int f = 0; f < RF_FIELDS; f++) {
        snprintf(name, sizeof(name), "%s.%s", prefix, report_field_names[f]);
        fn(ctx, name, f == RF_COUNT ? REPORT_COUNT : REPORT_CYCLES);
    }
}

void report_scalar_names(bool patterns, name_fn fn, void *ctx)
{
    char name[REPORT_SCALAR_NAME_MAX * 2];
    for (int i = 0; i < RI_FIELDS; i++) {
        snprintf(name, sizeof(name), "interrupts.%s", report_irq_names[i]);
        fn(ctx, name, REPORT_COUNT);
    }
    for (int k = 0; k < REPORT_METRICS; k++)
        fields(fn, ctx, report_metric_names[k]);
    for (int st = 0; st < REC_NR_STAGES; st++) {
        snprintf(name, sizeof(name), "stages.%s", rec_stage_names[st]);
        fields(fn, ctx, name);
    }
    for (int c = 0; c < REPORT_CLASSES; c++)
        for (int k = 0; k < REPORT_IRQ_METRICS; k++) {
            snprintf(name, sizeof(name), "by_class.%s.%s", report_class_names[c],
                     report_metric_names[k]);
            fields(fn, ctx, name);
        }
    if (patterns) {
        fn(ctx, pattern_vcpu, REPORT_CYCLES);
        fn(ctx, pattern_intid, REPORT_CYCLES);
        fn(ctx, pattern_register, REPORT_CYCLES);
    }
    for (int c = 0; c < RC_COMMON; c++) {
        snprintf(name, sizeof(name), "counters.%s", report_counter_names[c]);
        fn(ctx, name, REPORT_COUNT);
    }
    for (int b = 0; b < RB_COUNT; b++)
        for (size_t p = 0; p < report_breakdowns[b].n_parts; p++) {
            snprintf(name, sizeof(name), "counters.%s.%s", report_breakdowns[b].name,
                     report_breakdowns[b].parts[p]);
            fn(ctx, name, REPORT_COUNT);
        }
    if (patterns)
        fn(ctx, pattern_model, REPORT_COUNT);
    fn(ctx, failures_name, REPORT_COUNT);
}

/* ---- meanings ---- */

/* names[0..n-1] joined by ", " into buf. */
static const char *joined(const char *const *names, int n, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && at < size; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s%s", i ? ", " : "", names[i]);
    return buf;
}

/* The statistic part of a distribution's meaning: field f, or -1 for the distribution
 * alone (what --metric draws of it: p50 and p99). */
static void field_meaning(char *buf, size_t size, const char *what, int f)
{
    if (f < 0)
        snprintf(buf, size, "%s and %s of %s, cycles", report_field_meanings[RF_P50],
                 report_field_meanings[RF_P99], what);
    else if (f == RF_COUNT)
        snprintf(buf, size, "%s of %s", report_field_meanings[f], what);
    else
        snprintf(buf, size, "%s of %s, cycles", report_field_meanings[f], what);
}

/* A pattern of report_scalar_names, with its ".FIELD" (field) or without (the
 * distribution alone). */
static bool pattern_meaning(const char *name, char *buf, size_t size)
{
    char fields[160], dists[160], what[320];
    joined(report_field_names, RF_FIELDS, fields, sizeof(fields));
    if (strcmp(name, pattern_model) == 0) {
        snprintf(buf, size, "counter NAME of a model's own (its run report's counters.model: "
                            "lock_contended, cas_retries, ...); those of the scenario's models");
        return true;
    }
    static const char *const patterns[] = {pattern_vcpu, pattern_intid, pattern_register};
    int which = -1;
    bool whole = false;
    for (int i = 0; i < 3; i++) {
        size_t len = strlen(patterns[i]) - strlen(".FIELD");
        if (strcmp(name, patterns[i]) == 0)
            which = i;
        else if (strlen(name) == len && strncmp(name, patterns[i], len) == 0)
            which = i, whole = true;
    }
    if (which < 0)
        return false;
    if (which == 0)
        snprintf(what, sizeof(what), "DIST latency of vCPU V (DIST %s)",
                 joined(report_metric_names, REPORT_METRICS, dists, sizeof(dists)));
    else if (which == 1)
        snprintf(what, sizeof(what), "DIST latency of INTID N (DIST %s)",
                 joined(report_metric_names, REPORT_IRQ_METRICS, dists, sizeof(dists)));
    else
        snprintf(what, sizeof(what),
                 "%s latency of the accesses to REGISTER (see vgicsim list registers)",
                 report_metric_names[REC_ACCESS]);
    if (whole)
        field_meaning(buf, size, what, -1);
    else
        snprintf(buf, size, "FIELD (%s) of %s, cycles (count: samples)", fields, what);
    return true;
}

bool report_scalar_meaning(const char *name, char *buf, size_t size)
{
    if (pattern_meaning(name, buf, size))
        return true;
    struct report_scalar_ref ref;
    int field;
    if (report_scalar_parse(name, &ref)) {
        field = ref.field;
    } else {
        char p50[REPORT_SCALAR_NAME_MAX * 2];
        snprintf(p50, sizeof(p50), "%s.p50", name);
        if (!report_scalar_parse(p50, &ref))
            return false;
        field = -1;
    }
    char what[320];
    const char *metric = report_metric_names[ref.metric];
    const char *metric_meaning = report_metric_meanings[ref.metric];
    switch (ref.kind) {
    case RS_IRQ: snprintf(buf, size, "%s", report_irq_meanings[ref.which]); return true;
    case RS_COUNTER: snprintf(buf, size, "%s", report_counter_meanings[ref.which]); return true;
    case RS_PART:
        snprintf(buf, size, "%s", report_breakdowns[ref.which].meanings[ref.field]);
        return true;
    case RS_MODEL_COUNTER:
        snprintf(buf, size, "counter %s of a model's own (its run report's counters.model)",
                 ref.name);
        return true;
    case RS_FAILURES: snprintf(buf, size, "%s", failures_meaning); return true;
    case RS_DIST:
        snprintf(what, sizeof(what), "%s latency (%s)", report_metric_names[ref.which],
                 report_metric_meanings[ref.which]);
        break;
    case RS_STAGE:
        snprintf(what, sizeof(what), "the %s stage of delivery (%s)", rec_stage_names[ref.which],
                 rec_stage_meanings[ref.which]);
        break;
    case RS_CLASS:
        snprintf(what, sizeof(what), "%s latency of %s (%s)", metric,
                 report_class_meanings[ref.which], metric_meaning);
        break;
    case RS_VCPU:
        snprintf(what, sizeof(what), "%s latency of vCPU %u (%s)", metric, (unsigned)ref.index,
                 metric_meaning);
        break;
    case RS_INTID:
        snprintf(what, sizeof(what), "%s latency of INTID %u (%s)", metric, (unsigned)ref.index,
                 metric_meaning);
        break;
    case RS_REGISTER:
        snprintf(what, sizeof(what), "%s latency of the accesses to %s",
                 report_metric_names[REC_ACCESS], ref.name);
        break;
    }
    field_meaning(buf, size, what, field);
    return true;
}

struct each {
    const struct report *r;
    const struct report_model *m;
    void (*fn)(void *ctx, const char *name, const struct run_stat *v, enum report_unit unit);
    void *ctx;
};

static void each_name(void *ctx, const char *name, enum report_unit unit)
{
    struct each *e = ctx;
    struct report_scalar_ref ref;
    if (!report_scalar_parse(name, &ref))
        abort();   /* the listing and the parser are one grammar */
    const struct run_stat *v = report_scalar_get(e->r, e->m, &ref);
    if (v)
        e->fn(e->ctx, name, v, unit);
}

void report_scalars(const struct report *r, const struct report_model *m,
                    void (*fn)(void *ctx, const char *name, const struct run_stat *v,
                               enum report_unit unit),
                    void *ctx)
{
    struct each e = {r, m, fn, ctx};
    report_scalar_names(false, each_name, &e);
    char prefix[REPORT_SCALAR_NAME_MAX * 2];
    for (uint32_t v = 0; v < r->s->gic.vcpus; v++)
        for (int k = 0; k < REPORT_METRICS; k++) {
            const struct report_dist *d = &m->by_vcpu[(size_t)v * REPORT_METRICS + (size_t)k];
            if (report_dist_runs(d) == 0)
                continue;
            snprintf(prefix, sizeof(prefix), "by_vcpu.%u.%s", v, report_metric_names[k]);
            fields(each_name, &e, prefix);
        }
    for (uint32_t id = 0; id < REPORT_INTIDS; id++)
        for (int k = 0; k < REPORT_IRQ_METRICS; k++) {
            const struct report_dist *d = &m->by_intid[(size_t)id * REPORT_IRQ_METRICS + (size_t)k];
            if (report_dist_runs(d) == 0)
                continue;
            snprintf(prefix, sizeof(prefix), "by_intid.%u.%s", id, report_metric_names[k]);
            fields(each_name, &e, prefix);
        }
    for (size_t i = 0; i < m->n_lpis; i++)
        for (int k = 0; k < REPORT_IRQ_METRICS; k++) {
            if (report_dist_runs(&m->lpis[i].dist[k]) == 0)
                continue;
            snprintf(prefix, sizeof(prefix), "by_intid.%u.%s", m->lpis[i].intid,
                     report_metric_names[k]);
            fields(each_name, &e, prefix);
        }
    for (size_t i = 0; i < m->n_registers; i++) {
        snprintf(prefix, sizeof(prefix), "by_register.%s", m->registers[i].name);
        fields(each_name, &e, prefix);
    }
    for (size_t i = 0; i < m->n_model_counters; i++) {
        snprintf(prefix, sizeof(prefix), "counters.model.%s", m->model_counters[i].name);
        each_name(&e, prefix, REPORT_COUNT);
    }
}
