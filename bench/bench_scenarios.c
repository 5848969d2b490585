/* SPDX-License-Identifier: GPL-2.0-only */
/* Writes the scenarios of the speed figures (bench/lib/bench_workloads.c) as YAML
 * files into DIR, so that two builds' `vgicsim` can run exactly the same simulations
 * (bench/compare-main.sh).  Needs only bench/lib/bench_workloads.c and the C library.
 *   bench_scenarios DIR [TRACE_STEPS]     (default 1000000)
 * Files: gen-V-N.yaml (V = 8, 64, 512 vCPUs; N = 200000, 2000000 interrupts),
 * burst-S.yaml (S = 4, 16, 64, 240, 960 SPIs; about 60 000 interrupts each),
 * trace-STEPS.yaml. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_workloads.h"

static int write_file(const char *dir, const char *name, char *text)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    int ok = f && fputs(text, f) >= 0;
    ok = f && fclose(f) == 0 && ok;
    free(text);
    if (!ok)
        fprintf(stderr, "bench_scenarios: cannot write %s\n", path);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    /* An option is not a directory: `bench_scenarios --help` prints the usage instead of
     * trying to write into "--help/". */
    if (argc < 2 || argc > 3 || argv[1][0] == '-') {
        bool help = argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
        fprintf(help ? stdout : stderr,
                "usage: bench_scenarios DIR [TRACE_STEPS]\n"
                "writes gen-V-N.yaml, burst-S.yaml and trace-TRACE_STEPS.yaml (default "
                "1000000 steps) into DIR\n");
        return help ? 0 : 2;
    }
    const char *dir = argv[1];
    char *end;
    unsigned long long steps = argc > 2 ? strtoull(argv[2], &end, 10) : 1000000;
    if (argc > 2 && (*end || steps == 0)) {
        fprintf(stderr, "bench_scenarios: invalid step count '%s'\n", argv[2]);
        return 2;
    }
    int bad = 0;
    char name[64];
    static const uint32_t vcpus[] = {8, 64, 512};
    static const uint64_t sizes[] = {200000, 2000000};
    for (int v = 0; v < 3; v++)
        for (int k = 0; k < 2; k++) {
            snprintf(name, sizeof(name), "gen-%u-%" PRIu64 ".yaml", vcpus[v], sizes[k]);
            bad |= write_file(dir, name, bench_generated_yaml(vcpus[v], sizes[k]));
        }
    static const uint32_t bursts[] = {4, 16, 64, 240, 960};
    for (int b = 0; b < 5; b++) {
        snprintf(name, sizeof(name), "burst-%u.yaml", bursts[b]);
        bad |= write_file(dir, name, bench_burst_yaml(bursts[b], (60000 + bursts[b] - 1) / bursts[b]));
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/trace-%llu.yaml", dir, steps);
    FILE *f = fopen(path, "w");
    if (!f || !bench_write_trace(f, steps) || fclose(f) != 0) {
        fprintf(stderr, "bench_scenarios: cannot write %s\n", path);
        bad = 1;
    }
    return bad;
}
