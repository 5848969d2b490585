/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer harness: a scenario file's text -> load and validate -> a bounded run.
 *
 * Anything may come in; nothing may crash, hang, leak or trip a sanitizer. A valid
 * scenario is run on every model with its end of time capped at FUZZ_UNTIL
 * cycles (sim_run has no event budget: the cap, SIM_MAX_EVENTS_PER_CYCLE and the
 * queue bound of src/sim keep each run short). Built by tools/fuzz.sh with clang
 * -fsanitize=fuzzer,address,undefined; ctest runs the saved inputs of corpus/ through
 * the same function with standalone.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"

enum { FUZZ_UNTIL = 20000 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    if (scenario_load_text("fuzz.yaml", (const char *)data, size, NULL, 0, &s, &d)) {
        if (!s.has_until || s.until > FUZZ_UNTIL) {
            s.has_until = true;
            s.until = FUZZ_UNTIL;
        }
        /* Every model vgicsim has (ref, perf): each must survive the same input. */
        if (vgic_model_count() == 0)
            abort();  /* the models did not register: the harness is linked wrongly */
        for (size_t m = 0; m < vgic_model_count(); m++) {
            struct sim_result r;
            sim_run(&s, vgic_model_at(m), s.seed, &r);
            sim_result_free(&r);
        }
        scenario_free(&s);
    }
    /* Every diagnostic is located and formats. */
    for (size_t i = 0; i < d.count; i++) {
        char *msg = diag_format(&d.items[i]);
        free(msg);
    }
    diag_free(&d);
    return 0;
}
