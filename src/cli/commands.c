/* SPDX-License-Identifier: GPL-2.0-only */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Every command, in the order `vgicsim --help` lists them. */
const struct cli_command cli_commands[] = {
    {"run", "run a scenario and report interrupt latency", cli_run},
    {"check", "run ref and perf in lockstep and report the first divergence", cli_check},
    {"compare", "flag latency regressions between two JSON reports", cli_compare},
    {"sweep", "what-if study: run every combination of varied values", cli_sweep},
    {"merge", "join the shards of a sweep into its table", cli_merge},
    {"sensitivity", "rank the cost operations by their effect on a metric", cli_sensitivity},
    {"plot", "plot the latency distribution of a JSON run report", cli_plot},
    {"validate", "load and check scenarios without running them", cli_validate},
    {"calibrate", "fit cost operations to a kvm-unit-tests micro-bench log", cli_calibrate},
    {"list", "list the presets, cost operations, releases, metrics or registers", cli_list},
};
const size_t cli_command_count = sizeof(cli_commands) / sizeof(cli_commands[0]);

/* The command's argp, wrapped by cli_argp_parse (one command line is parsed at a time). */
static const struct argp *wrapped;

static error_t help_parse(int key, char *arg, struct argp_state *state)
{
    if (key == 'h') {
        argp_state_help(state, state->out_stream, ARGP_HELP_STD_HELP);   /* exits 0 */
        return 0;
    }
    return wrapped->parser ? wrapped->parser(key, arg, state) : ARGP_ERR_UNKNOWN;
}

static bool option_is_end(const struct argp_option *o)
{
    return !o->key && !o->name && !o->doc && !o->group;
}

void cli_argp_parse(const struct argp *argp, int argc, char **argv, void *input)
{
    size_t n = 0;
    while (argp->options && !option_is_end(&argp->options[n]))
        n++;
    /* The command's options, then a hidden -h, then the end. */
    struct argp_option *options = xcalloc(n + 2, sizeof(*options));
    if (n)
        memcpy(options, argp->options, n * sizeof(*options));
    options[n] = (struct argp_option){.key = 'h', .flags = OPTION_HIDDEN};
    struct argp with_h = *argp;
    with_h.options = options;
    with_h.parser = help_parse;
    wrapped = argp;
    argp_parse(&with_h, argc, argv, 0, NULL, input);
    wrapped = NULL;
    free(options);
}

void cli_sets_add(struct cli_sets *s, const char *arg)
{
    s->items = xrealloc(s->items, (s->count + 1) * sizeof(*s->items));
    s->items[s->count++] = arg;
}

void cli_sets_free(struct cli_sets *s)
{
    free(s->items);
    s->items = NULL;
    s->count = 0;
}
