/* SPDX-License-Identifier: GPL-2.0-only */
#include "bench_workloads.h"

#include <stdlib.h>

#include "splitmix64.h"

enum { CYCLES_PER_VCPU_INTERRUPT = 20000, BURST_SIZE = 32, DEVICE_SPIS = 8 };

/* The scenario's text is written with stdio into memory: open_text, fprintf, then
 * close_text returns it (malloc'd). */
static FILE *open_text(char **text, size_t *len)
{
    FILE *f = open_memstream(text, len);
    if (!f) {
        perror("bench");
        exit(3);
    }
    return f;
}

static char *close_text(FILE *f, char **text)
{
    if (fclose(f) != 0) {
        perror("bench");
        exit(3);
    }
    return *text;
}

static uint64_t at_least_1(uint64_t v) { return v ? v : 1; }

char *bench_generated_yaml(uint32_t vcpus, uint64_t interrupts)
{
    uint32_t spis = vcpus * 2 < 64 ? 64 : vcpus * 2 > 960 ? 960 : (vcpus * 2 + 31) / 32 * 32;
    uint64_t n_spi = at_least_1(interrupts * 85 / 100);
    uint64_t gap = at_least_1(CYCLES_PER_VCPU_INTERRUPT / vcpus);
    uint64_t span = n_spi * gap;
    char *text;
    size_t len;
    FILE *t = open_text(&text, &len);
    fprintf(t,
        "version: 1\nname: bench-generated-%u-vcpus\nseed: 7\n"
        "gic: {version: 3, vcpus: %u, spis: %u, list_registers: 4, hw_mapped: [27]}\n"
        "guest: {handler: 1500, handlers: {27: 700}}\nworkload:\n",
        vcpus, vcpus, spis);
    /* The device interrupts come from one device per DEVICE_SPIS SPIs, each a Poisson
     * generator (and so its own host thread: one injection at a time) with its share of
     * the rate, so that no device's injector is busier than its host path allows. */
    uint32_t devices = spis / DEVICE_SPIS;
    for (uint32_t d = 0; d < devices; d++)
        fprintf(t, "  - {kind: poisson, intid: [%u, %u], mean_gap: %llu, count: %llu}\n",
                32 + d * DEVICE_SPIS, 31 + (d + 1) * DEVICE_SPIS,
                (unsigned long long)(gap * devices),
                (unsigned long long)at_least_1(n_spi / devices));
    if (vcpus >= 2) {
        uint32_t pairs = vcpus / 2 < 8 ? vcpus / 2 : 8;
        uint64_t each = at_least_1(interrupts * 8 / 100 / pairs);
        for (uint32_t i = 0; i < pairs; i++) {
            uint32_t from = i * (vcpus / pairs), to = (from + vcpus / 2 + 1) % vcpus;
            fprintf(t, "  - {kind: ipi, intid: %u, from: %u, to: %u, start: %u, period: %llu, "
                       "count: %llu}\n",
                1 + i % 8, from, to, 100 + 37 * i, (unsigned long long)at_least_1(span / each),
                (unsigned long long)each);
        }
    }
    uint64_t timers = at_least_1(interrupts * 2 / 100);
    fprintf(t, "  - {kind: periodic, intid: 27, vcpu: 0, trigger: level, start: 1000, "
               "period: %llu, count: %llu}\n",
        (unsigned long long)at_least_1(span / timers), (unsigned long long)timers);
    if (vcpus > 1)
        fprintf(t, "  - {kind: periodic, intid: 27, vcpu: %u, trigger: level, start: 5000, "
                   "period: %llu, count: %llu}\n",
            vcpus - 1, (unsigned long long)at_least_1(span / timers), (unsigned long long)timers);
    uint64_t bursts = at_least_1(interrupts * 3 / 100 / BURST_SIZE);
    fprintf(t, "  - {kind: burst, intid: [32, %u], start: 20000, period: %llu, count: %llu}\n",
        31 + BURST_SIZE, (unsigned long long)at_least_1(span / bursts),
        (unsigned long long)bursts);
    return close_text(t, &text);
}

char *bench_burst_yaml(uint32_t size, uint32_t bursts)
{
    uint32_t spis = (size + 31) / 32 * 32;
    char *text;
    size_t len;
    FILE *t = open_text(&text, &len);
    fprintf(t,
        "version: 1\nname: bench-burst-%u\n"
        "gic: {version: 3, vcpus: 1, spis: %u, list_registers: 4}\n"
        "guest: {handler: 300}\nworkload:\n"
        "  - {kind: burst, intid: [32, %u], start: 1000, period: %llu, count: %u}\n",
        size, spis, 31 + size, (unsigned long long)size * 60000, bursts);
    return close_text(t, &text);
}

bool bench_write_trace(FILE *out, uint64_t steps)
{
    enum { VCPUS = 8 };
    fprintf(out, "version: 1\nname: bench-trace-%llu-steps\n"
                 "gic: {version: 3, vcpus: %d, spis: 64, list_registers: 4}\n"
                 "guest: {handler: 1500}\ntrace:\n",
            (unsigned long long)steps, VCPUS);
    uint64_t rng = 42, at = 1000;
    for (uint64_t i = 0; i < steps; i++) {
        uint64_t r = bench_splitmix64(&rng);
        at += 1 + r % 5000; /* mean 2 500 */
        unsigned roll = (unsigned)(r >> 32) % 100, v = (unsigned)(r >> 40) % VCPUS;
        if (roll < 80)
            fprintf(out, "  - {at: %llu, pulse: {intid: %u}}\n", (unsigned long long)at,
                    32 + (unsigned)(r >> 48) % 64);
        else if (roll < 95)
            fprintf(out, "  - {at: %llu, vcpu: %u, sgi: {intid: %u, targets: [%u]}}\n",
                    (unsigned long long)at, v, (unsigned)(r >> 48) % 16,
                    (v + 1 + (unsigned)(r >> 52) % (VCPUS - 1)) % VCPUS);
        else
            fprintf(out, "  - {at: %llu, vcpu: %u, write: {reg: GICD_ISENABLER, n: 1, "
                         "value: 0x1}}\n",
                    (unsigned long long)at, v);
    }
    return fflush(out) == 0 && !ferror(out);
}
