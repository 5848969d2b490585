/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer harness: a scenario file's text -> load -> a bounded lockstep run of the
 * reference model against the performance core (src/check/lockstep.h, what `vgicsim
 * check` runs).
 *
 * The two models must behave alike on every valid scenario, whatever a fuzzer makes of
 * it, so a divergence is a finding like a crash: the harness prints it and aborts.
 * (fuzz_scenario runs each model on its own and only asks that nothing crash.)  Built
 * by tools/fuzz.sh; ctest replays the saved inputs and the scenario corpora through the
 * same function with standalone.c. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load_and_check("fuzz.yaml", (const char *)data, size);
    return 0;
}
