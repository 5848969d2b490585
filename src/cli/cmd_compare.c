/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim compare BASE.json NEW.json: the regression check between two JSON reports of
 * `vgicsim run --format json` (compare.h lists the parts). This file holds the command
 * line, the check that both reports describe the same experiment, and the exit status. */
#include <argp.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "compare/compare.h"
#include "util/escape.h"
#include "util/output_paths.h"
#include "util/xalloc.h"

struct compare_args {
    struct cmp_limits limits;
    const char *format;
    const char *output;
    bool allow_different;
    const char *files[2];
    int n_files;
};

enum { OPT_THRESHOLD = 't', OPT_MIN_DELTA = 1000, OPT_MIN_SAMPLES, OPT_ALLOW_DIFFERENT };

static const struct argp_option compare_options[] = {
    {"threshold", OPT_THRESHOLD, "[KEY=]PCT", 0,
     "A statistic that changed by more than PCT percent is judged (default 5). With KEY= "
     "(a statistic name or a glob, e.g. delivery.p99=10% or 'counters.*=20') it applies "
     "to the matching statistics only; may be repeated, the last match wins",
     0},
    {"min-delta", OPT_MIN_DELTA, "[KEY=]N", 0,
     "Changes of at most N (cycles for latency, counts for counters) are never flagged "
     "(default 0); KEY= as for --threshold",
     0},
    {"min-samples", OPT_MIN_SAMPLES, "N", 0,
     "A latency statistic of a distribution with fewer than N samples in either report is "
     "not judged (default 1)",
     0},
    {"format", 'f', "FORMAT", 0, "text (the default), markdown (for a CI comment) or json", 0},
    {"output", 'o', "FILE", 0, "Write the comparison to FILE ('-': standard output)", 0},
    {"allow-different", OPT_ALLOW_DIFFERENT, NULL, 0,
     "Compare reports of different scenarios or configurations (other --set overrides, "
     "seeds or machine) instead of refusing them",
     0},
    {0},
};

static error_t compare_parse(int key, char *arg, struct argp_state *state)
{
    struct compare_args *a = state->input;
    char why[256];
    switch (key) {
    case OPT_THRESHOLD:
    case OPT_MIN_DELTA:
        if (!cmp_limits_add(&a->limits, key == OPT_THRESHOLD, arg, why, sizeof(why)))
            argp_error(state, "--%s %s", key == OPT_THRESHOLD ? "threshold" : "min-delta",
                       ESCT(why));
        return 0;
    case OPT_MIN_SAMPLES: {
        char *end;
        errno = 0;
        double v = strtod(arg, &end);
        if (errno || end == arg || *end || !(v >= 0) || !isfinite(v) || v != floor(v))
            argp_error(state, "--min-samples expects a whole number, got '%s'", ESC(arg));
        a->limits.min_samples = v;
        return 0;
    }
    case 'f': a->format = arg; return 0;
    case 'o': a->output = arg; return 0;
    case OPT_ALLOW_DIFFERENT: a->allow_different = true; return 0;
    case ARGP_KEY_ARG:
        if (a->n_files == 2)
            argp_error(state, "compare takes two reports; '%s' is a third", ESC(arg));
        a->files[a->n_files++] = arg;
        return 0;
    case ARGP_KEY_END:
        if (a->n_files != 2)
            argp_error(state, "compare needs two reports: BASE.json NEW.json");
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp compare_argp = {
    compare_options, compare_parse, "BASE.json NEW.json",
    "Compare two JSON reports written by `vgicsim run --format json` model by model (ref "
    "with ref, perf with perf) and flag regressions: the mean, p50, p90, p99 and p99.9 of "
    "delivery, injection, service and trapped-access latency (overall, by INTID class, by "
    "register) and every counter. Larger is worse for all of them. A change within the "
    "reports' 95% confidence intervals (reports made with --repeat) is noise, not a "
    "regression. Statistic names: delivery.p99, delivery.SPI.mean, "
    "trapped_access.GICD_ISENABLER.p90, counters.exits, counters.model.lock_wait_cycles.\v"
    "Exit status: 0 when nothing regressed, 1 when something did, 2 on bad usage, a file "
    "that is not a report of this vgicsim's format (JSON errors located as "
    "FILE:LINE:COLUMN), reports of different scenarios or configurations (unless "
    "--allow-different), or -o naming one of the reports.",
    NULL, NULL, NULL,
};

/* ---- do both reports describe the same experiment? ---- */

struct differences {
    char **lines;
    size_t n;
};

__attribute__((format(printf, 2, 3)))
static void difference(struct differences *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d->lines = xrealloc(d->lines, (d->n + 1) * sizeof(*d->lines));
    d->lines[d->n++] = xvasprintf(fmt, ap);
    va_end(ap);
}

static char *json_text(json_t *v)
{
    if (!v)
        return xstrdup("(absent)");
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
    char *copy = xstrdup(s ? s : "?");
    free(s);
    return copy;
}

/* Every member of two objects that differs, as "WHERE.KEY: BASE (base), NEW (new)". */
static void object_differences(struct differences *d, const char *where, json_t *b, json_t *n)
{
    const char *key;
    json_t *v;
    json_object_foreach(b, key, v) {
        json_t *other = json_object_get(n, key);
        if (other && json_equal(v, other))
            continue;
        char *bt = json_text(v), *nt = json_text(other);
        difference(d, "%s.%s: %s (base), %s (new)", where, ESC(key), bt, nt);
        free(bt);
        free(nt);
    }
    json_object_foreach(n, key, v) {
        if (json_object_get(b, key))
            continue;
        char *nt = json_text(v);
        difference(d, "%s.%s: (absent) (base), %s (new)", where, ESC(key), nt);
        free(nt);
    }
}

/* The scenario (name, bytes) and the configuration that defines the experiment: the
 * overrides as given, the seeds, the machine, the guest and the run bound. The cost
 * model is not part of it: costs are what a change under test may change (a new
 * preset value), so their differences are noted, not refused. */
static void identity(const struct cmp_report *b, const struct cmp_report *n,
                     struct differences *scenario, struct differences *config,
                     struct cmp_result *res)
{
    if (strcmp(b->scenario_name, n->scenario_name) != 0)
        difference(scenario, "scenario name: '%s' (base), '%s' (new)", ESC(b->scenario_name),
                   ESC(n->scenario_name));
    if (b->sha256 && n->sha256 && strcmp(b->sha256, n->sha256) != 0)
        difference(scenario, "scenario sha256: %s (base), %s (new)", ESC(b->sha256),
                   ESC(n->sha256));
    else if (!b->sha256 || !n->sha256)
        cmp_result_note(res, "the %s report has no scenario SHA-256: the scenario's bytes "
                        "could not be checked", !b->sha256 ? "base" : "new");
    object_differences(config, "seeds", b->seeds, n->seeds);
    json_t *bo = json_object_get(b->configuration, "overrides");
    json_t *no = json_object_get(n->configuration, "overrides");
    if (!json_equal(bo, no)) {
        char *bt = json_text(bo), *nt = json_text(no);
        difference(config, "configuration.overrides: %s (base), %s (new)", bt, nt);
        free(bt);
        free(nt);
    }
    static const char *const parts[] = {"gic", "guest", "run"};
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        char *where = xasprintf("configuration.%s", parts[i]);
        object_differences(config, where, json_object_get(b->configuration, parts[i]),
                           json_object_get(n->configuration, parts[i]));
        free(where);
    }
    struct differences costs = {0};
    json_t *bc = json_object_get(b->configuration, "costs");
    json_t *nc = json_object_get(n->configuration, "costs");
    json_t *bcc = json_object_get(bc, "cycles"), *ncc = json_object_get(nc, "cycles");
    json_t *bcopy = json_copy(bc), *ncopy = json_copy(nc);
    json_object_del(bcopy, "cycles");
    json_object_del(ncopy, "cycles");
    object_differences(&costs, "costs", bcopy, ncopy);
    if (json_is_object(bcc) && json_is_object(ncc))
        object_differences(&costs, "costs.cycles", bcc, ncc);
    json_decref(bcopy);
    json_decref(ncopy);
    for (size_t i = 0; i < costs.n; i++) {
        cmp_result_note(res, "%s", costs.lines[i]);
        free(costs.lines[i]);
    }
    free(costs.lines);
}

static void differences_free(struct differences *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->lines[i]);
    free(d->lines);
}

/* ---- the command ---- */

static const struct {
    const char *name;
    int (*write)(FILE *out, const struct cmp_output *o);
} formats[] = {
    {"text", cmp_write_text},
    {"markdown", cmp_write_markdown},
    {"json", cmp_write_json},
};

struct writer_ctx {
    int (*write)(FILE *out, const struct cmp_output *o);
    const struct cmp_output *o;
};

static int write_comparison(FILE *out, void *ctx)
{
    const struct writer_ctx *w = ctx;
    return w->write(out, w->o);
}

static bool unused_rules(const struct cmp_rule *rules, size_t n, const char *option)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (rules[i].used)
            continue;
        fprintf(stderr, "vgicsim compare: --%s '%s=%g': '%s' names no statistic of either "
                "report (names look like delivery.p99, delivery.SPI.mean, "
                "trapped_access.GICD_ISENABLER.p90, counters.exits)\n", option,
                ESC(rules[i].pattern), rules[i].value, ESC(rules[i].pattern));
        any = true;
    }
    return any;
}

int cli_compare(int argc, char **argv)
{
    struct compare_args a = {.format = "text",
                             .limits = {.threshold_pct = 5.0, .min_samples = 1}};
    cli_argp_parse(&compare_argp, argc, argv, &a);
    int (*writer)(FILE *, const struct cmp_output *) = NULL;
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (strcmp(a.format, formats[i].name) == 0)
            writer = formats[i].write;
    if (!writer) {
        fprintf(stderr, "vgicsim compare: unknown format '%s' (text, markdown or json)\n",
                ESC(a.format));
        cmp_limits_free(&a.limits);
        return CLI_EXIT_INVALID;
    }

    const struct io_path in[] = {{a.files[0], "the base report"}, {a.files[1], "the new report"}};
    const struct io_path out[] = {{a.output, "-o"}};
    if (!output_paths_check("compare", in, 2, out, 1)) {
        cmp_limits_free(&a.limits);
        return CLI_EXIT_INVALID;
    }
    struct cmp_report base, cur;
    if (!cmp_report_load(a.files[0], &base)) {
        cmp_limits_free(&a.limits);
        return CLI_EXIT_INVALID;
    }
    if (!cmp_report_load(a.files[1], &cur)) {
        cmp_report_free(&base);
        cmp_limits_free(&a.limits);
        return CLI_EXIT_INVALID;
    }

    int status = CLI_EXIT_OK;
    struct cmp_result res = {0};
    struct differences scenario = {0}, config = {0};
    identity(&base, &cur, &scenario, &config, &res);
    if ((scenario.n || config.n) && !a.allow_different) {
        fprintf(stderr, "vgicsim compare: the reports are of different %s:\n",
                scenario.n ? "scenarios" : "configurations");
        /* JSON texts keep U+2028 and friends as they are: escaped as text here. */
        for (size_t i = 0; i < scenario.n; i++)
            fprintf(stderr, "  %s\n", ESCT(scenario.lines[i]));
        for (size_t i = 0; i < config.n; i++)
            fprintf(stderr, "  %s\n", ESCT(config.lines[i]));
        fprintf(stderr, "vgicsim compare: pass --allow-different to compare them anyway\n");
        status = CLI_EXIT_INVALID;
        goto out;
    }
    for (size_t i = 0; i < scenario.n; i++)
        cmp_result_note(&res, "different scenario: %s", scenario.lines[i]);
    for (size_t i = 0; i < config.n; i++)
        cmp_result_note(&res, "different configuration: %s", config.lines[i]);

    cmp_judge(&base, &cur, &a.limits, &res);
    /* Both lists are checked, so that every unused rule is named. */
    bool unused = unused_rules(a.limits.thresholds, a.limits.n_thresholds, "threshold");
    unused = unused_rules(a.limits.min_deltas, a.limits.n_min_deltas, "min-delta") || unused;
    if (unused) {
        status = CLI_EXIT_INVALID;
        goto out;
    }
    if (res.models_compared == 0) {
        fprintf(stderr, "vgicsim compare: the reports have no model in common (%s has %s, "
                "%s has %s)\n", ESC(a.files[0]), ESC(base.models[0].name), ESC(a.files[1]),
                ESC(cur.models[0].name));
        status = CLI_EXIT_INVALID;
        goto out;
    }
    struct cmp_output o = {
        .base = &base, .cur = &cur, .limits = &a.limits, .result = &res,
        .allow_different = a.allow_different,
        .exit_status = res.counts[CMP_REGRESSION] ? CLI_EXIT_FAILED : CLI_EXIT_OK,
    };
    struct writer_ctx w = {writer, &o};
    status = cli_write_output("compare", a.output, write_comparison, &w);
    if (status == CLI_EXIT_OK)
        status = o.exit_status;
out:
    differences_free(&scenario);
    differences_free(&config);
    cmp_result_free(&res);
    cmp_report_free(&base);
    cmp_report_free(&cur);
    cmp_limits_free(&a.limits);
    return status;
}
