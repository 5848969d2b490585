/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the reference model's hypervisor-side state machine, driven through
 * the model interface (src/model/vgic_model.h) as the simulation drives it: the
 * queue procedure and kicks, flush (sort, overflow, UIE), fold and prune, level
 * resampling, migration, multi-source GICv2 SGIs, and lock contention. */
#include "model/model_registry.h"
#include "ref/ref_internal.h"

#include "test_support.h"

#include <string.h>

/* What the hooks saw. */
struct seen {
    unsigned kicks, listed, maintenance;
    uint32_t last_kick, last_listed;
    uint32_t listed_values[64];
};
static struct seen seen;

static void on_kick(void *sim, uint32_t vcpu, uint64_t when)
{
    (void)sim;
    (void)when;
    seen.kicks++;
    seen.last_kick = vcpu;
}
static void on_listed(void *sim, uint32_t vcpu, uint32_t value, uint64_t when)
{
    (void)sim;
    (void)vcpu;
    (void)when;
    if (seen.listed < 64)
        seen.listed_values[seen.listed] = value;
    seen.listed++;
    seen.last_listed = value;
}
static void on_maintenance(void *sim, uint32_t vcpu, uint64_t when)
{
    (void)sim;
    (void)vcpu;
    (void)when;
    seen.maintenance++;
}
static const struct vgic_hooks hooks = {
    .kick = on_kick, .listed = on_listed, .maintenance = on_maintenance,
};

static const struct vgic_model_ops *ops;
static struct cost_model costs;

/* A booted machine: distributor and CPU interfaces on, `ids` enabled at 0xa0. */
static struct vgic_model *booted(enum gic_version v, uint32_t vcpus, uint32_t lrs,
                                 const uint32_t *ids, uint32_t n, const uint32_t *level,
                                 uint32_t n_level)
{
    memset(&seen, 0, sizeof(seen));
    struct gic_config cfg = {
        .version = v, .vcpus = vcpus, .spis = 64, .list_registers = lrs, .priority_bits = 5,
    };
    cost_model_from_preset(&costs, cost_preset_default(v));
    ops = vgic_model_by_name("ref");
    struct vgic_model *m = ops->create(ops, &cfg, &costs, &hooks, NULL);
    static uint8_t enabled[GIC_NR_PRIVATE + 64], levels[GIC_NR_PRIVATE + 64];
    memset(enabled, 0, sizeof(enabled));
    memset(levels, 0, sizeof(levels));
    for (uint32_t i = 0; i < n; i++)
        enabled[ids[i]] = 1;
    for (uint32_t i = 0; i < n_level; i++)
        levels[level[i]] = 1;
    struct vgic_boot_config boot = {
        .priority = 0xa0, .pmr = 0xff, .enabled = enabled, .level_spis = levels,
    };
    ops->boot(m, &boot);
    return m;
}

static struct vgic_ctx at(uint64_t t, int32_t vcpu) { return (struct vgic_ctx){.now = t, .vcpu = vcpu}; }
static struct vgic_ctx host(uint64_t t) { return at(t, VGIC_HOST_CONTEXT); }

static uint64_t iar(struct vgic_model *m, uint32_t vcpu)
{
    uint64_t v;
    struct vgic_ctx c = at(0, (int32_t)vcpu);
    ops->cpu_read(m, &c, GIC_CPU_IAR, &v);
    return v;
}
static void eoir(struct vgic_model *m, uint32_t vcpu, uint64_t value)
{
    struct vgic_ctx c = at(0, (int32_t)vcpu);
    ops->cpu_write(m, &c, GIC_CPU_EOIR, value);
}
/* A world switch round: out of the guest (when in it: entries and exits alternate,
 * vgic_model.h) and back in. */
static void exit_entry(struct vgic_model *m, uint32_t vcpu)
{
    struct vgic_ctx c = at(0, (int32_t)vcpu);
    struct vgic_vcpu_snapshot snap;
    ops->vcpu_state(m, vcpu, &snap);
    if (snap.in_guest)
        ops->vcpu_exit(m, &c);
    ops->vcpu_entry(m, &c);
}
static bool pending(struct vgic_model *m, uint32_t vcpu, uint32_t intid)
{
    struct vgic_irq_snapshot st;
    ops->irq_state(m, vcpu, intid, &st);
    return st.pending;
}
static void set_priority(struct vgic_model *m, uint32_t intid, uint8_t prio)
{
    struct vgic_ctx c = at(0, 0);
    ops->mmio_write(m, &c, GIC_FRAME_GICD, 0, GICD_IPRIORITYR + intid, 1, prio);
}

START_TEST(test_edge_spi_full_cycle)
{
    const uint32_t ids[] = {40};
    struct vgic_model *m = booted(GIC_V3, 2, 4, ids, 1, NULL, 0);
    struct ref_model *r = (struct ref_model *)m;
    struct vgic_ctx h = host(100);
    ops->set_line(m, &h, 40, 0, true);
    ops->set_line(m, &h, 40, 0, false);
    /* SPI 40 is routed to vCPU 40 mod 2 = 0, queued there and that vCPU kicked. */
    ck_assert_uint_eq(seen.kicks, 1);
    ck_assert_uint_eq(seen.last_kick, 0);
    ck_assert_uint_eq(r->vcpus[0].ap_len, 1);
    ck_assert(pending(m, 0, 40));
    struct vgic_ctx c = at(1000, 0);
    ops->vcpu_entry(m, &c);
    ck_assert_uint_eq(seen.listed, 1);
    ck_assert_uint_eq(seen.last_listed, 40);
    /* Populate consumed the edge latch; the LR carries the pending state. */
    ck_assert(!r->spis[8].s.pending_latch);
    ck_assert(pending(m, 0, 40));
    ck_assert(ops->irq_signalled(m, 0));
    ck_assert_uint_eq(iar(m, 0), 40);
    struct vgic_irq_snapshot st;
    ops->irq_state(m, 0, 40, &st);
    ck_assert(st.active && !st.pending);
    eoir(m, 0, 40);
    ops->irq_state(m, 0, 40, &st);
    ck_assert(!st.active);
    ck_assert_uint_eq(seen.maintenance, 0);  /* edge: no EOI maintenance */
    /* The next exit prunes it from the list. */
    ops->vcpu_exit(m, &c);
    ck_assert_uint_eq(r->vcpus[0].ap_len, 0);
    ck_assert_int_eq(r->spis[8].s.listed_on, VGIC_NO_VCPU);
    ops->destroy(m);
}
END_TEST

START_TEST(test_level_resample_after_eoi)
{
    const uint32_t ids[] = {48};
    struct vgic_model *m = booted(GIC_V3, 1, 4, ids, 1, ids, 1);
    struct ref_model *r = (struct ref_model *)m;
    struct vgic_ctx h = host(0);
    ops->set_line(m, &h, 48, 0, true);
    exit_entry(m, 0);
    ck_assert_uint_eq(r->vcpus[0].vif.lr[0].intid, 48);
    ck_assert(r->vcpus[0].vif.lr[0].eoi);          /* level: EOI maintenance requested */
    ck_assert_uint_eq(iar(m, 0), 48);
    eoir(m, 0, 48);
    ck_assert_uint_eq(seen.maintenance, 1);    /* the deactivation forces an exit */
    /* The line is still high: after fold it is pending again and listed again. */
    exit_entry(m, 0);
    ck_assert_uint_eq(seen.listed, 2);
    ck_assert_uint_eq(iar(m, 0), 48);
    /* The device lowers its line while the guest handles it: not delivered again. */
    ops->set_line(m, &h, 48, 0, false);
    eoir(m, 0, 48);
    exit_entry(m, 0);
    ck_assert_uint_eq(seen.listed, 2);
    ck_assert_uint_eq(r->vcpus[0].ap_len, 0);
    ops->destroy(m);
}
END_TEST

START_TEST(test_overflow_sorts_and_sets_uie)
{
    const uint32_t ids[] = {32, 33, 34, 35, 36};
    struct vgic_model *m = booted(GIC_V3, 1, 2, ids, 5, NULL, 0);
    struct ref_model *r = (struct ref_model *)m;
    /* Raised in INTID order; priorities make 35 and 33 the best two. */
    const uint8_t prio[] = {0xc0, 0x90, 0xb0, 0x80, 0xa0};
    for (int i = 0; i < 5; i++)
        set_priority(m, ids[i], prio[i]);
    struct vgic_ctx h = host(0);
    for (int i = 0; i < 5; i++) {
        ops->set_line(m, &h, ids[i], 0, true);
        ops->set_line(m, &h, ids[i], 0, false);
    }
    exit_entry(m, 0);
    ck_assert_uint_eq(r->vcpus[0].vif.used_lrs, 2);
    ck_assert_uint_eq(r->vcpus[0].vif.lr[0].intid, 35);
    ck_assert_uint_eq(r->vcpus[0].vif.lr[1].intid, 33);
    ck_assert(r->vcpus[0].vif.uie);
    ck_assert_uint_eq(r->n.lr_overflows, 1);
    ck_assert_uint_eq(iar(m, 0), 35);
    ck_assert_uint_eq(seen.maintenance, 0);   /* two valid LRs */
    eoir(m, 0, 35);
    /* Underflow: at most one LR still holds a valid interrupt. */
    ck_assert_uint_eq(seen.maintenance, 1);
    exit_entry(m, 0);
    /* 33 was not acknowledged: it goes back to the list and comes first again. */
    ck_assert_uint_eq(r->vcpus[0].vif.lr[0].intid, 33);
    ck_assert_uint_eq(r->vcpus[0].vif.lr[1].intid, 36);
    ck_assert(r->vcpus[0].vif.uie);
    ops->destroy(m);
}
END_TEST

START_TEST(test_active_sorted_first)
{
    const uint32_t ids[] = {32, 33, 34};
    struct vgic_model *m = booted(GIC_V3, 1, 2, ids, 3, NULL, 0);
    struct ref_model *r = (struct ref_model *)m;
    set_priority(m, 32, 0xc0);
    set_priority(m, 33, 0x80);
    set_priority(m, 34, 0x90);
    struct vgic_ctx h = host(0);
    ops->set_line(m, &h, 32, 0, true);
    ops->set_line(m, &h, 32, 0, false);
    exit_entry(m, 0);
    ck_assert_uint_eq(iar(m, 0), 32);   /* 32 is now active (low priority) */
    for (uint32_t id = 33; id <= 34; id++) {
        ops->set_line(m, &h, id, 0, true);
        ops->set_line(m, &h, id, 0, false);
    }
    exit_entry(m, 0);
    /* Three candidates for two LRs: the active one keeps its LR, first. */
    ck_assert_uint_eq(r->vcpus[0].vif.lr[0].intid, 32);
    ck_assert_uint_eq(r->vcpus[0].vif.lr[0].state, GIC_LR_ACTIVE);
    ck_assert_uint_eq(r->vcpus[0].vif.lr[1].intid, 33);
    ops->destroy(m);
}
END_TEST

START_TEST(test_edge_repended_while_listed_kicks)
{
    const uint32_t ids[] = {40};
    struct vgic_model *m = booted(GIC_V3, 2, 4, ids, 1, NULL, 0);
    struct vgic_ctx h = host(0);
    ops->set_line(m, &h, 40, 0, true);
    ops->set_line(m, &h, 40, 0, false);
    exit_entry(m, 0);
    ck_assert_uint_eq(iar(m, 0), 40);
    unsigned kicks = seen.kicks;
    /* Already listed: not inserted again, but its vCPU is kicked to pick it up. */
    ops->set_line(m, &h, 40, 0, true);
    ck_assert_uint_eq(seen.kicks, kicks + 1);
    eoir(m, 0, 40);
    exit_entry(m, 0);
    ck_assert_uint_eq(seen.listed, 2);
    ck_assert_uint_eq(iar(m, 0), 40);
    ops->destroy(m);
}
END_TEST

START_TEST(test_migration_on_route_change)
{
    const uint32_t ids[] = {40};
    struct vgic_model *m = booted(GIC_V3, 2, 4, ids, 1, NULL, 0);
    struct ref_model *r = (struct ref_model *)m;
    struct vgic_ctx h = host(0);
    ops->set_line(m, &h, 40, 0, true);
    ops->set_line(m, &h, 40, 0, false);
    ck_assert_int_eq(r->spis[8].s.listed_on, 0);
    exit_entry(m, 0);   /* vCPU 0 runs, SPI 40 pending in its LR */
    /* Route SPI 40 to vCPU 1 (Aff0 = 1): nothing moves until vCPU 0 prunes. */
    struct vgic_ctx c1 = at(0, 1);
    ops->mmio_write(m, &c1, GIC_FRAME_GICD, 0, GICD_IROUTER + 8 * 40, 8, 1);
    ck_assert_int_eq(r->spis[8].s.listed_on, 0);
    struct vgic_ctx c0 = at(0, 0);
    ops->vcpu_exit(m, &c0);
    ck_assert_int_eq(r->spis[8].s.listed_on, 1);
    ck_assert_uint_eq(r->n.migrations, 1);
    ck_assert_uint_eq(seen.last_kick, 1);
    exit_entry(m, 1);
    ck_assert_uint_eq(iar(m, 1), 40);
    ops->destroy(m);
}
END_TEST

START_TEST(test_disabled_distributor_queues_nothing)
{
    const uint32_t ids[] = {40};
    struct vgic_model *m = booted(GIC_V3, 1, 4, ids, 1, NULL, 0);
    struct ref_model *r = (struct ref_model *)m;
    struct vgic_ctx c = at(0, 0);
    ops->mmio_write(m, &c, GIC_FRAME_GICD, 0, GICD_CTLR, 4, 0);
    struct vgic_ctx h = host(0);
    ops->set_line(m, &h, 40, 0, true);
    ops->set_line(m, &h, 40, 0, false);
    ck_assert_uint_eq(seen.kicks, 0);
    ck_assert_uint_eq(r->vcpus[0].ap_len, 0);
    ck_assert(pending(m, 0, 40));   /* latched, but not forwarded */
    ck_assert(!ops->vcpu_has_pending(m, 0));
    ops->destroy(m);
}
END_TEST

START_TEST(test_v2_multi_source_sgi)
{
    const uint32_t ids[] = {1};
    struct vgic_model *m = booted(GIC_V2, 3, 4, ids, 1, NULL, 0);
    struct ref_model *r = (struct ref_model *)m;
    /* vCPUs 1 and 2 both send SGI 1 to vCPU 0 (filter 0, target list 0x01). */
    for (int32_t src = 1; src <= 2; src++) {
        struct vgic_ctx c = at(0, src);
        ops->mmio_write(m, &c, GIC_FRAME_GICD, 0, GICD_SGIR, 4, 0x00010001);
    }
    ck_assert_uint_eq(r->vcpus[0].private_irqs[1].s.source, 0x6);
    exit_entry(m, 0);
    /* One LR per INTID: the lowest source first, with EOI maintenance. */
    ck_assert_uint_eq(r->vcpus[0].vif.used_lrs, 1);
    ck_assert_uint_eq(seen.last_listed, 1 | 1 << 10);
    ck_assert(r->vcpus[0].vif.lr[0].eoi);
    ck_assert_uint_eq(iar(m, 0), 1 | 1 << 10);
    eoir(m, 0, 1 | 1 << 10);
    ck_assert_uint_eq(seen.maintenance, 1);
    exit_entry(m, 0);
    ck_assert_uint_eq(seen.last_listed, 1 | 2 << 10);
    ck_assert_uint_eq(iar(m, 0), 1 | 2 << 10);
    ops->destroy(m);
}
END_TEST

START_TEST(test_lock_contention_in_simulated_time)
{
    const uint32_t ids[] = {40, 42};
    struct vgic_model *m = booted(GIC_V3, 2, 4, ids, 2, NULL, 0);
    struct ref_model *r = (struct ref_model *)m;
    /* Two devices inject to the same vCPU at the same cycle: the second waits for
     * the ap_list lock the first holds. */
    struct vgic_ctx h = host(1000);
    uint64_t first = ops->set_line(m, &h, 40, 0, true);
    uint64_t second = ops->set_line(m, &h, 42, 0, true);
    ck_assert_uint_gt(r->n.lock_contended, 0);
    ck_assert_uint_gt(second, first - 1000 + 1000);
    /* The same injection alone costs less than when it has to wait. */
    struct vgic_model *m2 = booted(GIC_V3, 2, 4, ids, 2, NULL, 0);
    uint64_t alone = ops->set_line(m2, &h, 42, 0, true);
    ck_assert_uint_gt(second, alone);
    ops->destroy(m2);
    ops->destroy(m);
}
END_TEST

START_TEST(test_hw_mapped_no_maintenance)
{
    const uint32_t ids[] = {27};
    memset(&seen, 0, sizeof(seen));
    const uint32_t hw[] = {27};
    struct gic_config cfg = {
        .version = GIC_V3, .vcpus = 1, .spis = 32, .list_registers = 4, .priority_bits = 5,
        .n_hw_mapped = 1, .hw_mapped = hw,
    };
    cost_model_from_preset(&costs, cost_preset_default(GIC_V3));
    ops = vgic_model_by_name("ref");
    struct vgic_model *m = ops->create(ops, &cfg, &costs, &hooks, NULL);
    uint8_t enabled[GIC_NR_PRIVATE + 32] = {0}, levels[GIC_NR_PRIVATE + 32] = {0};
    enabled[ids[0]] = 1;
    struct vgic_boot_config boot = {.priority = 0xa0, .pmr = 0xff, .enabled = enabled,
                                     .level_spis = levels};
    ops->boot(m, &boot);
    struct ref_model *r = (struct ref_model *)m;
    struct vgic_ctx h = host(0);
    ops->set_line(m, &h, 27, 0, true);
    exit_entry(m, 0);
    ck_assert(r->vcpus[0].vif.lr[0].hw);
    ck_assert(!r->vcpus[0].vif.lr[0].eoi);
    /* Only rising edges are seen: listing lowered the virtual line level. */
    ck_assert(!r->vcpus[0].private_irqs[27].s.line_level);
    ck_assert_uint_eq(iar(m, 0), 27);
    eoir(m, 0, 27);
    ck_assert_uint_eq(seen.maintenance, 0);
    ops->destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ref_core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_edge_spi_full_cycle);
    tcase_add_test(tc, test_level_resample_after_eoi);
    tcase_add_test(tc, test_overflow_sorts_and_sets_uie);
    tcase_add_test(tc, test_active_sorted_first);
    tcase_add_test(tc, test_edge_repended_while_listed_kicks);
    tcase_add_test(tc, test_migration_on_route_change);
    tcase_add_test(tc, test_disabled_distributor_queues_nothing);
    tcase_add_test(tc, test_v2_multi_source_sgi);
    tcase_add_test(tc, test_lock_contention_in_simulated_time);
    tcase_add_test(tc, test_hw_mapped_no_maintenance);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
