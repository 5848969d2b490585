/* SPDX-License-Identifier: GPL-2.0-only */
/* --jobs: how many simulations (run), scenarios (check) or worker processes (sweep) at
 * once. */
#include <sched.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/escape.h"
#include "util/number.h"

unsigned cli_jobs(unsigned requested)
{
    if (requested)
        return requested;
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

unsigned cli_parse_jobs(struct argp_state *state, const char *arg, const char *what)
{
    uint64_t n;   /* the number syntax of --seed and --repeat */
    if (!number_parse_u64(arg, &n) || n < 1 || n > CLI_MAX_JOBS)
        argp_error(state, "--jobs expects a number of %s from 1 to %d, got '%s'", what,
                   CLI_MAX_JOBS, ESC(arg));
    return (unsigned)n;
}
