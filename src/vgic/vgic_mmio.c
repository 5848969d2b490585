/* SPDX-License-Identifier: GPL-2.0-only */
/* Distributor/redistributor MMIO: decode, dispatch and the generic per-IRQ register
 * handlers both GIC versions share (KVM's vgic-mmio.c, classic design v4.19..v6.18 with
 * the v5.7+ active-state handling; reference sections 3.3 and 4).
 *
 * Every IRQ a handler visits is looked up through the backend (KVM's vgic_get_irq), so
 * set/clear registers visit only the bits written as 1 and the others every IRQ covered.
 * Each modification is one backend update (KVM: take the IRQ's lock, modify, release it
 * or hand it to the queue procedure). Reads of enable/active/priority/config/group are
 * lockless; pending reads lock each IRQ. */
#include "vgic/vgic_mmio.h"

#include <stdlib.h>

#include "gic/sgi.h"

/* ---- RAZ / RAO / WI ------------------------------------------------------ */

uint64_t vgic_mmio_read_raz(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c, (void)offset, (void)len;
    return 0;
}

uint64_t vgic_mmio_read_rao(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c, (void)offset, (void)len;
    return UINT64_MAX;  /* the dispatcher truncates to the access width */
}

void vgic_mmio_write_wi(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                        uint64_t val)
{
    (void)c, (void)offset, (void)len, (void)val;
}

/* ---- one bit per IRQ --------------------------------------------------------- */

/* One IRQ's bit of a register; the context says who reads (the guest or the VMM) and
 * which release, for the bits that depend on them (pending_bit). */
typedef bool irq_bit_fn(const struct vgic_mmio_ctx *c, const struct vgic_irq_state *irq);

static uint64_t read_irq_bits(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                              irq_bit_fn *bit, bool locked)
{
    uint32_t intid = vgic_mmio_intid(offset, 1);
    uint64_t value = 0;
    for (uint32_t i = 0; i < len * 8; i++) {
        void *irq = c->be->irq(c->model, c->op, c->bank, intid + i);
        if (!irq)
            continue;
        struct vgic_irq_state st;
        c->be->read(c->model, c->op, irq, locked, &st);
        if (bit(c, &st))
            value |= UINT64_C(1) << i;
    }
    return value;
}

static bool group_bit(const struct vgic_mmio_ctx *c, const struct vgic_irq_state *irq)
{
    (void)c;
    return irq->group;
}
static bool enable_bit(const struct vgic_mmio_ctx *c, const struct vgic_irq_state *irq)
{
    (void)c;
    return irq->enabled;
}
/* Even for HW IRQs the guest sees the virtual active state. */
static bool active_bit(const struct vgic_mmio_ctx *c, const struct vgic_irq_state *irq)
{
    (void)c;
    return irq->active;
}

/* What a per-IRQ change needs to know besides the IRQ. */
struct change_arg {
    const struct vgic_mmio_ctx *c;
    uint64_t value;      /* the bit or field written for this IRQ */
};

/* Set/clear registers visit only the bits written as 1. `skip` leaves an IRQ alone after
 * its lookup (KVM looks it up, then ignores it). */
static void for_each_written_irq(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                                 uint64_t val, bool (*skip)(const struct vgic_mmio_ctx *c,
                                                            uint32_t intid),
                                 vgic_irq_change_fn *change)
{
    uint32_t intid = vgic_mmio_intid(offset, 1);
    struct change_arg arg = {.c = c, .value = 1};
    for (uint32_t i = 0; i < len * 8; i++) {
        if (!((val >> i) & 1))
            continue;
        void *irq = c->be->irq(c->model, c->op, c->bank, intid + i);
        if (!irq || (skip && skip(c, intid + i)))
            continue;
        c->be->update(c->model, c->op, irq, change, &arg);
    }
}

/* ---- IGROUPR --------------------------------------------------------------- */

uint64_t vgic_mmio_read_group(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return read_irq_bits(c, offset, len, group_bit, false);
}

/* A group change can make the IRQ deliverable: it always goes through the queue. */
static bool change_group(struct vgic_irq_state *irq, const void *arg)
{
    irq->group = (uint8_t)((const struct change_arg *)arg)->value;
    return true;
}

/* Every IRQ of the word takes its bit (not only the set ones). */
void vgic_mmio_write_group(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                           uint64_t val)
{
    uint32_t intid = vgic_mmio_intid(offset, 1);
    for (uint32_t i = 0; i < len * 8; i++) {
        void *irq = c->be->irq(c->model, c->op, c->bank, intid + i);
        if (!irq)
            continue;
        struct change_arg arg = {.c = c, .value = (val >> i) & 1};
        c->be->update(c->model, c->op, irq, change_group, &arg);
    }
}

/* ---- ISENABLER / ICENABLER -------------------------------------------------- */

uint64_t vgic_mmio_read_enable(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return read_irq_bits(c, offset, len, enable_bit, false);
}

static bool set_enable(struct vgic_irq_state *irq, const void *arg)
{
    (void)arg;
    if (irq->hw && irq->level) {
        /* Mapped level interrupt: the device may have changed while the IRQ was
         * disabled, so re-sample the line; if it dropped, deactivate the physical
         * interrupt so the host hears of the next assertion. */
        bool was_high = irq->line_level;
        irq->line_level = irq->device_level;
        if (!irq->active && was_high && !irq->line_level)
            irq->phys_active = false;
    }
    irq->enabled = true;
    return true;
}

/* No kick and no removal: a listed IRQ stays in its LR until that vCPU's next exit. */
static bool clear_enable(struct vgic_irq_state *irq, const void *arg)
{
    (void)arg;
    irq->enabled = false;
    return false;
}

void vgic_mmio_write_senable(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                             uint64_t val)
{
    for_each_written_irq(c, offset, len, val, NULL, set_enable);
}

void vgic_mmio_write_cenable(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                             uint64_t val)
{
    for_each_written_irq(c, offset, len, val, NULL, clear_enable);
}

/* ---- ISPENDR / ICPENDR --------------------------------------------------------- */

/* KVM's __read_pending for one interrupt (under its lock). A guest's read of a HW-mapped
 * level interrupt samples the physical line from v5.17 (vgic_get_phys_line_level: the
 * device's output, e.g. the timer's), whatever the latch and the line level KVM last saw
 * say. The VMM's reads (is_user) never do from v5.19 (2cdea19a34c2); before, GICv2's
 * used the guest's handler. The VMM's GICv3 reads return the latch alone (the line
 * levels are saved separately, through LEVEL_INFO). */
static bool pending_bit(const struct vgic_mmio_ctx *c, const struct vgic_irq_state *st)
{
    bool v2 = c->cfg->version == GIC_V2;
    bool guest_view = !c->is_user || (v2 && !c->rel.v2_user_pending_read_latch);
    if (c->rel.pending_reads_hw && guest_view && st->hw && st->level)
        return st->device_level;
    if (c->is_user && !v2)
        return st->pending_latch;
    return vgic_irq_pending(st);
}

uint64_t vgic_mmio_read_pending(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return read_irq_bits(c, offset, len, pending_bit, true);
}

/* GICv2-model SGIs are pended through GICD_SGIR / GICD_SPENDSGIR only: their
 * ISPENDR0/ICPENDR0 bits are WI (an SGI pending without a source is meaningless). */
static bool is_v2_sgi(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    return c->cfg->version == GIC_V2 && gic_intid_is_sgi(intid);
}

static bool set_pending(struct vgic_irq_state *irq, const void *arg)
{
    (void)arg;
    irq->pending_latch = true;
    /* A HW LR can only be deactivated by the guest if the physical IRQ is active. */
    if (irq->hw)
        irq->phys_active = true;
    return true;
}

/* A level IRQ whose line is still high stays pending (pending = latch OR line). No kick,
 * no removal from an ap_list. */
static bool clear_pending(struct vgic_irq_state *irq, const void *arg)
{
    (void)arg;
    irq->pending_latch = false;
    /* HW: the physical pending state is cleared too (not modelled), and the physical
     * active state unless the virtual IRQ is active, so that an ISPENDR/ICPENDR pair
     * does not leave the physical line masked. */
    if (irq->hw && !irq->active)
        irq->phys_active = false;
    return false;
}

void vgic_mmio_write_spending(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                              uint64_t val)
{
    for_each_written_irq(c, offset, len, val, is_v2_sgi, set_pending);
}

void vgic_mmio_write_cpending(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                              uint64_t val)
{
    for_each_written_irq(c, offset, len, val, is_v2_sgi, clear_pending);
}

/* ---- ISACTIVER / ICACTIVER -------------------------------------------------------- */

/* Active-state accesses (reads included) run under kvm->lock with the guest halted when
 * any vCPU could hold a copy of the IRQ in its LRs: always on the GICv3 model (any vCPU
 * can reach another's SGI frame), for SPIs on GICv2 (only the owner can reach a v2
 * vCPU's banked private registers, and it is out of the guest). */
static bool active_access_halts(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    return c->cfg->version != GIC_V2 || intid >= GIC_NR_PRIVATE;
}

static void active_prepare(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    c->be->mutex_lock(c->model, c->op);
    if (active_access_halts(c, intid))
        c->be->halt_guest(c->model, c->op);
}

static void active_finish(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    if (active_access_halts(c, intid))
        c->be->resume_guest(c->model, c->op);
    c->be->mutex_unlock(c->model, c->op);
}

/* Before v5.7 a read neither takes kvm->lock nor halts the guest: it returns the
 * hypervisor's copy, stale while an LR holds the interrupt. The VMM's reads never halt
 * (every vCPU is out of the guest already). */
uint64_t vgic_mmio_read_active(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    uint32_t intid = vgic_mmio_intid(offset, 1);
    if (c->is_user || !c->rel.active_reads_halt)
        return read_irq_bits(c, offset, len, active_bit, false);
    active_prepare(c, intid);
    uint64_t value = read_irq_bits(c, offset, len, active_bit, false);
    active_finish(c, intid);
    return value;
}

/* An activated IRQ is queued so that it is presented as active in its vCPU's LRs; a
 * deactivated one is just released (no kick). */
static bool change_active(struct vgic_irq_state *irq, const struct change_arg *arg, bool active)
{
    const struct vgic_mmio_ctx *c = arg->c;
    irq->active = active;
    if (irq->hw && !gic_intid_is_sgi(irq->intid)) {
        /* Virtual and physical active state move together. */
        irq->phys_active = active;
    } else if (active && is_v2_sgi(c, irq->intid)) {
        /* The source of an active v2 SGI is not architecturally visible: KVM records
         * the requester. */
        irq->active_source = (uint8_t)c->requester;
    }
    return irq->active;
}

static bool set_active(struct vgic_irq_state *irq, const void *arg)
{
    return change_active(irq, arg, true);
}

static bool clear_active(struct vgic_irq_state *irq, const void *arg)
{
    return change_active(irq, arg, false);
}

static void write_active(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                         uint64_t val, bool active)
{
    uint32_t intid = vgic_mmio_intid(offset, 1);
    active_prepare(c, intid);
    for_each_written_irq(c, offset, len, val, NULL, active ? set_active : clear_active);
    active_finish(c, intid);
}

void vgic_mmio_write_sactive(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                             uint64_t val)
{
    write_active(c, offset, len, val, true);
}

void vgic_mmio_write_cactive(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                             uint64_t val)
{
    write_active(c, offset, len, val, false);
}

/* ---- IPRIORITYR ---------------------------------------------------------------- */

uint64_t vgic_mmio_read_bytes(const struct vgic_mmio_ctx *c, uint32_t first_intid,
                              uint32_t len, uint8_t (*field)(const struct vgic_irq_state *irq))
{
    uint64_t value = 0;
    for (uint32_t i = 0; i < len; i++) {
        void *irq = c->be->irq(c->model, c->op, c->bank, first_intid + i);
        if (!irq)
            continue;
        struct vgic_irq_state st;
        c->be->read(c->model, c->op, irq, false, &st);
        value |= (uint64_t)field(&st) << (i * 8);
    }
    return value;
}

static uint8_t priority_byte(const struct vgic_irq_state *irq) { return irq->priority; }

uint64_t vgic_mmio_read_priority(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return vgic_mmio_read_bytes(c, vgic_mmio_intid(offset, 8), len, priority_byte);
}

/* No requeue, re-sort or kick: a pending IRQ's new priority counts from the next flush. */
static bool change_priority(struct vgic_irq_state *irq, const void *arg)
{
    const struct change_arg *a = arg;
    irq->priority = (uint8_t)a->value & vgic_dist_priority_mask(a->c->cfg);
    return false;
}

void vgic_mmio_write_priority(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                              uint64_t val)
{
    uint32_t intid = vgic_mmio_intid(offset, 8);
    for (uint32_t i = 0; i < len; i++) {
        void *irq = c->be->irq(c->model, c->op, c->bank, intid + i);
        if (!irq)
            continue;
        struct change_arg arg = {.c = c, .value = (val >> (i * 8)) & 0xff};
        c->be->update(c->model, c->op, irq, change_priority, &arg);
    }
}

/* ---- ICFGR ------------------------------------------------------------------------ */

/* Two bits per IRQ: 0b10 edge, 0b00 level (bit 2i is always 0). */
uint64_t vgic_mmio_read_config(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    uint32_t intid = vgic_mmio_intid(offset, 2);
    uint64_t value = 0;
    for (uint32_t i = 0; i < len * 4; i++) {
        void *irq = c->be->irq(c->model, c->op, c->bank, intid + i);
        if (!irq)
            continue;
        struct vgic_irq_state st;
        c->be->read(c->model, c->op, irq, false, &st);
        if (!st.level)
            value |= UINT64_C(2) << (i * 2);
    }
    return value;
}

static bool change_config(struct vgic_irq_state *irq, const void *arg)
{
    irq->level = !((const struct change_arg *)arg)->value;
    return false;
}

/* Private INTIDs are skipped: SGIs are always edge and KVM keeps PPIs level (the arch
 * timer relies on it). For SPIs bit 2i+1 selects edge (1) or level (0). */
void vgic_mmio_write_config(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                            uint64_t val)
{
    uint32_t intid = vgic_mmio_intid(offset, 2);
    for (uint32_t i = 0; i < len * 4; i++) {
        if (intid + i < GIC_NR_PRIVATE)
            continue;
        void *irq = c->be->irq(c->model, c->op, c->bank, intid + i);
        if (!irq)
            continue;
        struct change_arg arg = {.c = c, .value = (val >> (2 * i + 1)) & 1};
        c->be->update(c->model, c->op, irq, change_config, &arg);
    }
}

/* ---- decode and dispatch ------------------------------------------------------------ */

static int region_cmp(const void *key, const void *elt)
{
    uint32_t offset = *(const uint32_t *)key;
    const struct vgic_region *r = elt;
    if (offset < r->offset)
        return -1;
    if (offset >= r->offset + r->length)
        return 1;
    return 0;
}

const struct vgic_region *vgic_find_region(const struct vgic_region *table, size_t n,
                                           uint32_t offset)
{
    return bsearch(&offset, table, n, sizeof(*table), region_cmp);
}

static uint8_t access_flag(uint32_t width)
{
    switch (width) {
    case 1: return VGIC_ACCESS_8;
    case 4: return VGIC_ACCESS_32;
    case 8: return VGIC_ACCESS_64;
    default: return 0;  /* 16-bit (and odd) accesses are never allowed */
    }
}

/* KVM's check_region: allowed width, natural alignment, and for per-IRQ regions the first
 * INTID covered must exist (nr_irqs is a multiple of 32, so an aligned access is either
 * wholly inside or wholly outside). */
static bool check_region(const struct gic_config *cfg, const struct vgic_region *r,
                         uint32_t offset, uint32_t width)
{
    if (!(r->access & access_flag(width)) || offset % width)
        return false;
    if (!r->bits_per_irq)
        return true;
    return vgic_mmio_intid(offset, r->bits_per_irq) < gic_nr_irqs(cfg);
}

bool vgic_mmio_decode(const struct gic_config *cfg, uint32_t accessor, enum gic_frame frame,
                      uint32_t redist, uint32_t offset, uint32_t width, struct vgic_access *out)
{
    *out = (struct vgic_access){.offset = offset, .width = width, .bank = accessor};
    /* Guest MMIO always comes from a vCPU. */
    if (accessor >= cfg->vcpus)
        return false;
    const struct vgic_region *table;
    size_t n;
    if (frame == GIC_FRAME_GICD) {
        /* Private registers are banked by the accessor (and RAZ/WI on v3). */
        if (cfg->version == GIC_V2) {
            table = vgic_v2_dist_regions;
            n = vgic_v2_dist_nregions;
        } else {
            table = vgic_v3_dist_regions;
            n = vgic_v3_dist_nregions;
        }
    } else {
        if (cfg->version != GIC_V3 || redist >= cfg->vcpus || offset >= GICR_FRAME_SIZE)
            return false;
        /* A redistributor's handlers act on its owner, whoever accesses it. */
        out->bank = redist;
        if (offset < GICR_SGI_BASE) {
            table = vgic_v3_rd_regions;
            n = vgic_v3_rd_nregions;
        } else {
            table = vgic_v3_sgi_regions;
            n = vgic_v3_sgi_nregions;
        }
    }
    const struct vgic_region *r = vgic_find_region(table, n, offset);
    if (!r || !check_region(cfg, r, offset, width))
        return false;
    out->region = r;
    return true;
}

uint64_t vgic_mmio_access(const struct vgic_mmio_ctx *c, const struct vgic_access *a,
                          bool is_write, uint64_t value)
{
    if (!a->region)
        return 0;  /* RAZ/WI */
    uint64_t mask = a->width >= 8 ? UINT64_MAX : (UINT64_C(1) << (a->width * 8)) - 1;
    if (is_write) {
        a->region->write(c, a->offset, a->width, value & mask);
        return 0;
    }
    return a->region->read(c, a->offset, a->width) & mask;
}

uint64_t vgic_mmio_dispatch(const struct gic_config *cfg, const struct vgic_backend *be,
                            void *model, void *op, int32_t accessor, enum gic_frame frame,
                            uint32_t redist, uint32_t offset, uint32_t width, bool is_write,
                            uint64_t value)
{
    if (accessor < 0)
        return 0;   /* guest MMIO always comes from a vCPU */
    struct vgic_access a;
    vgic_mmio_decode(cfg, (uint32_t)accessor, frame, redist, offset, width, &a);
    struct vgic_mmio_ctx c = {
        .cfg = cfg, .be = be, .model = model, .op = op, .bank = a.bank,
        .requester = (uint32_t)accessor,
    };
    vgic_release_get(cfg, &c.rel);
    return vgic_mmio_access(&c, &a, is_write, value);
}

void vgic_dist_state_init(const struct gic_config *cfg, struct vgic_dist_state *d)
{
    struct vgic_release rel;
    vgic_release_get(cfg, &rel);
    *d = (struct vgic_dist_state){.implementation_rev = rel.implementation_rev};
}

/* ---- instances raised by a write -------------------------------------------------- */

void vgic_mmio_write_raises(const struct gic_config *cfg, const struct vgic_access *a,
                            uint32_t accessor, uint64_t value,
                            void (*raised)(void *arg, int32_t bank, uint32_t value), void *arg)
{
    if (!a->region)
        return;
    value &= a->width >= 8 ? UINT64_MAX : (UINT64_C(1) << (a->width * 8)) - 1;
    switch (a->region->reg) {
    case VGIC_REG_ISPENDR: {
        uint32_t first = vgic_mmio_intid(a->offset, 1);
        for (uint32_t b = 0; b < a->width * 8; b++) {
            uint32_t intid = first + b;
            if (!(value >> b & 1) || intid >= gic_nr_irqs(cfg))
                continue;
            if (cfg->version == GIC_V2 && gic_intid_is_sgi(intid))
                continue;   /* WI: SGIs are pended through GICD_SGIR */
            raised(arg, gic_intid_is_private(intid) ? (int32_t)a->bank : VGIC_NO_VCPU, intid);
        }
        return;
    }
    case VGIC_REG_SGIR: {
        uint32_t intid = gic_sgir_intid((uint32_t)value);
        uint32_t list = gic_sgir_targets((uint32_t)value, accessor, cfg->vcpus);
        for (uint32_t c = 0; c < cfg->vcpus; c++)
            if (list & (1u << c))
                raised(arg, (int32_t)c, intid | accessor << GIC_V2_CPUID_SHIFT);
        return;
    }
    case VGIC_REG_SPENDSGIR:
        for (uint32_t k = 0; k < a->width; k++) {
            uint32_t sgi = (a->offset - GICD_SPENDSGIR) + k;
            uint32_t sources = (uint32_t)(value >> (8 * k)) & 0xff;
            for (uint32_t src = 0; src < cfg->vcpus; src++)
                if (sources & (1u << src))
                    raised(arg, (int32_t)a->bank, sgi | src << GIC_V2_CPUID_SHIFT);
        }
        return;
    default:
        return;
    }
}
