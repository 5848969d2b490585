/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim: command-line entry point. Parses the global options, then hands the rest
 * of the command line to the subcommand. */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/model_registry.h"
#include "util/suggest.h"
#include "util/escape.h"
#include "util/version.h"
#include "util/xalloc.h"

/* --version: the release and the commit it was built from (util/version.h). */
static void print_version(FILE *out, struct argp_state *state)
{
    (void)state;
    fprintf(out, "vgicsim %s (commit %s)\n", vgicsim_version, vgicsim_commit);
}
void (*argp_program_version_hook)(FILE *, struct argp_state *) = print_version;
const char *argp_program_bug_address = NULL;

struct main_args {
    int command_index;   /* index in argv of the subcommand name, 0 if none */
};

/* -h is --help (argp's own short option for it is -?). */
static const struct argp_option main_options[] = {
    {NULL, 'h', NULL, OPTION_HIDDEN, NULL, 0},
    {0},
};

static error_t main_parse(int key, char *arg, struct argp_state *state)
{
    struct main_args *a = state->input;
    (void)arg;
    switch (key) {
    case 'h':
        argp_state_help(state, state->out_stream, ARGP_HELP_STD_HELP);   /* exits 0 */
        return 0;
    case ARGP_KEY_ARG:
        /* The first non-option is the command: everything after it belongs to it. */
        a->command_index = state->next - 1;
        state->next = state->argc;
        return 0;
    case ARGP_KEY_NO_ARGS:
        argp_error(state, "no command given");
        return 0;
    default:
        return ARGP_ERR_UNKNOWN;
    }
}

/* "  NAME       TEXT\n" with TEXT wrapped to the 79 columns of --help, its later lines
 * indented under its first (argp leaves lines that fit alone), appended to `doc`. */
static char *append_entry(char *doc, const char *name, const char *text)
{
    enum { INDENT = 13, WIDTH = 79 - INDENT };
    char *out = xasprintf("%s  %-10s ", doc, name);
    free(doc);
    while (*text) {
        size_t len = strlen(text), cut = len;
        if (len > WIDTH) {
            cut = WIDTH;
            while (cut > 0 && text[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = WIDTH;
        }
        char *next = xasprintf("%s%.*s\n%*s", out, (int)cut, text, text[cut] ? INDENT : 0, "");
        free(out);
        out = next;
        text += cut;
        while (*text == ' ')
            text++;
    }
    return out;
}

/* The commands, and the models the registry holds (a model added in its own folder is
 * listed without a change here). */
static char *commands_doc(void)
{
    char *doc = xstrdup("");
    for (size_t i = 0; i < cli_command_count; i++) {
        char *next = xasprintf("%s  %-10s %s\n", doc, cli_commands[i].name, cli_commands[i].summary);
        free(doc);
        doc = next;
    }
    char *models = xstrdup("");
    for (size_t i = 0; i < vgic_model_count(); i++) {
        const struct vgic_model_ops *m = vgic_model_at(i);
        models = append_entry(models, m->name, m->summary);
    }
    char *full = xasprintf(
        "A cycle-approximate simulator of the Arm virtual GIC (KVM's vgic).\v"
        "Commands:\n%s\n"
        "Models (run --model, sweep --model, check --lead and --against):\n%s\n"
        "Run 'vgicsim COMMAND --help' (or -h) for the options of a command. Scenario files follow the "
        "vgicsim scenario format, version 1 (docs/scenario-format.md).\n"
        "Exit status: 0 success, 1 failed expectation, 2 bad usage or invalid input.",
        doc, models);
    free(doc);
    free(models);
    return full;
}

int main(int argc, char **argv)
{
    argp_err_exit_status = CLI_EXIT_INVALID;
    char *doc = commands_doc();
    struct argp main_argp = {main_options, main_parse, "COMMAND [ARG...]", doc, NULL, NULL, NULL};
    struct main_args a = {0};
    argp_parse(&main_argp, argc, argv, ARGP_IN_ORDER, NULL, &a);
    free(doc);

    const char *name = argv[a.command_index];
    for (size_t i = 0; i < cli_command_count; i++) {
        if (strcmp(cli_commands[i].name, name) == 0) {
            /* Let the command's own argp name itself in messages: "vgicsim validate". */
            char *prog = xasprintf("%s %s", program_invocation_short_name, name);
            char **sub_argv = argv + a.command_index;
            char *saved = sub_argv[0];
            sub_argv[0] = prog;
            int status = cli_commands[i].run(argc - a.command_index, sub_argv);
            sub_argv[0] = saved;
            free(prog);
            return status;
        }
    }
    const char **names = xcalloc(cli_command_count + 1, sizeof(*names));
    for (size_t i = 0; i < cli_command_count; i++)
        names[i] = cli_commands[i].name;
    const char *hint = suggest_closest(name, names);
    if (hint)
        fprintf(stderr, "%s: unknown command '%s' (did you mean '%s'?)\n",
                program_invocation_short_name, ESC(name), hint);
    else
        fprintf(stderr, "%s: unknown command '%s'\n", program_invocation_short_name, ESC(name));
    fprintf(stderr, "Try '%s --help' for the list of commands.\n", program_invocation_short_name);
    free(names);
    return CLI_EXIT_INVALID;
}
