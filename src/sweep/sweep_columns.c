/* SPDX-License-Identifier: GPL-2.0-only */
/* The columns of a sweep table: single numbers of the run report, by the names
 * report/report_scalar.h gives them. The standard ones are chosen here (which
 * statistics); their names, like every other column's, are the report's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "util/xalloc.h"

/* The statistics of a distribution a table holds by default. */
static const int standard_fields[] = {RF_COUNT, RF_MEAN, RF_P50, RF_P90, RF_P99, RF_MAX};

static void add_name(struct sweep_columns *cols, char *name)
{
    size_t i;
    if (!sweep_columns_add(cols, name, &i))
        abort();   /* the standard names are the report's */
    free(name);
}

static void add_fields(struct sweep_columns *cols, const char *dist)
{
    for (size_t f = 0; f < sizeof(standard_fields) / sizeof(standard_fields[0]); f++)
        add_name(cols, xasprintf("%s.%s", dist, report_field_names[standard_fields[f]]));
}

void sweep_columns_standard(struct sweep_columns *cols)
{
    add_name(cols, xasprintf("interrupts.%s", report_irq_names[RI_DELIVERED]));
    add_name(cols, xasprintf("interrupts.%s", report_irq_names[RI_UNDELIVERED]));
    for (int k = 0; k < REPORT_IRQ_METRICS; k++)
        add_fields(cols, report_metric_names[k]);
    for (int st = 0; st < REC_NR_STAGES; st++) {
        char *dist = xasprintf("stages.%s", rec_stage_names[st]);
        add_fields(cols, dist);
        free(dist);
    }
    static const int counters[] = {RC_KICKS, RC_EXITS, RC_MAINTENANCE, RC_LR_OVERFLOWS};
    for (size_t c = 0; c < sizeof(counters) / sizeof(counters[0]); c++)
        add_name(cols, xasprintf("counters.%s", report_counter_names[counters[c]]));
    for (int b = 0; b < RB_COUNT; b++)
        for (size_t p = 0; p < report_breakdowns[b].n_parts; p++)
            add_name(cols, xasprintf("counters.%s.%s", report_breakdowns[b].name,
                                     report_breakdowns[b].parts[p]));
    add_name(cols, xstrdup("expectation_failures"));
}

size_t sweep_columns_find(const struct sweep_columns *cols, const char *name)
{
    for (size_t i = 0; i < cols->n; i++)
        if (strcmp(cols->c[i].name, name) == 0)
            return i;
    return SIZE_MAX;
}

bool sweep_columns_add(struct sweep_columns *cols, const char *name, size_t *index)
{
    *index = sweep_columns_find(cols, name);
    if (*index != SIZE_MAX)
        return true;
    struct report_scalar_ref ref;
    if (!report_scalar_parse(name, &ref))
        return false;
    cols->c = xrealloc(cols->c, (cols->n + 1) * sizeof(*cols->c));
    cols->c[cols->n] = (struct sweep_column){.name = xstrdup(name), .ref = ref};
    *index = cols->n++;
    return true;
}

void sweep_columns_free(struct sweep_columns *cols)
{
    for (size_t i = 0; i < cols->n; i++)
        free(cols->c[i].name);
    free(cols->c);
    memset(cols, 0, sizeof(*cols));
}

size_t sweep_columns_model_counters(const struct sweep_columns *cols, const char **names,
                                    size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < cols->n && n < max; i++)
        if (cols->c[i].ref.kind == RS_MODEL_COUNTER)
            names[n++] = cols->c[i].ref.name;
    return n;
}
