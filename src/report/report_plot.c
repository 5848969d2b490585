/* SPDX-License-Identifier: GPL-2.0-only */
#include "report/report_plot.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot/gnuplot.h"
#include "report/json_report.h"
#include "util/escape.h"
#include "util/xalloc.h"

extern const char plot_template_cdf[];
extern const char plot_template_histogram[];
extern const char plot_template_cdf_tail[];

static const char *const metrics[] = {"delivery", "injection", "service"};

bool report_plot_metric_ok(const char *metric)
{
    for (size_t i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++)
        if (strcmp(metric, metrics[i]) == 0)
            return true;
    return false;
}

/* One model's distribution, checked: buckets increasing and disjoint, counts adding up. */
struct dist {
    const char *model;
    uint64_t count;
    size_t n;
    uint64_t (*b)[3];        /* lo, hi, n */
};

static bool u64_of(json_t *j, uint64_t *out)
{
    if (!json_is_integer(j) || json_integer_value(j) < 0)
        return false;
    *out = (uint64_t)json_integer_value(j);
    return true;
}

static char *read_dist(json_t *model, const char *metric, struct dist *d)
{
    d->model = json_string_value(json_object_get(model, "model"));
    if (!d->model)
        return xstrdup("a model without a \"model\" name");
    json_t *dist = json_object_get(json_object_get(model, "distributions"), metric);
    json_t *buckets = json_object_get(dist, "buckets");
    if (!u64_of(json_object_get(dist, "count"), &d->count) || !json_is_array(buckets))
        return xasprintf("model %s has no distributions.%s with a count and buckets",
                         ESC(d->model), metric);
    d->n = json_array_size(buckets);
    d->b = xcalloc(d->n + 1, sizeof(*d->b));
    uint64_t sum = 0;
    for (size_t i = 0; i < d->n; i++) {
        json_t *b = json_array_get(buckets, i);
        bool ok = json_is_array(b) && json_array_size(b) == 3;
        for (size_t k = 0; ok && k < 3; k++)
            ok = u64_of(json_array_get(b, k), &d->b[i][k]);
        ok = ok && d->b[i][0] <= d->b[i][1] && d->b[i][2] > 0 &&
             (i == 0 || d->b[i][0] > d->b[i - 1][1]) && sum + d->b[i][2] >= sum;
        if (!ok)
            return xasprintf("model %s: distributions.%s bucket %zu is not [lo, hi, n] above "
                             "the previous one", ESC(d->model), metric, i + 1);
        sum += d->b[i][2];
    }
    if (sum != d->count)
        return xasprintf("model %s: distributions.%s buckets hold %" PRIu64 " samples, its "
                         "count says %" PRIu64, ESC(d->model), metric, sum, d->count);
    return NULL;
}

static void cdf_block(char **buf, size_t *len, const struct dist *d)
{
    /* From 0 at the first bucket's lower end, up to the fraction at each upper end. A
     * latency of 0 cycles has no place on a logarithmic axis: it only raises the start. */
    uint64_t cum = 0;
    if (d->b[0][0] > 0)
        plot_append(buf, len, "%" PRIu64 " 0\n", d->b[0][0]);
    for (size_t i = 0; i < d->n; i++) {
        cum += d->b[i][2];
        if (d->b[i][1] > 0)
            plot_append(buf, len, "%" PRIu64 " %.10g\n", d->b[i][1],
                        (double)cum / (double)d->count);
    }
}

/* The tail: 1 at the first bucket's lower end, then the fraction above each upper end;
 * the last bucket's (0) has no place on a logarithmic axis. */
static void tail_block(char **buf, size_t *len, const struct dist *d)
{
    uint64_t cum = 0;
    if (d->b[0][0] > 0)
        plot_append(buf, len, "%" PRIu64 " 1\n", d->b[0][0]);
    for (size_t i = 0; i < d->n; i++) {
        cum += d->b[i][2];
        if (d->b[i][1] > 0 && cum < d->count)
            plot_append(buf, len, "%" PRIu64 " %.10g\n", d->b[i][1],
                        (double)(d->count - cum) / (double)d->count);
    }
}

/* Bin k holds latencies in [10^(k/B), 10^((k+1)/B)), B bins per decade; a bucket goes
 * to the bin of its lower end (a bucket is at most 1/128 wide, a bin 12 %). */
static long bin_of(uint64_t v)
{
    return (long)floor(log10((double)v) * REPORT_PLOT_BINS_PER_DECADE + 1e-9);
}

static double bin_edge(long k)
{
    return pow(10.0, (double)k / REPORT_PLOT_BINS_PER_DECADE);
}

static void histogram_block(char **buf, size_t *len, const struct dist *d)
{
    size_t first = 0;
    while (first < d->n && d->b[first][0] == 0)
        first++;
    if (first == d->n)
        return;
    long lo = bin_of(d->b[first][0]), hi = bin_of(d->b[d->n - 1][0]);
    uint64_t *counts = xcalloc((size_t)(hi - lo + 1), sizeof(*counts));
    for (size_t i = first; i < d->n; i++)
        counts[bin_of(d->b[i][0]) - lo] += d->b[i][2];
    plot_append(buf, len, "%.10g 0\n", bin_edge(lo));
    for (long k = lo; k <= hi; k++)
        plot_append(buf, len, "%.10g %.10g\n", bin_edge(k),
                    (double)counts[k - lo] / (double)d->count);
    plot_append(buf, len, "%.10g %.10g\n%.10g 0\n", bin_edge(hi + 1),
                (double)counts[hi - lo] / (double)d->count, bin_edge(hi + 1));
    free(counts);
}

bool report_plot_script(json_t *report, const struct report_plot_opts *o, const char *where,
                        char **script, size_t *script_len)
{
    const char *metric = o->metric ? o->metric : "delivery";
    char *err = NULL;
    json_t *fmt = json_object_get(report, "report_format");
    json_t *models = json_object_get(report, "models");
    if (!json_is_integer(fmt) || json_integer_value(fmt) != JSON_REPORT_FORMAT)
        err = xasprintf("not a vgicsim run report of report_format %d", JSON_REPORT_FORMAT);
    else if (!json_is_array(models) || json_array_size(models) == 0)
        err = xstrdup("the report has no models");
    size_t n = err ? 0 : json_array_size(models);
    struct dist *d = xcalloc(n + 1, sizeof(*d));
    size_t drawn = 0;
    for (size_t i = 0; i < n && !err; i++) {
        err = read_dist(json_array_get(models, i), metric, &d[i]);
        drawn += !err && d[i].count > 0;
    }
    if (!err && drawn == 0)
        err = xasprintf("no model has %s samples to plot", metric);
    uint64_t have_clock = 0;
    if (!err && o->unit == 2 &&
        !(u64_of(json_object_get(json_object_get(json_object_get(report, "configuration"),
                                                 "costs"), "clock_mhz"), &have_clock) &&
          have_clock > 0))
        err = xstrdup("--unit ns needs the report's clock (configuration.costs.clock_mhz)");
    bool ok = !err;
    if (err) {
        fprintf(stderr, "%s: error: %s\n", ESC(where), err);
        free(err);
    }

    char *buf = NULL;
    size_t len = 0;
    if (ok) {
        /* Title: the scenario, its costs and seeds, then what is drawn; what the report
         * says is shown escaped, as everywhere (util/escape.h). */
        json_t *scn = json_object_get(report, "scenario");
        const char *name = json_string_value(json_object_get(scn, "name"));
        const char *preset = json_string_value(json_object_get(
            json_object_get(json_object_get(report, "configuration"), "costs"), "preset"));
        json_t *seeds = json_object_get(report, "seeds");
        /* A seed past 2^63 - 1 is written as a JSON number (json_report.c). */
        double first = json_number_value(json_object_get(seeds, "first"));
        uint64_t count = 0;
        u64_of(json_object_get(seeds, "count"), &count);
        char *seed_text = count > 1 ? xasprintf("seeds %.0f..%.0f pooled", first,
                                                first + (double)(count - 1))
                                    : xasprintf("seed %.0f", first);
        char *shown_name = name ? esc_dup(name, strlen(name), ESC_VALUE) : xstrdup("scenario");
        char *shown_preset = preset ? esc_dup(preset, strlen(preset), ESC_VALUE)
                                    : xstrdup("unknown");
        char *title = xasprintf("%s (costs %s, %s): %s latency, %s", shown_name, shown_preset,
                                seed_text, metric,
                                o->histogram ? "histogram"
                                : o->tail    ? "tail (fraction slower)"
                                             : "cumulative distribution");
        free(shown_name);
        free(shown_preset);
        /* Nanoseconds when the clock is known (--unit: cycles, or insist on ns). */
        json_t *clock = json_object_get(
            json_object_get(json_object_get(report, "configuration"), "costs"), "clock_mhz");
        uint64_t mhz = 0;
        u64_of(clock, &mhz);
        bool ns = mhz > 0 && o->unit != 1;
        double xscale = ns ? 1000.0 / (double)mhz : 1.0;
        char *xlabel = xasprintf("%s latency (%s, logarithmic)", metric, ns ? "ns" : "cycles");
        plot_append(&buf, &len, "plot_title = ");
        plot_quote(&buf, &len, title);
        plot_append(&buf, &len, "\nxlabel = ");
        plot_quote(&buf, &len, xlabel);
        /* The latency axis's range, for its 1-2-5 tics; the tail's smallest fraction. */
        uint64_t lo = UINT64_MAX, hi = 1, most = 1;
        for (size_t i = 0; i < n; i++)
            if (d[i].count) {
                for (size_t k = 0; k < d[i].n && lo == UINT64_MAX; k++)
                    if (d[i].b[k][1] > 0)
                        lo = d[i].b[k][0] ? d[i].b[k][0] : 1;
                hi = d[i].b[d[i].n - 1][1] > hi ? d[i].b[d[i].n - 1][1] : hi;
                most = d[i].count > most ? d[i].count : most;
            }
        plot_append(&buf, &len, "\nxscale = %.17g\nxlo = %.17g\nxhi = %.17g\nfmin = %.10g",
                    xscale, (double)(lo == UINT64_MAX ? 1 : lo) * xscale, (double)hi * xscale,
                    1.0 / (double)most);
        plot_append(&buf, &len, "\nnseries = %zu\narray series_title[%zu]\n", drawn, drawn);
        free(seed_text);
        free(title);
        free(xlabel);
        size_t s = 0;
        for (size_t i = 0; i < n; i++) {
            if (!d[i].count)
                continue;
            char *label = xasprintf("%s (%" PRIu64 " interrupts)", ESC(d[i].model), d[i].count);
            plot_append(&buf, &len, "series_title[%zu] = ", ++s);
            plot_quote(&buf, &len, label);
            plot_append(&buf, &len, "\n");
            free(label);
        }
        plot_append(&buf, &len, "$data << EOD\n");
        for (size_t i = 0; i < n; i++) {
            if (!d[i].count)
                continue;
            if (o->histogram)
                histogram_block(&buf, &len, &d[i]);
            else if (o->tail)
                tail_block(&buf, &len, &d[i]);
            else
                cdf_block(&buf, &len, &d[i]);
            plot_append(&buf, &len, "\n\n");
        }
        plot_append(&buf, &len, "EOD\n%s",
                    o->histogram ? plot_template_histogram
                    : o->tail    ? plot_template_cdf_tail
                                 : plot_template_cdf);
    }
    for (size_t i = 0; i < n; i++)
        free(d[i].b);
    free(d);
    *script = buf;
    *script_len = len;
    return ok;
}

bool report_plot_render(struct plot_target *t, json_t *report,
                        const struct report_plot_opts *o, const char *where)
{
    char *script;
    size_t len;
    bool ok = report_plot_script(report, o, where, &script, &len) &&
              plot_target_render(t, script, len);
    free(script);
    return ok;
}

bool report_plot_run(struct plot_target *t, const struct report *r)
{
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    bool ok = mem && report_json(mem, r) == 0;
    ok &= mem && fclose(mem) == 0;
    json_error_t jerr;
    json_t *report = ok ? json_loadb(text, size, 0, &jerr) : NULL;
    free(text);
    if (!report) {
        fprintf(stderr, "vgicsim run: cannot build the report to plot\n");
        return false;
    }
    struct report_plot_opts o = {.metric = "delivery"};
    ok = report_plot_render(t, report, &o, "the run");
    json_decref(report);
    return ok;
}
