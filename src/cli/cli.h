/* The subcommands of the vgicsim command line and their shared conventions. */
#ifndef VGICSIM_CLI_CLI_H
#define VGICSIM_CLI_CLI_H

#include <stddef.h>

/* Exit statuses (spec section 9). */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAILED = 1,     /* an expectation failed, a divergence, a regression */
    CLI_EXIT_INVALID = 2,    /* bad usage or invalid input */
};

struct cli_command {
    const char *name;
    const char *summary;     /* one line for `vgicsim --help` */
    /* argv[0] is the command name; returns the process exit status. */
    int (*run)(int argc, char **argv);
};

extern const struct cli_command cli_commands[];
extern const size_t cli_command_count;

int cli_validate(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_sweep(int argc, char **argv);

/* Repeated --set KEY=VALUE options, collected in order. */
struct cli_sets {
    const char **items;
    size_t count;
};
void cli_sets_add(struct cli_sets *s, const char *arg);
void cli_sets_free(struct cli_sets *s);

#endif
