/* SPDX-License-Identifier: GPL-2.0-only */
/* What the harnesses share: the scenario, override and lockstep harnesses' runs of their
 * decoded input, and the temporary files the command-level harnesses read. */
#ifndef VGICSIM_FUZZ_RUN_H
#define VGICSIM_FUZZ_RUN_H

#include <stddef.h>

/* Loads scenario text `name` with the --set arguments `sets`; a valid scenario is run on
 * every model with its end of time capped at 20 000 cycles (sim_run has no event
 * budget: the cap, SIM_MAX_EVENTS_PER_CYCLE and the queue bound of src/sim keep each
 * run short); every diagnostic must be located and format.  Aborts if no model
 * registered (the harness is linked wrongly). */
void fuzz_load_and_run(const char *name, const char *text, size_t len, const char *const *sets,
                       size_t n_sets);

/* Loads scenario text `name`; a valid scenario is run once in lockstep, the reference
 * model leading the performance core, with the same cap on its end of time.  A
 * divergence between the two is printed on standard error and aborts (a finding);
 * the scenario's own expectations failing is not one. */
void fuzz_load_and_check(const char *name, const char *text, size_t len);

/* Writes `n` bytes to a new temporary file under /tmp and returns its path (malloc'd; the
 * caller unlinks and frees it). Aborts if the file cannot be written. */
char *fuzz_write_temp(const void *p, size_t n);

#endif
