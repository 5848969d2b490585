/* SPDX-License-Identifier: GPL-2.0-only */
/* The reference model's ITS: the LPIs' storage, the backend of src/vgic's ITS (what its
 * commands cost and which locks they take), and the MSI injection path of the modelled
 * release (vgic-its.c vgic_its_inject_msi, vgic-irqfd.c):
 *  - up to v5.3: every MSI takes the ITS mutex (its_lock) and walks the device list and
 *    the device's ITE list (vgic_its_trigger_msi);
 *  - v5.4..v6.9: first the VM-wide LRU translation cache under the lpi_list_lock (a raw
 *    spinlock every injector of the VM shares), a hit moved to the front; up to v6.8 the
 *    LPI's reference is dropped under the same lock again (vgic_put_irq; v6.9 made that
 *    lock-free: "Don't acquire the lpi_list_lock in vgic_put_irq()"); a miss takes the
 *    slow path, which caches what it resolved;
 *  - v6.10+: the per-ITS xarray, looked up under RCU with no lock at all.
 * The cache changes what an MSI costs and which locks it takes, never whether it is
 * delivered (KVM invalidates it whenever a translation could change). */
#include <stdlib.h>

#include "ref/ref_internal.h"
#include "util/xalloc.h"

struct ref_irq *ref_lpi_get(struct ref_model *m, uint32_t intid)
{
    if (!m->its || !gic_intid_is_lpi(&m->cfg, intid))
        return NULL;
    struct ref_irq *irq = &m->lpis[intid - GIC_LPI_BASE];
    /* KVM's struct vgic_irq lives while something references it: an ITE, or the ap_list
     * that still holds it after its last ITE went (DISCARD of a pending LPI). */
    if (vgic_its_lpi_exists(m->its, intid) || irq->s.listed_on != VGIC_NO_VCPU)
        return irq;
    return NULL;
}

/* ---- the backend's ITS operations ------------------------------------------------------ */

static struct ref_model *model(void *m) { return m; }
static struct ref_op *clock_of(void *op) { return op; }

static void charge_n(struct ref_model *m, struct ref_op *op, enum cost_op what, uint32_t n)
{
    op->t += (uint64_t)m->costs.cycles[what] * n;
}

static void its_work(void *mp, void *opp, enum vgic_its_work what, uint32_t n)
{
    struct ref_model *m = model(mp);
    struct ref_op *op = clock_of(opp);
    switch (what) {
    case VGIC_ITS_WORK_COMMAND:
        charge_n(m, op, COST_ITS_COMMAND, n);
        return;
    case VGIC_ITS_WORK_DEVICE_STEP:
    case VGIC_ITS_WORK_ITE_STEP:
    case VGIC_ITS_WORK_CACHE_FLUSH:
        charge_n(m, op, COST_ITS_WALK_STEP, n);
        return;
    case VGIC_ITS_WORK_PROP_READ:
    case VGIC_ITS_WORK_PEND_READ:
    case VGIC_ITS_WORK_TABLE_WRITE:
        charge_n(m, op, COST_ITS_TABLE_ACCESS, n);
        return;
    case VGIC_ITS_WORK_CACHE_STEP:
        charge_n(m, op, COST_ITS_LRU_STEP, n);
        return;
    case VGIC_ITS_WORK_CACHE_FILL:
        charge_n(m, op, COST_ITS_CACHE_FILL, n);
        return;
    case VGIC_ITS_WORK_VLPI_COMMAND:
        charge_n(m, op, COST_VLPI_COMMAND, n);
        return;
    }
}

static void its_cmd_lock(void *m, void *op)
{
    ref_lock_acquire(model(m), clock_of(op), &model(m)->its_cmd_lock);
}
static void its_cmd_unlock(void *m, void *op)
{
    ref_lock_release(model(m), clock_of(op), &model(m)->its_cmd_lock);
}
static void its_mutex_lock(void *m, void *op)
{
    ref_lock_acquire(model(m), clock_of(op), &model(m)->its_lock);
}
static void its_mutex_unlock(void *m, void *op)
{
    ref_lock_release(model(m), clock_of(op), &model(m)->its_lock);
}

static void lpi_init(void *mp, const struct vgic_irq_state *init)
{
    struct ref_model *m = model(mp);
    struct ref_irq *irq = &m->lpis[init->intid - GIC_LPI_BASE];
    VGICSIM_ASSERT(irq->s.listed_on == VGIC_NO_VCPU);
    irq->s = *init;
    VGICSIM_ASSERT(vgic_irq_state_ok(&m->cfg, &irq->s));
}

/* vgic_add_lpi's allocation: the LPI's storage takes its first state (under the
 * lpi_list_lock up to v6.8, whose list it joins). */
static void lpi_created(void *mp, void *opp, const struct vgic_irq_state *init)
{
    struct ref_model *m = model(mp);
    struct ref_op *op = clock_of(opp);
    bool listed_under_lock = m->rel.lpi_list_locked;
    if (listed_under_lock)
        ref_lock_acquire(m, op, &m->lpi_list_lock);
    ref_charge(m, op, COST_EMULATE_IRQ);
    lpi_init(mp, init);
    if (listed_under_lock)
        ref_lock_release(m, op, &m->lpi_list_lock);
}

/* The last ITE went: ref_lpi_get stops finding it unless a list still holds it (whose
 * prune then drops it once its target is gone or it is no longer pending). */
static void lpi_released(void *m, void *op, uint32_t intid)
{
    (void)m, (void)op, (void)intid;
}

/* vgic_flush_pending_lpis: under the vCPU's ap_list_lock, each LPI on its list is
 * unlinked under its own lock. */
static void flush_pending_lpis(void *mp, void *opp, uint32_t vcpu)
{
    struct ref_model *m = model(mp);
    struct ref_op *op = clock_of(opp);
    struct ref_vcpu *v = &m->vcpus[vcpu];
    ref_lock_acquire(m, op, &v->ap_lock);
    for (struct ref_irq *irq = v->ap_head, *next; irq; irq = next) {
        next = irq->ap_next;
        ref_charge(m, op, COST_AP_LIST_ENTRY);
        if (!gic_intid_is_lpi(&m->cfg, irq->s.intid))
            continue;
        ref_lock_acquire(m, op, &irq->lock);
        ref_charge(m, op, COST_AP_LIST_UPDATE);
        ref_ap_list_unlink(op, v, irq);
        ref_lock_release(m, op, &irq->lock);
    }
    ref_lock_release(m, op, &v->ap_lock);
}

static void vpe_changed(void *m, void *op, uint32_t vcpu)
{
    struct model_v4_ctx v4 = ref_v4_ctx(model(m), clock_of(op));
    model_v4_show(&v4, vcpu);
}

static void vlpi_arrived(void *m, void *op, uint32_t intid, enum vgic_v4_arrival arrival,
                         uint32_t work)
{
    struct model_v4_ctx v4 = ref_v4_ctx(model(m), clock_of(op));
    model_v4_arrived(&v4, intid, arrival, work);
}

const struct vgic_its_ops ref_its_backend_ops = {
    .work = its_work,
    .cmd_lock = its_cmd_lock,
    .cmd_unlock = its_cmd_unlock,
    .its_lock = its_mutex_lock,
    .its_unlock = its_mutex_unlock,
    .lpi_created = lpi_created,
    .lpi_released = lpi_released,
    .flush_pending_lpis = flush_pending_lpis,
    .vpe_changed = vpe_changed,
    .vlpi_arrived = vlpi_arrived,
};

/* ---- life --------------------------------------------------------------------------- */

void ref_its_create(struct ref_model *m)
{
    if (!m->cfg.its)
        return;
    m->its = xcalloc(1, sizeof(*m->its));
    struct vgic_its_guest_mem mem = vgic_hooks_guest_mem(&m->hooks, m->sim);
    vgic_its_init(m->its, &m->cfg, &mem, m->v4);
    m->lpis = xcalloc(m->cfg.lpis, sizeof(*m->lpis));
    for (uint32_t i = 0; i < m->cfg.lpis; i++) {
        struct ref_irq *irq = &m->lpis[i];
        vgic_lpi_state_new(&m->cfg, GIC_LPI_BASE + i, VGIC_NO_VCPU, 0, &irq->s);
        ref_lock_init(&irq->lock, VGIC_RES_IRQ_LOCK, vgic_res_irq_index(-1, GIC_LPI_BASE + i));
    }
    ref_lock_init(&m->its_cmd_lock, VGIC_RES_ITS_CMD_LOCK, 0);
    ref_lock_init(&m->its_lock, VGIC_RES_ITS_LOCK, 0);
    ref_lock_init(&m->lpi_list_lock, VGIC_RES_LPI_LIST_LOCK, 0);
}

void ref_its_destroy(struct ref_model *m)
{
    if (m->its)
        vgic_its_free(m->its);
    free(m->its);
    free(m->lpis);
}

void ref_its_boot(struct ref_model *m, const struct vgic_boot_its *b)
{
    if (m->its && b)
        vgic_its_boot(m->its, b, m, lpi_init);
}

/* ---- MSIs ------------------------------------------------------------------------------ */

/* The LPI pending, queued on its target (the kick with it). */
static void pend(struct ref_model *m, struct ref_op *op, uint32_t intid)
{
    struct ref_irq *irq = ref_lpi_get(m, intid);
    VGICSIM_ASSERT(irq != NULL);
    ref_lock_acquire(m, op, &irq->lock);
    ref_charge(m, op, COST_EMULATE_IRQ);
    irq->s.pending_latch = true;
    ref_queue_irq_unlock(m, op, irq);
}

/* vgic_its_check_cache: the release's lookup, with its locks and costs. */
static bool cached_translation(struct ref_model *m, struct ref_op *op, uint32_t device,
                               uint32_t event, uint32_t *intid)
{
    uint32_t steps;
    bool hit;
    switch (m->rel.its_cache) {
    case VGIC_ITS_NO_CACHE:
        return false;
    case VGIC_ITS_LRU_CACHE:
        ref_lock_acquire(m, op, &m->lpi_list_lock);
        ref_charge(m, op, COST_ITS_LRU_LOOKUP);
        hit = vgic_its_cache_lookup(m->its, device, event, intid, &steps);
        charge_n(m, op, COST_ITS_LRU_STEP, steps);
        ref_lock_release(m, op, &m->lpi_list_lock);
        return hit;
    case VGIC_ITS_PER_ITS:
        ref_charge(m, op, COST_ITS_XA_LOOKUP);
        return vgic_its_cache_lookup(m->its, device, event, intid, &steps);
    }
    return false;
}

/* vgic_its_inject_cached_translation's end: the reference taken by the lookup dropped,
 * under the lpi_list_lock up to v6.8. */
static void put_cached(struct ref_model *m, struct ref_op *op)
{
    if (m->rel.its_cache != VGIC_ITS_LRU_CACHE || !m->rel.lpi_list_locked)
        return;
    ref_lock_acquire(m, op, &m->lpi_list_lock);
    ref_lock_release(m, op, &m->lpi_list_lock);
}

/* The slow path (vgic_its_trigger_msi under the ITS mutex): the walks, the cache filled,
 * the LPI pended; an MSI that translates to nothing is dropped. */
static void slow_path(struct ref_model *m, struct ref_op *op, uint32_t device, uint32_t event)
{
    ref_lock_acquire(m, op, &m->its_lock);
    struct vgic_its_translation t;
    enum vgic_its_xlate x = vgic_its_resolve(m->its, device, event, &t);
    charge_n(m, op, COST_ITS_WALK_STEP, t.device_steps + t.ite_steps);
    if (x != VGIC_ITS_XLATE_OK) {
        m->its->msis_dropped++;
        ref_lock_release(m, op, &m->its_lock);
        return;
    }
    if (m->rel.its_cache != VGIC_ITS_NO_CACHE) {
        bool locked = m->rel.its_cache == VGIC_ITS_LRU_CACHE;
        if (locked)
            ref_lock_acquire(m, op, &m->lpi_list_lock);
        ref_charge(m, op, COST_ITS_CACHE_FILL);
        vgic_its_cache_insert(m->its, device, event, t.intid);
        if (locked)
            ref_lock_release(m, op, &m->lpi_list_lock);
    }
    pend(m, op, t.intid);
    ref_lock_release(m, op, &m->its_lock);
}

void ref_its_msi(struct ref_model *m, struct ref_op *op, uint32_t device, uint32_t event)
{
    VGICSIM_ASSERT(m->its != NULL);
    struct model_v4_ctx v4 = ref_v4_ctx(m, op);
    switch (model_v4_msi(&v4, device, event)) {
    case MODEL_V4_DELIVERED:
        return;
    case MODEL_V4_EMULATED:
        break;
    }
    uint32_t intid;
    if (cached_translation(m, op, device, event, &intid)) {
        m->its->cache_hits++;
        pend(m, op, intid);
        put_cached(m, op);
        return;
    }
    if (m->rel.its_cache != VGIC_ITS_NO_CACHE)
        m->its->cache_misses++;
    slow_path(m, op, device, event);
}

void ref_its_counters(const struct ref_model *m, struct vgic_counters *out)
{
    if (!m->its)
        return;
    vgic_counters_add(out, "its_commands", m->its->commands);
    vgic_counters_add(out, "its_cache_hits", m->its->cache_hits);
    vgic_counters_add(out, "its_cache_misses", m->its->cache_misses);
    vgic_counters_add(out, "msis_dropped", m->its->msis_dropped);
}
