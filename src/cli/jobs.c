/* SPDX-License-Identifier: GPL-2.0-only */
/* --jobs: how many simulations (run) or worker processes (sweep) at once. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"

unsigned cli_default_jobs(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

unsigned cli_parse_jobs(struct argp_state *state, const char *arg, const char *what)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(arg, &end, 10);
    if (errno || *end || !*arg || arg[0] < '0' || arg[0] > '9' || n < 1 || n > CLI_MAX_JOBS)
        argp_error(state, "--jobs expects a number of %s from 1 to %d, got '%s'", what,
                   CLI_MAX_JOBS, arg);
    return (unsigned)n;
}
