/* SPDX-License-Identifier: GPL-2.0-only */
/* Latency recorder throughput: how many interrupt instances per second of wall
 * time the recorder follows through raised -> listed -> acked -> completed, on
 * the same 8-vCPU mix of SGIs, PPIs and SPIs as tests/unit/test_recorder.c's
 * bounded-memory test (which asserts what is recorded, never how fast).
 *   bench_recorder [INSTANCES] [REPEATS]     defaults 10000000 and 5 */
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "record/recorder.h"

static double one_run(uint32_t n)
{
    struct recorder *r = recorder_create(8, 128);
    uint64_t t = 0;
    double t0 = bench_now();
    for (uint32_t i = 0; i < n; i++) {
        uint32_t vcpu = i & 7;
        uint32_t id = 32 + (i % 96);
        int32_t bank = -1;
        if (i % 5 == 0) {
            id = i % 32;
            bank = (int32_t)vcpu;
        }
        rec_raised(r, bank, id, t);
        rec_listed(r, vcpu, id, t + 50 + i % 7);
        rec_acked(r, vcpu, id, t + 300 + i % 1000);
        rec_completed(r, vcpu, id, t + 2000 + i % 3000);
        t += 10;
    }
    double secs = bench_now() - t0;
    recorder_free(r);
    return secs;
}

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 10000000u;
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    if (n == 0 || repeats < 1 || repeats > 100) {
        fprintf(stderr, "usage: bench_recorder [INSTANCES>0] [REPEATS 1..100]\n");
        return 2;
    }
    double secs[100];
    for (int k = 0; k < repeats; k++)
        secs[k] = one_run(n);
    double median = bench_median(secs, (size_t)repeats);
    printf("recorder: %u instances, median of %d: %.3f s, %.1f M instances/s\n", n, repeats,
           median, n / median / 1e6);
    return 0;
}
