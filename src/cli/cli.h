/* SPDX-License-Identifier: GPL-2.0-only */
/* The subcommands of the vgicsim command line and their shared conventions. */
#ifndef VGICSIM_CLI_CLI_H
#define VGICSIM_CLI_CLI_H

#include <argp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/vgic_model.h"
#include "scenario/scenario.h"
#include "util/output_file.h"

/* Exit statuses (spec section 9). */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAILED = 1,     /* an expectation failed, a divergence, a regression */
    CLI_EXIT_INVALID = 2,    /* bad usage or invalid input */
    /* 3: out of memory. Not returned by a command: util/xalloc.c and engine/fiber.c exit
     * with it at once, wherever an allocation fails (docs/scenario-format.md, "Memory of
     * a run", says when a valid run can meet it). */
};

struct cli_command {
    const char *name;
    const char *summary;     /* one line for `vgicsim --help` */
    /* argv[0] is the command name; returns the process exit status. */
    int (*run)(int argc, char **argv);
};

extern const struct cli_command cli_commands[];
extern const size_t cli_command_count;

/* argp_parse(argp, argc, argv, 0, NULL, input) with -h accepted as --help (argp's own
 * short option for it is -?): every command parses its command line through this. */
void cli_argp_parse(const struct argp *argp, int argc, char **argv, void *input);

int cli_validate(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_sensitivity(int argc, char **argv);
int cli_plot(int argc, char **argv);
int cli_calibrate(int argc, char **argv);
int cli_list(int argc, char **argv);

/* --jobs N: at most CLI_MAX_JOBS; `requested` (0: not given) or else the processors
 * this process may run on. */
enum { CLI_MAX_JOBS = 1024 };
unsigned cli_jobs(unsigned requested);
/* N in 1..CLI_MAX_JOBS, or argp_error: "--jobs expects a number of WHAT from 1 to 1024". */
unsigned cli_parse_jobs(struct argp_state *state, const char *arg, const char *what);

/* Repeated --set KEY=VALUE options, collected in order. */
struct cli_sets {
    const char **items;
    size_t count;
};
void cli_sets_add(struct cli_sets *s, const char *arg);
void cli_sets_free(struct cli_sets *s);
/* A --set option's argument, checked first: without "KEY=" it is refused at once (argp_error,
 * exit 2), with "did you mean --set KEY=VALUE?" when the next argument looks like its
 * value, instead of that value being taken for a scenario file. */
void cli_sets_add_option(struct argp_state *state, struct cli_sets *s, const char *arg);

/* --set and --seed, the scenario overrides every command that runs scenarios takes (run,
 * sweep, check), defined and read in one place: add cli_overrides_argp as an argp child
 * whose input is a struct cli_overrides. */
struct cli_overrides {
    struct cli_sets sets;
    bool has_seed;
    uint64_t seed;
};
extern const struct argp cli_overrides_argp;
/* The seed a run uses: --seed, or else the scenario's own. */
uint64_t cli_seed(const struct cli_overrides *o, const struct scenario *s);

/* The overrides and --model, for the commands that run the models one at a time (run,
 * sweep): add cli_scenario_argp (cli_overrides_argp is its child) as an argp child whose
 * input is a struct cli_scenario_opts. `check` runs two models against each other, named
 * by its own --lead and --against, so it takes cli_overrides_argp alone. */
struct cli_scenario_opts {
    struct cli_overrides overrides;
    const char *model;       /* "both" unless given */
};
extern const struct argp cli_scenario_argp;
/* The models `name` selects into `out` (room for VGIC_MAX_MODELS, the registry's
 * capacity): a model's name, or "both" (the contract's name, from when there were two) or
 * "all": every model vgicsim has, in their order. Returns how many; 0 for an unknown name. */
size_t cli_select_models(const char *name, const struct vgic_model_ops **out);
/* The registered models' names, "ref, perf" (malloc'd), for help and messages. */
char *cli_model_names(void);

/* Loads the scenario at `path` with the --set overrides `sets`; on failure prints every
 * problem (FILE:LINE:COLUMN: error: ...) on standard error and returns false (`out` is
 * then empty; scenario_free is still safe). */
bool cli_load_scenario(const char *path, const struct cli_sets *sets, struct scenario *out);

/* Writes a command's output to `path` (NULL or "-": standard output) through `write`
 * (util/output_file.h: complete or nothing). Returns an exit status: CLI_EXIT_INVALID
 * after printing "vgicsim COMMAND: cannot write WHAT: reason" on any failure. */
static inline int cli_write_output(const char *command, const char *path,
                                   output_writer *write, void *ctx)
{
    return output_file_write(command, path, write, ctx) ? CLI_EXIT_OK : CLI_EXIT_INVALID;
}

/* The path of an installed data file ("scenarios/default.yaml"): under the installed
 * binary's ../share/vgicsim, or else in the source tree the binary was built from.
 * Malloc'd. */
char *cli_data_path(const char *relative);

#endif
