/* Simulation throughput of each model on a generated load: how many simulated
 * interrupts and engine events per second of wall-clock time a full `vgicsim run`
 * (engine + model + recorder) processes.
 *   bench_run [INTERRUPTS]     default 1000000 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    /* Four vCPUs with 4 LRs: device SPIs spread over all of them, the timer on each. */
    char text[1024];
    snprintf(text, sizeof(text),
             "version: 1\n"
             "gic: {version: 3, vcpus: 4, list_registers: 4, hw_mapped: [27]}\n"
             "guest: {handler: 1500}\n"
             "workload:\n"
             "  - {kind: poisson, intid: [32, 63], mean_gap: 2000, count: %llu}\n"
             "  - {kind: periodic, intid: 27, vcpu: 0, trigger: level, period: 250000, "
             "count: %llu}\n",
             n, n / 125 + 1);
    struct scenario s;
    struct diag_list diags;
    diag_init(&diags);
    if (!scenario_load_text("bench", text, strlen(text), NULL, 0, &s, &diags)) {
        diag_print(&diags, stderr);
        return 2;
    }
    printf("scenario: GICv3, 4 vCPUs, 4 LRs; %llu Poisson SPIs (mean gap 2000 cycles) + timer\n",
           n);
    for (size_t i = 0; i < vgic_model_count(); i++) {
        const struct vgic_model_ops *ops = vgic_model_at(i);
        struct sim_result r;
        double t0 = now_seconds();
        sim_run(&s, ops, 1, &r);
        double dt = now_seconds() - t0;
        struct rec_counts c;
        rec_get_counts(r.rec, &c);
        printf("%-5s %10llu interrupts %11llu events  %.3f s  %6.2f M events/s  %6.2f M "
               "interrupts/s  (%llu simulated cycles)\n",
               ops->name, (unsigned long long)c.raised, (unsigned long long)r.events, dt,
               (double)r.events / dt / 1e6, (double)c.raised / dt / 1e6,
               (unsigned long long)r.end_time);
        sim_result_free(&r);
    }
    scenario_free(&s);
    diag_free(&diags);
    return 0;
}
