/* SPDX-License-Identifier: GPL-2.0-only */
/* The progress line of long work (`vgicsim run`'s simulations, `vgicsim sweep`'s points):
 * "vgicsim sweep: 12/48 points (25 %), 3 s elapsed, about 9 s left", rewritten in place
 * on standard error, and only when standard error is a terminal, so that logs, pipes,
 * files and tests never see it and reports stay byte for byte the same. */
#ifndef VGICSIM_UTIL_PROGRESS_H
#define VGICSIM_UTIL_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
    bool enabled;            /* standard error is a terminal */
    bool shown;              /* a line is on the terminal now */
    uint64_t done, total;
    const char *command;     /* "run", "sweep" */
    const char *unit;        /* "simulations", "points" */
    double start, last;      /* monotonic seconds: the start, the last redraw */
};

/* Starts the line (drawn at once: "0/N UNIT") for `total` units of work. */
void progress_start(struct progress *p, const char *command, const char *unit, uint64_t total);
/* One more unit done: redrawn with the time left estimated from the time so far, at most
 * ten times a second (the first unit and the last are always drawn). */
void progress_step(struct progress *p);
/* Erases the line, so that a message can be printed (the next step draws it again). */
void progress_clear(struct progress *p);
/* The work is over: the line is erased. */
void progress_end(struct progress *p);

/* "12 s", "3 min 05 s", "2 h 07 min", into buf (at least 24 bytes). */
const char *progress_duration(double seconds, char *buf, unsigned size);

#endif
