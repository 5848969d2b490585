/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer harness: --set overrides. Each line of the input is one KEY=VALUE argument
 * (at most 8), applied to a fixed scenario that has every section; a valid result is
 * run, bounded like fuzz_scenario.c (fuzz_run.c). Exercises override path parsing (map
 * keys, list indices, the lazily read trace, the costs shorthand) and --set locations. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_run.h"

enum { MAX_SETS = 8 };

static const char base[] =
    "version: 1\n"
    "name: fuzz-base\n"
    "seed: 3\n"
    "gic: {version: 3, vcpus: 4, spis: 64, list_registers: 2, hw_mapped: [27]}\n"
    "costs: kvm-gicv3-vhe\n"
    "guest: {mode: auto, handler: 500, handlers: {27: 100}, eoi_mode: 0, pmr: 0xff}\n"
    "trace:\n"
    "  - {at: 10, vcpu: 1, write: {reg: GICD_ISENABLER, n: 1, value: 0x100}}\n"
    "  - &p {pulse: {intid: 40}}\n"
    "  - *p\n"
    "  - {vcpu: 0, read: {reg: GICD_IPRIORITYR10, expect: 0xa0a0a0a0}}\n"
    "  - {vcpu: 2, sgi: {intid: 3, targets: [1, 3]}}\n"
    "  - {at: 500, line: {intid: 20, level: 1, vcpu: 2}}\n"
    "  - {check: {intid: 40, pending: false}}\n"
    "workload:\n"
    "  - {kind: periodic, intid: 27, vcpu: 0, period: 1000, count: 5}\n"
    "  - {kind: poisson, intid: [32, 63], mean_gap: 700, count: 20}\n"
    "  - {kind: ipi, intid: 1, from: 0, to: 3, period: 900, count: 4}\n"
    "expect:\n"
    "  acks: [{intid: 27, count: 5}]\n"
    "run: {until: 10000}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    const char *sets[MAX_SETS];
    size_t n = 0;
    for (char *line = text, *next; line && n < MAX_SETS; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        sets[n++] = line;  /* an argument may hold NUL-free text of any kind */
    }
    fuzz_load_and_run("base.yaml", base, sizeof(base) - 1, sets, n);
    free(text);
    return 0;
}
