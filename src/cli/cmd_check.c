/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim check SCENARIO...: the lockstep differential run of the reference model against
 * the performance core (src/check/lockstep.h). */
#include <argp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "check/lockstep.h"
#include "cli/cli.h"
#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"
#include "util/escape.h"
#include "util/ordered_pool.h"
#include "util/xalloc.h"

struct check_args {
    struct cli_overrides overrides;
    const char *lead, *other;
    bool quiet;
    unsigned jobs;           /* 0: the default */
    char **files;
    int n_files;
};

enum { OPT_LEAD = 1001, OPT_AGAINST };

static const struct argp_option check_options[] = {
    {"quiet", 'q', NULL, 0, "Print nothing for scenarios that pass", 0},
    {"lead", OPT_LEAD, "MODEL", 0, "The model whose timing drives the run (default: ref)", 0},
    {"against", OPT_AGAINST, "MODEL", 0, "The model checked against it (default: perf)", 0},
    {"jobs", 'j', "N", 0,
     "Check up to N scenarios at once (default: the number of processors this process may "
     "use); the output is the same whatever N",
     0},
    {0},
};

static error_t check_parse(int key, char *arg, struct argp_state *state)
{
    struct check_args *a = state->input;
    switch (key) {
    case ARGP_KEY_INIT: state->child_inputs[0] = &a->overrides; return 0;
    case 'q': a->quiet = true; return 0;
    case 'j': a->jobs = cli_parse_jobs(state, arg, "scenarios"); return 0;
    case OPT_LEAD: a->lead = arg; return 0;
    case OPT_AGAINST: a->other = arg; return 0;
    case ARGP_KEY_ARGS:
        a->files = state->argv + state->next;
        a->n_files = state->argc - state->next;
        return 0;
    case ARGP_KEY_NO_ARGS: argp_error(state, "no scenario given"); return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

/* --set and --seed as run and sweep read them; not --model: --lead and --against name the
 * two models. */
static const struct argp_child check_children[] = {{&cli_overrides_argp, 0, NULL, 0}, {0}};

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
    check_children, NULL, NULL,
};

/* One scenario's check: loaded and run in lockstep on any thread, reported on the main
 * thread in the order of the command line (util/ordered_pool.h), so the output never
 * depends on --jobs. */
struct check_task {
    bool loaded;
    struct diag_list diags;
    struct scenario s;
    struct sim_result r;
};

struct check_plan {
    const struct check_args *a;
    const struct vgic_model_ops *ops, *lead, *other;
    struct check_task *tasks;    /* one per pool slot */
    int status;
};

static void check_one(size_t i, size_t slot, void *ctx)
{
    struct check_plan *p = ctx;
    struct check_task *t = &p->tasks[slot];
    diag_init(&t->diags);
    const struct cli_overrides *o = &p->a->overrides;
    t->loaded = scenario_load(p->a->files[i], o->sets.items, o->sets.count, &t->s, &t->diags);
    if (t->loaded && !sim_validate(&t->s, &t->diags)) {
        scenario_free(&t->s);
        t->loaded = false;
    }
    if (t->loaded)
        sim_run(&t->s, p->ops, cli_seed(o, &t->s), &t->r);
}

static void report_one(size_t i, size_t slot, void *ctx)
{
    struct check_plan *p = ctx;
    struct check_task *t = &p->tasks[slot];
    if (!t->loaded) {
        diag_print(&t->diags, stderr);
        diag_free(&t->diags);
        p->status = CLI_EXIT_INVALID;
        return;
    }
    diag_free(&t->diags);
    for (size_t k = 0; k < t->r.n_failures; k++) {
        const struct sim_failure *f = &t->r.failures[k];
        fprintf(stderr, "%s:%u:%u: %s\n", ESC(f->loc.file), f->loc.line, f->loc.col,
                ESCT(f->message));
    }
    uint64_t compared = vgic_counters_get(&t->r.counters, LOCKSTEP_OPERATIONS);
    if (t->r.n_failures) {
        if (p->status == CLI_EXIT_OK)
            p->status = CLI_EXIT_FAILED;
    } else if (!p->a->quiet) {
        printf("%s: %s and %s alike over %llu operations\n", ESC(p->a->files[i]), p->lead->name,
               p->other->name, (unsigned long long)compared);
    }
    sim_result_free(&t->r);
    scenario_free(&t->s);
}

int cli_check(int argc, char **argv)
{
    struct check_args a = {.lead = "ref", .other = "perf"};
    cli_argp_parse(&check_argp, argc, argv, &a);
    const struct vgic_model_ops *lead = vgic_model_by_name(a.lead);
    const struct vgic_model_ops *other = vgic_model_by_name(a.other);
    if (!lead || !other || lead == other) {
        char *names = cli_model_names();
        fprintf(stderr, "vgicsim check: --lead and --against name two different models "
                "(%s)\n", names);
        free(names);
        cli_sets_free(&a.overrides.sets);
        return CLI_EXIT_INVALID;
    }
    unsigned jobs = cli_jobs(a.jobs);
    size_t window = ordered_pool_window(jobs);
    struct lockstep_pair pair;
    struct check_plan plan = {
        .a = &a, .ops = lockstep_ops(&pair, lead, other), .lead = lead, .other = other,
        .tasks = xcalloc(window, sizeof(struct check_task)), .status = CLI_EXIT_OK,
    };
    ordered_pool_run((size_t)a.n_files, jobs, window, check_one, report_one, &plan);
    free(plan.tasks);
    cli_sets_free(&a.overrides.sets);
    return plan.status;
}
