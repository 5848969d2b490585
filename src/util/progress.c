/* SPDX-License-Identifier: GPL-2.0-only */
#include "util/progress.h"

#include <inttypes.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *progress_duration(double seconds, char *buf, unsigned size)
{
    uint64_t s = seconds < 0 ? 0 : (uint64_t)(seconds + 0.5);
    if (s < 60)
        snprintf(buf, size, "%" PRIu64 " s", s);
    else if (s < 3600)
        snprintf(buf, size, "%" PRIu64 " min %02" PRIu64 " s", s / 60, s % 60);
    else
        snprintf(buf, size, "%" PRIu64 " h %02" PRIu64 " min", s / 3600, s / 60 % 60);
    return buf;
}

static void draw(struct progress *p, double t)
{
    char elapsed[24], left[24];
    double spent = t - p->start;
    fprintf(stderr, "\rvgicsim %s: %" PRIu64 "/%" PRIu64 " %s (%d %%), %s elapsed", p->command,
            p->done, p->total, p->unit, (int)(100 * p->done / (p->total ? p->total : 1)),
            progress_duration(spent, elapsed, sizeof(elapsed)));
    if (p->done && p->done < p->total)
        fprintf(stderr, ", about %s left",
                progress_duration(spent * (double)(p->total - p->done) / (double)p->done, left,
                                  sizeof(left)));
    fputs("\033[K", stderr);   /* the end of a longer line drawn before */
    fflush(stderr);
    p->shown = true;
    p->last = t;
}

void progress_start(struct progress *p, const char *command, const char *unit, uint64_t total)
{
    *p = (struct progress){.enabled = isatty(STDERR_FILENO) == 1, .total = total,
                           .command = command, .unit = unit};
    if (!p->enabled)
        return;
    p->start = now();
    draw(p, p->start);
}

void progress_step(struct progress *p)
{
    p->done++;
    if (!p->enabled)
        return;
    double t = now();
    if (p->done == 1 || p->done == p->total || !p->shown || t - p->last >= 0.1)
        draw(p, t);
}

void progress_clear(struct progress *p)
{
    if (p->enabled && p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p->shown = false;
    }
}

void progress_end(struct progress *p)
{
    progress_clear(p);
}
