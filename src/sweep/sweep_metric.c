/* SPDX-License-Identifier: GPL-2.0-only */
/* What `sweep --metric`, `merge --metric` and `sensitivity --metric` name: columns of the
 * table, which are single numbers of the run report (report/report_scalar.h). A name is
 * taken, in this order, as
 *   1. a full name (delivery.p99, counters.model.cas_retries, by_register.GICD_CTLR.p99);
 *   2. a distribution without its statistic (delivery, stages.contention,
 *      by_vcpu.0.delivery): its p50 and p99;
 *   3. the unique ending of one name the report always has or a model keeps (exits:
 *      counters.exits; delivered: interrupts.delivered; cas_retries:
 *      counters.model.cas_retries; contention.p99; contention: stages.contention).
 * No list of names lives here: the report's is the only one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "util/escape.h"
#include "util/xalloc.h"

struct candidates {
    const char *suffix;      /* ".NAME" */
    size_t len;
    char *found;             /* the first name that ends so */
    size_t n_found;
    char *others;            /* up to three more, for the message */
};

static bool ends_with(const char *name, const struct candidates *c)
{
    size_t n = strlen(name);
    return n > c->len && strcmp(name + n - c->len, c->suffix) == 0;
}

static void consider(struct candidates *c, const char *name)
{
    if (!ends_with(name, c))
        return;
    if (c->n_found == 0) {
        c->found = xstrdup(name);
    } else if (c->n_found < 4) {
        char *o = xasprintf("%s, %s", c->others ? c->others : c->found, name);
        free(c->others);
        c->others = o;
    }
    c->n_found++;
}

static void consider_fixed(void *ctx, const char *name, enum report_unit unit)
{
    (void)unit;
    consider(ctx, name);
}

/* Does name.p50 name a distribution? */
static bool is_distribution(const char *name)
{
    char *p50 = xasprintf("%s.p50", name);
    struct report_scalar_ref ref;
    bool ok = report_scalar_parse(p50, &ref);
    free(p50);
    return ok;
}

static void consider_distribution(void *ctx, const char *name, enum report_unit unit)
{
    (void)unit;
    static const char tail[] = ".p50";
    size_t n = strlen(name);
    if (n > sizeof(tail) - 1 && strcmp(name + n - (sizeof(tail) - 1), tail) == 0) {
        char *dist = xstrndup(name, n - (sizeof(tail) - 1));
        consider(ctx, dist);
        free(dist);
    }
}

/* What may follow the longest start of `name` that starts report names: "unknown metric
 * 'stages.queue.p99': after stages. comes injector_wait, host_work, ...". NULL when no
 * name starts as it does. */
struct follows {
    const char *prefix;      /* "stages." */
    size_t len;
    char *list;
    size_t n;
};

static void collect_follow(void *ctx, const char *name, enum report_unit unit)
{
    (void)unit;
    struct follows *f = ctx;
    if (strncmp(name, f->prefix, f->len) != 0)
        return;
    const char *rest = name + f->len;
    size_t len = strcspn(rest, ".");
    if (rest[len] == '.' && strncmp(rest, "p99.9", 5) == 0)
        len = 5;
    char *word = xstrndup(rest, len);
    bool seen = false;
    if (f->list) {
        /* Already listed? ("p50" follows every distribution of by_class...) */
        const char *p = f->list;
        while (!seen && (p = strstr(p, word)) != NULL) {
            seen = (p == f->list || p[-1] == ' ') && (p[len] == ',' || p[len] == '\0');
            p++;
        }
    }
    if (!seen) {
        char *l = xasprintf("%s%s%s", f->list ? f->list : "", f->list ? ", " : "", word);
        free(f->list);
        f->list = l;
        f->n++;
    }
    free(word);
}

static char *what_follows(const char *name)
{
    char *best = NULL;
    for (const char *dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.')) {
        char *prefix = xstrndup(name, (size_t)(dot - name) + 1);
        struct follows f = {prefix, strlen(prefix), NULL, 0};
        report_scalar_names(true, collect_follow, &f);
        if (f.n) {
            free(best);
            best = xasprintf("unknown metric '%s': after %s comes %s", ESC(name), ESC(prefix),
                             f.list);
        }
        free(f.list);
        free(prefix);
        if (!f.n)
            break;
    }
    return best;
}

/* Step 3: the unique name ending in ".NAME" (fixed names, then distributions). */
static bool by_ending(const char *name, const char *const *mc, size_t n_mc, char **full,
                      bool *dist, char **err)
{
    struct candidates c = {.suffix = NULL};
    char *suffix = xasprintf(".%s", name);
    c.suffix = suffix;
    c.len = strlen(suffix);
    report_scalar_names(false, consider_fixed, &c);
    for (size_t i = 0; i < n_mc; i++) {
        char *full_mc = xasprintf("counters.model.%s", mc[i]);
        consider(&c, full_mc);
        free(full_mc);
    }
    *dist = false;
    if (c.n_found == 0) {
        report_scalar_names(false, consider_distribution, &c);
        *dist = c.n_found > 0;
    }
    free(suffix);
    if (c.n_found == 1) {
        *full = c.found;
        free(c.others);
        return true;
    }
    if (c.n_found > 1)
        *err = xasprintf("metric '%s' is ambiguous: %s%s", ESC(name), c.others,
                         c.n_found > 4 ? ", ..." : "");
    else if ((*err = what_follows(name)) != NULL)
        ;
    else
        *err = xasprintf("unknown metric '%s': a name of the run report (delivery.p99, "
                         "stages.contention.p99, counters.exits, counters.model.NAME, "
                         "by_register.REGISTER.p99, ...: docs/sweep.md, \"Metrics\") or the unique "
                         "ending of one (exits, cas_retries)",
                         ESC(name));
    free(c.found);
    free(c.others);
    return false;
}

static bool known_model_counter(const struct report_scalar_ref *ref, const char *const *mc,
                                size_t n_mc)
{
    for (size_t i = 0; i < n_mc; i++)
        if (strcmp(ref->name, mc[i]) == 0)
            return true;
    return false;
}

static bool parse_one(const char *name, const char *const *mc, size_t n_mc,
                      struct sweep_metric *out, char **err)
{
    *out = (struct sweep_metric){.name = xstrdup(name)};
    struct report_scalar_ref ref;
    char *full = NULL;
    bool dist = false;
    if (report_scalar_parse(name, &ref)) {
        if (ref.kind == RS_MODEL_COUNTER && !known_model_counter(&ref, mc, n_mc)) {
            *err = xasprintf("unknown metric '%s': no model keeps a counter '%s'", ESC(name),
                             ESC(ref.name));
            return false;
        }
        full = xstrdup(name);
    } else if (is_distribution(name)) {
        full = xstrdup(name);
        dist = true;
    } else if (!by_ending(name, mc, n_mc, &full, &dist, err)) {
        return false;
    }
    if (dist) {
        out->n = 2;
        out->column[0] = xasprintf("%s.p50", full);
        out->column[1] = xasprintf("%s.p99", full);
        free(full);
    } else {
        out->n = 1;
        out->column[0] = full;
    }
    if (!report_scalar_parse(out->column[0], &ref))
        abort();   /* every step above ends at a report name */
    out->unit = ref.unit;
    return true;
}

static void metric_free(struct sweep_metric *m)
{
    free(m->name);
    free(m->column[0]);
    free(m->column[1]);
}

bool sweep_metrics_parse(const char *arg, const char *const *model_counters, size_t n_mc,
                         struct sweep_metrics *out, char **err)
{
    char *copy = xstrdup(arg);
    bool ok = true;
    char *save = NULL;
    if (!*copy) {
        *err = xstrdup("--metric needs a name");
        ok = false;
    }
    for (char *tok = strtok_r(copy, ",", &save); tok && ok; tok = strtok_r(NULL, ",", &save)) {
        struct sweep_metric m;
        ok = parse_one(tok, model_counters, n_mc, &m, err);
        if (!ok) {
            metric_free(&m);
            break;
        }
        out->m = xrealloc(out->m, (out->n + 1) * sizeof(*out->m));
        out->m[out->n++] = m;
    }
    free(copy);
    return ok;
}

bool sweep_metrics_place(struct sweep_metrics *ms, struct sweep_columns *cols, bool add,
                         char **err)
{
    for (size_t i = 0; i < ms->n; i++)
        for (size_t k = 0; k < ms->m[i].n; k++) {
            const char *col = ms->m[i].column[k];
            if (add) {
                if (!sweep_columns_add(cols, col, &ms->m[i].index[k]))
                    abort();   /* parsed before */
            } else if ((ms->m[i].index[k] = sweep_columns_find(cols, col)) == SIZE_MAX) {
                *err = xasprintf("the table has no column %s (make it with `sweep --metric "
                                 "%s`)", ESC(col), ESC(ms->m[i].name));
                return false;
            }
        }
    return true;
}

void sweep_metrics_free(struct sweep_metrics *ms)
{
    for (size_t i = 0; i < ms->n; i++)
        metric_free(&ms->m[i]);
    free(ms->m);
    memset(ms, 0, sizeof(*ms));
}

char *sweep_column_what(const struct report_scalar_ref *ref)
{
    switch (ref->kind) {
    case RS_IRQ: return xstrdup(report_irq_names[ref->which]);
    case RS_DIST: return xasprintf("%s latency", report_metric_names[ref->which]);
    case RS_STAGE: return xasprintf("%s stage of delivery", rec_stage_names[ref->which]);
    case RS_CLASS:
        return xasprintf("%s %s latency", report_class_names[ref->which],
                         report_metric_names[ref->metric]);
    case RS_VCPU:
        return xasprintf("vCPU %u %s latency", ref->index, report_metric_names[ref->metric]);
    case RS_INTID:
        return xasprintf("INTID %u %s latency", ref->index, report_metric_names[ref->metric]);
    case RS_REGISTER: return xasprintf("%s trapped access latency", ref->name);
    case RS_COUNTER: return xstrdup(report_counter_names[ref->which]);
    case RS_PART:
        return xasprintf("%s.%s", report_breakdowns[ref->which].name,
                         report_breakdowns[ref->which].parts[ref->field]);
    case RS_MODEL_COUNTER: return xstrdup(ref->name);
    case RS_FAILURES: return xstrdup("expectation_failures");
    }
    return xstrdup("");
}

const char *sweep_column_stat(const struct report_scalar_ref *ref)
{
    switch (ref->kind) {
    case RS_DIST: case RS_STAGE: case RS_CLASS: case RS_VCPU: case RS_INTID: case RS_REGISTER:
        return report_field_names[ref->field];
    default: return "";
    }
}

/* ---- the list (`vgicsim list metrics`) ---- */

struct lister {
    void (*each)(const char *name, const char *meaning, void *ctx);
    void *ctx;
};

static void list_one(struct lister *l, const char *name)
{
    char meaning[512];
    if (!report_scalar_meaning(name, meaning, sizeof(meaning)))
        abort();   /* every name listed is one report_scalar knows */
    l->each(name, meaning, l->ctx);
}

/* Each name of report_scalar_names(true), and before the first field of a distribution
 * (its count, or the FIELD of a pattern) the distribution alone. */
static void list_name(void *ctx, const char *name, enum report_unit unit)
{
    (void)unit;
    static const char *const firsts[] = {".count", ".FIELD"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof(firsts) / sizeof(firsts[0]); i++) {
        size_t len = strlen(firsts[i]);
        if (n > len && strcmp(name + n - len, firsts[i]) == 0) {
            char *dist = xstrndup(name, n - len);
            list_one(ctx, dist);
            free(dist);
        }
    }
    list_one(ctx, name);
}

void sweep_metric_list(void (*each)(const char *name, const char *meaning, void *ctx), void *ctx)
{
    struct lister l = {each, ctx};
    report_scalar_names(true, list_name, &l);
}
