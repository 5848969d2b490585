/* vgicsim sweep SCENARIO --vary KEY=V1,V2,...: a what-if study over the cartesian
 * product of the values, as a table (text, CSV or JSON) and optionally a plot. */
#include <argp.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "report/latency_stats.h"
#include "report/report_data.h"
#include "scenario/load.h"
#include "sim/sim.h"
#include "util/xalloc.h"

struct vary {
    const char *key;     /* points into the argument */
    size_t key_len;
    char **values;
    size_t n_values;
};

struct sweep_args {
    struct cli_scenario_opts common;
    struct vary *vary;
    size_t n_vary;
    const char *format;
    const char *output;
    const char *plot;
    const char *scenario;
};

enum { OPT_PLOT = 1001 };

static const struct argp_option sweep_options[] = {
    {"vary", 'v', "KEY=V1,V2,...", 0,
     "A scenario value to vary (dotted path as for --set) and its values; repeat it to vary "
     "several, every combination is run",
     0},
    {"format", 'f', "FORMAT", 0, "Table format: text (default), csv or json", 0},
    {"output", 'o', "FILE", 0, "Write the table to FILE instead of standard output", 0},
    {"plot", OPT_PLOT, "FILE.png", 0,
     "Also plot delivery latency (p50 and p99) against the first varied key with gnuplot", 0},
    {0},
};

static const struct argp_child sweep_children[] = {{&cli_scenario_argp, 0, NULL, 0}, {0}};

/* Splits "KEY=V1,V2" at top-level commas (commas inside [] or {} belong to a value). */
static bool parse_vary(struct sweep_args *a, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1])
        return false;
    struct vary v = {.key = arg, .key_len = (size_t)(eq - arg)};
    const char *p = eq + 1, *start = p;
    int depth = 0;
    for (;; p++) {
        if (*p == '[' || *p == '{')
            depth++;
        else if ((*p == ']' || *p == '}') && depth > 0)
            depth--;
        if (*p == '\0' || (*p == ',' && depth == 0)) {
            if (p == start)
                return false;
            v.values = xrealloc(v.values, (v.n_values + 1) * sizeof(*v.values));
            v.values[v.n_values++] = xstrndup(start, (size_t)(p - start));
            if (*p == '\0')
                break;
            start = p + 1;
        }
    }
    a->vary = xrealloc(a->vary, (a->n_vary + 1) * sizeof(*a->vary));
    a->vary[a->n_vary++] = v;
    return true;
}

static error_t sweep_parse(int key, char *arg, struct argp_state *state)
{
    struct sweep_args *a = state->input;
    switch (key) {
    case 'v':
        if (!parse_vary(a, arg))
            argp_error(state, "--vary expects KEY=V1,V2,... with non-empty values, got '%s'", arg);
        return 0;
    case ARGP_KEY_INIT: state->child_inputs[0] = &a->common; return 0;
    case 'f': a->format = arg; return 0;
    case 'o': a->output = arg; return 0;
    case OPT_PLOT: a->plot = arg; return 0;
    case ARGP_KEY_ARG:
        if (a->scenario)
            argp_error(state, "sweep takes one scenario; '%s' is a second one", arg);
        a->scenario = arg;
        return 0;
    case ARGP_KEY_END:
        if (!a->scenario)
            argp_error(state, "no scenario given");
        if (!a->n_vary)
            argp_error(state, "say what to vary with --vary KEY=V1,V2,...");
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp sweep_argp = {
    sweep_options, sweep_parse, "SCENARIO",
    "Run SCENARIO once for every combination of the --vary values (e.g. --vary "
    "gic.list_registers=2,4,8 --vary costs.trap=600,1200) and tabulate interrupt latency "
    "and the hypervisor's counters per combination. Every combination is validated before "
    "anything runs.\v"
    "Exit status: 0; 2 on bad usage, an invalid combination (located as --set:N:COLUMN "
    "for the N-th override of that run, varied keys last), or a plot that could not be made.",
    sweep_children, NULL, NULL,
};

/* One row of the table. */
struct sweep_row {
    size_t *choice;            /* index of each varied key's value */
    const char *model;
    struct lat_summary delivery, injection, service;
    struct vgic_counters counters;
    uint64_t delivered, undelivered;
    size_t failures;
};

static void build_sets(const struct sweep_args *a, const size_t *choice, const char ***out,
                       size_t *n)
{
    const struct cli_sets *base = &a->common.sets;
    *n = base->count + a->n_vary;
    *out = xcalloc(*n, sizeof(**out));
    for (size_t i = 0; i < base->count; i++)
        (*out)[i] = base->items[i];
    for (size_t k = 0; k < a->n_vary; k++)
        (*out)[base->count + k] = xasprintf("%.*s=%s", (int)a->vary[k].key_len, a->vary[k].key,
                                              a->vary[k].values[choice[k]]);
}

static void free_sets(const struct sweep_args *a, const char **sets)
{
    for (size_t k = 0; k < a->n_vary; k++)
        free((char *)sets[a->common.sets.count + k]);
    free(sets);
}

/* Advances `choice` to the next combination (last key fastest); false after the last. */
static bool next_choice(const struct sweep_args *a, size_t *choice)
{
    for (size_t k = a->n_vary; k-- > 0;) {
        if (++choice[k] < a->vary[k].n_values)
            return true;
        choice[k] = 0;
    }
    return false;
}

static void write_text(FILE *out, const struct sweep_args *a, const struct sweep_row *rows,
                       size_t n)
{
    for (size_t k = 0; k < a->n_vary; k++)
        fprintf(out, "%-*.*s ", (int)(a->vary[k].key_len > 12 ? a->vary[k].key_len : 12),
                (int)a->vary[k].key_len, a->vary[k].key);
    fprintf(out, "%-5s %9s %9s %9s %9s %9s %9s %7s %7s %7s %5s\n", "model", "delivered",
            "dlv_p50", "dlv_p99", "dlv_mean", "inj_p50", "svc_p50", "exits", "maint", "lr_ovf",
            "fail");
    for (size_t i = 0; i < n; i++) {
        const struct sweep_row *r = &rows[i];
        for (size_t k = 0; k < a->n_vary; k++)
            fprintf(out, "%-*s ", (int)(a->vary[k].key_len > 12 ? a->vary[k].key_len : 12),
                    a->vary[k].values[r->choice[k]]);
        fprintf(out, "%-5s %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9.1f %9" PRIu64 " %9" PRIu64
                " %7" PRIu64 " %7" PRIu64 " %7" PRIu64 " %5zu\n",
                r->model, r->delivered, r->delivery.p50, r->delivery.p99, r->delivery.mean,
                r->injection.p50, r->service.p50, r->counters.exits,
                r->counters.maintenance_irqs, r->counters.lr_overflows, r->failures);
    }
}

static void write_csv(FILE *out, const struct sweep_args *a, const struct sweep_row *rows,
                      size_t n)
{
    for (size_t k = 0; k < a->n_vary; k++)
        fprintf(out, "%.*s,", (int)a->vary[k].key_len, a->vary[k].key);
    fprintf(out, "model,delivered,undelivered,delivery_p50,delivery_p99,delivery_mean,"
            "injection_p50,injection_p99,service_p50,exits,kicks,maintenance_interrupts,"
            "lr_overflows,expectation_failures\n");
    for (size_t i = 0; i < n; i++) {
        const struct sweep_row *r = &rows[i];
        for (size_t k = 0; k < a->n_vary; k++) {
            const char *v = a->vary[k].values[r->choice[k]];
            /* Values with commas or quotes (YAML lists) are quoted as CSV wants. */
            if (strpbrk(v, ",\"")) {
                fputc('"', out);
                for (const char *p = v; *p; p++) {
                    if (*p == '"')
                        fputc('"', out);
                    fputc(*p, out);
                }
                fputs("\",", out);
            } else {
                fprintf(out, "%s,", v);
            }
        }
        fprintf(out, "%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.1f,%" PRIu64 ",%" PRIu64
                ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%zu\n",
                r->model, r->delivered, r->undelivered, r->delivery.p50, r->delivery.p99,
                r->delivery.mean, r->injection.p50, r->injection.p99, r->service.p50,
                r->counters.exits, r->counters.kicks, r->counters.maintenance_irqs,
                r->counters.lr_overflows, r->failures);
    }
}

static json_t *summary_json(const struct lat_summary *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "count", json_integer((json_int_t)s->count));
    json_object_set_new(o, "mean", json_real(s->mean));
    json_object_set_new(o, "p50", json_integer((json_int_t)s->p50));
    json_object_set_new(o, "p90", json_integer((json_int_t)s->p90));
    json_object_set_new(o, "p99", json_integer((json_int_t)s->p99));
    json_object_set_new(o, "max", json_integer((json_int_t)s->max));
    return o;
}

static int write_json(FILE *out, const struct sweep_args *a, const char *scenario,
                      const struct sweep_row *rows, size_t n)
{
    json_t *root = json_object();
    json_object_set_new(root, "vgicsim", json_string(VGICSIM_VERSION));
    json_object_set_new(root, "scenario", json_string(scenario));
    json_t *keys = json_array();
    for (size_t k = 0; k < a->n_vary; k++)
        json_array_append_new(keys, json_stringn(a->vary[k].key, a->vary[k].key_len));
    json_object_set_new(root, "varied", keys);
    json_t *runs = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct sweep_row *r = &rows[i];
        json_t *o = json_object();
        json_t *vals = json_object();
        for (size_t k = 0; k < a->n_vary; k++)
            json_object_set_new(vals, json_string_value(json_array_get(keys, k)),
                                json_string(a->vary[k].values[r->choice[k]]));
        json_object_set_new(o, "values", vals);
        json_object_set_new(o, "model", json_string(r->model));
        json_object_set_new(o, "delivered", json_integer((json_int_t)r->delivered));
        json_object_set_new(o, "undelivered", json_integer((json_int_t)r->undelivered));
        json_object_set_new(o, "delivery", summary_json(&r->delivery));
        json_object_set_new(o, "injection", summary_json(&r->injection));
        json_object_set_new(o, "service", summary_json(&r->service));
        json_t *c = json_object();
        json_object_set_new(c, "kicks", json_integer((json_int_t)r->counters.kicks));
        json_object_set_new(c, "exits", json_integer((json_int_t)r->counters.exits));
        json_object_set_new(c, "maintenance_interrupts",
                            json_integer((json_int_t)r->counters.maintenance_irqs));
        json_object_set_new(c, "lr_overflows", json_integer((json_int_t)r->counters.lr_overflows));
        json_object_set_new(o, "counters", c);
        json_object_set_new(o, "expectation_failures", json_integer((json_int_t)r->failures));
        json_array_append_new(runs, o);
    }
    json_object_set_new(root, "runs", runs);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    fputc('\n', out);
    json_decref(root);
    return rc;
}

struct sweep_output {
    const struct sweep_args *a;
    const struct sweep_row *rows;
    size_t n;
};

static int write_table(FILE *out, void *ctx)
{
    const struct sweep_output *o = ctx;
    if (strcmp(o->a->format, "csv") == 0)
        write_csv(out, o->a, o->rows, o->n);
    else if (strcmp(o->a->format, "json") == 0)
        return write_json(out, o->a, o->a->scenario, o->rows, o->n);
    else
        write_text(out, o->a, o->rows, o->n);
    return ferror(out) ? -1 : 0;
}

/* Writes text inside a gnuplot single-quoted string ('' stands for one quote). */
static void gp_text(FILE *g, const char *s, size_t len)
{
    for (size_t i = 0; i < len && s[i]; i++) {
        if (s[i] == '\'')
            fputc('\'', g);
        fputc(s[i], g);
    }
}

/* gnuplot draws delivery p50 and p99 against the first varied key, one pair of lines
 * per combination of the other keys. The data and script go to a temporary folder. */
static int make_plot(const struct sweep_args *a, const struct sweep_row *rows, size_t n,
                     size_t per_model)
{
    char dir[] = "/tmp/vgicsim-plot-XXXXXX";
    if (!mkdtemp(dir)) {
        fprintf(stderr, "vgicsim sweep: cannot make a temporary folder: %s\n", strerror(errno));
        return CLI_EXIT_INVALID;
    }
    char *data = xasprintf("%s/data", dir), *script = xasprintf("%s/plot.gp", dir);
    FILE *d = fopen(data, "w"), *g = fopen(script, "w");
    int status = CLI_EXIT_INVALID;
    if (!d || !g) {
        fprintf(stderr, "vgicsim sweep: cannot write the plot data: %s\n", strerror(errno));
        goto out;
    }
    size_t first = a->vary[0].n_values, series = n / first;
    (void)per_model;
    /* Rows come with the first key slowest: series s is rows s, s + series, ... */
    for (size_t s = 0; s < series; s++) {
        fprintf(d, "# series %zu\n", s);
        for (size_t x = 0; x < first; x++) {
            const struct sweep_row *r = &rows[x * series + s];
            /* The x label is a double-quoted gnuplot data field: no quotes inside. */
            fprintf(d, "%zu \"", x);
            for (const char *c = a->vary[0].values[x]; *c; c++)
                fputc(*c == '"' ? '\'' : *c, d);
            fprintf(d, "\" %" PRIu64 " %" PRIu64 "\n", r->delivery.p50, r->delivery.p99);
        }
        fprintf(d, "\n\n");
    }
    fprintf(g, "set terminal pngcairo size 1000,600 noenhanced\nset output '");
    gp_text(g, a->plot, strlen(a->plot));
    fprintf(g, "'\nset title 'delivery latency vs ");
    gp_text(g, a->vary[0].key, a->vary[0].key_len);
    fprintf(g, "'\nset xlabel '");
    gp_text(g, a->vary[0].key, a->vary[0].key_len);
    fprintf(g, "'\nset ylabel 'cycles'\nset grid\nset key outside right\n");
    /* Latencies that span orders of magnitude (a list register too few) read better on a
     * logarithmic axis. */
    uint64_t lo = UINT64_MAX, hi = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].delivery.count && rows[i].delivery.p50 < lo)
            lo = rows[i].delivery.p50;
        if (rows[i].delivery.p99 > hi)
            hi = rows[i].delivery.p99;
    }
    if (lo > 0 && lo != UINT64_MAX && hi / lo >= 50)
        fprintf(g, "set logscale y\n");
    fprintf(g, "plot ");
    for (size_t s = 0; s < series; s++) {
        char label[256] = "";
        size_t used = 0;
        const struct sweep_row *r = &rows[s];
        for (size_t k = 1; k < a->n_vary && used < sizeof(label) - 1; k++)
            used += (size_t)snprintf(label + used, sizeof(label) - used, "%s%.*s=%s ",
                                     "", (int)a->vary[k].key_len, a->vary[k].key,
                                     a->vary[k].values[r->choice[k]]);
        used += (size_t)snprintf(label + used, sizeof(label) - used, "%s", r->model);
        fprintf(g, "%s'%s' index %zu using 1:3:xtic(2) with linespoints title '", s ? ", " : "",
                data, s);
        gp_text(g, label, strlen(label));
        fprintf(g, " p50', '%s' index %zu using 1:4:xtic(2) with linespoints dashtype 2 title '",
                data, s);
        gp_text(g, label, strlen(label));
        fprintf(g, " p99'");
    }
    fprintf(g, "\n");
    fclose(d);
    fclose(g);
    d = g = NULL;
    char *cmd = xasprintf("gnuplot '%s' 2>&1", script);
    int rc = system(cmd);
    free(cmd);
    if (rc != 0)
        fprintf(stderr, "vgicsim sweep: gnuplot failed (exit %d); is it installed? "
                "(tools/install-deps.sh installs it)\n", rc);
    else
        status = CLI_EXIT_OK;
out:
    if (d)
        fclose(d);
    if (g)
        fclose(g);
    remove(data);
    remove(script);
    rmdir(dir);
    free(data);
    free(script);
    return status;
}

int cli_sweep(int argc, char **argv)
{
    struct sweep_args a = {.format = "text"};
    argp_parse(&sweep_argp, argc, argv, 0, NULL, &a);
    int status = CLI_EXIT_OK;

    const struct vgic_model_ops *models[CLI_MAX_MODELS];
    size_t n_models = cli_select_models(a.common.model, models);
    if (!n_models || (strcmp(a.format, "text") && strcmp(a.format, "csv") && strcmp(a.format, "json"))) {
        fprintf(stderr, "vgicsim sweep: %s '%s'\n", n_models ? "unknown format" : "unknown model",
                n_models ? a.format : a.common.model);
        status = CLI_EXIT_INVALID;
        goto done;
    }

    /* Load (and so validate) every combination first. */
    size_t n_combos = 1;
    for (size_t k = 0; k < a.n_vary; k++)
        n_combos *= a.vary[k].n_values;
    struct scenario *scn = xcalloc(n_combos, sizeof(*scn));
    size_t *choices = xcalloc(n_combos * a.n_vary, sizeof(*choices));
    size_t *choice = xcalloc(a.n_vary, sizeof(*choice));
    size_t loaded = 0;
    bool ok = true;
    do {
        const char **sets;
        size_t n_sets;
        build_sets(&a, choice, &sets, &n_sets);
        struct diag_list diags;
        diag_init(&diags);
        if (!scenario_load(a.scenario, sets, n_sets, &scn[loaded], &diags)) {
            diag_print(&diags, stderr);
            ok = false;
        }
        diag_free(&diags);
        free_sets(&a, sets);
        memcpy(&choices[loaded * a.n_vary], choice, a.n_vary * sizeof(*choice));
        loaded++;
    } while (ok && next_choice(&a, choice));

    if (ok) {
        size_t n_rows = n_combos * n_models;
        struct sweep_row *rows = xcalloc(n_rows, sizeof(*rows));
        for (size_t i = 0; i < n_combos; i++) {
            for (size_t mi = 0; mi < n_models; mi++) {
                struct sim_result r;
                sim_run(&scn[i], models[mi], cli_seed(&a.common, &scn[i]), &r);
                struct sweep_row *row = &rows[i * n_models + mi];
                row->choice = &choices[i * a.n_vary];
                row->model = models[mi]->name;
                lat_summarise(rec_stats(r.rec, REC_DELIVERY), &row->delivery);
                lat_summarise(rec_stats(r.rec, REC_INJECTION), &row->injection);
                lat_summarise(rec_stats(r.rec, REC_SERVICE), &row->service);
                struct rec_counts c;
                rec_get_counts(r.rec, &c);
                row->delivered = c.delivered;
                row->undelivered = c.undelivered;
                row->counters = r.counters;
                row->failures = r.n_failures;
                sim_result_free(&r);
            }
        }
        struct sweep_output output = {&a, rows, n_rows};
        status = cli_write_output("sweep", a.output, write_table, &output);
        if (status == CLI_EXIT_OK && a.plot)
            status = make_plot(&a, rows, n_rows, n_models);
        free(rows);
    } else {
        status = CLI_EXIT_INVALID;
    }
    for (size_t i = 0; i < loaded; i++)
        scenario_free(&scn[i]);
    free(scn);
    free(choices);
    free(choice);
done:
    for (size_t k = 0; k < a.n_vary; k++) {
        for (size_t i = 0; i < a.vary[k].n_values; i++)
            free(a.vary[k].values[i]);
        free(a.vary[k].values);
    }
    free(a.vary);
    cli_sets_free(&a.common.sets);
    return status;
}
