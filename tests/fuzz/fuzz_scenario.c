/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer harness: a scenario file's text -> load and validate -> a bounded run.
 *
 * Anything may come in; nothing may crash, hang, leak or trip a sanitizer. A valid
 * scenario is run on every model with its end of time capped (fuzz_run.c). Built by
 * tools/fuzz.sh with clang -fsanitize=fuzzer,address,undefined; ctest runs the saved
 * inputs of corpus/ through the same function with standalone.c. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load_and_run("fuzz.yaml", (const char *)data, size, NULL, 0);
    return 0;
}
