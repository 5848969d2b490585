/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim merge PART.json...: the parts of a sharded sweep (`vgicsim sweep --shard K/N
 * --format json`) joined into the table an unsharded run prints, byte for byte. */
#include <argp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "plot/gnuplot.h"
#include "sweep/sweep.h"
#include "util/escape.h"
#include "util/output_paths.h"
#include "util/xalloc.h"

struct merge_args {
    const char *format;
    const char *output;
    const char *plot;
    const char **metric;
    size_t n_metric;
    const char *unit;
    const char **parts;
    size_t n_parts;
};

enum { OPT_PLOT = 1001, OPT_METRIC, OPT_UNIT };

static const struct argp_option merge_options[] = {
    {"format", 'f', "FORMAT", 0, "Table format: text (default), csv or json", 0},
    {"output", 'o', "FILE", 0, "Write the table to FILE ('-': standard output, the default)", 0},
    {"plot", OPT_PLOT, "FILE", 0,
     "Also plot the table with gnuplot into FILE (.svg, .png or .pdf), as `sweep --plot` "
     "(and with its time limit, VGICSIM_GNUPLOT_TIMEOUT)", 0},
    {"metric", OPT_METRIC, "NAME[,NAME...]", 0,
     "What --plot draws and the text and CSV tables show besides their usual columns, as "
     "for `sweep --metric`: a column the parts have (the standard ones, and those their "
     "sweep's --metric added)", 0},
    {"unit", OPT_UNIT, "UNIT", 0, "Latencies in cycles or ns, as for `sweep --unit`", 0},
    {0},
};

static error_t merge_parse(int key, char *arg, struct argp_state *state)
{
    struct merge_args *a = state->input;
    switch (key) {
    case 'f': a->format = arg; return 0;
    case 'o': a->output = arg; return 0;
    case OPT_PLOT: a->plot = arg; return 0;
    case OPT_METRIC:
        a->metric = xrealloc(a->metric, (a->n_metric + 1) * sizeof(*a->metric));
        a->metric[a->n_metric++] = arg;
        return 0;
    case OPT_UNIT: a->unit = arg; return 0;
    case ARGP_KEY_ARG:
        a->parts = xrealloc(a->parts, (a->n_parts + 1) * sizeof(*a->parts));
        a->parts[a->n_parts++] = arg;
        return 0;
    case ARGP_KEY_END:
        if (!a->n_parts)
            argp_error(state, "no part given");
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp merge_argp = {
    merge_options, merge_parse, "PART.json...",
    "Join the parts of a sharded sweep (each made by `vgicsim sweep --shard K/N --format "
    "json`, in any order) into the table of the whole sweep: the same bytes as one "
    "unsharded `vgicsim sweep` with the same options prints, in any --format.\v"
    "The parts must come from one sweep: the same scenario content, --set, --seed, "
    "--model and --vary options, the same vgicsim build and the same N, every shard "
    "exactly once.\n"
    "Exit status: 0; 2 on bad usage, a part that cannot be read or is not a sweep table, "
    "larger than 64 MiB, parts of different sweeps, a missing or repeated shard, a table "
    "or plot that could not be written, or an output (-o, --plot) that is a part or the "
    "other output.",
    NULL, NULL, NULL,
};

struct part {
    struct sweep_header h;
    struct sweep_row *rows;
    size_t n_rows;
};

/* Checks that the parts are the N shards of one sweep; sorts them by shard index. */
static bool check_parts(struct part *parts, size_t n, const char *const *paths,
                        size_t *order)
{
    const struct sweep_header *first = &parts[0].h;
    if (n != first->shard.count) {
        fprintf(stderr, "vgicsim merge: the sweep was cut into %" PRIu64 " shards; %zu part%s "
                "given\n", first->shard.count, n, n == 1 ? " is" : "s are");
        if (n < first->shard.count) {
            bool *seen = xcalloc(first->shard.count, sizeof(*seen));
            for (size_t i = 0; i < n; i++)
                if (parts[i].h.shard.count == first->shard.count)
                    seen[parts[i].h.shard.index - 1] = true;
            for (uint64_t k = 0; k < first->shard.count; k++)
                if (!seen[k]) {
                    fprintf(stderr, "vgicsim merge: shard %" PRIu64 "/%" PRIu64
                            " is missing\n", k + 1, first->shard.count);
                    break;
                }
            free(seen);
        }
        return false;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        char *why = sweep_header_mismatch(first, &parts[i].h);
        if (why) {
            fprintf(stderr, "vgicsim merge: %s and %s are not parts of one sweep: they are "
                    "%s\n", ESC(paths[0]), ESC(paths[i]), ESCT(why));
            free(why);
            return false;
        }
        size_t k = (size_t)(parts[i].h.shard.index - 1);
        if (order[k] != SIZE_MAX) {
            fprintf(stderr, "vgicsim merge: %s and %s are both shard %zu/%zu\n",
                    ESC(paths[order[k]]), ESC(paths[i]), k + 1, n);
            return false;
        }
        order[k] = i;
    }
    return true;
}

int cli_merge(int argc, char **argv)
{
    struct merge_args a = {.format = "text"};
    cli_argp_parse(&merge_argp, argc, argv, &a);
    int status = CLI_EXIT_INVALID;
    enum sweep_format format;
    enum sweep_unit unit;
    struct sweep_metrics metrics = {0};
    struct plot_target plot = {.tmp_fd = -1};
    struct part *parts = xcalloc(a.n_parts, sizeof(*parts));
    size_t *order = xcalloc(a.n_parts, sizeof(*order));
    size_t n_read = 0;
    struct sweep_row *rows = NULL;
    const char *table_path = a.output && strcmp(a.output, "-") != 0 ? a.output : NULL;

    if (!sweep_output_options("merge", a.format, a.unit, &format, &unit))
        goto done;
    if (a.plot && strcmp(a.plot, "-") == 0 && !table_path) {
        fprintf(stderr, "vgicsim merge: --plot - and the table cannot both go to standard "
                "output; give -o FILE for the table\n");
        goto done;
    }
    struct io_path *in = xcalloc(a.n_parts, sizeof(*in));
    for (size_t i = 0; i < a.n_parts; i++)
        in[i] = (struct io_path){a.parts[i], "the part"};
    const struct io_path out[] = {{a.output, "-o"}, {a.plot, "--plot"}};
    bool distinct = output_paths_check("merge", in, a.n_parts, out, 2);
    free(in);
    if (!distinct)
        goto done;
    if (a.plot && !plot_target_open(&plot, a.plot, "merge"))
        goto done;
    for (; n_read < a.n_parts; n_read++)
        if (!sweep_table_read(a.parts[n_read], "merge", &parts[n_read].h, &parts[n_read].rows,
                              &parts[n_read].n_rows))
            goto done;
    if (!check_parts(parts, a.n_parts, a.parts, order))
        goto done;

    /* The metrics: columns the parts have. */
    const struct sweep_header *h = &parts[order[0]].h;
    const char *mc[VGIC_MAX_MODELS * VGIC_MAX_EXTRA_COUNTERS];
    size_t n_mc = sweep_columns_model_counters(&h->columns, mc, sizeof(mc) / sizeof(mc[0]));
    char *err = NULL;
    bool ok = true;
    for (size_t i = 0; i < a.n_metric && ok; i++)
        ok = sweep_metrics_parse(a.metric[i], mc, n_mc, &metrics, &err);
    if (ok && metrics.n == 0)
        ok = sweep_metrics_parse("delivery", NULL, 0, &metrics, &err);
    struct sweep_columns *cols = (struct sweep_columns *)&h->columns;
    if (ok)
        ok = sweep_metrics_place(&metrics, cols, false, &err);
    if (!ok) {
        fprintf(stderr, "vgicsim merge: %s\n", err);
        free(err);
        goto done;
    }

    /* Shard K holds points K-1, K-1+N, ...: deal the rows back into point order. */
    size_t n_models = h->n_models, n = a.n_parts;
    uint64_t n_rows = h->space.n_points * n_models;
    rows = xcalloc(n_rows + 1, sizeof(*rows));
    for (uint64_t p = 0; p < h->space.n_points; p++) {
        const struct part *pt = &parts[order[p % n]];
        memcpy(&rows[p * n_models], &pt->rows[(p / n) * n_models], n_models * sizeof(*rows));
    }
    /* The merged table is the whole sweep: shard 1 of 1, as an unsharded run says. */
    struct sweep_header whole = *h;
    whole.shard = (struct sweep_shard){1, 1};
    struct sweep_table table = {&whole, rows, n_rows};
    if (sweep_output_write("merge", table_path, &table, format, unit, a.plot ? &plot : NULL,
                           &metrics))
        status = CLI_EXIT_OK;

done:
    plot_target_close(&plot);
    free(rows);
    for (size_t i = 0; i < n_read; i++) {
        sweep_header_free(&parts[i].h);
        sweep_rows_free(parts[i].rows, parts[i].n_rows);
        free(parts[i].rows);
    }
    free(parts);
    free(order);
    sweep_metrics_free(&metrics);
    free(a.metric);
    free(a.parts);
    return status;
}
