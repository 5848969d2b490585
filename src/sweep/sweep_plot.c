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

/* A key as a reader says it: its last part, underscores as spaces ("gic.list_registers":
 * "list registers"; "hypervisor.kvm": "KVM"); `cost` for a cost operation. */
static char *readable(const char *key, bool *cost)
{
    const char *dot = strrchr(key, '.');
    *cost = strncmp(key, "costs.", 6) == 0 && strcmp(key, "costs.preset") != 0 &&
            strcmp(key, "costs.clock_mhz") != 0;
    char *r = xstrdup(dot ? dot + 1 : key);
    for (char *p = r; *p; p++)
        if (*p == '_')
            *p = ' ';
    if (strcmp(r, "kvm") == 0) {
        free(r);
        r = xstrdup("KVM");
    } else if (strcmp(r, "clock mhz") == 0) {
        free(r);
        r = xstrdup("clock (MHz)");
    }
    return r;
}

/* The x axis label: "list registers (gic.list_registers)", "exit cost, cycles
 * (costs.exit)"; the key itself when it reads as it is. */
static char *axis_name(const char *key)
{
    bool cost;
    char *r = readable(key, &cost);
    char *label = cost ? xasprintf("%s cost, cycles (%s)", r, key)
                  : strcmp(r, key) == 0 ? xstrdup(key)
                                        : xasprintf("%s (%s)", r, key);
    free(r);
    return label;
}

/* A series' part for one key: "list registers 4", "exit cost 2000", "KVM 6.18". */
static char *legend_part(const char *key, const char *value)
{
    bool cost;
    char *r = readable(key, &cost);
    char *part = cost ? xasprintf("%s cost %s", r, value) : xasprintf("%s %s", r, value);
    free(r);
    return part;
}

/* One drawn column: metric column k of the plot. */
struct drawn {
    size_t col;              /* the table's column */
    bool ns;                 /* drawn in nanoseconds */
    int axis;                /* 1: y, 2: y2 (counts beside latencies) */
    const struct report_scalar_ref *ref;
};

static double drawn_value(const struct sweep_row *r, const struct drawn *d, int part)
{
    double v = part == 0 ? r->v[d->col] : r->ci ? r->ci[2 * d->col + part - 1] : NAN;
    if (d->ns)
        v = r->clock_mhz ? v * 1000.0 / (double)r->clock_mhz : NAN;
    return v;
}

static void append_value(char **buf, size_t *len, double v)
{
    if (isnan(v))
        plot_append(buf, len, " ?");
    else
        plot_append(buf, len, " %.17g", v);
}

/* "delivery latency" and its statistic, or several metrics' names joined. */
static char *title_of(const struct sweep_metrics *ms, const struct drawn *d)
{
    char *what = xstrdup("");
    for (size_t i = 0, k = 0; i < ms->n; k += ms->m[i].n, i++) {
        char *w = sweep_column_what(d[k].ref);
        char *next = ms->m[i].n == 1 && *sweep_column_stat(d[k].ref)
                         ? xasprintf("%s%s%s %s", what, i ? ", " : "", w, sweep_column_stat(d[k].ref))
                         : xasprintf("%s%s%s", what, i ? ", " : "", w);
        free(w);
        free(what);
        what = next;
    }
    return what;
}

static char *axis_label(const struct sweep_metrics *ms, const struct drawn *d, size_t n, int axis)
{
    const struct drawn *first = NULL;
    bool one = true;
    char *first_what = NULL;
    for (size_t k = 0; k < n; k++)
        if (d[k].axis == axis) {
            char *w = sweep_column_what(d[k].ref);
            if (!first) {
                first = &d[k];
                first_what = w;
                continue;
            }
            one &= strcmp(w, first_what) == 0;
            free(w);
        }
    free(first_what);
    (void)ms;
    if (!first)
        return xstrdup("");
    if (first->ref->unit == REPORT_COUNT)
        return one ? sweep_column_what(first->ref) : xstrdup("count");
    char *what = one ? sweep_column_what(first->ref) : xstrdup("latency");
    char *label = xasprintf("%s (%s)", what, first->ns ? "ns" : "cycles");
    free(what);
    return label;
}

bool sweep_plot_render(struct plot_target *t, const struct sweep_table *tab,
                       const struct sweep_metrics *ms, enum sweep_unit unit,
                       const char *command)
{
    const struct sweep_header *h = tab->h;
    const struct sweep_space *sp = &h->space;
    const struct sweep_axis *x = &sp->axes[0];
    size_t n_models = h->n_models;
    /* The plot needs the whole table: every point, models inner. */
    if (tab->n_rows != sp->n_points * n_models)
        abort();
    size_t inner = (size_t)(sp->n_points / x->n_values);
    size_t n_series = inner * n_models;
    bool errbars = h->repeat > 1;
    bool ns = unit == SWEEP_UNIT_NS || (unit == SWEEP_UNIT_AUTO && sweep_table_clock_known(tab));

    /* The drawn columns: latencies on y, counts on y2 when there are latencies too. */
    size_t n_drawn = 0;
    bool any_cycles = false;
    for (size_t i = 0; i < ms->n; i++) {
        n_drawn += ms->m[i].n;
        any_cycles |= ms->m[i].unit == REPORT_CYCLES;
    }
    struct drawn *d = xcalloc(n_drawn, sizeof(*d));
    for (size_t i = 0, k = 0; i < ms->n; i++)
        for (size_t j = 0; j < ms->m[i].n; j++, k++) {
            d[k].col = ms->m[i].index[j];
            d[k].ref = &h->columns.c[d[k].col].ref;
            d[k].ns = ns && d[k].ref->unit == REPORT_CYCLES;
            d[k].axis = any_cycles && d[k].ref->unit == REPORT_COUNT ? 2 : 1;
        }

    char *buf = NULL;
    size_t len = 0;
    plot_append(&buf, &len, "%s", "");

    /* Title: the scenario and its costs, then what is drawn against what. */
    char *what = title_of(ms, d);
    const char *preset = tab->rows[0].preset;
    for (size_t i = 1; i < tab->n_rows && preset; i++)
        if (strcmp(tab->rows[i].preset, preset) != 0)
            preset = NULL;
    char *title = xasprintf("%s (costs %s): %s vs %s",
                            h->scenario_name ? h->scenario_name : h->scenario_path,
                            preset ? preset : "vary", what, x->key);
    plot_append(&buf, &len, "plot_title = ");
    plot_quote(&buf, &len, title);
    if (errbars) {
        char *sub = xasprintf("mean over %" PRIu64 " seeds; bars: 95 %% confidence interval "
                              "(Student t)", h->repeat);
        plot_append(&buf, &len, "\nsubtitle = ");
        plot_quote(&buf, &len, sub);
        free(sub);
    } else {
        plot_append(&buf, &len, "\nsubtitle = ''");
    }
    plot_append(&buf, &len, "\nxlabel = ");
    char *xname = axis_name(x->key);
    plot_quote(&buf, &len, xname);
    free(xname);
    for (int axis = 1; axis <= 2; axis++) {
        char *label = axis_label(ms, d, n_drawn, axis);
        plot_append(&buf, &len, "\n%s = ", axis == 1 ? "ylabel" : "y2label");
        plot_quote(&buf, &len, label);
        free(label);
    }
    plot_append(&buf, &len, "\n");
    free(what);
    free(title);

    /* Curves: every drawn column of every series, a series' columns together. */
    /* A curve with no value at all (a counter one model does not keep) is not drawn. */
    int per = errbars ? 3 : 1;
    bool *has = xcalloc(n_series * n_drawn + 1, sizeof(*has));
    size_t n_curves = 0;
    for (size_t s = 0; s < n_series; s++)
        for (size_t k = 0; k < n_drawn; k++) {
            for (size_t xi = 0; xi < x->n_values && !has[s * n_drawn + k]; xi++)
                has[s * n_drawn + k] = !isnan(drawn_value(
                    &tab->rows[(xi * inner + s / n_models) * n_models + s % n_models], &d[k], 0));
            n_curves += has[s * n_drawn + k];
        }
    if (n_curves == 0) {
        fprintf(stderr, "vgicsim %s: nothing to draw: no point has a value of the metric\n",
                command);
        free(has);
        free(d);
        free(buf);
        return false;
    }
    bool use_y2 = false, use_y1 = false;
    for (size_t s = 0; s < n_series; s++)
        for (size_t k = 0; k < n_drawn; k++) {
            use_y2 |= d[k].axis == 2 && has[s * n_drawn + k];
            use_y1 |= d[k].axis == 1 && has[s * n_drawn + k];
        }
    /* Counts alone (their latencies had no value) go on y. */
    for (size_t k = 0; k < n_drawn && !use_y1; k++)
        d[k].axis = 1;
    use_y2 &= use_y1;
    plot_append(&buf, &len, "ncurves = %zu\nerrbars = %d\nuse_y2 = %d\n", n_curves, errbars,
                use_y2);
    plot_append(&buf, &len,
                "array c_block[%zu]\narray c_col[%zu]\narray c_series[%zu]\narray c_dash[%zu]\n"
                "array c_title[%zu]\n",
                n_curves, n_curves, n_curves, n_curves, n_curves);
    size_t *choice = xcalloc(sp->n_axes, sizeof(*choice));
    size_t c = 1, n_y1 = 0;
    for (int axis = 1; axis <= 2; axis++)
        for (size_t s = 0; s < n_series; s++) {
            const struct sweep_row *r = &tab->rows[(s / n_models) * n_models + s % n_models];
            sweep_point_choice(sp, r->point, choice);
            char *name = xstrdup("");
            for (size_t k = 1; k < sp->n_axes; k++) {
                char *part = legend_part(sp->axes[k].key, sp->axes[k].values[choice[k]]);
                char *next = xasprintf("%s%s, ", name, part);
                free(part);
                free(name);
                name = next;
            }
            for (size_t k = 0; k < n_drawn; k++) {
                if (d[k].axis != axis || !has[s * n_drawn + k])
                    continue;
                /* One metric: "ref p99"; several: "ref, exits", "ref, delivery latency p99". */
                const char *stat = sweep_column_stat(d[k].ref);
                char *label;
                if (ms->n == 1) {
                    label = *stat ? xasprintf("%s%s %s", name, r->model, stat)
                                  : xasprintf("%s%s", name, r->model);
                } else {
                    char *w = sweep_column_what(d[k].ref);
                    label = *stat ? xasprintf("%s%s, %s %s", name, r->model, w, stat)
                                  : xasprintf("%s%s, %s", name, r->model, w);
                    free(w);
                }
                plot_append(&buf, &len,
                            "c_block[%zu] = %zu; c_col[%zu] = %zu; c_series[%zu] = %zu; "
                            "c_dash[%zu] = %zu\nc_title[%zu] = ",
                            c, s, c, 2 + k * (size_t)per, c, s, c, k, c);
                plot_quote(&buf, &len, label);
                plot_append(&buf, &len, "\n");
                free(label);
                c++;
                n_y1 += axis == 1;
            }
            free(name);
        }
    plot_append(&buf, &len, "n_y1 = %zu\n", n_y1);
    free(has);
    free(choice);

    /* x: numeric when every value is a number (log when they span two decades or more,
     * with tics at 1, 2 and 5 of each decade); a tic at each value when they are few
     * integers on a linear axis; else categories in table order. */
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
    size_t ntics = is_numeric && integers && !xlog && x->n_values <= 20 ? x->n_values : 0;
    /* Labels that would overlap: many digits on a linear axis are SI-labelled (2.5M);
     * long categories or tics at each of many-digit values are slanted. */
    bool xwide = is_numeric && !xlog && fmax(fabs(xmin), fabs(xmax)) >= 1e5;
    size_t longest = 0;
    for (size_t i = 0; i < x->n_values; i++)
        longest = strlen(x->values[i]) > longest ? strlen(x->values[i]) : longest;
    bool xslant = (!is_numeric && longest > 6) || (ntics && longest * ntics > 60);
    plot_append(&buf, &len, "xlog = %d\nncat = %zu\nntics = %zu\nxwide = %d\nxslant = %d\n",
                xlog, is_numeric ? (size_t)0 : x->n_values, ntics, xwide, xslant);
    plot_append(&buf, &len, "xlo = %.17g\nxhi = %.17g\n", is_numeric ? xmin : 0,
                is_numeric ? xmax : 0);
    plot_append(&buf, &len, "array cat_label[%zu]\narray tic_at[%zu]\n", x->n_values,
                x->n_values);
    for (size_t i = 0; i < x->n_values; i++) {
        plot_append(&buf, &len, "cat_label[%zu] = ", i + 1);
        plot_quote(&buf, &len, x->values[i]);
        plot_append(&buf, &len, "\n");
        if (is_numeric)
            plot_append(&buf, &len, "tic_at[%zu] = %.17g\n", i + 1, xs[i]);
    }

    /* y (and y2): from 0, or logarithmic when every value is positive and they span a
     * factor of 20 or more (one list register too few multiplies latency). */
    for (int axis = 1; axis <= 2; axis++) {
        double ymin = INFINITY, ymax = 0;
        for (size_t i = 0; i < tab->n_rows; i++)
            for (size_t k = 0; k < n_drawn; k++) {
                if (d[k].axis != axis)
                    continue;
                for (int part = 0; part < per; part++) {
                    double v = drawn_value(&tab->rows[i], &d[k], part);
                    if (isnan(v))
                        continue;
                    ymin = fmin(ymin, v);
                    ymax = fmax(ymax, v);
                }
            }
        bool log = ymin > 0 && ymax / ymin >= 20;
        plot_append(&buf, &len, "%s = %d\n%s = %.17g\n%s = %.17g\n",
                    axis == 1 ? "ylog" : "y2log", log, axis == 1 ? "ylo" : "y2lo",
                    log ? ymin : 1, axis == 1 ? "yhi" : "y2hi", log ? ymax : 1);
    }

    /* Data: block s holds series s, in x order: x, then per drawn column its value (and
     * with --repeat the interval's low and high ends). */
    plot_append(&buf, &len, "$data << EOD\n");
    for (size_t s = 0; s < n_series; s++) {
        for (size_t xi = 0; xi < x->n_values; xi++) {
            const struct sweep_row *r =
                &tab->rows[(xi * inner + s / n_models) * n_models + s % n_models];
            /* Categories: the series side by side around each category, so that equal
             * values do not hide each other. */
            double dodge = n_series > 1 ? ((double)s - (double)(n_series - 1) / 2) *
                                              fmin(0.1, 0.6 / (double)n_series)
                                        : 0;
            plot_append(&buf, &len, "%.17g", is_numeric ? xs[xi] : (double)xi + dodge);
            for (size_t k = 0; k < n_drawn; k++)
                for (int part = 0; part < per; part++)
                    append_value(&buf, &len, drawn_value(r, &d[k], part));
            plot_append(&buf, &len, "\n");
        }
        plot_append(&buf, &len, "\n\n");
    }
    plot_append(&buf, &len, "EOD\n%s", plot_template_sweep);
    free(xs);
    free(d);

    bool ok = plot_target_render(t, buf, len);
    free(buf);
    return ok;
}
