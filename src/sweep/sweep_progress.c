/* SPDX-License-Identifier: GPL-2.0-only */
/* The progress line of a long sweep: "vgicsim sweep: 12/48 points", rewritten in place
 * on standard error, and only when standard error is a terminal, so that logs, pipes
 * and tests never see it. */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "sweep/sweep.h"

static void draw(const struct sweep_progress *p)
{
    fprintf(stderr, "\rvgicsim %s: %" PRIu64 "/%" PRIu64 " points", p->command, p->done,
            p->total);
    fflush(stderr);
}

void sweep_progress_start(struct sweep_progress *p, const char *command, uint64_t total)
{
    *p = (struct sweep_progress){.enabled = isatty(STDERR_FILENO) == 1, .total = total,
                                 .command = command};
    if (p->enabled)
        draw(p);
}

void sweep_progress_step(struct sweep_progress *p)
{
    p->done++;
    /* At most about a thousand redraws, however many points. */
    uint64_t every = p->total / 1000 + 1;
    if (p->enabled && (p->done % every == 0 || p->done == p->total))
        draw(p);
}

void sweep_progress_end(struct sweep_progress *p)
{
    /* Erase the line: what follows (errors, the table on the same terminal) starts clean. */
    if (p->enabled) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
}
