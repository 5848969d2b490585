/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the reference model's guest-side virtual CPU interface
 * (src/ref/ref_cpuif.c): acknowledge, priority drop, deactivation, maintenance,
 * and the configuration registers, on hand-filled list registers. */
#include "ref/ref_internal.h"

#include "test_support.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { NVCPUS = 2, NSPIS = 32 };

/* What the hooks saw. */
struct rec {
    unsigned n_mi;
    uint64_t mi_when;
    uint32_t mi_vcpu;
    unsigned n_phys;
    uint32_t phys_vcpu, phys_intid;
    uint64_t phys_when;
};

static void on_maintenance(void *sim, uint32_t vcpu, uint64_t when)
{
    struct rec *r = sim;
    r->n_mi++;
    r->mi_vcpu = vcpu;
    r->mi_when = when;
}

static void on_phys(void *sim, uint32_t vcpu, uint32_t intid, uint64_t when)
{
    struct rec *r = sim;
    r->n_phys++;
    r->phys_vcpu = vcpu;
    r->phys_intid = intid;
    r->phys_when = when;
}

static struct rec rec;

/* A minimal model: vCPUs and SPIs allocated, CPU interfaces at reset. */
static struct ref_model *mk(enum gic_version ver, uint32_t pbits)
{
    memset(&rec, 0, sizeof(rec));
    struct ref_model *m = calloc(1, sizeof(*m));
    ck_assert_ptr_nonnull(m);
    m->cfg.version = ver;
    m->cfg.vcpus = NVCPUS;
    m->cfg.spis = NSPIS;
    m->cfg.list_registers = 4;
    m->cfg.priority_bits = pbits;
    gic_vif_arch_init(&m->arch, &m->cfg);
    cost_model_from_preset(&m->costs, cost_preset_default(ver));
    m->hooks.maintenance = on_maintenance;
    m->hooks.phys_deactivated = on_phys;
    m->sim = &rec;
    m->dist_enabled = true;
    m->vcpus = calloc(NVCPUS, sizeof(*m->vcpus));
    m->spis = calloc(NSPIS, sizeof(*m->spis));
    ck_assert_ptr_nonnull(m->vcpus);
    ck_assert_ptr_nonnull(m->spis);
    for (uint32_t i = 0; i < NSPIS; i++)
        vgic_irq_reset(&m->cfg, GIC_NR_PRIVATE + i, 0, &m->spis[i].s);
    for (uint32_t c = 0; c < NVCPUS; c++) {
        struct ref_vcpu *v = &m->vcpus[c];
        v->id = c;
        v->in_guest = true;
        for (uint32_t i = 0; i < GIC_NR_PRIVATE; i++) {
            vgic_irq_reset(&m->cfg, i, c, &v->private_irqs[i].s);
            v->private_irqs[i].s.enabled = true;
        }
        ref_cpuif_reset(m, v);
    }
    return m;
}

static void rm(struct ref_model *m)
{
    free(m->vcpus);
    free(m->spis);
    free(m);
}

static uint64_t rd(struct ref_model *m, struct ref_vcpu *v, enum gic_cpu_reg reg)
{
    struct ref_op op = { .t = 1000, .vcpu = (int32_t)v->id };
    return ref_cpuif_read(m, &op, v, reg);
}

static void wr(struct ref_model *m, struct ref_vcpu *v, enum gic_cpu_reg reg, uint64_t val)
{
    struct ref_op op = { .t = 1000, .vcpu = (int32_t)v->id };
    ref_cpuif_write(m, &op, v, reg, val);
}

/* Guest set-up as Linux does it: groups enabled, PMR open. */
static void guest_on(struct ref_model *m, struct ref_vcpu *v)
{
    if (m->cfg.version == GIC_V2) {
        wr(m, v, GIC_CPU_CTLR, 0x3);          /* EnableGrp0 | EnableGrp1 */
    } else {
        wr(m, v, GIC_CPU_IGRPEN0, 1);
        wr(m, v, GIC_CPU_IGRPEN1, 1);
    }
    wr(m, v, GIC_CPU_PMR, 0xff);
}

static void set_lr(struct ref_vcpu *v, uint32_t i, uint32_t intid, uint8_t state, uint8_t prio,
                   uint8_t group)
{
    v->vif.lr[i] = (struct gic_lr){ .intid = intid, .state = state, .priority = prio,
                                .group = group };
    if (i + 1 > v->vif.used_lrs)
        v->vif.used_lrs = i + 1;
}

/* ---- acknowledge ------------------------------------------------------------ */

START_TEST(test_iar_highest_priority_and_tie)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0xa0, 1);
    set_lr(v, 1, 41, GIC_LR_PENDING, 0x80, 1);
    set_lr(v, 2, 42, GIC_LR_PENDING, 0x80, 1);
    set_lr(v, 3, 43, GIC_LR_PENDING | GIC_LR_ACTIVE, 0x10, 1);  /* P+A: no candidate */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_HPPIR), 41);
    ck_assert(ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 41);
    ck_assert_uint_eq(v->vif.lr[1].state, GIC_LR_ACTIVE);
    ck_assert_uint_eq(v->vif.lr[2].state, GIC_LR_PENDING);
    ck_assert_uint_eq(v->vif.lr[3].state, GIC_LR_PENDING | GIC_LR_ACTIVE);
    /* Group priority 0x80 (BPR1 = 3 keeps [7:3]) -> APR bit 0x80 >> 3 = 16. */
    ck_assert_uint_eq(v->vif.vmcr.apr[1][0], 1u << 16);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_AP1R0), 1u << 16);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0x80);
    /* Equal priority does not preempt. */
    ck_assert(!ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), GIC_SPURIOUS_INTID);
    ck_assert_uint_eq(v->vif.lr[2].state, GIC_LR_PENDING);
    /* HPPIR ignores the running priority. */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_HPPIR), 42);
    rm(m);
}
END_TEST

START_TEST(test_iar_spurious_cases)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    /* No LR at all. */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), GIC_SPURIOUS_INTID);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_HPPIR), GIC_SPURIOUS_INTID);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0x80, 1);
    /* Reset: Group 1 disabled -> no candidate. */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_HPPIR), GIC_SPURIOUS_INTID);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), GIC_SPURIOUS_INTID);
    wr(m, v, GIC_CPU_IGRPEN1, 1);
    /* PMR 0 at reset masks everything, HPPIR still reports it. */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_HPPIR), 40);
    ck_assert(!ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), GIC_SPURIOUS_INTID);
    /* PMR == priority still masks. */
    wr(m, v, GIC_CPU_PMR, 0x80);
    ck_assert(!ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), GIC_SPURIOUS_INTID);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_PENDING);
    wr(m, v, GIC_CPU_PMR, 0x88);
    ck_assert(ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    /* Active only: no candidate. */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), GIC_SPURIOUS_INTID);
    rm(m);
}
END_TEST

START_TEST(test_v3_group0_candidate)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0x40, 0);
    set_lr(v, 1, 41, GIC_LR_PENDING, 0x80, 1);
    /* The Group 0 LR wins the HPPI; IAR1/HPPIR1 do not serve it. */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_HPPIR), GIC_SPURIOUS_INTID);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), GIC_SPURIOUS_INTID);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_PENDING);
    ck_assert(ref_cpuif_signalled(m, v));          /* a vFIQ */
    /* Group 0 disabled: the Group 1 LR is the candidate. */
    wr(m, v, GIC_CPU_IGRPEN0, 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IGRPEN0), 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IGRPEN1), 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 41);
    rm(m);
}
END_TEST

START_TEST(test_preemption_and_bpr)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0x50, 1);
    set_lr(v, 1, 41, GIC_LR_PENDING, 0x48, 1);
    /* BPR1 = 3: 41 (0x48) wins first. Take 40 alone instead. */
    v->vif.lr[1].state = 0;
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0x50);
    v->vif.lr[1].state = GIC_LR_PENDING;
    /* 0x48 < 0x50: preempts. */
    ck_assert(ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 41);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0x48);
    ck_assert_uint_eq(v->vif.vmcr.apr[1][0], (1u << (0x50 >> 3)) | (1u << (0x48 >> 3)));
    rm(m);

    /* Same with BPR1 = 5 (group priority keeps [7:5]): 0x50 -> 0x40, 0x48 -> 0x40. */
    m = mk(GIC_V3, 5);
    v = &m->vcpus[0];
    guest_on(m, v);
    wr(m, v, GIC_CPU_BPR, 5);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_BPR), 5);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0x50, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0x40);
    ck_assert_uint_eq(v->vif.vmcr.apr[1][0], 1u << (0x40 >> 3));
    set_lr(v, 1, 41, GIC_LR_PENDING, 0x48, 1);
    ck_assert(!ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), GIC_SPURIOUS_INTID);
    /* 0x38 -> group priority 0x20: preempts. */
    set_lr(v, 2, 42, GIC_LR_PENDING, 0x38, 1);
    ck_assert(ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 42);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0x20);
    /* EOIs in order: each drops the highest active priority and deactivates. */
    wr(m, v, GIC_CPU_EOIR, 42);
    ck_assert_uint_eq(v->vif.lr[2].state, 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0x40);
    wr(m, v, GIC_CPU_EOIR, 40);
    ck_assert_uint_eq(v->vif.lr[0].state, 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0xff);
    ck_assert_uint_eq(v->vif.vmcr.apr[1][0], 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 41);
    rm(m);
}
END_TEST

/* ---- EOI, DIR, maintenance ---------------------------------------------------- */

START_TEST(test_eoir_eoimode0)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0xa0, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    /* DIR is ignored with EOImode 0. */
    wr(m, v, GIC_CPU_DIR, 40);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_ACTIVE);
    wr(m, v, GIC_CPU_EOIR, 40);
    ck_assert_uint_eq(v->vif.lr[0].state, 0);
    ck_assert_uint_eq(v->vif.vmcr.apr[1][0], 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0xff);
    ck_assert_uint_eq(rec.n_mi, 0);                /* edge: no EOI bit */
    ck_assert_uint_eq(m->n.maintenance, 0);
    rm(m);
}
END_TEST

START_TEST(test_eoir_eoimode1_and_dir)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    wr(m, v, GIC_CPU_CTLR, 0x2);                   /* EOImode */
    ck_assert(v->vif.vmcr.eoimode);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0xa0, 1);
    set_lr(v, 1, 41, GIC_LR_PENDING, 0xb0, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    wr(m, v, GIC_CPU_EOIR, 40);
    /* Priority dropped, still active. */
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_ACTIVE);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0xff);
    /* The dropped priority lets a lower-priority one in while 40 is active. */
    ck_assert(ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 41);
    wr(m, v, GIC_CPU_EOIR, 41);
    ck_assert_uint_eq(v->vif.lr[1].state, GIC_LR_ACTIVE);
    /* DIR of an INTID that is not active: nothing. */
    wr(m, v, GIC_CPU_DIR, 99);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_ACTIVE);
    wr(m, v, GIC_CPU_DIR, 40);
    ck_assert_uint_eq(v->vif.lr[0].state, 0);
    ck_assert_uint_eq(v->vif.lr[1].state, GIC_LR_ACTIVE);
    wr(m, v, GIC_CPU_DIR, 41);
    ck_assert_uint_eq(v->vif.lr[1].state, 0);
    ck_assert_uint_eq(rec.n_mi, 0);
    rm(m);
}
END_TEST

START_TEST(test_eoir_out_of_order_no_deactivation)
{
    /* KVM's rule: the LR is deactivated only if its group priority is the one just
     * dropped; an out-of-order EOI is a guest error that drops but keeps it active. */
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0x80, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    set_lr(v, 1, 41, GIC_LR_PENDING, 0x40, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 41);
    wr(m, v, GIC_CPU_EOIR, 40);                    /* drops 0x40 */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0x80);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_ACTIVE);
    ck_assert_uint_eq(v->vif.lr[1].state, GIC_LR_ACTIVE);
    rm(m);
}
END_TEST

START_TEST(test_eoi_maintenance_level)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[1];
    guest_on(m, v);
    set_lr(v, 0, 41, GIC_LR_PENDING, 0xa0, 1);
    v->vif.lr[0].eoi = true;
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 41);
    ck_assert_uint_eq(rec.n_mi, 0);
    struct ref_op op = { .t = 5000, .vcpu = 1 };
    ref_cpuif_write(m, &op, v, GIC_CPU_EOIR, 41);
    ck_assert_uint_eq(op.t, 5000 + m->costs.cycles[COST_EOIR]);
    ck_assert_uint_eq(v->vif.lr[0].state, 0);
    ck_assert_uint_eq(rec.n_mi, 1);
    ck_assert_uint_eq(rec.mi_vcpu, 1);
    ck_assert_uint_eq(rec.mi_when, op.t);
    ck_assert_uint_eq(m->n.maintenance, 1);
    ck_assert_uint_eq(rec.n_phys, 0);
    rm(m);
}
END_TEST

START_TEST(test_eoi_bit_pending_active_no_maintenance)
{
    /* A P+A LR with EOI set is still valid after deactivation: no maintenance. */
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0xa0, 1);
    v->vif.lr[0].eoi = true;
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    v->vif.lr[0].state = GIC_LR_PENDING | GIC_LR_ACTIVE;     /* re-pended meanwhile */
    wr(m, v, GIC_CPU_EOIR, 40);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_PENDING);
    ck_assert_uint_eq(rec.n_mi, 0);
    rm(m);
}
END_TEST

START_TEST(test_hw_deactivation)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[1];
    guest_on(m, v);
    struct ref_irq *timer = &v->private_irqs[27];
    timer->s.hw = true;
    timer->s.phys_active = true;
    set_lr(v, 0, 27, GIC_LR_PENDING, 0xa0, 1);
    v->vif.lr[0].hw = true;
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 27);
    struct ref_op op = { .t = 7000, .vcpu = 1 };
    ref_cpuif_write(m, &op, v, GIC_CPU_EOIR, 27);
    ck_assert_uint_eq(v->vif.lr[0].state, 0);
    ck_assert_uint_eq(rec.n_phys, 1);
    ck_assert_uint_eq(rec.phys_vcpu, 1);
    ck_assert_uint_eq(rec.phys_intid, 27);
    ck_assert_uint_eq(rec.phys_when, op.t);
    ck_assert(!timer->s.phys_active);
    ck_assert(m->vcpus[0].private_irqs[27].s.phys_active == false);
    ck_assert_uint_eq(rec.n_mi, 0);
    ck_assert_uint_eq(m->n.maintenance, 0);
    rm(m);

    /* HW SPI with EOImode 1: DIR deactivates the physical interrupt. */
    m = mk(GIC_V3, 5);
    v = &m->vcpus[0];
    guest_on(m, v);
    wr(m, v, GIC_CPU_CTLR, 0x2);
    m->spis[8].s.phys_active = true;
    set_lr(v, 0, 40, GIC_LR_PENDING, 0xa0, 1);
    v->vif.lr[0].hw = true;
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    wr(m, v, GIC_CPU_EOIR, 40);
    ck_assert_uint_eq(rec.n_phys, 0);
    ck_assert(m->spis[8].s.phys_active);
    wr(m, v, GIC_CPU_DIR, 40);
    ck_assert_uint_eq(rec.n_phys, 1);
    ck_assert_uint_eq(rec.phys_intid, 40);
    ck_assert(!m->spis[8].s.phys_active);
    ck_assert_uint_eq(rec.n_mi, 0);
    rm(m);
}
END_TEST

START_TEST(test_underflow_maintenance)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0x80, 1);
    set_lr(v, 1, 41, GIC_LR_PENDING, 0x90, 1);
    set_lr(v, 2, 42, GIC_LR_PENDING, 0xa0, 1);
    v->vif.uie = true;
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    wr(m, v, GIC_CPU_EOIR, 40);                    /* two still valid */
    ck_assert_uint_eq(rec.n_mi, 0);
    ck_assert(v->vif.uie);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 41);
    wr(m, v, GIC_CPU_EOIR, 41);                    /* one left: underflow */
    ck_assert_uint_eq(rec.n_mi, 1);
    ck_assert_uint_eq(m->n.maintenance, 1);
    ck_assert(!v->vif.uie);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 42);
    wr(m, v, GIC_CPU_EOIR, 42);                    /* fires once only */
    ck_assert_uint_eq(rec.n_mi, 1);
    rm(m);

    /* EOI and underflow on the same deactivation: one maintenance interrupt. */
    m = mk(GIC_V3, 5);
    v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0x80, 1);
    v->vif.lr[0].eoi = true;
    set_lr(v, 1, 41, GIC_LR_PENDING, 0x90, 1);
    v->vif.uie = true;
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    wr(m, v, GIC_CPU_EOIR, 40);
    ck_assert_uint_eq(rec.n_mi, 1);
    ck_assert_uint_eq(m->n.maintenance, 1);
    ck_assert(!v->vif.uie);
    rm(m);
}
END_TEST

/* ---- the LR-overflow design's architecture (v6.19 sets these bits) ------------------- */

/* EOIcount counts the deactivations that found no LR: an EOImode 0 EOIR and an EOImode 1
 * DIR of a valid INTID with no active LR; never a special INTID, a split-mode EOIR or an
 * EOImode 0 DIR. Five bits, wrapping. The priority drop happens anyway. */
START_TEST(test_eoicount)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0x80, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    wr(m, v, GIC_CPU_EOIR, 41);                    /* no LR holds 41 */
    ck_assert_uint_eq(v->vif.eoicount, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0xff); /* 40's priority dropped */
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_ACTIVE);
    wr(m, v, GIC_CPU_EOIR, 1023);                  /* special: not counted */
    ck_assert_uint_eq(v->vif.eoicount, 1);
    wr(m, v, GIC_CPU_DIR, 42);                     /* EOImode 0: DIR ignored */
    ck_assert_uint_eq(v->vif.eoicount, 1);
    wr(m, v, GIC_CPU_CTLR, 0x2);                   /* EOImode 1 */
    wr(m, v, GIC_CPU_DIR, 42);
    ck_assert_uint_eq(v->vif.eoicount, 2);
    wr(m, v, GIC_CPU_EOIR, 43);                    /* split mode: EOIR only drops */
    ck_assert_uint_eq(v->vif.eoicount, 2);
    wr(m, v, GIC_CPU_DIR, 40);                     /* in an LR: deactivated, not counted */
    ck_assert_uint_eq(v->vif.eoicount, 2);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_INVALID);
    for (int i = 0; i < 30; i++)
        wr(m, v, GIC_CPU_DIR, 44);
    ck_assert_uint_eq(v->vif.eoicount, 0);         /* 32 wraps to 0 */
    ck_assert_uint_eq(rec.n_mi, 0);                /* LRENPIE not set: no maintenance */
    rm(m);

    /* GICv2: the same on GICV_EOIR (10-bit INTID field, the CPUID bits ignored). */
    m = mk(GIC_V2, 5);
    v = &m->vcpus[0];
    guest_on(m, v);
    wr(m, v, GIC_CPU_EOIR, 0x1000 | 40);
    ck_assert_uint_eq(v->vif.eoicount, 1);
    wr(m, v, GIC_CPU_EOIR, 1022);
    ck_assert_uint_eq(v->vif.eoicount, 1);
    rm(m);
}
END_TEST

/* NP, LRENP and the group enable/disable conditions raise one maintenance interrupt each,
 * once per HCR setting, and only when their enable bit is set. */
START_TEST(test_overflow_maintenance_conditions)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0x80, 1);
    set_lr(v, 1, 41, GIC_LR_ACTIVE, 0x90, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);  /* no NPIE: nothing */
    ck_assert_uint_eq(rec.n_mi, 0);
    rm(m);

    m = mk(GIC_V3, 5);
    v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0x80, 1);
    set_lr(v, 1, 41, GIC_LR_ACTIVE, 0x90, 1);
    v->vif.npie = true;
    v->vif.lrenpie = true;
    v->vif.vgrp1die = true;
    ck_assert_uint_eq(gic_vif_maintenance(&v->vif), 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);  /* the last pending LR taken: NP */
    ck_assert_uint_eq(rec.n_mi, 1);
    ck_assert_uint_eq(v->vif.mi_reported, GIC_MI_NP);
    wr(m, v, GIC_CPU_EOIR, 40);                    /* NP still holds: reported already */
    ck_assert_uint_eq(rec.n_mi, 1);
    wr(m, v, GIC_CPU_EOIR, 42);                    /* no LR: EOIcount, LRENP */
    ck_assert_uint_eq(rec.n_mi, 2);
    wr(m, v, GIC_CPU_IGRPEN1, 0);                  /* group 1 disabled: VGrp1D */
    ck_assert_uint_eq(rec.n_mi, 3);
    ck_assert_uint_eq(v->vif.mi_reported, GIC_MI_NP | GIC_MI_LRENP | GIC_MI_VGRP1D);
    ck_assert_uint_eq(m->n.maintenance, 3);
    /* One interrupt per condition, each under its cause; they sum to the total. */
    ck_assert_uint_eq(m->n.maintenance_by_cause[VGIC_MI_NO_PENDING], 1);
    ck_assert_uint_eq(m->n.maintenance_by_cause[VGIC_MI_LR_ENTRY_NO_PENDING], 1);
    ck_assert_uint_eq(m->n.maintenance_by_cause[VGIC_MI_GROUP], 1);
    ck_assert_uint_eq(m->n.maintenance_by_cause[VGIC_MI_UNDERFLOW], 0);
    ck_assert_uint_eq(m->n.maintenance_by_cause[VGIC_MI_EOI], 0);
    gic_vif_clear_hcr(&v->vif);                    /* what the fold does */
    ck_assert(!v->vif.npie && !v->vif.lrenpie && !v->vif.vgrp1die && !v->vif.tdir);
    ck_assert_uint_eq(v->vif.eoicount, 0);
    ck_assert_uint_eq(v->vif.mi_reported, 0);
    rm(m);
}
END_TEST

/* TDIR: a DIR of an interrupt an LR holds active is handled on KVM's EL2 fast path (trap
 * plus the deactivation; no exit, no EOIcount); in EOImode 0 the trapped write is dropped
 * there too. Without TDIR the hardware's DIR costs only `dir`. */
START_TEST(test_tdir_fast_path)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    wr(m, v, GIC_CPU_CTLR, 0x2);                   /* EOImode 1 */
    set_lr(v, 0, 40, GIC_LR_ACTIVE, 0x80, 1);
    struct gic_deactivation d;
    v->vif.tdir = true;
    gic_vif_dir(&m->arch, &v->vif, 40, &d);        /* the architecture: trapped */
    ck_assert(d.trapped);
    ck_assert_int_eq(d.lr, -1);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_ACTIVE);
    const uint64_t *c = m->costs.cycles;
    struct ref_op op = { .t = 100, .vcpu = 0 };
    ref_cpuif_write(m, &op, v, GIC_CPU_DIR, 40);
    ck_assert_uint_eq(op.t, 100 + c[COST_TRAP_SYSREG] + c[COST_DIR]);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_INVALID);
    ck_assert_uint_eq(v->vif.eoicount, 0);
    ck_assert_uint_eq(m->n.exits, 0);
    wr(m, v, GIC_CPU_CTLR, 0x0);                   /* EOImode 0: dropped at EL2 */
    set_lr(v, 1, 41, GIC_LR_ACTIVE, 0x80, 1);
    op.t = 100;
    ref_cpuif_write(m, &op, v, GIC_CPU_DIR, 41);
    ck_assert_uint_eq(op.t, 100 + c[COST_TRAP_SYSREG] + c[COST_DIR]);
    ck_assert_uint_eq(v->vif.lr[1].state, GIC_LR_ACTIVE);
    ck_assert_uint_eq(m->n.exits, 0);
    v->vif.tdir = false;
    op.t = 100;
    ref_cpuif_write(m, &op, v, GIC_CPU_DIR, 41);
    ck_assert_uint_eq(op.t, 100 + c[COST_DIR]);
    rm(m);
}
END_TEST

/* A virtual LPI (GICv3, INTID 8192 and up): IAR makes its LR active like any other's;
 * EOIR deactivates it in EOImode 1 too, a DIR of an LPI does nothing, and an EOIR or DIR
 * of an LPI no LR holds active is not counted in EOIcount (the architecture's pseudocode,
 * as KVM's vgic-v3-sr.c emulates it). With TDIR, KVM's EL2 fast path drops a DIR of an
 * LPI without an exit. */
START_TEST(test_lpi_active_state)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    wr(m, v, GIC_CPU_CTLR, 0x2);                   /* EOImode 1 */
    set_lr(v, 0, 8195, GIC_LR_PENDING, 0xa0, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 8195);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_ACTIVE);
    wr(m, v, GIC_CPU_DIR, 8195);                   /* an LPI's DIR: nothing */
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_ACTIVE);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0xa0);
    wr(m, v, GIC_CPU_EOIR, 8195);                  /* EOImode 1, yet deactivated */
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_INVALID);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0xff);
    wr(m, v, GIC_CPU_DIR, 8196);                   /* no LR, an LPI: not counted */
    ck_assert_uint_eq(v->vif.eoicount, 0);
    wr(m, v, GIC_CPU_DIR, 44);                     /* an SPI is */
    ck_assert_uint_eq(v->vif.eoicount, 1);
    wr(m, v, GIC_CPU_CTLR, 0x0);                   /* EOImode 0 */
    wr(m, v, GIC_CPU_EOIR, 8196);
    ck_assert_uint_eq(v->vif.eoicount, 1);
    wr(m, v, GIC_CPU_EOIR, 44);
    ck_assert_uint_eq(v->vif.eoicount, 2);
    ck_assert_uint_eq(rec.n_mi, 0);

    /* TDIR (v6.19) in EOImode 1: a DIR of an LPI no LR holds is dropped at EL2. */
    wr(m, v, GIC_CPU_CTLR, 0x2);
    v->vif.tdir = true;
    const uint64_t *c = m->costs.cycles;
    struct ref_op op = { .t = 100, .vcpu = 0 };
    ref_cpuif_write(m, &op, v, GIC_CPU_DIR, 8196);
    ck_assert_uint_eq(op.t, 100 + c[COST_TRAP_SYSREG] + c[COST_DIR]);
    ck_assert_uint_eq(m->n.exits, 0);
    ck_assert_uint_eq(v->vif.eoicount, 2);
    rm(m);
}
END_TEST

/* ---- GICv2 specifics ---------------------------------------------------------- */

START_TEST(test_v2_sgi_source)
{
    struct ref_model *m = mk(GIC_V2, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 3, GIC_LR_PENDING, 0xa0, 0);
    v->vif.lr[0].source = 1;
    ck_assert_uint_eq(rd(m, v, GIC_CPU_HPPIR), 3 | 1u << 10);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 3 | 1u << 10);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_ACTIVE);
    /* v2: one APR set for both groups, kept in apr[0]. */
    ck_assert_uint_eq(v->vif.vmcr.apr[0][0], 1u << (0xa0 >> 3));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_APR0), 1u << (0xa0 >> 3));
    wr(m, v, GIC_CPU_EOIR, 3 | 1u << 10);
    ck_assert_uint_eq(v->vif.lr[0].state, 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_APR0), 0);
    rm(m);

    /* EOIR with the wrong CPUID: priority drop only. */
    m = mk(GIC_V2, 5);
    v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 3, GIC_LR_PENDING, 0xa0, 0);
    v->vif.lr[0].source = 1;
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 3 | 1u << 10);
    wr(m, v, GIC_CPU_EOIR, 3);                      /* CPUID 0 */
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_ACTIVE);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0xff);
    /* Non-SGIs ignore the CPUID bits of the match. */
    set_lr(v, 1, 40, GIC_LR_PENDING, 0x90, 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    wr(m, v, GIC_CPU_EOIR, 40);
    ck_assert_uint_eq(v->vif.lr[1].state, 0);
    rm(m);
}
END_TEST

START_TEST(test_v2_group1_ackctl)
{
    struct ref_model *m = mk(GIC_V2, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0xa0, 1);
    ck_assert(ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_HPPIR), 1022);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 1022);
    ck_assert_uint_eq(v->vif.lr[0].state, GIC_LR_PENDING);
    ck_assert_uint_eq(v->vif.vmcr.apr[0][0], 0);
    /* Masked by PMR: 1023, not 1022. */
    wr(m, v, GIC_CPU_PMR, 0xa0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), GIC_SPURIOUS_INTID);
    wr(m, v, GIC_CPU_PMR, 0xff);
    wr(m, v, GIC_CPU_CTLR, 0x7);                    /* + AckCtl */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_CTLR), 0x7);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_HPPIR), 40);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    /* Group 1's active priority also goes to the shared set. */
    ck_assert_uint_eq(v->vif.vmcr.apr[0][0], 1u << (0xa0 >> 3));
    ck_assert_uint_eq(v->vif.vmcr.apr[1][0], 0);
    wr(m, v, GIC_CPU_EOIR, 40);
    ck_assert_uint_eq(v->vif.lr[0].state, 0);
    rm(m);
}
END_TEST

START_TEST(test_v2_registers)
{
    struct ref_model *m = mk(GIC_V2, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    /* Reset. */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_CTLR), 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_PMR), 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_BPR), 2);    /* 7 - PREbits */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0xff);
    /* CTLR: EnableGrp0, EnableGrp1, AckCtl, CBPR, EOImode; FIQEn reads 0. */
    wr(m, v, GIC_CPU_CTLR, 0xffffffff);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_CTLR), 0x217);
    ck_assert(v->vif.vmcr.grpen0 && v->vif.vmcr.grpen1 && v->vif.vmcr.ackctl && v->vif.vmcr.cbpr &&
              v->vif.vmcr.eoimode);
    wr(m, v, GIC_CPU_CTLR, 0);
    /* BPR is BPR0: minimum 2, three bits. */
    wr(m, v, GIC_CPU_BPR, 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_BPR), 2);
    wr(m, v, GIC_CPU_BPR, 6);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_BPR), 6);
    ck_assert_uint_eq(v->vif.vmcr.bpr0, 6);
    /* PMR: 5 bits even if the configuration says 8 (GICH_VMCR holds [7:3]). */
    wr(m, v, GIC_CPU_PMR, 0xff);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_PMR), 0xf8);
    /* APRs: only APR0 implemented (32 levels). v3 registers RAZ/WI. */
    wr(m, v, GIC_CPU_APR1, 0x1234);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_APR1), 0);
    wr(m, v, GIC_CPU_APR0, 0x10000);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_APR0), 0x10000);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0x80);
    wr(m, v, GIC_CPU_AP1R0, 1);
    ck_assert_uint_eq(v->vif.vmcr.apr[1][0], 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_AP0R0), 0);
    wr(m, v, GIC_CPU_IGRPEN1, 1);
    ck_assert(!v->vif.vmcr.grpen1);
    rm(m);

    m = mk(GIC_V2, 8);
    v = &m->vcpus[0];
    wr(m, v, GIC_CPU_PMR, 0xff);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_PMR), 0xf8);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_BPR), 2);
    rm(m);
}
END_TEST

/* ---- v3 registers ------------------------------------------------------------ */

START_TEST(test_v3_registers)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    /* CTLR: PRIbits = 4 at [10:8], IDbits 0, A3V. */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_CTLR), 4u << 8 | 1u << 15);
    wr(m, v, GIC_CPU_CTLR, 0x3);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_CTLR), 4u << 8 | 1u << 15 | 0x3);
    ck_assert(v->vif.vmcr.cbpr && v->vif.vmcr.eoimode);
    ck_assert(!v->vif.vmcr.grpen0 && !v->vif.vmcr.grpen1);
    /* CBPR: BPR1 reads BPR0 + 1 and ignores writes. */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_BPR), 3);
    wr(m, v, GIC_CPU_BPR, 6);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_BPR), 3);
    ck_assert_uint_eq(v->vif.vmcr.bpr1, 3);
    wr(m, v, GIC_CPU_CTLR, 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_CTLR), 4u << 8 | 1u << 15);
    /* BPR1 clamped to 8 - PREbits = 3. */
    wr(m, v, GIC_CPU_BPR, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_BPR), 3);
    wr(m, v, GIC_CPU_BPR, 7);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_BPR), 7);
    wr(m, v, GIC_CPU_BPR, 9);                      /* 3-bit field: 1, clamped */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_BPR), 3);
    /* PMR: low bits RAZ with 5 priority bits. */
    wr(m, v, GIC_CPU_PMR, 0xff);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_PMR), 0xf8);
    wr(m, v, GIC_CPU_PMR, 0xa7);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_PMR), 0xa0);
    /* APRs: AP0R0/AP1R0 implemented (32 levels), AP*R1..3 RAZ/WI. */
    wr(m, v, GIC_CPU_AP1R1, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_AP1R1), 0);
    wr(m, v, GIC_CPU_AP0R0, 1u << 20);
    wr(m, v, GIC_CPU_AP1R0, 1u << 10);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_AP0R0), 1u << 20);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_AP1R0), 1u << 10);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 10u << 3);
    /* The v2 APRn are not there. */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_APR0), 0);
    /* Priority drop takes the highest (lowest-numbered) across both groups. */
    wr(m, v, GIC_CPU_EOIR, 1023);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_AP1R0), 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 20u << 3);
    wr(m, v, GIC_CPU_EOIR, 1023);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0xff);
    rm(m);
}
END_TEST

START_TEST(test_v3_eight_priority_bits)
{
    /* PRIbits 8, PREbits 7: BPR0 >= 0, BPR1 >= 1, 128 levels in 4 APR words. */
    struct ref_model *m = mk(GIC_V3, 8);
    struct ref_vcpu *v = &m->vcpus[0];
    ck_assert_uint_eq(rd(m, v, GIC_CPU_CTLR), 7u << 8 | 1u << 15);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_BPR), 1);
    ck_assert_uint_eq(v->vif.vmcr.bpr0, 0);
    guest_on(m, v);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_PMR), 0xff);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0x81, 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    /* Group priority 0x80 -> bit 64 -> AP1R2 bit 0. */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_AP1R2), 1);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0x80);
    set_lr(v, 1, 41, GIC_LR_PENDING, 0x7f, 1);     /* group priority 0x7e */
    ck_assert(ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 41);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_AP1R1), 1u << 31);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0x7e);
    wr(m, v, GIC_CPU_EOIR, 41);
    ck_assert_uint_eq(v->vif.lr[1].state, 0);
    wr(m, v, GIC_CPU_EOIR, 40);
    ck_assert_uint_eq(v->vif.lr[0].state, 0);
    ck_assert_uint_eq(rd(m, v, GIC_CPU_RPR), 0xff);
    rm(m);
}
END_TEST

START_TEST(test_pmr_masking_five_bits)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0xf0, 1);
    wr(m, v, GIC_CPU_PMR, 0xf7);                    /* stored as 0xf0: masks 0xf0 */
    ck_assert_uint_eq(rd(m, v, GIC_CPU_PMR), 0xf0);
    ck_assert(!ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), GIC_SPURIOUS_INTID);
    wr(m, v, GIC_CPU_PMR, 0xf8);
    ck_assert(ref_cpuif_signalled(m, v));
    ck_assert_uint_eq(rd(m, v, GIC_CPU_IAR), 40);
    rm(m);
}
END_TEST

START_TEST(test_reset)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    wr(m, v, GIC_CPU_CTLR, 3);
    v->vif.vmcr.apr[1][0] = 5;
    ref_cpuif_reset(m, v);
    ck_assert(!v->vif.vmcr.grpen0 && !v->vif.vmcr.grpen1 && !v->vif.vmcr.eoimode && !v->vif.vmcr.cbpr &&
              !v->vif.vmcr.ackctl);
    ck_assert_uint_eq(v->vif.vmcr.pmr, 0);
    ck_assert_uint_eq(v->vif.vmcr.bpr0, 2);
    ck_assert_uint_eq(v->vif.vmcr.bpr1, 3);
    ck_assert_uint_eq(v->vif.vmcr.apr[1][0], 0);
    rm(m);
}
END_TEST

START_TEST(test_costs)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v = &m->vcpus[0];
    guest_on(m, v);
    set_lr(v, 0, 40, GIC_LR_PENDING, 0xa0, 1);
    const uint64_t *c = m->costs.cycles;
    struct ref_op op = { .t = 100, .vcpu = 0 };
    ref_cpuif_read(m, &op, v, GIC_CPU_IAR);
    ck_assert_uint_eq(op.t, 100 + c[COST_IAR]);
    op.t = 100;
    ref_cpuif_write(m, &op, v, GIC_CPU_EOIR, 40);
    ck_assert_uint_eq(op.t, 100 + c[COST_EOIR]);
    op.t = 100;
    ref_cpuif_write(m, &op, v, GIC_CPU_DIR, 40);
    ck_assert_uint_eq(op.t, 100 + c[COST_DIR]);
    op.t = 100;
    ref_cpuif_write(m, &op, v, GIC_CPU_PMR, 0x80);
    ck_assert_uint_eq(op.t, 100 + c[COST_CPU_REG]);
    op.t = 100;
    ref_cpuif_read(m, &op, v, GIC_CPU_RPR);
    ck_assert_uint_eq(op.t, 100 + c[COST_CPU_REG]);
    rm(m);
}
END_TEST

START_TEST(test_sgi1r)
{
    struct ref_model *m = mk(GIC_V3, 5);
    struct ref_vcpu *v0 = &m->vcpus[0];
    /* SGI 5 to Aff0 = 1 (vCPU 1). */
    wr(m, v0, GIC_CPU_SGI1R, (UINT64_C(5) << 24) | 0x2);
    ck_assert(m->vcpus[1].private_irqs[5].s.pending_latch);
    ck_assert(!m->vcpus[0].private_irqs[5].s.pending_latch);
    ck_assert_uint_eq(rd(m, v0, GIC_CPU_SGI1R), 0);
    rm(m);

    /* v2: SGI1R does not exist. */
    m = mk(GIC_V2, 5);
    wr(m, &m->vcpus[0], GIC_CPU_SGI1R, (UINT64_C(5) << 24) | 0x2);
    ck_assert(!m->vcpus[1].private_irqs[5].s.pending_latch);
    rm(m);
}
END_TEST

/* ---- signalled() agrees with IAR ------------------------------------------------- */

static uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void check_signalled_random(enum gic_version ver, uint32_t pbits, uint64_t seed)
{
    struct ref_model *m = mk(ver, pbits);
    struct ref_vcpu *v = &m->vcpus[0];
    uint64_t s = seed;
    for (int round = 0; round < 300; round++) {
        ref_cpuif_reset(m, v);
        if (ver == GIC_V2) {
            /* AckCtl so IAR serves both groups; random group enables and CBPR. */
            wr(m, v, GIC_CPU_CTLR, 0x4 | (rng_next(&s) & 0x13));
        } else {
            wr(m, v, GIC_CPU_IGRPEN1, rng_next(&s) & 1);
            wr(m, v, GIC_CPU_CTLR, rng_next(&s) & 1);
        }
        wr(m, v, GIC_CPU_PMR, rng_next(&s) & 0xff);
        wr(m, v, GIC_CPU_BPR, rng_next(&s) & 7);
        v->vif.used_lrs = 1 + (uint32_t)(rng_next(&s) % 4);
        for (uint32_t i = 0; i < v->vif.used_lrs; i++) {
            uint8_t st = (uint8_t)(rng_next(&s) % 4);
            set_lr(v, i, 32 + i, st, (uint8_t)(rng_next(&s) & vgic_dist_priority_mask(&m->cfg)),
                   ver == GIC_V2 ? (uint8_t)(rng_next(&s) & 1) : 1);
        }
        /* Acknowledge until nothing is signalled, checking each step. */
        for (int step = 0; step < 6; step++) {
            bool sig = ref_cpuif_signalled(m, v);
            uint64_t id = rd(m, v, GIC_CPU_IAR);
            ck_assert_msg(sig == (id != GIC_SPURIOUS_INTID),
                          "round %d step %d: signalled %d but IAR %llu", round, step, sig,
                          (unsigned long long)id);
            if (!sig)
                break;
            if (rng_next(&s) & 1)
                wr(m, v, GIC_CPU_EOIR, id);
        }
    }
    rm(m);
}

START_TEST(test_signalled_matches_iar)
{
    check_signalled_random(GIC_V3, 5, 1);
    check_signalled_random(GIC_V3, 8, 2);
    check_signalled_random(GIC_V3, 4, 3);
    check_signalled_random(GIC_V2, 5, 4);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("ref_cpuif");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_iar_highest_priority_and_tie);
    tcase_add_test(tc, test_iar_spurious_cases);
    tcase_add_test(tc, test_v3_group0_candidate);
    tcase_add_test(tc, test_preemption_and_bpr);
    tcase_add_test(tc, test_eoir_eoimode0);
    tcase_add_test(tc, test_eoir_eoimode1_and_dir);
    tcase_add_test(tc, test_eoir_out_of_order_no_deactivation);
    tcase_add_test(tc, test_eoi_maintenance_level);
    tcase_add_test(tc, test_eoi_bit_pending_active_no_maintenance);
    tcase_add_test(tc, test_hw_deactivation);
    tcase_add_test(tc, test_underflow_maintenance);
    tcase_add_test(tc, test_eoicount);
    tcase_add_test(tc, test_overflow_maintenance_conditions);
    tcase_add_test(tc, test_tdir_fast_path);
    tcase_add_test(tc, test_lpi_active_state);
    tcase_add_test(tc, test_v2_sgi_source);
    tcase_add_test(tc, test_v2_group1_ackctl);
    tcase_add_test(tc, test_v2_registers);
    tcase_add_test(tc, test_v3_registers);
    tcase_add_test(tc, test_v3_eight_priority_bits);
    tcase_add_test(tc, test_pmr_masking_five_bits);
    tcase_add_test(tc, test_reset);
    tcase_add_test(tc, test_costs);
    tcase_add_test(tc, test_sgi1r);
    tcase_add_test(tc, test_signalled_matches_iar);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_run_suite(suite());
}
