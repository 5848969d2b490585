/* SPDX-License-Identifier: GPL-2.0-only */
#include "cli/cli.h"

#include <stdlib.h>

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
};
const size_t cli_command_count = sizeof(cli_commands) / sizeof(cli_commands[0]);

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
