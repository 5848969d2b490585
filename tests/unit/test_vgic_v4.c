/* SPDX-License-Identifier: GPL-2.0-only */
/* GICv4 direct injection's shared rules (src/vgic/vgic_v4.c) and the virtual CPU
 * interface's vLPI offer (src/gic/vcpuif.c): residency per entry/exit before v5.5 and per
 * load/put after, the doorbell armed only while blocked in WFI, PendingLast, the GICv4.1
 * Dirty poll by release, the mirrored commands, and the guest's IAR/EOIR of a vLPI that
 * no list register holds. */
#include <check.h>
#include <stdint.h>

#include "gic/vcpuif.h"
#include "vgic/vgic_v4.h"
#include "test_support.h"

enum { LPI0 = 8192, DEV = 3 };

static struct gic_config cfg;
static struct vgic_v4 v4;

static void open_v4(uint32_t release, enum gic_direct_injection mode)
{
    cfg = (struct gic_config){.version = GIC_V3, .vcpus = 2, .spis = 32,
                              .list_registers = 4, .priority_bits = 5, .its = true,
                              .lpis = 8192, .kvm_release = release, .direct_injection = mode};
    static const uint32_t passthrough[] = {DEV};
    vgic_v4_init(&v4, &cfg, passthrough, 1);
    vgic_v4_set_group1(&v4, true);   /* a booted guest's distributor is enabled */
}

START_TEST(only_passthrough_devices_are_forwarded)
{
    open_v4(618, GIC_DI_V4_0);
    ck_assert(vgic_v4_active(&cfg));
    ck_assert(vgic_v4_forwards(&v4, DEV));
    ck_assert(!vgic_v4_forwards(&v4, DEV + 1));
    uint32_t work = 0;
    ck_assert_int_eq(vgic_v4_arrive(&v4, LPI0, &work), VGIC_V4_NOT_FORWARDED);
    ck_assert_uint_eq(v4.directly_injected, 0);
    cfg.direct_injection = GIC_DI_NONE;
    ck_assert(!vgic_v4_active(&cfg));
    vgic_v4_free(&v4);
}
END_TEST

START_TEST(resident_vpe_offers_best_vlpi)
{
    open_v4(618, GIC_DI_V4_1);
    vgic_v4_forward(&v4, LPI0, 0, 0xa0, true, false);
    vgic_v4_forward(&v4, LPI0 + 1, 0, 0x80, true, false);
    vgic_v4_forward(&v4, LPI0 + 2, 0, 0x40, false, false);   /* disabled */
    uint32_t work = 0;
    ck_assert_int_eq(vgic_v4_arrive(&v4, LPI0, &work), VGIC_V4_OFFERED);
    ck_assert_int_eq(vgic_v4_arrive(&v4, LPI0 + 1, &work), VGIC_V4_OFFERED);
    ck_assert_int_eq(vgic_v4_arrive(&v4, LPI0 + 2, &work), VGIC_V4_OFFERED);
    ck_assert_uint_eq(work, 0);
    struct gic_vlpi_offer o = vgic_v4_offer(&v4, 0);
    ck_assert(o.valid);
    ck_assert_uint_eq(o.intid, LPI0 + 1);   /* the disabled 0x40 is not offered */
    ck_assert(!vgic_v4_offer(&v4, 1).valid);
    vgic_v4_acked(&v4, 0, LPI0 + 1);
    ck_assert_uint_eq(vgic_v4_offer(&v4, 0).intid, LPI0);
    vgic_v4_configure(&v4, LPI0 + 2, 0x40, true);            /* INV enables it */
    ck_assert_uint_eq(vgic_v4_offer(&v4, 0).intid, LPI0 + 2);
    ck_assert_uint_eq(v4.directly_injected, 3);
    vgic_v4_free(&v4);
}
END_TEST

START_TEST(doorbell_only_while_blocked_v5_5)
{
    open_v4(618, GIC_DI_V4_0);
    vgic_v4_forward(&v4, LPI0, 0, 0xa0, true, false);
    /* Loaded throughout: entries and exits do nothing to the vPE. */
    ck_assert_uint_eq(vgic_v4_exit(&v4, 0), 0);
    ck_assert_uint_eq(vgic_v4_entry(&v4, 0), 0);
    ck_assert_uint_eq(vgic_v4_block(&v4, 0), VGIC_V4_DESCHEDULE);
    ck_assert(!vgic_v4_pending_last(&v4, 0));
    ck_assert(!vgic_v4_offer(&v4, 0).valid);
    uint32_t work = 0;
    ck_assert_int_eq(vgic_v4_arrive(&v4, LPI0, &work), VGIC_V4_DOORBELL_RANG);
    ck_assert_uint_eq(work, VGIC_V4_DOORBELL);
    ck_assert(vgic_v4_pending_last(&v4, 0));
    /* A second vLPI before the wake-up rings nothing: the doorbell disabled itself. */
    vgic_v4_forward(&v4, LPI0 + 1, 0, 0xa0, true, false);
    work = 0;
    ck_assert_int_eq(vgic_v4_arrive(&v4, LPI0 + 1, &work), VGIC_V4_QUEUED);
    ck_assert_uint_eq(v4.doorbells, 1);
    ck_assert_uint_eq(vgic_v4_wake(&v4, 0), VGIC_V4_SCHEDULE);
    ck_assert(vgic_v4_offer(&v4, 0).valid);
    ck_assert(!vgic_v4_pending_last(&v4, 0));
    vgic_v4_free(&v4);
}
END_TEST

START_TEST(pending_vlpi_at_the_put_is_pending_last)
{
    open_v4(618, GIC_DI_V4_1);
    vgic_v4_forward(&v4, LPI0, 1, 0xa0, true, true);   /* latched pending at forwarding */
    ck_assert_uint_eq(vgic_v4_block(&v4, 1), VGIC_V4_DESCHEDULE);
    ck_assert(vgic_v4_pending_last(&v4, 1));           /* KVM's WFI test: runnable */
    vgic_v4_free(&v4);
}
END_TEST

START_TEST(residency_per_entry_before_v5_5)
{
    open_v4(504, GIC_DI_V4_0);
    vgic_v4_forward(&v4, LPI0, 0, 0xa0, true, false);
    ck_assert_uint_eq(vgic_v4_exit(&v4, 0), VGIC_V4_DESCHEDULE);
    uint32_t work = 0;
    /* In the hypervisor: non-resident, no doorbell. */
    ck_assert_int_eq(vgic_v4_arrive(&v4, LPI0, &work), VGIC_V4_QUEUED);
    ck_assert_uint_eq(vgic_v4_entry(&v4, 0), VGIC_V4_SCHEDULE);
    ck_assert(vgic_v4_offer(&v4, 0).valid);
    ck_assert_uint_eq(vgic_v4_entry(&v4, 0), 0);        /* already resident */
    vgic_v4_acked(&v4, 0, LPI0);
    ck_assert_uint_eq(vgic_v4_exit(&v4, 0), VGIC_V4_DESCHEDULE);
    ck_assert_uint_eq(vgic_v4_block(&v4, 0), 0);        /* the blocking hook arms it */
    ck_assert_int_eq(vgic_v4_arrive(&v4, LPI0, &work), VGIC_V4_DOORBELL_RANG);
    ck_assert_uint_eq(vgic_v4_wake(&v4, 0), 0);
    ck_assert_uint_eq(vgic_v4_entry(&v4, 0), VGIC_V4_SCHEDULE);
    vgic_v4_free(&v4);
}
END_TEST

START_TEST(v4_1_dirty_poll_by_release)
{
    open_v4(511, GIC_DI_V4_1);
    vgic_v4_block(&v4, 0);
    ck_assert_uint_eq(vgic_v4_wake(&v4, 0), VGIC_V4_SCHEDULE);
    ck_assert_uint_eq(vgic_v4_entry(&v4, 0), VGIC_V4_VPT_PARSE);   /* first flush only */
    ck_assert_uint_eq(vgic_v4_entry(&v4, 0), 0);
    vgic_v4_free(&v4);
    open_v4(510, GIC_DI_V4_1);
    vgic_v4_block(&v4, 0);
    ck_assert_uint_eq(vgic_v4_wake(&v4, 0), VGIC_V4_SCHEDULE | VGIC_V4_VPT_PARSE_SLOW);
    ck_assert_uint_eq(vgic_v4_entry(&v4, 0), 0);
    vgic_v4_free(&v4);
    open_v4(618, GIC_DI_V4_0);   /* GICv4.0 has no Dirty bit to poll */
    vgic_v4_block(&v4, 0);
    ck_assert_uint_eq(vgic_v4_wake(&v4, 0), VGIC_V4_SCHEDULE);
    ck_assert_uint_eq(vgic_v4_entry(&v4, 0), 0);
    vgic_v4_free(&v4);
}
END_TEST

START_TEST(mirrored_commands)
{
    open_v4(618, GIC_DI_V4_1);
    vgic_v4_forward(&v4, LPI0, 0, 0xa0, true, false);
    uint32_t work = 0;
    vgic_v4_arrive(&v4, LPI0, &work);
    vgic_v4_move(&v4, LPI0, 1);                      /* VMOVI: the pending bit follows */
    ck_assert(!vgic_v4_offer(&v4, 0).valid);
    ck_assert_uint_eq(vgic_v4_offer(&v4, 1).intid, LPI0);
    vgic_v4_clear(&v4, LPI0);                        /* CLEAR */
    ck_assert(!vgic_v4_offer(&v4, 1).valid);
    vgic_v4_arrive(&v4, LPI0, &work);                /* INT */
    vgic_v4_unforward(&v4, LPI0);                    /* DISCARD: the bit goes with it */
    ck_assert(!vgic_v4_offer(&v4, 1).valid);
    ck_assert(!vgic_v4_is_forwarded(&v4, LPI0));
    ck_assert_uint_eq(v4.vpes[1].vlpi_count, 1);   /* its_free_ite leaves the count */
    ck_assert(vgic_v4_bypass_claim(&v4, DEV, 5));
    ck_assert(!vgic_v4_bypass_claim(&v4, DEV, 5));   /* once per (device, event) */
    ck_assert(!vgic_v4_bypass_claim(&v4, DEV + 1, 5)); /* not an assigned device */
    vgic_v4_free(&v4);
}
END_TEST

static void open_vif(struct gic_vif_arch *a, struct gic_vif *v)
{
    struct gic_config c = {.version = GIC_V3, .vcpus = 1, .spis = 32, .list_registers = 4,
                           .priority_bits = 5};
    gic_vif_arch_init(a, &c);
    gic_vif_reset(a, v);
    v->vmcr.grpen1 = true;
    v->vmcr.pmr = 0xff;
}

/* Before v5.5 a vCPU that blocks before it ever entered (a guest idle from the start)
 * leaves its vPE at the block, with the doorbell on. */
START_TEST(block_before_any_exit_deschedules_before_v5_5)
{
    open_v4(504, GIC_DI_V4_0);
    vgic_v4_forward(&v4, LPI0, 1, 0xa0, true, false);
    ck_assert_uint_eq(vgic_v4_block(&v4, 1), VGIC_V4_DESCHEDULE);
    ck_assert(!v4.vpes[1].resident);
    uint32_t work = 0;
    ck_assert_int_eq(vgic_v4_arrive(&v4, LPI0, &work), VGIC_V4_DOORBELL_RANG);
    ck_assert_uint_eq(work, VGIC_V4_DOORBELL);
    vgic_v4_free(&v4);
}
END_TEST

/* A pending vLPI that INV enables while its vCPU sleeps rings the doorbell once; one
 * that stays disabled, or whose vPE is resident, does not. */
START_TEST(enabling_a_pending_vlpi_rings_the_doorbell)
{
    open_v4(618, GIC_DI_V4_0);
    vgic_v4_forward(&v4, LPI0, 1, 0xa0, false, false);
    ck_assert_uint_eq(vgic_v4_block(&v4, 1), VGIC_V4_DESCHEDULE);
    uint32_t work = 0;
    ck_assert_int_eq(vgic_v4_arrive(&v4, LPI0, &work), VGIC_V4_QUEUED);
    ck_assert_uint_eq(vgic_v4_configure(&v4, LPI0, 0x80, false), 0);
    ck_assert_uint_eq(vgic_v4_configure(&v4, LPI0, 0x80, true), VGIC_V4_DOORBELL);
    ck_assert_uint_eq(v4.doorbells, 1);
    ck_assert(vgic_v4_pending_last(&v4, 1));
    ck_assert_uint_eq(vgic_v4_configure(&v4, LPI0, 0x80, true), 0);   /* already enabled */
    vgic_v4_free(&v4);
}
END_TEST

static uint32_t revealed[8], n_revealed;
static void collect(void *arg, uint32_t intid)
{
    (void)arg;
    revealed[n_revealed++] = intid;
}

/* Each pending vLPI is reported visible once, when its vPE is resident. */
START_TEST(reveal_reports_each_vlpi_once_while_resident)
{
    open_v4(618, GIC_DI_V4_0);
    vgic_v4_forward(&v4, LPI0, 0, 0xa0, true, false);
    vgic_v4_forward(&v4, LPI0 + 1, 0, 0xa0, true, false);
    uint32_t work = 0;
    vgic_v4_block(&v4, 0);
    vgic_v4_arrive(&v4, LPI0, &work);
    n_revealed = 0;
    vgic_v4_reveal(&v4, 0, collect, NULL);
    ck_assert_uint_eq(n_revealed, 0);           /* not resident: nothing seen */
    vgic_v4_wake(&v4, 0);
    vgic_v4_arrive(&v4, LPI0 + 1, &work);
    vgic_v4_reveal(&v4, 0, collect, NULL);
    ck_assert_uint_eq(n_revealed, 2);
    ck_assert_uint_eq(revealed[0], LPI0);
    ck_assert_uint_eq(revealed[1], LPI0 + 1);
    vgic_v4_reveal(&v4, 0, collect, NULL);
    ck_assert_uint_eq(n_revealed, 2);           /* once each */
    vgic_v4_free(&v4);
}
END_TEST

/* GICv4.1 vSGIs: only from v5.8; mapped with the latch's pending state, offered beside
 * the vLPIs by priority, taken by IAR, their pending state handed back when unmapped. */
START_TEST(vsgis_follow_the_vlpi_rules)
{
    open_v4(507, GIC_DI_V4_1);
    ck_assert(vgic_v4_active(&cfg));
    ck_assert(!vgic_v4_vsgi_capable(&cfg));
    cfg.its = false;
    ck_assert(!vgic_v4_active(&cfg));        /* 5.7: nothing without an ITS */
    vgic_v4_free(&v4);
    open_v4(618, GIC_DI_V4_1);
    ck_assert(vgic_v4_vsgi_capable(&cfg));
    cfg.its = false;
    ck_assert(vgic_v4_active(&cfg));         /* vSGIs need no ITS */
    cfg.direct_injection = GIC_DI_V4_0;
    ck_assert(!vgic_v4_active(&cfg));        /* vLPIs do */
    uint32_t work = 0;
    ck_assert_int_eq(vgic_v4_sgi_arrive(&v4, 1, 3, &work), VGIC_V4_NOT_FORWARDED);
    for (uint32_t sgi = 0; sgi < 16; sgi++) {
        vgic_v4_sgi_map(&v4, 1, sgi, sgi == 7);
        vgic_v4_sgi_configure(&v4, 1, sgi, 0xa0, true, false);
    }
    vgic_v4_set_vsgis(&v4, true);
    vgic_v4_set_group1(&v4, false);
    ck_assert(!vgic_v4_offer(&v4, 1).valid);  /* GICv4.1: Group 1 off with the distributor */
    vgic_v4_set_group1(&v4, true);
    vgic_v4_sgi_configure(&v4, 1, 9, 0x20, true, true);  /* Group 0: never delivered */
    ck_assert_int_eq(vgic_v4_sgi_arrive(&v4, 1, 9, &work), VGIC_V4_OFFERED);
    vgic_v4_sgi_configure(&v4, 1, 3, 0x40, true, false);
    ck_assert_int_eq(vgic_v4_sgi_arrive(&v4, 1, 3, &work), VGIC_V4_OFFERED);
    struct gic_vlpi_offer o = vgic_v4_offer(&v4, 1);
    ck_assert(o.valid && o.intid == 3 && o.priority == 0x40 && !o.group0);
    vgic_v4_acked(&v4, 1, 3);
    ck_assert(vgic_v4_sgi_unmap(&v4, 1, 9));
    o = vgic_v4_offer(&v4, 1);
    ck_assert(o.valid && o.intid == 7 && !o.group0);   /* the latch moved in at the map */
    ck_assert(vgic_v4_sgi_unmap(&v4, 1, 7));            /* ... and back at the unmap */
    ck_assert(!vgic_v4_offer(&v4, 1).valid);
    ck_assert(!vgic_v4_sgi_unmap(&v4, 1, 8));
    /* Blocked: a vSGI rings the doorbell as a vLPI would. */
    vgic_v4_block(&v4, 1);
    ck_assert_int_eq(vgic_v4_sgi_arrive(&v4, 1, 5, &work), VGIC_V4_DOORBELL_RANG);
    ck_assert_uint_eq(v4.directly_injected, 3);
    vgic_v4_free(&v4);
}
END_TEST

START_TEST(iar_takes_the_offered_vlpi)
{
    struct gic_vif_arch a;
    struct gic_vif v;
    open_vif(&a, &v);
    v.lr[0] = (struct gic_lr){.intid = 40, .state = GIC_LR_PENDING, .priority = 0xa0,
                              .group = 1};
    v.used_lrs = 1;
    v.vlpi = (struct gic_vlpi_offer){.valid = true, .intid = LPI0, .priority = 0x80};
    ck_assert(gic_vif_signalled(&a, &v));
    ck_assert_uint_eq(gic_vif_read(&a, &v, GIC_CPU_HPPIR), LPI0);
    int acked;
    ck_assert_uint_eq(gic_vif_ack(&a, &v, 1, &acked), LPI0);
    ck_assert_int_eq(acked, GIC_VIF_ACKED_VLPI);
    ck_assert(!v.vlpi.valid);
    ck_assert_uint_eq(gic_vif_running_priority(&a, &v), 0x80);
    ck_assert_uint_eq(v.lr[0].state, GIC_LR_PENDING);   /* the LR is untouched */
    /* EOIR drops the priority; no LR holds the LPI, and an LPI bumps no EOIcount. */
    struct gic_deactivation d;
    gic_vif_eoi(&a, &v, 1, LPI0, &d);
    ck_assert_int_eq(d.lr, -1);
    ck_assert_uint_eq(v.eoicount, 0);
    ck_assert_uint_eq(gic_vif_running_priority(&a, &v), 0xff);
    ck_assert_uint_eq(gic_vif_ack(&a, &v, 1, &acked), 40);
    ck_assert_int_eq(acked, 0);
}
END_TEST

START_TEST(lr_wins_a_priority_tie_and_masks_apply)
{
    struct gic_vif_arch a;
    struct gic_vif v;
    open_vif(&a, &v);
    v.lr[0] = (struct gic_lr){.intid = 40, .state = GIC_LR_PENDING, .priority = 0x80,
                              .group = 1};
    v.used_lrs = 1;
    v.vlpi = (struct gic_vlpi_offer){.valid = true, .intid = LPI0, .priority = 0x80};
    int acked;
    ck_assert_uint_eq(gic_vif_ack(&a, &v, 1, &acked), 40);
    ck_assert(v.vlpi.valid);
    /* Running priority 0x80: the offer at 0x80 does not preempt. */
    ck_assert(!gic_vif_signalled(&a, &v));
    ck_assert_uint_eq(gic_vif_ack(&a, &v, 1, &acked), GIC_INTID_SPURIOUS);
    /* Group 1 disabled: no vLPI. */
    open_vif(&a, &v);
    v.vlpi = (struct gic_vlpi_offer){.valid = true, .intid = LPI0, .priority = 0x80};
    v.vmcr.grpen1 = false;
    ck_assert(!gic_vif_signalled(&a, &v));
    v.vmcr.grpen1 = true;
    v.vmcr.pmr = 0x80;   /* masked by PMR */
    ck_assert(!gic_vif_signalled(&a, &v));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vgic_v4");
    TCase *tc = tcase_create("vpe");
    tcase_add_test(tc, only_passthrough_devices_are_forwarded);
    tcase_add_test(tc, resident_vpe_offers_best_vlpi);
    tcase_add_test(tc, doorbell_only_while_blocked_v5_5);
    tcase_add_test(tc, pending_vlpi_at_the_put_is_pending_last);
    tcase_add_test(tc, residency_per_entry_before_v5_5);
    tcase_add_test(tc, v4_1_dirty_poll_by_release);
    tcase_add_test(tc, mirrored_commands);
    tcase_add_test(tc, block_before_any_exit_deschedules_before_v5_5);
    tcase_add_test(tc, enabling_a_pending_vlpi_rings_the_doorbell);
    tcase_add_test(tc, reveal_reports_each_vlpi_once_while_resident);
    tcase_add_test(tc, vsgis_follow_the_vlpi_rules);
    suite_add_tcase(s, tc);
    TCase *vif = tcase_create("vcpuif");
    tcase_add_test(vif, iar_takes_the_offered_vlpi);
    tcase_add_test(vif, lr_wins_a_priority_tie_and_masks_apply);
    suite_add_tcase(s, vif);
    return test_run_suite(s);
}
