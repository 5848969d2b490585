/* SPDX-License-Identifier: GPL-2.0-only */
#include "fuzz_run.h"

#include <stdlib.h>

#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"

enum { FUZZ_UNTIL = 20000 };

void fuzz_load_and_run(const char *name, const char *text, size_t len, const char *const *sets,
                       size_t n_sets)
{
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    if (scenario_load_text(name, text, len, sets, n_sets, &s, &d)) {
        if (!s.has_until || s.until > FUZZ_UNTIL) {
            s.has_until = true;
            s.until = FUZZ_UNTIL;
        }
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
    for (size_t i = 0; i < d.count; i++)
        free(diag_format(&d.items[i]));
    diag_free(&d);
}
