/* vgicsim compare BASE.json NEW.json: latency regression check between two JSON
 * reports of `vgicsim run --format json`. */
#include <argp.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "report/json_report.h"
#include "report/report_data.h"

struct compare_args {
    double threshold;
    const char *files[2];
    int n_files;
};

enum { OPT_THRESHOLD = 't' };

static const struct argp_option compare_options[] = {
    {"threshold", OPT_THRESHOLD, "PCT", 0,
     "A statistic that grew by more than PCT percent is a regression, one that shrank by "
     "more is an improvement (default 5)",
     0},
    {0},
};

static error_t compare_parse(int key, char *arg, struct argp_state *state)
{
    struct compare_args *a = state->input;
    switch (key) {
    case OPT_THRESHOLD: {
        char *end;
        errno = 0;
        a->threshold = strtod(arg, &end);
        if (errno || *end || end == arg || !(a->threshold >= 0) || isinf(a->threshold))
            argp_error(state, "--threshold expects a non-negative percentage, got '%s'", arg);
        return 0;
    }
    case ARGP_KEY_ARG:
        if (a->n_files == 2)
            argp_error(state, "compare takes two reports; '%s' is a third", arg);
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
    "Compare two JSON reports written by `vgicsim run --format json` and flag latency "
    "regressions: for every model present in both, the mean, p50, p90, p99 and p99.9 of "
    "delivery, injection, service and trapped-access latency, overall and by INTID class. "
    "Simulations are deterministic, so any difference is caused by the change, not by "
    "noise; the threshold says how much change matters.\v"
    "Exit status: 0 when nothing regressed, 1 when something did, 2 on bad usage or a file "
    "that is not a report (JSON syntax errors are located as FILE:LINE:COLUMN).",
    NULL, NULL, NULL,
};

static json_t *load_report(const char *path)
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root) {
        if (err.line < 1)
            fprintf(stderr, "%s: error: %s\n", path, err.text);
        else
            fprintf(stderr, "%s:%d:%d: error: not valid JSON: %s\n", path, err.line,
                    err.column < 1 ? 1 : err.column, err.text);
        return NULL;
    }
    json_t *fmt = json_object_get(root, "report_format");
    if (!json_is_object(root) || !json_is_integer(fmt) ||
        !json_is_array(json_object_get(root, "models"))) {
        fprintf(stderr, "%s: error: not a vgicsim JSON report (write one with "
                "'vgicsim run --format json')\n", path);
        json_decref(root);
        return NULL;
    }
    if (json_integer_value(fmt) != JSON_REPORT_FORMAT) {
        fprintf(stderr, "%s: error: report format %" JSON_INTEGER_FORMAT " is not supported "
                "(this vgicsim reads format %d)\n", path, json_integer_value(fmt),
                JSON_REPORT_FORMAT);
        json_decref(root);
        return NULL;
    }
    return root;
}

static json_t *find_model(json_t *root, const char *name)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(root, "models"), i, m)
        if (json_is_string(json_object_get(m, "model")) &&
            strcmp(json_string_value(json_object_get(m, "model")), name) == 0)
            return m;
    return NULL;
}

struct tally {
    unsigned compared, regressions, improvements;
    double threshold;
};

static double number(json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* Compares one latency summary ({count, mean, p50, ...}) of both reports. */
static void compare_summary(struct tally *t, const char *model, const char *metric,
                            const char *group, json_t *base, json_t *cur)
{
    static const char *const stats[] = {"mean", "p50", "p90", "p99", "p99.9"};
    if (!json_is_object(base) || !json_is_object(cur))
        return;
    if (!(number(json_object_get(base, "count")) > 0) ||
        !(number(json_object_get(cur, "count")) > 0))
        return;
    for (size_t i = 0; i < sizeof(stats) / sizeof(stats[0]); i++) {
        double b = number(json_object_get(base, stats[i]));
        double n = number(json_object_get(cur, stats[i]));
        if (isnan(b) || isnan(n))
            continue;
        t->compared++;
        double change = b > 0 ? (n - b) / b * 100.0 : (n > 0 ? INFINITY : 0.0);
        const char *verdict = NULL;
        if (change > t->threshold) {
            verdict = "REGRESSION";
            t->regressions++;
        } else if (change < -t->threshold) {
            verdict = "improved";
            t->improvements++;
        }
        if (verdict)
            printf("  %-6s %-15s %-4s %-6s %12.1f %12.1f %+9.2f%%  %s\n", model, metric, group,
                   stats[i], b, n, change, verdict);
    }
}

static void compare_model(struct tally *t, const char *name, json_t *base, json_t *cur)
{
    json_t *bl = json_object_get(base, "latency"), *nl = json_object_get(cur, "latency");
    for (int m = 0; m < REPORT_METRICS; m++)
        compare_summary(t, name, report_metric_names[m], "all",
                        json_object_get(bl, report_metric_names[m]),
                        json_object_get(nl, report_metric_names[m]));
    json_t *bc = json_object_get(bl, "by_class"), *nc = json_object_get(nl, "by_class");
    for (int k = 0; k < 3; k++)
        for (int m = 0; m < REPORT_METRICS - 1; m++)
            compare_summary(t, name, report_metric_names[m], report_class_names[k],
                            json_object_get(json_object_get(bc, report_class_names[k]),
                                            report_metric_names[m]),
                            json_object_get(json_object_get(nc, report_class_names[k]),
                                            report_metric_names[m]));
}

static const char *scenario_name(json_t *root)
{
    json_t *n = json_object_get(json_object_get(root, "scenario"), "name");
    return json_is_string(n) ? json_string_value(n) : "?";
}

int cli_compare(int argc, char **argv)
{
    struct compare_args a = {.threshold = 5.0};
    argp_parse(&compare_argp, argc, argv, 0, NULL, &a);
    json_t *base = load_report(a.files[0]);
    json_t *cur = base ? load_report(a.files[1]) : NULL;
    if (!base || !cur) {
        json_decref(base);
        return CLI_EXIT_INVALID;
    }
    if (strcmp(scenario_name(base), scenario_name(cur)) != 0)
        fprintf(stderr, "vgicsim compare: note: the reports are of different scenarios ('%s' "
                "and '%s')\n", scenario_name(base), scenario_name(cur));

    struct tally t = {.threshold = a.threshold};
    printf("comparing %s (base) with %s (new), threshold %.2f%%\n", a.files[0], a.files[1],
           a.threshold);
    printf("  %-6s %-15s %-4s %-6s %12s %12s %10s\n", "model", "metric", "group", "stat", "base",
           "new", "change");
    size_t i;
    json_t *m;
    unsigned models = 0;
    json_array_foreach(json_object_get(cur, "models"), i, m) {
        json_t *name = json_object_get(m, "model");
        if (!json_is_string(name))
            continue;
        json_t *b = find_model(base, json_string_value(name));
        if (!b) {
            printf("  model %s: not in the base report, not compared\n", json_string_value(name));
            continue;
        }
        models++;
        compare_model(&t, json_string_value(name), b, m);
    }
    printf("%u statistics of %u model%s compared: %u regression%s, %u improvement%s\n",
           t.compared, models, models == 1 ? "" : "s", t.regressions,
           t.regressions == 1 ? "" : "s", t.improvements, t.improvements == 1 ? "" : "s");
    json_decref(base);
    json_decref(cur);
    return t.regressions ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}
