/* SPDX-License-Identifier: GPL-2.0-only */
/* KVM's emulated ITS: its tables, the command queue and the commands, translation
 * (vgic-its.c). The register frame and the redistributors' LPI registers are in
 * vgic_its_mmio.c, the translation cache in vgic_its_cache.c.
 *
 * KVM keeps the devices in a list, each device's ITEs in a list, and finds an ITE by
 * walking both (find_its_device, find_ite): the walks are what its slow path costs, so
 * the lists' order is kept here (insertion order, as list_add_tail builds them) and every
 * lookup reports how many entries it visited. The lookups themselves use arrays indexed
 * by ID, so that the simulation does not pay what it models. */
#include "vgic/vgic_its.h"

#include <stdlib.h>
#include <string.h>

#include "util/debug_checks.h"
#include "util/xalloc.h"

/* ---- register fields (Arm IHI 0069) --------------------------------------------- */

enum {
    BASER_ENTRY_SIZE_SHIFT = 48,
    BASER_PAGES_MASK = 0xff,
    BASER_ADDR_MASK_LO = 16,          /* 64 KiB pages: PA [47:16] */
    PROPBASER_IDBITS_MASK = 0x1f,
    PENDBASER_ADDR_SHIFT = 16,
};
#define BASER_VALID (UINT64_C(1) << 63)
#define BASER_INDIRECT (UINT64_C(1) << 62)
#define BASER_ADDR_MASK (((UINT64_C(1) << 48) - 1) & ~((UINT64_C(1) << 16) - 1))
#define L1_ENTRY_VALID (UINT64_C(1) << 63)
#define L1_ENTRY_ADDR_MASK (((UINT64_C(1) << 52) - 1) & ~((UINT64_C(1) << 16) - 1))
#define TABLE_ADDR_MASK (((UINT64_C(1) << 52) - 1) & ~((UINT64_C(1) << 12) - 1))
#define PENDBASER_ADDR_MASK (((UINT64_C(1) << 52) - 1) & ~((UINT64_C(1) << 16) - 1))

/* KVM's error codes (E_ITS_*): thrown away by the processing loop, kept for the tests. */
enum {
    E_MAPD_DEVICE_OOR = 0x010801,
    E_MAPD_ITTSIZE_OOR = 0x010802,
    E_MAPC_PROCNUM_OOR = 0x010902,
    E_MAPC_COLLECTION_OOR = 0x010903,
    E_MAPTI_UNMAPPED_DEVICE = 0x010a04,
    E_MAPTI_ID_OOR = 0x010a05,
    E_MAPTI_PHYSICALID_OOR = 0x010a06,
    E_MOVI_UNMAPPED_INTERRUPT = 0x010107,
    E_MOVI_UNMAPPED_COLLECTION = 0x010109,
    E_INT_UNMAPPED_INTERRUPT = 0x010307,
    E_CLEAR_UNMAPPED_INTERRUPT = 0x010507,
    E_DISCARD_UNMAPPED_INTERRUPT = 0x010f07,
    E_INV_UNMAPPED_INTERRUPT = 0x010c07,
    E_INVALL_UNMAPPED_COLLECTION = 0x010d09,
    E_MOVALL_PROCNUM_OOR = 0x010e01,
    E_ENODEV = -19,
};

/* ---- life ------------------------------------------------------------------------ */

void vgic_its_init(struct vgic_its *its, const struct gic_config *cfg,
                   const struct vgic_its_guest_mem *mem, struct vgic_v4 *v4)
{
    *its = (struct vgic_its){.cfg = cfg, .mem = *mem, .v4 = v4};
    vgic_release_get(cfg, &its->rel);
    /* vgic_its_create/reset: the tables' fixed fields (type, 8-byte entries), invalid. */
    its->baser[0] = (UINT64_C(1) << 56) | (UINT64_C(7) << BASER_ENTRY_SIZE_SHIFT);
    its->baser[1] = (UINT64_C(4) << 56) | (UINT64_C(7) << BASER_ENTRY_SIZE_SHIFT);
    its->devices = xcalloc(VGIC_ITS_MAX_DEVICES, sizeof(*its->devices));
    its->device_list = xcalloc(VGIC_ITS_MAX_DEVICES, sizeof(*its->device_list));
    its->collections = xmalloc(VGIC_ITS_MAX_COLLECTIONS * sizeof(*its->collections));
    its->lpi_refs = xcalloc(cfg->lpis, sizeof(*its->lpi_refs));
    its->lpi_zombie = xcalloc(cfg->lpis, sizeof(*its->lpi_zombie));
    its->pendbaser = xcalloc(cfg->vcpus, sizeof(*its->pendbaser));
    its->lpis_enabled = xcalloc(cfg->vcpus, sizeof(*its->lpis_enabled));
    for (uint32_t i = 0; i < VGIC_ITS_MAX_COLLECTIONS; i++)
        its->collections[i] = VGIC_ITS_COLL_ABSENT;
    vgic_its_cache_setup(its);
}

static void device_free(struct vgic_its_device *d)
{
    if (d) {
        free(d->ites);
        free(d);
    }
}

void vgic_its_free(struct vgic_its *its)
{
    if (its->devices)
        for (uint32_t i = 0; i < its->n_devices; i++)
            device_free(its->devices[its->device_list[i]]);
    free(its->devices);
    free(its->device_list);
    free(its->collections);
    free(its->lpi_refs);
    free(its->lpi_zombie);
    free(its->pendbaser);
    free(its->lpis_enabled);
    free(its->cache.entries);
    memset(its, 0, sizeof(*its));
}

/* ---- lookups, with what KVM's walks cost ---------------------------------------- */

/* find_its_device: the device and how many list entries KVM visited to reach it (all
 * of them when it is not mapped). */
static struct vgic_its_device *find_device(const struct vgic_its *its, uint32_t id,
                                           uint32_t *steps)
{
    struct vgic_its_device *d = id < VGIC_ITS_MAX_DEVICES ? its->devices[id] : NULL;
    *steps = d ? d->list_pos + 1 : its->n_devices;
    return d;
}

/* The ITE of `event` in the device's list, its index in *pos (KVM visited pos + 1), or
 * NULL after visiting every entry. */
static struct vgic_its_ite *find_ite_in(const struct vgic_its_device *d, uint32_t event,
                                        uint32_t *pos)
{
    for (uint32_t i = 0; i < d->n_ites; i++)
        if (d->ites[i].event == event) {
            *pos = i;
            return &d->ites[i];
        }
    *pos = d->n_ites;
    return NULL;
}

/* find_ite: the walk over the devices, then over the device's ITEs. */
static struct vgic_its_ite *find_ite(const struct vgic_its *its, uint32_t device,
                                     uint32_t event, uint32_t *dev_steps, uint32_t *ite_steps)
{
    struct vgic_its_device *d = find_device(its, device, dev_steps);
    *ite_steps = 0;
    if (!d)
        return NULL;
    uint32_t pos;
    struct vgic_its_ite *ite = find_ite_in(d, event, &pos);
    *ite_steps = ite ? pos + 1 : pos;
    return ite;
}

static bool collection_mapped(const struct vgic_its *its, int32_t icid)
{
    return icid >= 0 && its->collections[icid] >= 0;
}

bool vgic_its_lpi_exists(const struct vgic_its *its, uint32_t intid)
{
    return gic_intid_is_lpi(its->cfg, intid) && its->lpi_refs[intid - GIC_LPI_BASE] > 0;
}



/* ---- translation ------------------------------------------------------------------- */

enum vgic_its_xlate vgic_its_resolve(const struct vgic_its *its, uint32_t device,
                                     uint32_t event, struct vgic_its_translation *out)
{
    *out = (struct vgic_its_translation){.target = VGIC_NO_VCPU};
    if (!its->enabled)
        return VGIC_ITS_XLATE_DISABLED;
    const struct vgic_its_ite *ite =
        find_ite(its, device, event, &out->device_steps, &out->ite_steps);
    if (!ite)
        return VGIC_ITS_XLATE_NO_DEVICE;
    if (!collection_mapped(its, ite->collection))
        return VGIC_ITS_XLATE_NO_COLLECTION;
    out->intid = ite->intid;
    out->target = its->collections[ite->collection];
    /* The collection's target was checked against the online vCPUs at MAPC. */
    VGICSIM_ASSERT((uint32_t)out->target < its->cfg->vcpus);
    if (!its->lpis_enabled[out->target])
        return VGIC_ITS_XLATE_LPIS_OFF;
    return VGIC_ITS_XLATE_OK;
}

bool vgic_its_ite_lpi(const struct vgic_its *its, uint32_t device, uint32_t event,
                      uint32_t *intid)
{
    uint32_t dev_steps, ite_steps;
    const struct vgic_its_ite *ite = find_ite(its, device, event, &dev_steps, &ite_steps);
    if (ite)
        *intid = ite->intid;
    return ite != NULL;
}

/* ---- guest memory -------------------------------------------------------------------- */

bool vgic_its_read_prop(const struct vgic_its *its, uint32_t intid, uint8_t *prop)
{
    uint64_t base = its->propbaser & TABLE_ADDR_MASK;
    return its->mem.read(its->mem.sim, base + (intid - GIC_LPI_BASE), prop, 1);
}

/* The pending-table bit of `intid` for `vcpu` (vgic_v3_lpi_sync_pending_status reads it,
 * and clears it in guest memory once consumed). */
static bool read_pending_bit(const struct vgic_its *its, uint32_t vcpu, uint32_t intid,
                             bool consume)
{
    uint64_t gpa = (its->pendbaser[vcpu] & PENDBASER_ADDR_MASK) + intid / 8;
    uint8_t byte = 0;
    if (!its->mem.read(its->mem.sim, gpa, &byte, 1))
        return false;
    bool set = byte >> (intid % 8) & 1;
    if (set && consume) {
        byte &= (uint8_t)~(1u << (intid % 8));
        its->mem.write(its->mem.sim, gpa, &byte, 1);
    }
    return set;
}

/* vgic_its_check_id: is `id` inside the table `baser` describes (a direct table: inside
 * its pages; an indirect one: its level-1 entry, read from guest memory, is valid)?
 * *entry: the entry's guest address. Validity of the table itself is not checked: the
 * ITS cannot be enabled without it. */
static bool check_id(const struct vgic_its *its, uint64_t baser, uint32_t id, bool device,
                     uint64_t *entry)
{
    if (id >= (device ? VGIC_ITS_MAX_DEVICES : VGIC_ITS_MAX_COLLECTIONS))
        return false;
    const uint64_t esz = 8, page = 0x10000;
    uint64_t table_size = ((baser & BASER_PAGES_MASK) + 1) * page;
    uint64_t base = baser & BASER_ADDR_MASK;
    if (!(baser & BASER_INDIRECT)) {
        if (id >= table_size / esz)
            return false;
        *entry = base + id * esz;
        return true;
    }
    uint64_t index = id / (page / esz);
    if (index >= table_size / 8)
        return false;
    uint64_t l1 = 0;
    if (!its->mem.read(its->mem.sim, base + index * 8, &l1, sizeof(l1)) || !(l1 & L1_ENTRY_VALID))
        return false;
    *entry = (l1 & L1_ENTRY_ADDR_MASK) + (id % (page / esz)) * esz;
    return true;
}

static void write_zero_entry(const struct vgic_mmio_ctx *c, uint64_t gpa)
{
    struct vgic_its *its = c->be->its(c->model);
    uint64_t zero = 0;
    its->mem.write(its->mem.sim, gpa, &zero, sizeof(zero));
    c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_TABLE_WRITE, 1);
}

/* ---- what commands do to an LPI --------------------------------------------------- */

struct config_arg {
    uint8_t prop;
};
/* update_lpi_config: the cached priority and enable from the property byte; queued if
 * that makes it deliverable (vgic_queue_irq_unlock). */
static bool change_config(struct vgic_irq_state *irq, const void *arg)
{
    const struct config_arg *a = arg;
    irq->priority = a->prop & VGIC_LPI_PROP_PRIORITY;
    irq->enabled = a->prop & VGIC_LPI_PROP_ENABLED;
    return true;
}


struct target_arg {
    int32_t target;
};
/* update_affinity: a new target, no requeue and no kick (a listed LPI follows at its
 * vCPU's next prune). */
static bool change_target(struct vgic_irq_state *irq, const void *arg)
{
    irq->target = ((const struct target_arg *)arg)->target;
    return false;
}

struct pending_arg {
    bool pending;
};
/* vgic_v3_lpi_sync_pending_status: the pending table's bit becomes the latch. */
static bool change_sync_pending(struct vgic_irq_state *irq, const void *arg)
{
    irq->pending_latch = ((const struct pending_arg *)arg)->pending;
    return true;
}

static void update_lpi(const struct vgic_mmio_ctx *c, uint32_t intid, vgic_irq_change_fn *change,
                       const void *arg)
{
    void *irq = c->be->irq(c->model, c->op, 0, intid);
    VGICSIM_ASSERT(irq != NULL);
    if (irq)
        c->be->update(c->model, c->op, irq, change, arg);
}

/* ---- GICv4: what KVM mirrors to the host's ITS for a forwarded LPI --------------------- */

/* Is the LPI forwarded to a vPE (KVM's irq->hw)? */
static bool forwarded(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    const struct vgic_v4 *v4 = c->be->its(c->model)->v4;
    return v4 && vgic_v4_is_forwarded(v4, intid);
}

static uint32_t vpe_of(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    const struct vgic_v4 *v4 = c->be->its(c->model)->v4;
    return v4->vlpis[intid - GIC_LPI_BASE].vpe;
}

/* One command of the host's ITS driver for the forwarded LPI (charged), after which the
 * vPE's state is what the model's CPU interface must show. */
static void mirrored(const struct vgic_mmio_ctx *c, uint32_t vcpu)
{
    c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_VLPI_COMMAND, 1);
    c->be->its_ops->vpe_changed(c->model, c->op, vcpu);
}

/* kvm_vgic_v4_set_forwarding at the mapping of a passthrough device's event (vgicsim has
 * no VFIO: mapping is the irqbypass registration): its_map_vlpi (VMAPTI) with the LPI's
 * cached configuration; a pending latch moves to the VPT (irq_set_irqchip_state). An LPI
 * whose collection is not mapped has no vCPU to forward to and stays emulated. */
static void forward_lpi(const struct vgic_mmio_ctx *c, uint32_t device, uint32_t event,
                        uint32_t intid, int32_t target)
{
    struct vgic_v4 *v4 = c->be->its(c->model)->v4;
    if (!v4 || !vgic_v4_forwards(v4, device) || target < 0 || vgic_v4_is_forwarded(v4, intid) ||
        !vgic_v4_bypass_claim(v4, device, event))
        return;
    struct vgic_irq_state st;
    c->be->read(c->model, c->op, c->be->irq(c->model, c->op, 0, intid), false, &st);
    if (st.pending_latch)
        update_lpi(c, intid, vgic_change_latch_clear, NULL);
    vgic_v4_forward(v4, intid, (uint32_t)target, st.priority, st.enabled, st.pending_latch);
    mirrored(c, (uint32_t)target);
}

/* its_unmap_vlpi (an ITE of a forwarded LPI freed: DISCARD, MAPD): its VPT bit dropped. */
static void unforward_lpi(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    if (!forwarded(c, intid))
        return;
    uint32_t vcpu = vpe_of(c, intid);
    vgic_v4_unforward(c->be->its(c->model)->v4, intid);
    mirrored(c, vcpu);
}

/* update_affinity: a new target; a forwarded LPI is mapped again to the new vPE (VMOVI),
 * its pending bit following. */
static void retarget(const struct vgic_mmio_ctx *c, uint32_t intid, int32_t target)
{
    struct target_arg arg = {target};
    update_lpi(c, intid, change_target, &arg);
    if (!forwarded(c, intid) || target < 0 || vpe_of(c, intid) == (uint32_t)target)
        return;
    uint32_t old = vpe_of(c, intid);
    vgic_v4_move(c->be->its(c->model)->v4, intid, (uint32_t)target);
    c->be->its_ops->vpe_changed(c->model, c->op, old);
    mirrored(c, (uint32_t)target);
}

void vgic_its_refresh_config(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    struct vgic_its *its = c->be->its(c->model);
    c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_PROP_READ, 1);
    struct config_arg arg;
    /* A byte KVM cannot read leaves the cached configuration as it is (update_lpi_config
     * returns the error before touching the interrupt). */
    if (!vgic_its_read_prop(its, intid, &arg.prop))
        return;
    update_lpi(c, intid, change_config, &arg);
    /* A forwarded LPI's configuration goes to the host's vPROP table (its_prop_update_vlpi). */
    if (forwarded(c, intid)) {
        uint32_t work = vgic_v4_configure(its->v4, intid, arg.prop & VGIC_LPI_PROP_PRIORITY,
                                          arg.prop & VGIC_LPI_PROP_ENABLED);
        if (!(work & VGIC_V4_DOORBELL)) {
            mirrored(c, vpe_of(c, intid));
            return;
        }
        /* Enabled while pending in a blocked vCPU's table: as if it arrived now. */
        c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_VLPI_COMMAND, 1);
        c->be->its_ops->vlpi_arrived(c->model, c->op, intid, VGIC_V4_DOORBELL_RANG, work);
    }
}

void vgic_its_pend_lpi(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    update_lpi(c, intid, vgic_change_latch_set, NULL);
}

void vgic_lpi_state_new(const struct gic_config *cfg, uint32_t intid, int32_t target,
                        uint8_t prop, struct vgic_irq_state *irq)
{
    (void)cfg;
    *irq = (struct vgic_irq_state){.intid = intid, .owner = VGIC_NO_VCPU};
    irq->group = 1;
    irq->priority = prop & VGIC_LPI_PROP_PRIORITY;
    irq->enabled = prop & VGIC_LPI_PROP_ENABLED;
    irq->listed_on = VGIC_NO_VCPU;
    irq->target = target;
}

/* Is the LPI one KVM has a struct vgic_irq for: mapped by an ITE, or released by its last
 * ITE but still held by a vCPU's list (a "zombie", found through the model)? */
static bool lpi_alive(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    struct vgic_its *its = c->be->its(c->model);
    uint32_t i = intid - GIC_LPI_BASE;
    if (its->lpi_refs[i])
        return true;
    if (!its->lpi_zombie[i])
        return false;
    if (c->be->irq(c->model, c->op, 0, intid))
        return true;
    its->lpi_zombie[i] = false;   /* its list let it go: gone for good */
    return false;
}

bool vgic_its_lpi_known(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    return gic_intid_is_lpi(c->cfg, intid) && lpi_alive(c, intid);
}

/* vgic_add_lpi: an LPI KVM still has (another ITE maps it, or a list holds it) is shared
 * as it is ("no put, since we keep the reference"): its configuration, pending state and
 * target stay. A new one reads its property byte and takes its pending bit from the
 * target's pending table. */
static void add_lpi(const struct vgic_mmio_ctx *c, uint32_t intid, int32_t target)
{
    struct vgic_its *its = c->be->its(c->model);
    uint32_t i = intid - GIC_LPI_BASE;
    bool exists = lpi_alive(c, intid);
    VGICSIM_ASSERT(its->lpi_refs[i] < UINT16_MAX);
    its->lpi_refs[i]++;
    its->lpi_zombie[i] = false;
    if (exists)
        return;
    struct vgic_irq_state init;
    vgic_lpi_state_new(its->cfg, intid, target, 0, &init);
    c->be->its_ops->lpi_created(c->model, c->op, &init);
    its->n_lpis_mapped++;
    vgic_its_refresh_config(c, intid);
    if (target < 0)
        return;
    c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_PEND_READ, 1);
    struct pending_arg arg = {read_pending_bit(its, (uint32_t)target, intid, true)};
    update_lpi(c, intid, change_sync_pending, &arg);
}

/* vgic_copy_lpi_list with a vCPU filter: calls fn for every LPI KVM has that targets
 * `vcpu` (a walk of the VM's LPI list). */
static void each_lpi_targeting(const struct vgic_mmio_ctx *c, uint32_t vcpu,
                               void (*fn)(const struct vgic_mmio_ctx *c, uint32_t intid,
                                          void *arg),
                               void *arg)
{
    struct vgic_its *its = c->be->its(c->model);
    c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_ITE_STEP, its->n_lpis_mapped);
    for (uint32_t i = 0; i < its->cfg->lpis; i++) {
        uint32_t intid = GIC_LPI_BASE + i;
        if (!lpi_alive(c, intid))
            continue;
        struct vgic_irq_state st;
        c->be->read(c->model, c->op, c->be->irq(c->model, c->op, 0, intid), false, &st);
        if (st.target == (int32_t)vcpu)
            fn(c, intid, arg);
    }
}

struct sync_walk {
    uint32_t vcpu, last_byte;
};

/* Every LPI's latch becomes its bit in the pending table, set or clear (a latch left
 * from before EnableLPIs went 1 -> 0 is cleared by a zero bit); one guest read per byte
 * of consecutive LPIs. */
static void sync_one_pending(const struct vgic_mmio_ctx *c, uint32_t intid, void *arg)
{
    struct sync_walk *w = arg;
    if (intid / 8 != w->last_byte) {
        c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_PEND_READ, 1);
        w->last_byte = intid / 8;
    }
    struct pending_arg p = {read_pending_bit(c->be->its(c->model), w->vcpu, intid, false)};
    update_lpi(c, intid, change_sync_pending, &p);
}

void vgic_its_sync_pending_table(const struct vgic_mmio_ctx *c, uint32_t vcpu)
{
    struct sync_walk w = {vcpu, UINT32_MAX};
    each_lpi_targeting(c, vcpu, sync_one_pending, &w);
}

/* vgic_put_irq for an ITE's reference. */
static void put_lpi(const struct vgic_mmio_ctx *c, uint32_t intid)
{
    struct vgic_its *its = c->be->its(c->model);
    uint16_t *refs = &its->lpi_refs[intid - GIC_LPI_BASE];
    VGICSIM_ASSERT(*refs > 0);
    if (--*refs == 0) {
        its->lpi_zombie[intid - GIC_LPI_BASE] = true;   /* a list may still hold it */
        its->n_lpis_mapped--;
        c->be->its_ops->lpi_released(c->model, c->op, intid);
    }
}

/* ---- devices and collections ---------------------------------------------------- */

static void remove_ite(const struct vgic_mmio_ctx *c, struct vgic_its_device *d, uint32_t pos)
{
    uint32_t intid = d->ites[pos].intid;
    unforward_lpi(c, intid);
    memmove(&d->ites[pos], &d->ites[pos + 1], (d->n_ites - pos - 1) * sizeof(d->ites[0]));
    d->n_ites--;
    put_lpi(c, intid);
}

/* vgic_its_free_device: every ITE dropped, the device unlinked. */
static void free_device(const struct vgic_mmio_ctx *c, struct vgic_its_device *d)
{
    struct vgic_its *its = c->be->its(c->model);
    while (d->n_ites)
        remove_ite(c, d, d->n_ites - 1);
    uint32_t pos = d->list_pos;
    memmove(&its->device_list[pos], &its->device_list[pos + 1],
            (its->n_devices - pos - 1) * sizeof(its->device_list[0]));
    its->n_devices--;
    for (uint32_t i = pos; i < its->n_devices; i++)
        its->devices[its->device_list[i]]->list_pos = i;
    its->devices[d->id] = NULL;
    device_free(d);
}

void vgic_its_free_devices(const struct vgic_mmio_ctx *c)
{
    struct vgic_its *its = c->be->its(c->model);
    while (its->n_devices)
        free_device(c, its->devices[its->device_list[its->n_devices - 1]]);
}

/* vgic_its_free_collection: the collection goes; ITEs pointing at it point nowhere. */
static void free_collection(struct vgic_its *its, uint32_t icid)
{
    if (its->collections[icid] == VGIC_ITS_COLL_ABSENT)
        return;
    its->collections[icid] = VGIC_ITS_COLL_ABSENT;
    for (uint32_t i = 0; i < its->n_devices; i++) {
        struct vgic_its_device *d = its->devices[its->device_list[i]];
        for (uint32_t e = 0; e < d->n_ites; e++)
            if (d->ites[e].collection == (int32_t)icid)
                d->ites[e].collection = -1;
    }
}

void vgic_its_free_collections(struct vgic_its *its)
{
    for (uint32_t i = 0; i < VGIC_ITS_MAX_COLLECTIONS; i++)
        free_collection(its, i);
}

/* Every ITE of the ITS in collection `icid` follows its new target
 * (update_affinity_collection: a walk of all devices and their ITEs). */
static void retarget_collection(const struct vgic_mmio_ctx *c, uint32_t icid)
{
    struct vgic_its *its = c->be->its(c->model);
    uint32_t visited = 0;
    for (uint32_t i = 0; i < its->n_devices; i++) {
        struct vgic_its_device *d = its->devices[its->device_list[i]];
        visited += d->n_ites;
        for (uint32_t e = 0; e < d->n_ites; e++)
            if (d->ites[e].collection == (int32_t)icid)
                retarget(c, d->ites[e].intid, its->collections[icid]);
    }
    c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_DEVICE_STEP, its->n_devices);
    c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_ITE_STEP, visited);
}

/* ---- the commands ------------------------------------------------------------------- */

static void charge_walk(const struct vgic_mmio_ctx *c, uint32_t dev_steps, uint32_t ite_steps)
{
    c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_DEVICE_STEP, dev_steps);
    c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_ITE_STEP, ite_steps);
}

static void invalidate_cache(const struct vgic_mmio_ctx *c)
{
    uint32_t dropped = vgic_its_cache_invalidate(c->be->its(c->model));
    c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_CACHE_FLUSH, dropped);
}

static int cmd_mapd(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd)
{
    struct vgic_its *its = c->be->its(c->model);
    uint64_t dte;
    if (!check_id(its, its->baser[0], cmd->device, true, &dte))
        return E_MAPD_DEVICE_OOR;
    if (cmd->valid && cmd->size + 1u > VGIC_ITS_EVENTID_BITS)
        return E_MAPD_ITTSIZE_OOR;
    uint32_t steps;
    struct vgic_its_device *old = find_device(its, cmd->device, &steps);
    charge_walk(c, steps, 0);
    /* A mapped device is freed first, whether it is remapped or unmapped. */
    if (old) {
        free_device(c, old);
        invalidate_cache(c);
    }
    if (!cmd->valid) {
        if (its->rel.its_clears_tables)
            write_zero_entry(c, dte);
        return 0;
    }
    struct vgic_its_device *d = xcalloc(1, sizeof(*d));
    d->id = cmd->device;
    d->eventid_bits = (uint8_t)(cmd->size + 1);
    d->itt_addr = cmd->itt_addr;
    d->list_pos = its->n_devices;
    its->device_list[its->n_devices++] = cmd->device;
    its->devices[cmd->device] = d;
    return 0;
}

static int cmd_mapc(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd)
{
    struct vgic_its *its = c->be->its(c->model);
    if (cmd->target >= its->cfg->vcpus)
        return E_MAPC_PROCNUM_OOR;
    uint32_t icid = cmd->collection;
    if (!cmd->valid) {
        free_collection(its, icid);
        invalidate_cache(c);
        return 0;
    }
    if (its->collections[icid] == VGIC_ITS_COLL_ABSENT) {
        uint64_t entry;
        if (!check_id(its, its->baser[1], icid, false, &entry))
            return E_MAPC_COLLECTION_OOR;
        its->collections[icid] = (int32_t)cmd->target;
        return 0;
    }
    its->collections[icid] = (int32_t)cmd->target;
    retarget_collection(c, icid);
    /* KVM keeps its cached translations here, so that a cached MSI reaches the new target
     * even when that vCPU's LPIs are disabled, where the slow path would drop it. vgicsim
     * invalidates, so that an MSI's fate never depends on what a cache holds (docs/model.md,
     * "The ITS": the cost is one refill per remap). */
    invalidate_cache(c);
    return 0;
}

/* max_lpis_propbaser: the INTIDs PROPBASER's IDbits cover, at most 16 bits. */
static uint64_t lpi_limit(const struct vgic_its *its)
{
    uint32_t bits = (uint32_t)(its->propbaser & PROPBASER_IDBITS_MASK) + 1;
    return UINT64_C(1) << (bits < VGIC_ITS_INTID_BITS ? bits : VGIC_ITS_INTID_BITS);
}

static int cmd_mapti(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd)
{
    struct vgic_its *its = c->be->its(c->model);
    uint32_t steps;
    struct vgic_its_device *d = find_device(its, cmd->device, &steps);
    charge_walk(c, steps, 0);
    if (!d)
        return E_MAPTI_UNMAPPED_DEVICE;
    if (cmd->event >= UINT64_C(1) << d->eventid_bits)
        return E_MAPTI_ID_OOR;
    uint32_t intid = cmd->opcode == GIC_ITS_MAPTI ? cmd->intid : cmd->event;
    if (intid < GIC_LPI_BASE || intid >= lpi_limit(its))
        return E_MAPTI_PHYSICALID_OOR;
    uint32_t pos;
    bool mapped = find_ite_in(d, cmd->event, &pos) != NULL;
    charge_walk(c, 0, pos + (mapped ? 1 : 0));
    /* An event already mapped keeps its mapping (UNPREDICTABLE in the architecture). */
    if (mapped)
        return 0;
    /* The machine's LPIs bound what vgicsim stores; KVM would allocate any LPI below
     * the PROPBASER limit, so a larger one is refused the same way (documented). */
    if (!gic_intid_is_lpi(its->cfg, intid))
        return E_MAPTI_PHYSICALID_OOR;
    int32_t icid = cmd->collection;
    if (its->collections[icid] == VGIC_ITS_COLL_ABSENT) {
        uint64_t entry;
        if (!check_id(its, its->baser[1], (uint32_t)icid, false, &entry))
            return E_MAPC_COLLECTION_OOR;
        its->collections[icid] = VGIC_ITS_COLL_UNMAPPED;
    }
    if (d->n_ites == d->cap_ites) {
        uint32_t cap = d->cap_ites ? d->cap_ites * 2 : 8;
        d->ites = xrealloc(d->ites, cap * sizeof(*d->ites));
        d->cap_ites = cap;
    }
    d->ites[d->n_ites++] = (struct vgic_its_ite){cmd->event, intid, icid};
    int32_t target = its->collections[icid] >= 0 ? its->collections[icid] : VGIC_NO_VCPU;
    add_lpi(c, intid, target);
    forward_lpi(c, cmd->device, cmd->event, intid, target);
    return 0;
}

/* INT: vgic_its_trigger_msi, the same translation as an MSI's slow path. */
static int cmd_int(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd)
{
    struct vgic_its *its = c->be->its(c->model);
    struct vgic_its_translation t;
    enum vgic_its_xlate x = vgic_its_resolve(its, cmd->device, cmd->event, &t);
    charge_walk(c, t.device_steps, t.ite_steps);
    if (x != VGIC_ITS_XLATE_OK)
        return x == VGIC_ITS_XLATE_DISABLED || x == VGIC_ITS_XLATE_LPIS_OFF
                   ? -16 : E_INT_UNMAPPED_INTERRUPT;
    if (its->rel.its_cache != VGIC_ITS_NO_CACHE) {
        vgic_its_cache_insert(its, cmd->device, cmd->event, t.intid);
        c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_CACHE_FILL, 1);
    }
    if (forwarded(c, t.intid)) {
        /* irq_set_irqchip_state(PENDING): the host's ITS makes it pending in the VPT. */
        uint32_t work = 0;
        enum vgic_v4_arrival arrival = vgic_v4_arrive(its->v4, t.intid, &work);
        c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_VLPI_COMMAND, 1);
        c->be->its_ops->vlpi_arrived(c->model, c->op, t.intid, arrival, work);
        return 0;
    }
    vgic_its_pend_lpi(c, t.intid);
    return 0;
}

/* The ITE of a command that names an event, with the walk charged. */
static struct vgic_its_ite *command_ite(const struct vgic_mmio_ctx *c,
                                        const struct gic_its_cmd *cmd,
                                        struct vgic_its_device **dev, uint32_t *pos)
{
    struct vgic_its *its = c->be->its(c->model);
    uint32_t dev_steps, ite_steps;
    struct vgic_its_ite *ite = find_ite(its, cmd->device, cmd->event, &dev_steps, &ite_steps);
    charge_walk(c, dev_steps, ite_steps);
    if (ite) {
        *dev = its->devices[cmd->device];
        *pos = (uint32_t)(ite - (*dev)->ites);
    }
    return ite;
}

static int cmd_clear(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd)
{
    struct vgic_its_device *d;
    uint32_t pos;
    struct vgic_its_ite *ite = command_ite(c, cmd, &d, &pos);
    if (!ite)
        return E_CLEAR_UNMAPPED_INTERRUPT;
    if (forwarded(c, ite->intid)) {
        vgic_v4_clear(c->be->its(c->model)->v4, ite->intid);
        mirrored(c, vpe_of(c, ite->intid));
        return 0;
    }
    update_lpi(c, ite->intid, vgic_change_latch_clear, NULL);
    return 0;
}

static int cmd_discard(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd)
{
    struct vgic_its *its = c->be->its(c->model);
    struct vgic_its_device *d;
    uint32_t pos;
    struct vgic_its_ite *ite = command_ite(c, cmd, &d, &pos);
    if (!ite || !collection_mapped(its, ite->collection))
        return E_DISCARD_UNMAPPED_INTERRUPT;
    invalidate_cache(c);
    uint64_t ite_addr = d->itt_addr + (uint64_t)ite->event * 8;
    remove_ite(c, d, pos);
    if (its->rel.its_clears_tables)
        write_zero_entry(c, ite_addr);
    return 0;
}

static int cmd_inv(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd)
{
    struct vgic_its_device *d;
    uint32_t pos;
    struct vgic_its_ite *ite = command_ite(c, cmd, &d, &pos);
    if (!ite)
        return E_INV_UNMAPPED_INTERRUPT;
    vgic_its_refresh_config(c, ite->intid);
    return 0;
}

/* vgic_its_invall: every LPI of the VM that targets `vcpu` reads its configuration
 * again (a walk of the VM's LPIs). Also GICR_INVALLR. */
static void refresh_one(const struct vgic_mmio_ctx *c, uint32_t intid, void *arg)
{
    (void)arg;
    vgic_its_refresh_config(c, intid);
}

void vgic_its_invall(const struct vgic_mmio_ctx *c, uint32_t vcpu)
{
    each_lpi_targeting(c, vcpu, refresh_one, NULL);
}

static int cmd_invall(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd)
{
    struct vgic_its *its = c->be->its(c->model);
    if (!collection_mapped(its, cmd->collection))
        return E_INVALL_UNMAPPED_COLLECTION;
    vgic_its_invall(c, (uint32_t)its->collections[cmd->collection]);
    return 0;
}

static int cmd_movi(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd)
{
    struct vgic_its *its = c->be->its(c->model);
    struct vgic_its_device *d;
    uint32_t pos;
    struct vgic_its_ite *ite = command_ite(c, cmd, &d, &pos);
    if (!ite)
        return E_MOVI_UNMAPPED_INTERRUPT;
    if (!collection_mapped(its, ite->collection) || !collection_mapped(its, cmd->collection))
        return E_MOVI_UNMAPPED_COLLECTION;
    ite->collection = cmd->collection;
    invalidate_cache(c);
    retarget(c, ite->intid, its->collections[cmd->collection]);
    return 0;
}

static void retarget_one(const struct vgic_mmio_ctx *c, uint32_t intid, void *arg)
{
    retarget(c, intid, ((const struct target_arg *)arg)->target);
}

static int cmd_movall(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd)
{
    struct vgic_its *its = c->be->its(c->model);
    if (cmd->target >= its->cfg->vcpus || cmd->target2 >= its->cfg->vcpus)
        return E_MOVALL_PROCNUM_OOR;
    if (cmd->target == cmd->target2)
        return 0;
    struct target_arg arg = {(int32_t)cmd->target2};
    each_lpi_targeting(c, cmd->target, retarget_one, &arg);
    invalidate_cache(c);
    return 0;
}

int vgic_its_handle_command(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd)
{
    switch (cmd->opcode) {
    case GIC_ITS_MAPD:
        return cmd_mapd(c, cmd);
    case GIC_ITS_MAPC:
        return cmd_mapc(c, cmd);
    case GIC_ITS_MAPTI:
    case GIC_ITS_MAPI:
        return cmd_mapti(c, cmd);
    case GIC_ITS_INT:
        return cmd_int(c, cmd);
    case GIC_ITS_CLEAR:
        return cmd_clear(c, cmd);
    case GIC_ITS_DISCARD:
        return cmd_discard(c, cmd);
    case GIC_ITS_INV:
        return cmd_inv(c, cmd);
    case GIC_ITS_INVALL:
        return cmd_invall(c, cmd);
    case GIC_ITS_MOVI:
        return cmd_movi(c, cmd);
    case GIC_ITS_MOVALL:
        return cmd_movall(c, cmd);
    case GIC_ITS_SYNC:
        return 0;   /* "we are in sync all of the time" */
    default:
        return E_ENODEV;   /* the GICv4 commands and anything else: ignored */
    }
}

/* ITS_CMD_BUFFER_SIZE: (Size + 1) 4 KiB pages. */
uint64_t vgic_its_queue_size(const struct vgic_its *its)
{
    return ((its->cbaser & 0xff) + 1) * 0x1000;
}

void vgic_its_process_commands(const struct vgic_mmio_ctx *c)
{
    struct vgic_its *its = c->be->its(c->model);
    if (!its->enabled)
        return;
    uint64_t base = its->cbaser & TABLE_ADDR_MASK;
    uint64_t size = vgic_its_queue_size(its);
    while (its->cwriter != its->creadr) {
        uint64_t words[GIC_ITS_CMD_WORDS];
        c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_COMMAND, 1);
        its->commands++;
        /* A command that cannot be read is skipped; either way CREADR moves on. */
        if (its->mem.read(its->mem.sim, base + its->creadr, words, sizeof(words))) {
            struct gic_its_cmd cmd;
            gic_its_cmd_decode(words, &cmd);
            c->be->its_ops->its_lock(c->model, c->op);
            (void)vgic_its_handle_command(c, &cmd);
            c->be->its_ops->its_unlock(c->model, c->op);
        }
        its->creadr = (its->creadr + GIC_ITS_CMD_SIZE) % size;
    }
}

/* ---- the booted driver ------------------------------------------------------------- */

static uint8_t eventid_bits_for(uint32_t events)
{
    uint8_t bits = 1;
    while (bits < VGIC_ITS_EVENTID_BITS && (UINT32_C(1) << bits) < events)
        bits++;
    return bits;
}

void vgic_its_boot(struct vgic_its *its, const struct vgic_boot_its *b, void *model,
                   void (*lpi_created)(void *model, const struct vgic_irq_state *init))
{
    its->propbaser = b->propbaser;
    for (uint32_t v = 0; v < its->cfg->vcpus; v++) {
        its->pendbaser[v] = b->pendbaser[0] + (uint64_t)v * b->pendbaser[1];
        its->lpis_enabled[v] = true;
    }
    its->cbaser = b->cbaser;
    its->baser[0] = (its->baser[0] & ~BASER_ADDR_MASK & ~BASER_VALID & ~UINT64_C(0xff)) |
                    (b->baser_device & (BASER_ADDR_MASK | BASER_VALID | UINT64_C(0xff)));
    its->baser[1] = (its->baser[1] & ~BASER_ADDR_MASK & ~BASER_VALID & ~UINT64_C(0xff)) |
                    (b->baser_collection & (BASER_ADDR_MASK | BASER_VALID | UINT64_C(0xff)));
    its->creadr = its->cwriter = 0;
    its->enabled = true;
    for (uint32_t v = 0; v < its->cfg->vcpus && v < VGIC_ITS_MAX_COLLECTIONS; v++)
        its->collections[v] = (int32_t)v;
    for (uint32_t i = 0; i < b->n_devices; i++) {
        const struct vgic_boot_its_device *bd = &b->devices[i];
        struct vgic_its_device *d = xcalloc(1, sizeof(*d));
        struct vgic_its_ite *ites = xcalloc(bd->events, sizeof(*ites));
        d->id = bd->id;
        d->eventid_bits = eventid_bits_for(bd->events);
        d->ites = ites;
        d->n_ites = d->cap_ites = bd->events;
        d->list_pos = its->n_devices;
        its->device_list[its->n_devices++] = bd->id;
        its->devices[bd->id] = d;
        for (uint32_t e = 0; e < bd->events; e++) {
            uint32_t intid = bd->lpi_base + e;
            ites[e] = (struct vgic_its_ite){e, intid, (int32_t)bd->vcpu};
            if (its->lpi_refs[intid - GIC_LPI_BASE]++ == 0) {
                struct vgic_irq_state init;
                uint8_t prop = 0;
                vgic_its_read_prop(its, intid, &prop);
                vgic_lpi_state_new(its->cfg, intid, (int32_t)bd->vcpu, prop, &init);
                lpi_created(model, &init);
                its->n_lpis_mapped++;
                if (its->v4 && vgic_v4_bypass_claim(its->v4, bd->id, e))
                    vgic_v4_forward(its->v4, intid, bd->vcpu, init.priority, init.enabled,
                                    false);
            }
        }
    }
}
