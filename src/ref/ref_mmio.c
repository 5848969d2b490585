/* Distributor/redistributor MMIO dispatch and the generic per-IRQ register handlers
 * both GIC versions share (KVM's vgic-mmio.c, classic design v4.19..v6.18 with the
 * v5.7+ active-state handling; reference sections 3.3 and 4).
 *
 * Timing (reference 9.2): every IRQ lookup a handler makes costs COST_EMULATE_IRQ
 * (so set/clear registers pay per set bit, the others per IRQ covered); each
 * modification takes and releases that IRQ's lock, or hands the lock to the queue
 * procedure, which releases it. Reads of enable/active/priority/config/group are
 * lockless; pending reads lock each IRQ. The caller charges COST_EMULATE_REG and
 * counts the trap. */
#include <stdlib.h>

#include "ref/ref_mmio.h"

struct ref_irq *ref_mmio_irq(const struct ref_mmio_ctx *c, uint32_t intid)
{
    /* Private INTIDs resolve to the bank's copy; SPIs are shared. */
    struct ref_irq *irq = ref_irq_get(c->m, c->vcpu->id, intid);
    if (irq)
        ref_charge(c->m, c->op, COST_EMULATE_IRQ);
    return irq;
}

static bool is_v2_model(const struct ref_model *m) { return m->cfg.version == GIC_V2; }

/* ---- RAZ / RAO / WI ------------------------------------------------------ */

uint64_t ref_mmio_read_raz(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c, (void)offset, (void)len;
    return 0;
}

uint64_t ref_mmio_read_rao(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c, (void)offset, (void)len;
    return UINT64_MAX;  /* the dispatcher truncates to the access width */
}

void ref_mmio_write_wi(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len, uint64_t val)
{
    (void)c, (void)offset, (void)len, (void)val;
}

/* ---- IGROUPR ------------------------------------------------------------- */

/* One bit per IRQ covered by the access. KVM reads most of these fields without
 * the IRQ's lock (single loads); the pending state is read under it. */
typedef bool irq_bit_fn(const struct ref_irq *irq);

static uint64_t read_irq_bits(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                              irq_bit_fn *bit, bool locked)
{
    uint32_t intid = ref_mmio_intid(offset, 1);
    uint64_t value = 0;
    for (uint32_t i = 0; i < len * 8; i++) {
        struct ref_irq *irq = ref_mmio_irq(c, intid + i);
        if (!irq)
            continue;
        if (locked)
            ref_lock_acquire(c->m, c->op, &irq->lock);
        if (bit(irq))
            value |= UINT64_C(1) << i;
        if (locked)
            ref_lock_release(c->op, &irq->lock);
    }
    return value;
}

static bool group_bit(const struct ref_irq *irq) { return irq->group; }
static bool enable_bit(const struct ref_irq *irq) { return irq->enabled; }
/* Even for HW IRQs the guest sees the virtual active state. */
static bool active_bit(const struct ref_irq *irq) { return irq->active; }

uint64_t ref_mmio_read_group(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return read_irq_bits(c, offset, len, group_bit, false);
}

/* Every IRQ of the word takes its bit (not only the set ones), then goes through the
 * queue procedure: a group change can make it deliverable. */
void ref_mmio_write_group(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                          uint64_t val)
{
    uint32_t intid = ref_mmio_intid(offset, 1);
    for (uint32_t i = 0; i < len * 8; i++) {
        struct ref_irq *irq = ref_mmio_irq(c, intid + i);
        if (!irq)
            continue;
        ref_lock_acquire(c->m, c->op, &irq->lock);
        irq->group = (val >> i) & 1;
        ref_queue_irq_unlock(c->m, c->op, irq);
    }
}

/* ---- ISENABLER / ICENABLER ----------------------------------------------- */

uint64_t ref_mmio_read_enable(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return read_irq_bits(c, offset, len, enable_bit, false);
}

/* Set/clear registers visit only the bits written as 1. Each IRQ is looked up (and
 * charged), locked, and handed to `apply`, which releases the lock itself, directly or
 * through the queue procedure. */
typedef void irq_apply_fn(const struct ref_mmio_ctx *c, struct ref_irq *irq);

static void for_each_written_irq(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                                 uint64_t val, bool (*skip)(const struct ref_mmio_ctx *c,
                                                            const struct ref_irq *irq),
                                 irq_apply_fn *apply)
{
    uint32_t intid = ref_mmio_intid(offset, 1);
    for (uint32_t i = 0; i < len * 8; i++) {
        if (!((val >> i) & 1))
            continue;
        struct ref_irq *irq = ref_mmio_irq(c, intid + i);
        if (!irq || (skip && skip(c, irq)))
            continue;
        ref_lock_acquire(c->m, c->op, &irq->lock);
        apply(c, irq);
    }
}

static void set_enable(const struct ref_mmio_ctx *c, struct ref_irq *irq)
{
    if (irq->hw && irq->level) {
        /* Mapped level interrupt: the device may have changed while the IRQ was
         * disabled, so re-sample the line; if it dropped, deactivate the
         * physical interrupt so the host hears of the next assertion. */
        bool was_high = irq->line_level;
        irq->line_level = irq->device_level;
        if (!irq->active && was_high && !irq->line_level)
            irq->phys_active = false;
    }
    irq->enabled = true;
    ref_queue_irq_unlock(c->m, c->op, irq);
}

/* No kick and no removal: a listed IRQ stays in its LR until that vCPU's next exit. */
static void clear_enable(const struct ref_mmio_ctx *c, struct ref_irq *irq)
{
    irq->enabled = false;
    ref_lock_release(c->op, &irq->lock);
}

void ref_mmio_write_senable(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                            uint64_t val)
{
    for_each_written_irq(c, offset, len, val, NULL, set_enable);
}

void ref_mmio_write_cenable(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                            uint64_t val)
{
    for_each_written_irq(c, offset, len, val, NULL, clear_enable);
}

/* ---- ISPENDR / ICPENDR --------------------------------------------------- */

uint64_t ref_mmio_read_pending(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return read_irq_bits(c, offset, len, ref_irq_is_pending, true);
}

/* GICv2-model SGIs are pended through GICD_SGIR / GICD_SPENDSGIR only: their
 * ISPENDR0/ICPENDR0 bits are WI (an SGI pending without a source is meaningless). */
static bool is_v2_sgi(const struct ref_mmio_ctx *c, const struct ref_irq *irq)
{
    return is_v2_model(c->m) && gic_intid_is_sgi(irq->intid);
}

static void set_pending(const struct ref_mmio_ctx *c, struct ref_irq *irq)
{
    irq->pending_latch = true;
    /* A HW LR can only be deactivated by the guest if the physical IRQ is active. */
    if (irq->hw)
        irq->phys_active = true;
    ref_queue_irq_unlock(c->m, c->op, irq);
}

/* A level IRQ whose line is still high stays pending (pending = latch OR line). No
 * kick, no removal from an ap_list. */
static void clear_pending(const struct ref_mmio_ctx *c, struct ref_irq *irq)
{
    irq->pending_latch = false;
    /* HW: the physical pending state is cleared too (not modelled), and the
     * physical active state unless the virtual IRQ is active, so that an
     * ISPENDR/ICPENDR pair does not leave the physical line masked. */
    if (irq->hw && !irq->active)
        irq->phys_active = false;
    ref_lock_release(c->op, &irq->lock);
}

void ref_mmio_write_spending(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                             uint64_t val)
{
    for_each_written_irq(c, offset, len, val, is_v2_sgi, set_pending);
}

void ref_mmio_write_cpending(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                             uint64_t val)
{
    for_each_written_irq(c, offset, len, val, is_v2_sgi, clear_pending);
}

/* ---- ISACTIVER / ICACTIVER ----------------------------------------------- */

/* Active-state accesses (reads included) run under kvm->lock with the guest halted
 * when any vCPU could hold a copy of the IRQ in its LRs: always on the GICv3 model
 * (any vCPU can reach another's SGI frame), for SPIs on GICv2 (only the owner can
 * reach a v2 vCPU's banked private registers, and it is out of the guest). */
static bool active_access_halts(const struct ref_mmio_ctx *c, uint32_t intid)
{
    return !is_v2_model(c->m) || intid >= GIC_NR_PRIVATE;
}

static void active_prepare(const struct ref_mmio_ctx *c, uint32_t intid)
{
    ref_lock_acquire(c->m, c->op, &c->m->kvm_lock);
    if (active_access_halts(c, intid))
        ref_halt_guest(c->m, c->op);
}

static void active_finish(const struct ref_mmio_ctx *c, uint32_t intid)
{
    if (active_access_halts(c, intid))
        ref_resume_guest(c->m, c->op);
    ref_lock_release(c->op, &c->m->kvm_lock);
}

uint64_t ref_mmio_read_active(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    uint32_t intid = ref_mmio_intid(offset, 1);
    active_prepare(c, intid);
    uint64_t value = read_irq_bits(c, offset, len, active_bit, false);
    active_finish(c, intid);
    return value;
}

/* Entered with the IRQ's lock held, like every for_each_written_irq callback. */
static void change_active(const struct ref_mmio_ctx *c, struct ref_irq *irq, bool active)
{
    irq->active = active;
    if (irq->hw && !gic_intid_is_sgi(irq->intid)) {
        /* Virtual and physical active state move together. */
        irq->phys_active = active;
    } else if (active && is_v2_sgi(c, irq)) {
        /* The source of an active v2 SGI is not architecturally visible: KVM
         * records the requester. */
        irq->active_source = (uint8_t)c->requester->id;
    }
    /* An activated IRQ is queued so that it is presented as active in its vCPU's
     * LRs; a deactivated one is just unlocked (no kick). */
    if (irq->active)
        ref_queue_irq_unlock(c->m, c->op, irq);
    else
        ref_lock_release(c->op, &irq->lock);
}

static void set_active(const struct ref_mmio_ctx *c, struct ref_irq *irq)
{
    change_active(c, irq, true);
}

static void clear_active(const struct ref_mmio_ctx *c, struct ref_irq *irq)
{
    change_active(c, irq, false);
}

static void write_active(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                         uint64_t val, bool active)
{
    uint32_t intid = ref_mmio_intid(offset, 1);
    active_prepare(c, intid);
    for_each_written_irq(c, offset, len, val, NULL, active ? set_active : clear_active);
    active_finish(c, intid);
}

void ref_mmio_write_sactive(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                            uint64_t val)
{
    write_active(c, offset, len, val, true);
}

void ref_mmio_write_cactive(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                            uint64_t val)
{
    write_active(c, offset, len, val, false);
}

/* ---- IPRIORITYR ---------------------------------------------------------- */

uint64_t ref_mmio_read_bytes(const struct ref_mmio_ctx *c, uint32_t first_intid, uint32_t len,
                             uint8_t (*field)(const struct ref_irq *irq))
{
    uint64_t value = 0;
    for (uint32_t i = 0; i < len; i++) {
        const struct ref_irq *irq = ref_mmio_irq(c, first_intid + i);
        if (irq)
            value |= (uint64_t)field(irq) << (i * 8);
    }
    return value;
}

static uint8_t priority_byte(const struct ref_irq *irq) { return irq->priority; }

uint64_t ref_mmio_read_priority(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return ref_mmio_read_bytes(c, ref_mmio_intid(offset, 8), len, priority_byte);
}

/* Only the implemented (top priority_bits) bits are kept. No requeue, re-sort or
 * kick: a pending IRQ's new priority counts from the next flush. */
void ref_mmio_write_priority(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                             uint64_t val)
{
    uint32_t intid = ref_mmio_intid(offset, 8);
    for (uint32_t i = 0; i < len; i++) {
        struct ref_irq *irq = ref_mmio_irq(c, intid + i);
        if (!irq)
            continue;
        ref_lock_acquire(c->m, c->op, &irq->lock);
        irq->priority = (uint8_t)(val >> (i * 8)) & c->m->priority_mask;
        ref_lock_release(c->op, &irq->lock);
    }
}

/* ---- ICFGR --------------------------------------------------------------- */

/* Two bits per IRQ: 0b10 edge, 0b00 level (bit 2i is always 0). */
uint64_t ref_mmio_read_config(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    uint32_t intid = ref_mmio_intid(offset, 2);
    uint64_t value = 0;
    for (uint32_t i = 0; i < len * 4; i++) {
        const struct ref_irq *irq = ref_mmio_irq(c, intid + i);
        if (irq && !irq->level)
            value |= UINT64_C(2) << (i * 2);
    }
    return value;
}

/* Private INTIDs are skipped: SGIs are always edge and KVM keeps PPIs level (the
 * arch timer relies on it). For SPIs bit 2i+1 selects edge (1) or level (0). */
void ref_mmio_write_config(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                           uint64_t val)
{
    uint32_t intid = ref_mmio_intid(offset, 2);
    for (uint32_t i = 0; i < len * 4; i++) {
        if (intid + i < GIC_NR_PRIVATE)
            continue;
        struct ref_irq *irq = ref_mmio_irq(c, intid + i);
        if (!irq)
            continue;
        ref_lock_acquire(c->m, c->op, &irq->lock);
        irq->level = !((val >> (2 * i + 1)) & 1);
        ref_lock_release(c->op, &irq->lock);
    }
}

/* ---- lookup and dispatch ------------------------------------------------- */

static int region_cmp(const void *key, const void *elt)
{
    uint32_t offset = *(const uint32_t *)key;
    const struct ref_mmio_region *r = elt;
    if (offset < r->offset)
        return -1;
    if (offset >= r->offset + r->length)
        return 1;
    return 0;
}

const struct ref_mmio_region *ref_mmio_find_region(const struct ref_mmio_region *table,
                                                   size_t n, uint32_t offset)
{
    return bsearch(&offset, table, n, sizeof(*table), region_cmp);
}

static uint8_t access_flag(uint32_t width)
{
    switch (width) {
    case 1: return REF_ACCESS_8;
    case 4: return REF_ACCESS_32;
    case 8: return REF_ACCESS_64;
    default: return 0;  /* 16-bit (and odd) accesses are never allowed */
    }
}

/* KVM's check_region: allowed width, natural alignment, and for per-IRQ regions the
 * first INTID covered must exist (nr_irqs is a multiple of 32, so an aligned access
 * is either wholly inside or wholly outside). */
static bool check_region(const struct ref_model *m, const struct ref_mmio_region *r,
                         uint32_t offset, uint32_t width)
{
    if (!(r->access & access_flag(width)) || offset % width)
        return false;
    if (!r->bits_per_irq)
        return true;
    return ref_mmio_intid(offset, r->bits_per_irq) < gic_nr_irqs(&m->cfg);
}

uint64_t ref_mmio_access(struct ref_model *m, struct ref_op *op, enum gic_frame frame,
                         uint32_t redist, uint32_t offset, uint32_t width, bool is_write,
                         uint64_t value)
{
    /* Guest MMIO always comes from a vCPU. */
    if (op->vcpu < 0 || (uint32_t)op->vcpu >= m->cfg.vcpus)
        return 0;
    struct ref_vcpu *accessor = &m->vcpus[op->vcpu];
    struct ref_mmio_ctx c = {.m = m, .op = op, .vcpu = accessor, .requester = accessor};
    const struct ref_mmio_region *table;
    size_t n;
    if (frame == GIC_FRAME_GICD) {
        /* Private registers are banked by the accessor (and RAZ/WI on v3). */
        if (m->cfg.version == GIC_V2) {
            table = ref_v2_dist_regions;
            n = ref_v2_dist_nregions;
        } else {
            table = ref_v3_dist_regions;
            n = ref_v3_dist_nregions;
        }
    } else {
        if (m->cfg.version != GIC_V3 || redist >= m->cfg.vcpus || offset >= GICR_FRAME_SIZE)
            return 0;
        /* A redistributor's handlers act on its owner, whoever accesses it. */
        c.vcpu = &m->vcpus[redist];
        if (offset < GICR_SGI_BASE) {
            table = ref_v3_rd_regions;
            n = ref_v3_rd_nregions;
        } else {
            table = ref_v3_sgi_regions;
            n = ref_v3_sgi_nregions;
        }
    }
    const struct ref_mmio_region *r = ref_mmio_find_region(table, n, offset);
    if (!r || !check_region(m, r, offset, width))
        return 0;  /* RAZ/WI */
    uint64_t mask = width >= 8 ? UINT64_MAX : (UINT64_C(1) << (width * 8)) - 1;
    if (is_write) {
        r->write(&c, offset, width, value & mask);
        return 0;
    }
    return r->read(&c, offset, width) & mask;
}
