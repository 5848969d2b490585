/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim validate SCENARIO...: load and check only. */
#include <argp.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/escape.h"

struct validate_args {
    struct cli_sets sets;
    bool quiet;
    char **files;
    int n_files;
};

static const struct argp_option validate_options[] = {
    {"set", 's', "KEY=VALUE", 0,
     "Override a scenario value before validating (dotted path, e.g. gic.list_registers=8, "
     "costs.trap=1500, guest.handlers.27=500); may be repeated",
     0},
    {"quiet", 'q', NULL, 0, "Print nothing for valid scenarios (errors are still printed)", 0},
    {0},
};

static error_t validate_parse(int key, char *arg, struct argp_state *state)
{
    struct validate_args *a = state->input;
    switch (key) {
    case 's': cli_sets_add_option(state, &a->sets, arg); return 0;
    case 'q': a->quiet = true; return 0;
    case ARGP_KEY_ARGS:
        a->files = state->argv + state->next;
        a->n_files = state->argc - state->next;
        return 0;
    case ARGP_KEY_NO_ARGS: argp_error(state, "no scenario given"); return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp validate_argp = {
    validate_options, validate_parse, "SCENARIO...",
    "Load each SCENARIO ('-': standard input) and check it against the scenario format "
    "(version 1) without running it. Every problem is printed as FILE:LINE:COLUMN: error: "
    "MESSAGE; all problems of a file are listed, not only the first.\v"
    "Exit status: 0 if every scenario is valid, 2 if any is invalid or the command line is "
    "wrong. Errors in the N-th --set option are located as --set:N:COLUMN.",
    NULL, NULL, NULL,
};

static void describe(const struct scenario *s)
{
    printf("%s: valid: '%s', GICv%d, %u vCPU%s, %u SPIs, %u list registers; %zu trace step%s, "
           "%zu generator%s\n",
           ESC(s->path), ESC(s->name), (int)s->gic.version, s->gic.vcpus,
           s->gic.vcpus == 1 ? "" : "s",
           s->gic.spis, s->gic.list_registers, s->n_steps, s->n_steps == 1 ? "" : "s",
           s->n_generators, s->n_generators == 1 ? "" : "s");
}

int cli_validate(int argc, char **argv)
{
    struct validate_args a = {0};
    cli_argp_parse(&validate_argp, argc, argv, &a);
    int status = CLI_EXIT_OK;
    for (int i = 0; i < a.n_files; i++) {
        struct scenario s;
        if (cli_load_scenario(a.files[i], &a.sets, &s)) {
            if (!a.quiet)
                describe(&s);
            scenario_free(&s);
        } else {
            status = CLI_EXIT_INVALID;
        }
    }
    cli_sets_free(&a.sets);
    /* A summary that could not be written (a full disk, a closed standard output) must
     * not pass for a successful validation. */
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "vgicsim validate: cannot write the standard output: %s\n",
                strerror(errno ? errno : EIO));
        return CLI_EXIT_INVALID;
    }
    return status;
}
