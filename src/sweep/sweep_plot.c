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
    int stats = sweep_metric_values(m);

    char *buf = NULL;
    size_t len = 0;
    plot_append(&buf, &len, "%s", "");

    /* Title: the scenario and its costs, then what is drawn against what. */
    char *what = sweep_metric_title(m);
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
    char *ylabel = sweep_metric_axis(m);
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
        plot_append(&buf, &len, "stat_name[%d] = '%s'\n", i + 1, sweep_metric_stat_name(m, i));

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
            double v = sweep_metric_value(&tab->rows[i], m, k);
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
                plot_append(&buf, &len, " %.17g", sweep_metric_value(r, m, k));
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
