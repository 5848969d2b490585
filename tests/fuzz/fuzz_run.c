/* SPDX-License-Identifier: GPL-2.0-only */
#include "fuzz_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/lockstep.h"
#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"

enum { FUZZ_UNTIL = 20000 };

/* Ends the run at FUZZ_UNTIL at the latest. */
static void cap_until(struct scenario *s)
{
    if (!s->has_until || s->until > FUZZ_UNTIL) {
        s->has_until = true;
        s->until = FUZZ_UNTIL;
    }
}

static void free_diags(struct diag_list *d)
{
    for (size_t i = 0; i < d->count; i++)
        free(diag_format(&d->items[i]));
    diag_free(d);
}

void fuzz_load_and_run(const char *name, const char *text, size_t len, const char *const *sets,
                       size_t n_sets)
{
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    if (scenario_load_text(name, text, len, sets, n_sets, &s, &d)) {
        cap_until(&s);
        /* Every model vgicsim has (ref, perf): each must survive the same input. */
        if (vgic_model_count() == 0)
            abort();
        for (size_t m = 0; m < vgic_model_count(); m++) {
            struct sim_result r;
            sim_run(&s, vgic_model_at(m), s.seed, &r);
            sim_result_free(&r);
        }
        scenario_free(&s);
    }
    free_diags(&d);
}

/* The lockstep checker reports its first divergence as a run failure with this prefix
 * (src/sim/sim.c, hook_diverged); other failures are the scenario's own expectations. */
static const char divergence_prefix[] = "divergence at cycle ";

void fuzz_load_and_check(const char *name, const char *text, size_t len)
{
    const struct vgic_model_ops *ref = vgic_model_by_name("ref");
    const struct vgic_model_ops *perf = vgic_model_by_name("perf");
    if (!ref || !perf)
        abort(); /* linked without the models */
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    if (scenario_load_text(name, text, len, NULL, 0, &s, &d)) {
        cap_until(&s);
        struct sim_result r;
        sim_run(&s, lockstep_ops(ref, perf), s.seed, &r);
        for (size_t i = 0; i < r.n_failures; i++) {
            const struct sim_failure *f = &r.failures[i];
            if (strncmp(f->message, divergence_prefix, sizeof(divergence_prefix) - 1) == 0) {
                fprintf(stderr, "fuzz_lockstep: %s:%u:%u: %s\n", f->loc.file, f->loc.line,
                        f->loc.col, f->message);
                abort();
            }
        }
        sim_result_free(&r);
        scenario_free(&s);
    }
    free_diags(&d);
}
