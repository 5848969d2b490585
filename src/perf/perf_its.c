/* SPDX-License-Identifier: GPL-2.0-only */
/* The emulated ITS on the performance core (docs/perf-core.md, "MSIs and the ITS").
 *
 * KVM's ITS -- its registers, its command queue, its tables and translation -- is
 * src/vgic's (vgic_its.h), run on perf's configuration path with the ITS's two mutexes as
 * simulated locks; what a command does to an LPI goes through the same compare-and-swap
 * updates as everything else.
 *
 * An MSI is perf's own: it does not take the ITS mutex when its translation has been
 * published. The slow path (the ITS mutex, KVM's resolve) publishes every translation it
 * resolves successfully into a lock-free table of 64-bit words (DeviceID, EventID -> LPI,
 * stamped with the epoch it was resolved at); every configuration write that may change
 * a translation -- to the ITS's frame, to a redistributor's RD frame, any VMM access --
 * moves the epoch to odd while it runs and to the next even value when it ends, which
 * retracts every published translation at once. An MSI reads the epoch, then its entry:
 * an entry stamped with the current even epoch was resolved with the configuration that
 * still holds, so the MSI has exactly the outcome resolve would give now (the LPI, its
 * collection mapped, the ITS and the target's LPIs enabled) and pends the LPI through the
 * injection path's CAS. Anything else -- no entry, a stale one, a configuration write in
 * progress -- takes the slow path. Only successes are published, so a drop always goes
 * the slow way, as in KVM. */
#include <stdlib.h>

#include "perf/perf_internal.h"
#include "util/xalloc.h"

enum {
    TABLE_MIN_SLOTS = 64,
    TABLE_PROBES = 8,              /* slots an MSI looks at from its home slot */
    ENTRY_KEY_SHIFT = 32,          /* [63:32] DeviceID << 16 | EventID */
    ENTRY_INDEX_SHIFT = 16,        /* [31:16] the LPI's index (INTID - 8192) */
    ENTRY_STAMP_MASK = 0xffff,     /* [15:0] the epoch's low bits when resolved (even) */
    ID_LIMIT = 1u << 16,           /* DeviceIDs and EventIDs the ITS translates */
};
/* An empty slot: its stamp is odd, and no published entry has an odd stamp. */
#define ENTRY_EMPTY UINT64_MAX

static struct perf_core *core(void *m) { return m; }
static struct perf_op *op_of(void *op) { return op; }

/* ---- what the ITS's commands do on perf (vgic_its_ops) ---------------------------- */

/* KVM's work, with the ITS's cost operations. The translation cache's own work is not
 * perf's: its translations are retracted by the epoch (one store per configuration
 * write, charged there) and published by the MSI's slow path only. */
static void its_work(void *m, void *op, enum vgic_its_work what, uint32_t n)
{
    struct perf_core *c = core(m);
    switch (what) {
    case VGIC_ITS_WORK_COMMAND:
        perf_charge_n(c, op_of(op), COST_ITS_COMMAND, n);
        return;
    case VGIC_ITS_WORK_DEVICE_STEP:
    case VGIC_ITS_WORK_ITE_STEP:
        perf_charge_n(c, op_of(op), COST_ITS_WALK_STEP, n);
        return;
    case VGIC_ITS_WORK_PROP_READ:
    case VGIC_ITS_WORK_PEND_READ:
    case VGIC_ITS_WORK_TABLE_WRITE:
        perf_charge_n(c, op_of(op), COST_ITS_TABLE_ACCESS, n);
        return;
    case VGIC_ITS_WORK_VLPI_COMMAND:
        perf_charge_n(c, op_of(op), COST_VLPI_COMMAND, n);
        return;
    case VGIC_ITS_WORK_CACHE_STEP:
    case VGIC_ITS_WORK_CACHE_FILL:
    case VGIC_ITS_WORK_CACHE_FLUSH:
        return;
    }
}

static void its_cmd_lock(void *m, void *op)
{
    perf_mutex_lock(core(m), op_of(op), &core(m)->its->cmd_line);
}

static void its_cmd_unlock(void *m, void *op)
{
    perf_mutex_unlock(core(m), op_of(op), &core(m)->its->cmd_line);
}

static void its_its_lock(void *m, void *op)
{
    perf_mutex_lock(core(m), op_of(op), &core(m)->its->its_line);
}

static void its_its_unlock(void *m, void *op)
{
    perf_mutex_unlock(core(m), op_of(op), &core(m)->its->its_line);
}

/* A new LPI's storage takes its first state. Its storage is on no list (one that was
 * listed still exists: KVM shares it), so nothing else changes the word meanwhile. */
static void set_lpi_state(struct perf_core *c, const struct vgic_irq_state *init)
{
    VGICSIM_ASSERT(init->listed_on == VGIC_NO_VCPU);
    struct perf_irq *irq = perf_irq_get(c, 0, init->intid);
    atomic_store_explicit(&irq->word, perf_pack(init), memory_order_release);
}

static void its_lpi_created(void *m, void *op, const struct vgic_irq_state *init)
{
    perf_sync_point(core(m), op_of(op));   /* the word is written when the command gets there */
    set_lpi_state(core(m), init);
}

/* Nothing to free: an LPI exists while an ITE maps it or a list holds it
 * (perf_irq_find), and its next creation overwrites its storage. */
static void its_lpi_released(void *m, void *op, uint32_t intid)
{
    (void)m, (void)op, (void)intid;
}

static void its_flush_pending_lpis(void *m, void *op, uint32_t vcpu)
{
    perf_flush_lpis(core(m), op_of(op), &core(m)->vcpus[vcpu]);
}

static void its_vpe_changed(void *m, void *op, uint32_t vcpu)
{
    struct model_v4_ctx v4 = perf_v4_ctx(core(m), op_of(op));
    model_v4_show(&v4, vcpu);
}

static void its_vlpi_arrived(void *m, void *op, uint32_t intid, enum vgic_v4_arrival arrival,
                             uint32_t work)
{
    struct model_v4_ctx v4 = perf_v4_ctx(core(m), op_of(op));
    model_v4_arrived(&v4, intid, arrival, work);
}

const struct vgic_its_ops perf_its_ops = {
    .work = its_work,
    .cmd_lock = its_cmd_lock,
    .cmd_unlock = its_cmd_unlock,
    .its_lock = its_its_lock,
    .its_unlock = its_its_unlock,
    .lpi_created = its_lpi_created,
    .lpi_released = its_lpi_released,
    .flush_pending_lpis = its_flush_pending_lpis,
    .vpe_changed = its_vpe_changed,
    .vlpi_arrived = its_vlpi_arrived,
};

/* ---- the published translations ------------------------------------------------------ */

static uint32_t table_home(const struct perf_its *its, uint32_t key)
{
    return (uint32_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 40) & its->table_mask;
}

static uint64_t entry_of(uint32_t key, uint32_t lpi_index, uint64_t epoch)
{
    return (uint64_t)key << ENTRY_KEY_SHIFT | (uint64_t)lpi_index << ENTRY_INDEX_SHIFT |
           (epoch & ENTRY_STAMP_MASK);
}

static bool entry_is(uint64_t e, uint32_t key)
{
    return e != ENTRY_EMPTY && (uint32_t)(e >> ENTRY_KEY_SHIFT) == key;
}

static bool entry_current(uint64_t e, uint64_t epoch)
{
    return (e & ENTRY_STAMP_MASK) == (epoch & ENTRY_STAMP_MASK);
}

/* The MSI's lookup: the epoch first (acquire), then the slots from the key's home (each
 * acquire, one walk step each) up to the key's entry or an empty slot. A key is in one
 * slot at most and slots are emptied only all at once, so the first entry of the key
 * decides. */
static bool table_lookup(const struct perf_core *c, struct perf_op *op, uint32_t key,
                         uint32_t *intid)
{
    const struct perf_its *its = c->its;
    perf_sync_point(c, op);
    uint64_t epoch = atomic_load_explicit(&its->epoch, memory_order_acquire);
    if (epoch & 1)
        return false;   /* a configuration write is under way */
    uint32_t home = table_home(its, key);
    for (uint32_t p = 0; p < TABLE_PROBES; p++) {
        perf_charge(c, op, COST_ITS_WALK_STEP);
        uint64_t e = atomic_load_explicit(&its->table[(home + p) & its->table_mask],
                                          memory_order_acquire);
        if (e == ENTRY_EMPTY)
            return false;
        if (!entry_is(e, key))
            continue;
        if (!entry_current(e, epoch))
            return false;
        *intid = GIC_LPI_BASE + (uint32_t)(e >> ENTRY_INDEX_SHIFT & 0xffff);
        return true;
    }
    return false;
}

/* The slot a translation goes to: the key's own, else the first empty or stale one, else
 * the home slot (its entry evicted); *seen is what the slot holds. */
static uint32_t table_slot(const struct perf_its *its, uint32_t key, uint64_t epoch,
                           uint64_t *seen)
{
    uint32_t home = table_home(its, key), chosen = home;
    bool reusable = false;
    for (uint32_t p = 0; p < TABLE_PROBES; p++) {
        uint32_t s = (home + p) & its->table_mask;
        uint64_t e = atomic_load_explicit(&its->table[s], memory_order_acquire);
        if (entry_is(e, key)) {
            *seen = e;
            return s;
        }
        if (!reusable && (e == ENTRY_EMPTY || !entry_current(e, epoch))) {
            chosen = s;
            reusable = true;
        }
    }
    *seen = atomic_load_explicit(&its->table[chosen], memory_order_acquire);
    return chosen;
}

/* Publishes a translation the slow path resolved at `epoch` (even). A CAS, so that slow
 * paths on real threads may publish concurrently: one that loses keeps its MSI's outcome
 * and publishes nothing (the table is a cache; equal keys at one epoch translate alike). */
static void table_publish(struct perf_core *c, struct perf_op *op, uint32_t key,
                          uint32_t intid, uint64_t epoch)
{
    struct perf_its *its = c->its;
    uint64_t seen;
    uint32_t s = table_slot(its, key, epoch, &seen);
    perf_charge(c, op, COST_ITS_CACHE_FILL);
    perf_atomic(c, op, &its->table_line);
    (void)perf_cas64(op, &its->table[s], &seen, entry_of(key, intid - GIC_LPI_BASE, epoch));
}

static void table_clear(struct perf_its *its)
{
    for (uint32_t s = 0; s <= its->table_mask; s++)
        atomic_store_explicit(&its->table[s], ENTRY_EMPTY, memory_order_relaxed);
}

/* ---- the epoch: configuration writes --------------------------------------------------- */

void perf_its_config_begin(struct perf_core *c, struct perf_op *op)
{
    struct perf_its *its = c->its;
    /* The depth is shared by every configuration write: it is read and changed at the
     * cycle the write gets there, after every earlier operation (a write that charged
     * more on its way, e.g. GICv4's mirrored commands, must not let a later one see its
     * depth change early). */
    perf_sync_point(c, op);
    if (its->config_depth++)
        return;
    perf_atomic(c, op, &its->table_line);
    uint64_t epoch = atomic_load_explicit(&its->epoch, memory_order_relaxed);
    VGICSIM_ASSERT(!(epoch & 1));   /* one configuration path */
    atomic_store_explicit(&its->epoch, epoch + 1, memory_order_relaxed);
    /* The odd epoch before anything the write changes. */
    atomic_thread_fence(memory_order_release);
}

/* The next even epoch retracts every entry. Stamps keep the epoch's low 16 bits, so when
 * they come round to 0 again the table is emptied first: no entry can be mistaken for
 * one of the new epoch's. */
void perf_its_config_end(struct perf_core *c, struct perf_op *op)
{
    struct perf_its *its = c->its;
    perf_sync_point(c, op);   /* see perf_its_config_begin */
    VGICSIM_ASSERT(its->config_depth > 0);
    if (--its->config_depth)
        return;
    perf_atomic(c, op, &its->table_line);
    uint64_t next = atomic_load_explicit(&its->epoch, memory_order_relaxed) + 1;
    if ((next & ENTRY_STAMP_MASK) == 0)
        table_clear(its);
    atomic_store_explicit(&its->epoch, next, memory_order_release);
}

/* ---- MSIs -------------------------------------------------------------------------------- */

static bool latch(struct vgic_irq_state *st, const void *arg)
{
    (void)arg;
    st->pending_latch = true;   /* LPIs are edge-triggered */
    return true;
}

/* The translated MSI makes its LPI pending: the injection path (claim, publish, notify). */
static void pend_lpi(struct perf_core *c, struct perf_op *op, uint32_t intid)
{
    perf_charge(c, op, COST_EMULATE_IRQ);
    perf_update_and_queue(c, op, perf_irq_get(c, 0, intid), latch, NULL);
}

/* vgic_its_trigger_msi: under the ITS mutex, KVM's translation with its walks; a success
 * is published (unless a configuration write is under way or came in between) and pends
 * its LPI, a failure drops the MSI. */
static void msi_slow(struct perf_core *c, struct perf_op *op, uint32_t device, uint32_t event,
                     bool publishable)
{
    struct perf_its *its = c->its;
    perf_mutex_lock(c, op, &its->its_line);
    perf_sync_point(c, op);
    uint64_t epoch = atomic_load_explicit(&its->epoch, memory_order_acquire);
    struct vgic_its_translation t;
    enum vgic_its_xlate x = vgic_its_resolve(&its->state, device, event, &t);
    its_work(c, op, VGIC_ITS_WORK_DEVICE_STEP, t.device_steps);
    its_work(c, op, VGIC_ITS_WORK_ITE_STEP, t.ite_steps);
    if (x != VGIC_ITS_XLATE_OK) {
        op->stats->msis_dropped++;
        perf_mutex_unlock(c, op, &its->its_line);
        return;
    }
    if (publishable && !(epoch & 1) &&
        atomic_load_explicit(&its->epoch, memory_order_acquire) == epoch)
        table_publish(c, op, device << 16 | event, t.intid, epoch);
    pend_lpi(c, op, t.intid);
    perf_mutex_unlock(c, op, &its->its_line);
}

void perf_msi(struct perf_core *c, struct perf_op *op, uint32_t device, uint32_t event)
{
    if (!c->its)
        return;
    struct model_v4_ctx v4 = perf_v4_ctx(c, op);
    switch (model_v4_msi(&v4, device, event)) {
    case MODEL_V4_DELIVERED:
        return;
    case MODEL_V4_EMULATED:
        break;
    }
    bool keyed = device < ID_LIMIT && event < ID_LIMIT;
    uint32_t intid;
    if (keyed && table_lookup(c, op, device << 16 | event, &intid)) {
        op->stats->msi_fast_hits++;
        pend_lpi(c, op, intid);
        return;
    }
    op->stats->msi_fast_misses++;
    msi_slow(c, op, device, event, keyed);
}

/* ---- life ---------------------------------------------------------------------------------- */

static void init_lpi_storage(struct perf_core *c)
{
    c->lpis = xcalloc(c->cfg.lpis, sizeof(*c->lpis));
    for (uint32_t i = 0; i < c->cfg.lpis; i++) {
        struct perf_irq *irq = &c->lpis[i];
        struct vgic_irq_state st;
        vgic_lpi_state_new(&c->cfg, GIC_LPI_BASE + i, VGIC_NO_VCPU, 0, &st);
        irq->intid = st.intid;
        irq->owner = VGIC_NO_VCPU;
        perf_line_init(&irq->line, VGIC_RES_IRQ_LINE, vgic_res_irq_index(-1, st.intid));
        atomic_init(&irq->targets, 0);
        atomic_init(&irq->mpidr, 0);
        atomic_init(&irq->word, perf_pack(&st));
    }
    for (uint32_t v = 0; v < c->cfg.vcpus; v++)
        c->vcpus[v].lpi_ovf = xcalloc((c->cfg.lpis + 63) / 64, sizeof(*c->vcpus[v].lpi_ovf));
}

static void init_table(struct perf_its *its, uint32_t lpis)
{
    uint32_t slots = TABLE_MIN_SLOTS;
    while (slots < 2 * lpis)   /* room for every LPI twice: few evictions */
        slots *= 2;
    its->table = xmalloc(slots * sizeof(*its->table));
    its->table_mask = slots - 1;
    table_clear(its);
}

void perf_its_create(struct perf_core *c)
{
    if (!c->cfg.its)
        return;
    struct perf_its *its = xcalloc(1, sizeof(*its));
    struct vgic_its_guest_mem mem = vgic_hooks_guest_mem(&c->hooks, c->sim);
    vgic_its_init(&its->state, &c->cfg, &mem, c->v4);
    perf_line_init(&its->cmd_line, VGIC_RES_ITS_CMD_LOCK, 0);
    perf_line_init(&its->its_line, VGIC_RES_ITS_LOCK, 0);
    perf_line_init(&its->table_line, VGIC_RES_ITS_LINE, 0);
    atomic_init(&its->epoch, 0);
    init_table(its, c->cfg.lpis);
    c->its = its;
    init_lpi_storage(c);
}

void perf_its_destroy(struct perf_core *c)
{
    if (!c->its)
        return;
    for (uint32_t v = 0; v < c->cfg.vcpus; v++)
        free(c->vcpus[v].lpi_ovf);
    free(c->lpis);
    vgic_its_free(&c->its->state);
    free(c->its->table);
    free(c->its);
    c->its = NULL;
}

static void boot_lpi(void *model, const struct vgic_irq_state *init)
{
    set_lpi_state(core(model), init);
}

void perf_its_boot(struct perf_core *c, const struct vgic_boot_its *b)
{
    if (c->its && b)
        vgic_its_boot(&c->its->state, b, c, boot_lpi);
}
