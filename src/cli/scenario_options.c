/* SPDX-License-Identifier: GPL-2.0-only */
/* The options of the commands that run scenarios, as argp child parsers: the scenario
 * overrides (--set, --seed) that run, sweep and check share, and --model around them for
 * run and sweep; the model selection --model implies; and loading a scenario with its
 * overrides. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"
#include "util/escape.h"
#include "util/number.h"
#include "util/xalloc.h"

enum { OPT_SEED = 1000 };

static const struct argp_option override_options[] = {
    {"set", 's', "KEY=VALUE", 0,
     "Override a scenario value (dotted path, e.g. gic.list_registers=8, costs.trap=1500); "
     "may be repeated",
     0},
    {"seed", OPT_SEED, "N", 0, "Seed for every random choice (overrides the scenario's seed)", 0},
    {0},
};

void cli_sets_add_option(struct argp_state *state, struct cli_sets *s, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (eq && eq != arg) {
        cli_sets_add(s, arg);
        return;
    }
    /* `--set KEY VALUE`: the value would be taken for the scenario (or a second one). A
     * next argument that is a scenario (an existing file, a .yaml name) is not a value. */
    const char *next = state->next < state->argc ? state->argv[state->next] : NULL;
    size_t nlen = next ? strlen(next) : 0;
    bool scenario = next && (access(next, F_OK) == 0 ||
                             (nlen > 5 && strcmp(next + nlen - 5, ".yaml") == 0) ||
                             (nlen > 4 && strcmp(next + nlen - 4, ".yml") == 0));
    if (!eq && next && next[0] != '-' && !strchr(next, '=') && !scenario)
        argp_error(state, "--set expects KEY=VALUE, got '%s' (did you mean --set %s=%s?)",
                   ESC(arg), ESC(arg), ESC(next));
    argp_error(state, "--set expects KEY=VALUE (e.g. --set gic.list_registers=8), got '%s'",
               ESC(arg));
}

static error_t parse_override(int key, char *arg, struct argp_state *state)
{
    struct cli_overrides *o = state->input;
    switch (key) {
    case 's': cli_sets_add_option(state, &o->sets, arg); return 0;
    case OPT_SEED:   /* the scenario number syntax, as the file's seed: no wrap, no clamp */
        if (!number_parse_u64(arg, &o->seed))
            argp_error(state, "--seed expects a non-negative integer, got '%s'", ESC(arg));
        o->has_seed = true;
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

const struct argp cli_overrides_argp = {override_options, parse_override, NULL, NULL,
                                        NULL, NULL, NULL};

uint64_t cli_seed(const struct cli_overrides *o, const struct scenario *s)
{
    return o->has_seed ? o->seed : s->seed;
}

static const struct argp_option model_options[] = {
    /* The text names the registered models: model_help. */
    {"model", 'm', "MODEL", 0, "Which vGIC model runs the scenario", 0},
    {0},
};

/* --model's help names the models the registry holds, so that a model added in its own
 * folder appears here without a change to the command line (argp's help filter). */
static char *model_help(int key, const char *text, void *input)
{
    (void)input;
    if (key != 'm' || !text)
        return (char *)text;
    char *names = cli_model_names();
    char *help = xasprintf("%s: %s (`vgicsim --help` describes each), or both: every model, "
                           "in that order, side by side (`all` is the same). Default: both",
                           text, names);
    free(names);
    return help;
}

static error_t parse_model(int key, char *arg, struct argp_state *state)
{
    struct cli_scenario_opts *o = state->input;
    switch (key) {
    case ARGP_KEY_INIT:
        if (!o->model)
            o->model = "both";
        state->child_inputs[0] = &o->overrides;
        return 0;
    case 'm': o->model = arg; return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

/* Group 0 and no header: argp lists the overrides in --help among the command's own
 * options, sorted with them, not under a heading of their own. */
static const struct argp_child model_children[] = {{&cli_overrides_argp, 0, NULL, 0}, {0}};

const struct argp cli_scenario_argp = {model_options, parse_model, NULL, NULL,
                                       model_children, model_help, NULL};

size_t cli_select_models(const char *name, const struct vgic_model_ops **out)
{
    if (strcmp(name, "both") == 0 || strcmp(name, "all") == 0) {
        size_t n = vgic_model_count();   /* at most VGIC_MAX_MODELS: the registry's room */
        for (size_t i = 0; i < n; i++)
            out[i] = vgic_model_at(i);
        return n;
    }
    out[0] = vgic_model_by_name(name);
    return out[0] ? 1 : 0;
}

char *cli_model_names(void)
{
    char *names = xstrdup("");
    for (size_t i = 0; i < vgic_model_count(); i++) {
        char *next = xasprintf("%s%s%s", names, i ? ", " : "", vgic_model_at(i)->name);
        free(names);
        names = next;
    }
    return names;
}

bool cli_load_scenario(const char *path, const struct cli_sets *sets, struct scenario *out)
{
    struct diag_list diags;
    diag_init(&diags);
    bool ok = scenario_load(path, sets->items, sets->count, out, &diags);
    if (ok && !sim_validate(out, &diags)) {
        scenario_free(out);
        ok = false;
    }
    if (!ok)
        diag_print(&diags, stderr);
    diag_free(&diags);
    return ok;
}
