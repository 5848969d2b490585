/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim check SCENARIO...: the lockstep differential run of the reference model against
 * the performance core (src/check/lockstep.h). */
#include <argp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/lockstep.h"
#include "cli/cli.h"
#include "model/model_registry.h"
#include "scenario/convert.h"
#include "sim/sim.h"

struct check_args {
    struct cli_sets sets;
    const char *lead, *other;
    bool has_seed;
    uint64_t seed;
    bool quiet;
    char **files;
    int n_files;
};

enum { OPT_SEED = 1000, OPT_LEAD, OPT_AGAINST };

static const struct argp_option check_options[] = {
    {"set", 's', "KEY=VALUE", 0,
     "Override a scenario value (dotted path, e.g. gic.list_registers=1); may be repeated", 0},
    {"seed", OPT_SEED, "N", 0, "Seed for every random choice (overrides the scenario's seed)",
     0},
    {"quiet", 'q', NULL, 0, "Print nothing for scenarios that pass", 0},
    {"lead", OPT_LEAD, "MODEL", 0, "The model whose timing drives the run (default: ref)", 0},
    {"against", OPT_AGAINST, "MODEL", 0, "The model checked against it (default: perf)", 0},
    {0},
};

static error_t check_parse(int key, char *arg, struct argp_state *state)
{
    struct check_args *a = state->input;
    switch (key) {
    case 's': cli_sets_add(&a->sets, arg); return 0;
    case 'q': a->quiet = true; return 0;
    case OPT_LEAD: a->lead = arg; return 0;
    case OPT_AGAINST: a->other = arg; return 0;
    case OPT_SEED:   /* read as `run --seed` reads it: no wrap, no silent clamp */
        if (!parse_u64_literal(arg, &a->seed))
            argp_error(state, "--seed expects a non-negative integer, got '%s'", arg);
        a->has_seed = true;
        return 0;
    case ARGP_KEY_ARGS:
        a->files = state->argv + state->next;
        a->n_files = state->argc - state->next;
        return 0;
    case ARGP_KEY_NO_ARGS: argp_error(state, "no scenario given"); return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp check_argp = {
    check_options, check_parse, "SCENARIO...",
    "Run each SCENARIO with the reference model (ref) and the performance core (perf) in "
    "lockstep: the same operations at the same cycles, the reference model's timing driving "
    "the run. After every operation the two are compared on what a guest or a device can "
    "observe: values read (registers, IAR), instances listed, maintenance interrupts, "
    "physical deactivations, halts, kicks (perf may leave out a kick while a notification "
    "is outstanding), the list registers and CPU-interface state; at the end, the state of "
    "every interrupt and CPU interface. Costs are not compared.\v"
    "The first divergence of a scenario is printed as FILE:LINE:COLUMN: divergence at "
    "cycle C: ..., located at the trace step or workload entry being played. The "
    "scenario's own expectations are checked too (against the reference model).\n"
    "Exit status: 0 when every scenario runs alike in both models, 1 on a divergence or a "
    "failed expectation, 2 on bad usage or an invalid scenario.",
    NULL, NULL, NULL,
};

int cli_check(int argc, char **argv)
{
    struct check_args a = {.lead = "ref", .other = "perf"};
    argp_parse(&check_argp, argc, argv, 0, NULL, &a);
    const struct vgic_model_ops *lead = vgic_model_by_name(a.lead);
    const struct vgic_model_ops *other = vgic_model_by_name(a.other);
    if (!lead || !other || lead == other) {
        fprintf(stderr, "vgicsim check: --lead and --against name two different models "
                "(ref, perf)\n");
        cli_sets_free(&a.sets);
        return CLI_EXIT_INVALID;
    }
    const struct vgic_model_ops *ops = lockstep_ops(lead, other);
    int status = CLI_EXIT_OK;
    for (int i = 0; i < a.n_files; i++) {
        struct scenario s;
        if (!cli_load_scenario(a.files[i], &a.sets, &s)) {
            status = CLI_EXIT_INVALID;
            continue;
        }
        struct sim_result r;
        sim_run(&s, ops, a.has_seed ? a.seed : s.seed, &r);
        for (size_t k = 0; k < r.n_failures; k++) {
            const struct sim_failure *f = &r.failures[k];
            fprintf(stderr, "%s:%u:%u: %s\n", f->loc.file, f->loc.line, f->loc.col, f->message);
        }
        uint64_t compared = 0;
        for (uint32_t k = 0; k < r.counters.n_extra; k++)
            if (strcmp(r.counters.extra[k].name, "lockstep_operations") == 0)
                compared = r.counters.extra[k].value;
        if (r.n_failures) {
            if (status == CLI_EXIT_OK)
                status = CLI_EXIT_FAILED;
        } else if (!a.quiet) {
            printf("%s: %s and %s alike over %llu operations\n", a.files[i], lead->name,
                   other->name, (unsigned long long)compared);
        }
        sim_result_free(&r);
        scenario_free(&s);
    }
    cli_sets_free(&a.sets);
    return status;
}
