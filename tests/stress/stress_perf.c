/* SPDX-License-Identifier: GPL-2.0-only */
/* The performance core under real concurrency: injector threads post interrupts while
 * vCPU threads enter, acknowledge, complete and exit, all against one core, with no lock
 * anywhere on the way. Checked at every acknowledgement and at the end:
 *  - nothing duplicated: an INTID is acknowledged only while an injection of it is
 *    outstanding (an injector pulses an SPI again only after its previous instance was
 *    acknowledged, so instances never coalesce);
 *  - nothing lost: every injection is acknowledged, and a vCPU that waits for a kick
 *    with work posted for it is a lost notification;
 *  - priority order: within one stay in the guest, IAR returns interrupts in
 *    non-decreasing priority (the list registers are filled at entry and only shrink).
 * Run under ThreadSanitizer in CI (.ci/run: tools/test.sh tsan).
 *   stress_perf [INJECTIONS] [VCPUS] [INJECTORS]     defaults 2000000 4 2 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perf/perf_core.h"

enum { SPIS = 64, MAX_VCPUS = 16, MAX_INJECTORS = 8 };

struct shared {
    struct perf_core *core;
    uint32_t vcpus, injectors;
    uint64_t target;                        /* injections in all */
    _Atomic uint64_t injected, acked;
    _Atomic uint32_t outstanding[GIC_NR_PRIVATE + SPIS];
    _Atomic uint64_t per_intid_injected[GIC_NR_PRIVATE + SPIS];
    _Atomic uint64_t per_intid_acked[GIC_NR_PRIVATE + SPIS];
    _Atomic uint32_t kicked[MAX_VCPUS];
    _Atomic uint32_t failed;
    _Atomic uint32_t stop;
    struct perf_stats thread_stats[MAX_VCPUS + MAX_INJECTORS];   /* each thread's own */
    char failure[256];
    pthread_mutex_t failure_lock;           /* the report only, never the core */
};

static struct shared sh;

static void fail(const char *fmt, uint64_t a, uint64_t b) __attribute__((format(printf, 1, 0)));

static void fail(const char *fmt, uint64_t a, uint64_t b)
{
    if (atomic_exchange(&sh.failed, 1))
        return;
    pthread_mutex_lock(&sh.failure_lock);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(sh.failure, sizeof(sh.failure), fmt, (unsigned long long)a, (unsigned long long)b);
#pragma GCC diagnostic pop
    pthread_mutex_unlock(&sh.failure_lock);
    atomic_store(&sh.stop, 1);
}

static void on_kick(void *arg, uint32_t vcpu, uint64_t when)
{
    (void)arg, (void)when;
    atomic_store_explicit(&sh.kicked[vcpu], 1, memory_order_release);
}

/* Injector k pulses the SPIs i with i % injectors == k, each again only once acked. */
static void *injector(void *p)
{
    uint32_t k = (uint32_t)(uintptr_t)p;
    struct perf_op op = perf_untimed(PERF_HOST, &sh.thread_stats[MAX_VCPUS + k]);
    while (!atomic_load(&sh.stop)) {
        bool any = false;
        for (uint32_t i = k; i < SPIS; i += sh.injectors) {
            uint32_t intid = GIC_NR_PRIVATE + i;
            if (atomic_load_explicit(&sh.outstanding[intid], memory_order_acquire))
                continue;
            if (atomic_fetch_add(&sh.injected, 1) >= sh.target) {
                atomic_fetch_sub(&sh.injected, 1);
                return NULL;
            }
            atomic_store_explicit(&sh.outstanding[intid], 1, memory_order_release);
            atomic_fetch_add(&sh.per_intid_injected[intid], 1);
            perf_core_set_line(sh.core, &op, intid, 0, true);
            perf_core_set_line(sh.core, &op, intid, 0, false);
            any = true;
        }
        if (!any)
            sched_yield();
    }
    return NULL;
}

static uint8_t priority_of(uint32_t intid) { return (uint8_t)(0x80 + (intid % 4) * 0x10); }

/* The guest part of one stay: acknowledge and complete until IAR reads spurious. */
static void guest(uint32_t v, struct perf_op *op)
{
    unsigned last_prio = 0;
    for (;;) {
        uint32_t intid = (uint32_t)perf_core_cpu_read(sh.core, op, v, GIC_CPU_IAR);
        if (intid == GIC_INTID_SPURIOUS)
            return;
        if (intid < GIC_NR_PRIVATE || intid >= GIC_NR_PRIVATE + SPIS) {
            fail("vCPU acknowledged INTID %llu (%llu)", intid, v);
            return;
        }
        if (priority_of(intid) < last_prio)
            fail("priority order: 0x%llx acknowledged after 0x%llx in one stay",
                 priority_of(intid), last_prio);
        last_prio = priority_of(intid);
        if (!atomic_exchange_explicit(&sh.outstanding[intid], 0, memory_order_acq_rel))
            fail("INTID %llu acknowledged twice for one injection (vCPU %llu)", intid, v);
        atomic_fetch_add(&sh.per_intid_acked[intid], 1);
        atomic_fetch_add(&sh.acked, 1);
        perf_core_cpu_write(sh.core, op, v, GIC_CPU_EOIR, intid);
    }
}

static void *vcpu_thread(void *p)
{
    uint32_t v = (uint32_t)(uintptr_t)p;
    struct perf_op op = perf_untimed((int32_t)v, &sh.thread_stats[v]);
    while (!atomic_load(&sh.stop)) {
        perf_core_entry(sh.core, &op, v);
        guest(v, &op);
        perf_core_exit(sh.core, &op, v, VGIC_EXIT_IRQ);
        if (atomic_load(&sh.acked) >= sh.target)
            break;
        /* Nothing listed: wait for a kick, as a vCPU blocks in WFI. Anything posted to
         * it after its last flush has kicked it; anything posted before, that flush saw. */
        if (perf_vcpu_has_pending(sh.core, &sh.core->vcpus[v])) {
            atomic_store_explicit(&sh.kicked[v], 0, memory_order_relaxed);
            continue;
        }
        uint64_t spins = 0;
        while (!atomic_exchange_explicit(&sh.kicked[v], 0, memory_order_acq_rel)) {
            if (atomic_load(&sh.stop) || atomic_load(&sh.acked) >= sh.target)
                return NULL;
            if (++spins > 200000000ull) {
                if (perf_vcpu_has_pending(sh.core, &sh.core->vcpus[v]))
                    fail("lost notification: vCPU %llu has work posted but was never "
                         "kicked (%llu acked)", v, atomic_load(&sh.acked));
                spins = 0;
            }
            sched_yield();
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
    uint64_t dflt = 200000;   /* sanitizers slow every atomic down many times */
#else
    uint64_t dflt = 2000000;
#endif
    sh.target = argc > 1 ? strtoull(argv[1], NULL, 10) : dflt;
    sh.vcpus = argc > 2 ? (uint32_t)atoi(argv[2]) : 4;
    sh.injectors = argc > 3 ? (uint32_t)atoi(argv[3]) : 2;
    if (!sh.target || sh.vcpus < 1 || sh.vcpus > MAX_VCPUS || sh.injectors < 1 ||
        sh.injectors > MAX_INJECTORS) {
        fprintf(stderr, "usage: stress_perf [INJECTIONS>0] [VCPUS 1..16] [INJECTORS 1..8]\n");
        return 2;
    }
    pthread_mutex_init(&sh.failure_lock, NULL);
    struct gic_config cfg = {
        .version = GIC_V3, .vcpus = sh.vcpus, .spis = SPIS, .list_registers = 4,
        .priority_bits = 5,
    };
    struct cost_model costs;
    cost_model_from_preset(&costs, cost_preset_default(GIC_V3));
    struct vgic_hooks hooks = {.kick = on_kick};
    sh.core = perf_core_create(&cfg, &costs, &hooks, NULL);
    uint8_t enabled[GIC_NR_PRIVATE + SPIS] = {0}, level[GIC_NR_PRIVATE + SPIS] = {0};
    for (uint32_t i = 0; i < SPIS; i++)
        enabled[GIC_NR_PRIVATE + i] = 1;
    struct vgic_boot_config boot = {.priority = 0xa0, .pmr = 0xff, .enabled = enabled,
                                    .level_spis = level};
    perf_core_boot(sh.core, &boot);
    /* Four priorities, so that order within a stay means something. */
    for (uint32_t i = 0; i < SPIS; i++) {
        struct perf_irq *irq = perf_irq_get(sh.core, 0, GIC_NR_PRIVATE + i);
        struct vgic_irq_state st;
        perf_irq_read(irq, &st);
        st.priority = priority_of(GIC_NR_PRIVATE + i);
        atomic_store(&irq->word, perf_pack(&st));
    }

    pthread_t inj[MAX_INJECTORS], cpu[MAX_VCPUS];
    for (uint32_t v = 0; v < sh.vcpus; v++)
        pthread_create(&cpu[v], NULL, vcpu_thread, (void *)(uintptr_t)v);
    for (uint32_t k = 0; k < sh.injectors; k++)
        pthread_create(&inj[k], NULL, injector, (void *)(uintptr_t)k);
    for (uint32_t k = 0; k < sh.injectors; k++)
        pthread_join(inj[k], NULL);
    for (uint32_t v = 0; v < sh.vcpus; v++)
        pthread_join(cpu[v], NULL);

    uint64_t injected = atomic_load(&sh.injected), acked = atomic_load(&sh.acked);
    if (!atomic_load(&sh.failed) && acked != injected)
        fail("%llu injected, %llu acknowledged", injected, acked);
    for (uint32_t i = 0; i < GIC_NR_PRIVATE + SPIS && !atomic_load(&sh.failed); i++)
        if (atomic_load(&sh.per_intid_injected[i]) != atomic_load(&sh.per_intid_acked[i]))
            fail("INTID %llu: injections and acknowledgements differ (%llu acked)", i,
                 atomic_load(&sh.per_intid_acked[i]));
    uint64_t atomics = 0, retries = 0, suppressed = 0, overflow = 0;
    for (uint32_t i = 0; i < MAX_VCPUS + MAX_INJECTORS; i++) {
        atomics += sh.thread_stats[i].atomics;
        retries += sh.thread_stats[i].cas_retries;
        suppressed += sh.thread_stats[i].notifications_suppressed;
        overflow += sh.thread_stats[i].overflow_posts;
    }
    printf("stress_perf: %u vCPU threads, %u injector threads: %llu injected, %llu acknowledged; "
           "%llu atomics, %llu CAS retries, %llu kicks suppressed, %llu overflow posts\n",
           sh.vcpus, sh.injectors, (unsigned long long)injected, (unsigned long long)acked,
           (unsigned long long)atomics, (unsigned long long)retries,
           (unsigned long long)suppressed, (unsigned long long)overflow);
    perf_core_destroy(sh.core);
    if (atomic_load(&sh.failed)) {
        fprintf(stderr, "stress_perf: FAILED: %s\n", sh.failure);
        return 1;
    }
    return 0;
}
