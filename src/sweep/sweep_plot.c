/* SPDX-License-Identifier: GPL-2.0-only */
/* The plot of a sweep table: one statistic (or p50 and p99 of a distribution) against
 * the first varied key, one series per combination of the other keys and per model.
 * The drawing itself is the template tools/sweep.gp (embedded at build time); this
 * file gives it its variables and data. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "plot/gnuplot.h"
#include "util/xalloc.h"

extern const char plot_template_sweep[];

enum { DIST_DELIVERY, DIST_INJECTION, DIST_SERVICE, N_DISTS };
enum { STAT_MEAN, STAT_P50, STAT_P90, STAT_P99, STAT_MAX, N_STATS };
enum {
    CTR_DELIVERED, CTR_UNDELIVERED, CTR_EXITS, CTR_KICKS, CTR_MAINTENANCE, CTR_LR_OVERFLOWS,
    CTR_FAILURES, N_COUNTERS
};
static const char *const dist_names[N_DISTS] = {"delivery", "injection", "service"};
static const char *const stat_names[N_STATS] = {"mean", "p50", "p90", "p99", "max"};
static const char *const counter_names[N_COUNTERS] = {
    "delivered", "undelivered", "exits", "kicks", "maintenance_interrupts", "lr_overflows",
    "expectation_failures"};

const char sweep_metric_names[] =
    "delivery, injection or service (p50 and p99), DIST.STAT with STAT mean, p50, p90, p99 "
    "or max (e.g. delivery.p99), or a counter: delivered, undelivered, exits, kicks, "
    "maintenance_interrupts, lr_overflows, expectation_failures";

bool sweep_metric_parse(const char *name, struct sweep_metric *out)
{
    *out = (struct sweep_metric){.name = name, .dist = -1, .stat = -1, .counter = -1};
    for (int c = 0; c < N_COUNTERS; c++)
        if (strcmp(name, counter_names[c]) == 0) {
            out->counter = c;
            return true;
        }
    const char *dot = strchr(name, '.');
    size_t len = dot ? (size_t)(dot - name) : strlen(name);
    for (int d = 0; d < N_DISTS; d++)
        if (strlen(dist_names[d]) == len && strncmp(name, dist_names[d], len) == 0)
            out->dist = d;
    if (out->dist < 0)
        return false;
    if (!dot)
        return true;
    for (int s = 0; s < N_STATS; s++)
        if (strcmp(dot + 1, stat_names[s]) == 0)
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
    const uint64_t v[N_COUNTERS] = {r->delivered, r->undelivered, r->exits, r->kicks,
                                    r->maintenance_interrupts, r->lr_overflows,
                                    r->expectation_failures};
    return (double)v[c];
}

/* The statistics a metric draws: 1 or 2 (p50 then p99). */
static int n_stats(const struct sweep_metric *m)
{
    return m->dist >= 0 && m->stat < 0 ? 2 : 1;
}

static double value_of(const struct sweep_row *r, const struct sweep_metric *m, int i)
{
    if (m->counter >= 0)
        return counter_value(r, m->counter);
    const struct sweep_stat *s[N_DISTS] = {&r->delivery, &r->injection, &r->service};
    int stat = m->stat >= 0 ? m->stat : (i == 0 ? STAT_P50 : STAT_P99);
    return stat_value(s[m->dist], stat);
}

/* A value of the first key as a number, if the whole value is one. */
static bool numeric(const char *v, double *out)
{
    char *end;
    if (!*v || strchr(v, 'x') || strchr(v, 'X'))   /* no hexadecimal: gnuplot reads decimal */
        return false;
    *out = strtod(v, &end);
    return *end == '\0' && isfinite(*out);
}

bool sweep_plot_render(struct plot_target *t, const struct sweep_table *tab,
                       const struct sweep_metric *m, const char *command)
{
    (void)command;
    const struct sweep_header *h = tab->h;
    const struct sweep_space *sp = &h->space;
    const struct sweep_axis *x = &sp->axes[0];
    size_t n_models = h->n_models;
    /* The plot needs the whole table: every point, models inner. */
    if (tab->n_rows != sp->n_points * n_models)
        abort();
    size_t inner = (size_t)(sp->n_points / x->n_values);
    size_t n_series = inner * n_models;
    int stats = n_stats(m);

    char *buf = NULL;
    size_t len = 0;
    plot_append(&buf, &len, "%s", "");

    /* Title: the scenario and its costs, then what is drawn against what. */
    char *what = m->counter >= 0 ? xasprintf("%s", counter_names[m->counter])
                 : m->stat >= 0  ? xasprintf("%s latency %s", dist_names[m->dist],
                                             stat_names[m->stat])
                                 : xasprintf("%s latency", dist_names[m->dist]);
    const char *preset = tab->rows[0].preset;
    for (size_t i = 1; i < tab->n_rows && preset; i++)
        if (strcmp(tab->rows[i].preset, preset) != 0)
            preset = NULL;
    char *title = xasprintf("%s (costs %s): %s vs %s",
                            h->scenario_name ? h->scenario_name : h->scenario_path,
                            preset ? preset : "vary", what, x->key);
    plot_append(&buf, &len, "plot_title = ");
    plot_quote(&buf, &len, title);
    plot_append(&buf, &len, "\nxlabel = ");
    plot_quote(&buf, &len, x->key);
    char *ylabel = m->counter >= 0 ? xstrdup(counter_names[m->counter])
                                   : xasprintf("%s latency (cycles)", dist_names[m->dist]);
    plot_append(&buf, &len, "\nylabel = ");
    plot_quote(&buf, &len, ylabel);
    plot_append(&buf, &len, "\n");
    free(what);
    free(title);
    free(ylabel);

    /* Series titles: the other keys' values, then the model. */
    plot_append(&buf, &len, "nseries = %zu\narray series_title[%zu]\n", n_series, n_series);
    size_t *choice = xcalloc(sp->n_axes, sizeof(*choice));
    for (size_t s = 0; s < n_series; s++) {
        const struct sweep_row *r = &tab->rows[(s / n_models) * n_models + s % n_models];
        sweep_point_choice(sp, r->point, choice);
        char *name = xstrdup("");
        for (size_t k = 1; k < sp->n_axes; k++) {
            char *next = xasprintf("%s%s=%s, ", name, sp->axes[k].key,
                                   sp->axes[k].values[choice[k]]);
            free(name);
            name = next;
        }
        char *full = xasprintf("%s%s", name, r->model);
        plot_append(&buf, &len, "series_title[%zu] = ", s + 1);
        plot_quote(&buf, &len, full);
        plot_append(&buf, &len, "\n");
        free(name);
        free(full);
    }
    free(choice);
    plot_append(&buf, &len, "nstats = %d\narray stat_name[%d]\n", stats, stats);
    for (int i = 0; i < stats; i++)
        plot_append(&buf, &len, "stat_name[%d] = '%s'\n", i + 1,
                    m->counter >= 0 ? ""
                    : m->stat >= 0  ? stat_names[m->stat]
                                    : (i == 0 ? "p50" : "p99"));

    /* x: numeric when every value is a number (log when they span two decades or more);
     * a tic at each value when they are few integers; else categories in table order. */
    double *xs = xcalloc(x->n_values, sizeof(*xs));
    bool is_numeric = true, integers = true;
    double xmin = INFINITY, xmax = -INFINITY;
    for (size_t i = 0; i < x->n_values && is_numeric; i++) {
        is_numeric = numeric(x->values[i], &xs[i]);
        integers &= xs[i] == floor(xs[i]);
        xmin = fmin(xmin, xs[i]);
        xmax = fmax(xmax, xs[i]);
    }
    bool xlog = is_numeric && xmin > 0 && xmax / xmin >= 100;
    size_t ntics = is_numeric && integers && x->n_values <= 20 ? x->n_values : 0;
    plot_append(&buf, &len, "xlog = %d\nncat = %zu\nntics = %zu\n", xlog,
                is_numeric ? (size_t)0 : x->n_values, ntics);
    plot_append(&buf, &len, "array cat_label[%zu]\narray tic_at[%zu]\n", x->n_values,
                x->n_values);
    for (size_t i = 0; i < x->n_values; i++) {
        plot_append(&buf, &len, "cat_label[%zu] = ", i + 1);
        plot_quote(&buf, &len, x->values[i]);
        plot_append(&buf, &len, "\n");
        if (is_numeric)
            plot_append(&buf, &len, "tic_at[%zu] = %.17g\n", i + 1, xs[i]);
    }

    /* y: from 0, or logarithmic when every value is positive and they span a factor of
     * 20 or more (one list register too few multiplies latency). */
    double ymin = INFINITY, ymax = 0;
    for (size_t i = 0; i < tab->n_rows; i++)
        for (int k = 0; k < stats; k++) {
            double v = value_of(&tab->rows[i], m, k);
            ymin = fmin(ymin, v);
            ymax = fmax(ymax, v);
        }
    plot_append(&buf, &len, "ylog = %d\n", ymin > 0 && ymax / ymin >= 20);

    /* Data: block s holds series s, in x order. */
    plot_append(&buf, &len, "$data << EOD\n");
    for (size_t s = 0; s < n_series; s++) {
        for (size_t xi = 0; xi < x->n_values; xi++) {
            const struct sweep_row *r =
                &tab->rows[(xi * inner + s / n_models) * n_models + s % n_models];
            plot_append(&buf, &len, "%.17g", is_numeric ? xs[xi] : (double)xi);
            for (int k = 0; k < stats; k++)
                plot_append(&buf, &len, " %.17g", value_of(r, m, k));
            plot_append(&buf, &len, "\n");
        }
        plot_append(&buf, &len, "\n\n");
    }
    plot_append(&buf, &len, "EOD\n%s", plot_template_sweep);
    free(xs);

    bool ok = plot_target_render(t, buf, len);
    free(buf);
    return ok;
}
