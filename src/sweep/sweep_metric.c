/* SPDX-License-Identifier: GPL-2.0-only */
/* What `sweep --metric` and `merge --metric` name, and a table row's value of it: every
 * distribution a row holds (delivery, injection, service and delivery's stages) and every
 * counter (the row's own, and the causes and reasons they break down into). The names are
 * those of the JSON row, so that what a plot draws is found in the table by that name
 * (docs/plots.md). */
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "report/report_data.h"
#include "util/xalloc.h"

enum { DIST_DELIVERY, DIST_INJECTION, DIST_SERVICE, DIST_STAGES, N_DISTS = DIST_STAGES + REC_NR_STAGES };
enum { STAT_MEAN, STAT_P50, STAT_P90, STAT_P99, STAT_MAX, N_STATS };
enum {
    CTR_DELIVERED, CTR_UNDELIVERED, CTR_EXITS, CTR_KICKS, CTR_MAINTENANCE, CTR_LR_OVERFLOWS,
    CTR_FAILURES, N_COUNTERS
};
/* Counters N_COUNTERS and up are parts of a counter: N_COUNTERS + b * RB_MAX_PARTS + p is
 * part p of report_breakdowns[b], named "counters.NAME.PART" as in the JSON row. */
static const char *const dist_names[DIST_STAGES] = {"delivery", "injection", "service"};
static const char *const stat_names[N_STATS] = {"mean", "p50", "p90", "p99", "max"};
static const char *const counter_names[N_COUNTERS] = {
    "delivered", "undelivered", "exits", "kicks", "maintenance_interrupts", "lr_overflows",
    "expectation_failures"};

const char sweep_metric_names[] =
    "delivery, injection or service (p50 and p99), a stage of delivery stages.STAGE "
    "(injector_wait, host_work, contention, notify, exit, lr_wait, flush_entry, guest), "
    "either as DIST.STAT with STAT mean, p50, p90, p99 or max (e.g. delivery.p99, "
    "stages.contention.p99), or a counter: delivered, undelivered, exits, kicks, "
    "maintenance_interrupts, lr_overflows, expectation_failures, "
    "counters.maintenance_by_cause.CAUSE (eoi, underflow, no_pending, lr_entry_no_pending, "
    "group), counters.exits_by_reason.REASON (irq, mmio, sysreg, wfi, other)";

/* "stages.contention" for a stage, else the distribution's name; malloc'd. */
static char *dist_name(int d)
{
    return d < DIST_STAGES ? xstrdup(dist_names[d])
                           : xasprintf("stages.%s", rec_stage_names[d - DIST_STAGES]);
}

/* Does `name` name distribution d, alone or followed by ".STAT"? */
static bool names_dist(const char *name, int d, const char **rest)
{
    char *dn = dist_name(d);
    size_t len = strlen(dn);
    bool match = strncmp(name, dn, len) == 0 && (name[len] == '\0' || name[len] == '.');
    free(dn);
    *rest = match ? name + len : NULL;
    return match;
}

static bool parse_part(const char *name, struct sweep_metric *out)
{
    static const char prefix[] = "counters.";
    if (strncmp(name, prefix, sizeof(prefix) - 1) != 0)
        return false;
    name += sizeof(prefix) - 1;
    for (int b = 0; b < RB_COUNT; b++) {
        const struct report_breakdown_info *info = &report_breakdowns[b];
        size_t len = strlen(info->name);
        if (strncmp(name, info->name, len) != 0 || name[len] != '.')
            continue;
        for (size_t p = 0; p < info->n_parts; p++)
            if (strcmp(name + len + 1, info->parts[p]) == 0) {
                out->counter = N_COUNTERS + b * RB_MAX_PARTS + (int)p;
                return true;
            }
    }
    return false;
}

bool sweep_metric_parse(const char *name, struct sweep_metric *out)
{
    *out = (struct sweep_metric){.name = name, .dist = -1, .stat = -1, .counter = -1};
    for (int c = 0; c < N_COUNTERS; c++)
        if (strcmp(name, counter_names[c]) == 0) {
            out->counter = c;
            return true;
        }
    if (parse_part(name, out))
        return true;
    const char *rest = NULL;
    for (int d = 0; d < N_DISTS && out->dist < 0; d++)
        if (names_dist(name, d, &rest))
            out->dist = d;
    if (out->dist < 0)
        return false;
    if (!*rest)
        return true;
    for (int s = 0; s < N_STATS; s++)
        if (strcmp(rest + 1, stat_names[s]) == 0)
            out->stat = s;
    return out->stat >= 0;
}

static double stat_value(const struct sweep_stat *s, int stat)
{
    switch (stat) {
    case STAT_MEAN: return s->mean;
    case STAT_P50: return (double)s->p50;
    case STAT_P90: return (double)s->p90;
    case STAT_P99: return (double)s->p99;
    default: return (double)s->max;
    }
}

static double counter_value(const struct sweep_row *r, int c)
{
    if (c >= N_COUNTERS) {
        int b = (c - N_COUNTERS) / RB_MAX_PARTS, p = (c - N_COUNTERS) % RB_MAX_PARTS;
        return (double)(b == RB_MAINTENANCE ? r->maintenance_by_cause[p] : r->exits_by_reason[p]);
    }
    const uint64_t v[N_COUNTERS] = {r->delivered, r->undelivered, r->exits, r->kicks,
                                    r->maintenance_interrupts, r->lr_overflows,
                                    r->expectation_failures};
    return (double)v[c];
}

int sweep_metric_values(const struct sweep_metric *m)
{
    return m->dist >= 0 && m->stat < 0 ? 2 : 1;
}

static int stat_of(const struct sweep_metric *m, int i)
{
    return m->stat >= 0 ? m->stat : (i == 0 ? STAT_P50 : STAT_P99);
}

double sweep_metric_value(const struct sweep_row *r, const struct sweep_metric *m, int i)
{
    if (m->counter >= 0)
        return counter_value(r, m->counter);
    const struct sweep_stat *s = m->dist >= DIST_STAGES ? &r->stages[m->dist - DIST_STAGES]
                                 : m->dist == DIST_DELIVERY ? &r->delivery
                                 : m->dist == DIST_INJECTION ? &r->injection
                                                             : &r->service;
    return stat_value(s, stat_of(m, i));
}

const char *sweep_metric_stat_name(const struct sweep_metric *m, int i)
{
    return m->counter >= 0 ? "" : stat_names[stat_of(m, i)];
}

static char *counter_label(int c)
{
    if (c < N_COUNTERS)
        return xstrdup(counter_names[c]);
    const struct report_breakdown_info *info = &report_breakdowns[(c - N_COUNTERS) / RB_MAX_PARTS];
    return xasprintf("%s.%s", info->name, info->parts[(c - N_COUNTERS) % RB_MAX_PARTS]);
}

/* "delivery latency", "contention stage of delivery". */
static char *dist_label(int d)
{
    return d < DIST_STAGES ? xasprintf("%s latency", dist_names[d])
                           : xasprintf("%s stage of delivery", rec_stage_names[d - DIST_STAGES]);
}

char *sweep_metric_title(const struct sweep_metric *m)
{
    if (m->counter >= 0)
        return counter_label(m->counter);
    char *label = dist_label(m->dist);
    if (m->stat < 0)
        return label;
    char *title = xasprintf("%s %s", label, stat_names[m->stat]);
    free(label);
    return title;
}

char *sweep_metric_axis(const struct sweep_metric *m)
{
    if (m->counter >= 0)
        return counter_label(m->counter);
    char *label = dist_label(m->dist);
    char *axis = xasprintf("%s (cycles)", label);
    free(label);
    return axis;
}
