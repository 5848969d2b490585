/* SPDX-License-Identifier: GPL-2.0-only */
/* List-register management around a world switch (KVM's vgic.c flush/fold/prune and
 * vgic-v2.c/vgic-v3.c populate/fold): the classic design (v4.19..v6.18) and the
 * LR-overflow design (v6.19), as the modelled release says. Both walk the ap_list under
 * the same locks; the per-interrupt rules are src/vgic's.
 *
 * Written twice on purpose. The performance core has its own flush, fold and prune
 * (src/perf/perf_lr.c) that visit the same interrupts in the same order and apply the
 * same src/vgic rules, over its own storage (posted slots and bitmaps, no locks). The two
 * walks are kept independent so that `vgicsim check` (src/check/lockstep.c), which runs
 * both models on the same operations and compares every list register, hook and state,
 * can catch a mistake in either: a walk shared by both models would make the same
 * mistake twice and lockstep would see no difference. Only the per-interrupt rules are
 * shared (src/vgic/vgic_irq.h), which both models must apply alike. A change to one walk's
 * order or stopping rule is a change to the other's (docs/architecture.md, "Two walks"). */
#include <stdlib.h>

#include "ref/ref_internal.h"
#include "util/debug_checks.h"
#include "util/merge_sort.h"
#include "util/xalloc.h"
#include "vgic/vgic_mmio.h"

#if VGICSIM_DEBUG_CHECKS
/* What holds of a vCPU when its flush or its prune ends (checking builds; each has just
 * walked the whole list, so the check costs no more than they do): its ap_list is a
 * well-linked list of ap_len interrupts, each in a consistent state and listed on it,
 * and after a prune that no other operation interleaved with, each one's oracle names it; its list registers are consistent, each
 * live one holding an interrupt of the list. */
static void check_vcpu(struct ref_model *m, const struct ref_vcpu *v, bool pruned)
{
    uint32_t n = 0;
    const struct ref_irq *prev = NULL;
    for (struct ref_irq *irq = v->ap_head; irq; prev = irq, irq = irq->ap_next, n++) {
        VGICSIM_ASSERT(irq->ap_prev == prev && irq->s.listed_on == (int32_t)v->id);
        VGICSIM_ASSERT(vgic_irq_state_ok(&m->cfg, &irq->s));
        VGICSIM_ASSERT(!pruned || ref_oracle(m, irq) == v);
    }
    VGICSIM_ASSERT(n == v->ap_len && v->ap_tail == prev);
    VGICSIM_ASSERT(gic_vif_lrs_ok(&v->vif, m->cfg.list_registers, gic_nr_irqs(&m->cfg)));
    for (uint32_t i = 0; i < v->vif.used_lrs; i++) {
        const struct ref_irq *irq = ref_irq_get(m, v->id, v->vif.lr[i].intid);
        VGICSIM_ASSERT(irq && irq->s.listed_on == (int32_t)v->id);
    }
}
#else
static inline void check_vcpu(struct ref_model *m, const struct ref_vcpu *v, bool pruned)
{
    (void)m, (void)v, (void)pruned;
}
#endif

/* What one comparison of vgic_irq_cmp costs: the two IRQ locks it takes, and itself. */
static inline void charge_compare(struct ref_model *m, struct ref_op *op, struct ref_irq *a,
                                  struct ref_irq *b)
{
    ref_lock_acquire(m, op, &a->lock);
    ref_lock_acquire(m, op, &b->lock);
    ref_charge(m, op, COST_SORT_COMPARE);
    ref_lock_release(m, op, &b->lock);
    ref_lock_release(m, op, &a->lock);
}

struct sort_ctx {
    struct ref_model *m;
    struct ref_op *op;
};

static inline int cmp_locked(const void *pa, const void *pb, void *p)
{
    struct sort_ctx *c = p;
    const struct ref_sort_item *a = pa, *b = pb;
    charge_compare(c->m, c->op, a->irq, b->irq);
    return a->key < b->key ? -1 : a->key > b->key;
}

/* One block of the in-order sort's structure (ref_charge_sorted_list): elements
 * [base, base + 2 * width) at most, whose top merge (runs [base, base + width) and
 * [base + width, ...)) is the last merge any of its left-run elements takes part in. */
struct sort_block {
    size_t base, width;
    uint64_t t0;      /* left element x's comparison ends at t0 + (x - base + 1) * step */
    bool first_taken; /* the merge's first comparison was charged in full (see below) */
};

/* The greatest power of two below n (n >= 2). */
static size_t width_below(size_t n)
{
    size_t w = 1;
    while (2 * w < n)
        w *= 2;
    return w;
}

void ref_charge_sorted_list(struct ref_model *m, struct ref_op *op,
                            const struct ref_sort_item *items, size_t n)
{
    if (n < 2)
        return;
    /* On a list in order, every merge of runs [lo, mid) and [mid, ...) compares each left
     * element with element mid (merge_sort_inline), each comparison charged as
     * charge_compare would. Only a lock's first taking in this sort can wait: those are
     * every comparison of the first pass (runs of one), charged one by one, and, when n
     * is odd, the first comparison of the last element, which the first pass leaves out
     * and first meets as the head of a right run at width lowbit(n - 1). Every other lock
     * was released earlier in the sort, at a time no later than now, so those comparisons
     * cost exactly `step` each: they are charged per width, not one by one. */
    for (size_t lo = 0; lo + 1 < n; lo += 2)
        charge_compare(m, op, items[lo].irq, items[lo + 1].irq);
    uint64_t step = 2 * m->costs.cycles[COST_LOCK] + m->costs.cycles[COST_SORT_COMPARE];
    size_t odd_width = n % 2 ? (n - 1) & -(n - 1) : 0;

    /* A lock is left free at the end of its last comparison, which for a left-run element
     * is the top merge of the block it falls in when the list is cut as the merge sort's
     * widths cut it: [0, n) has top merge (0, W) with W the greatest power of two below
     * n; the elements from W on form the block [W, n), and so on. The head of a right run
     * is compared last in its parent's top merge. */
    struct sort_block blocks[64];
    size_t n_blocks = 0;
    for (size_t base = 0, rest = n; rest >= 2;) {
        size_t w = width_below(rest);
        VGICSIM_ASSERT(n_blocks < sizeof(blocks) / sizeof(blocks[0]));
        blocks[n_blocks++] = (struct sort_block){.base = base, .width = w};
        base += w;
        rest -= w;
    }

    uint64_t t = op->t, fast = 0;
    size_t next_block = n_blocks;   /* widths fall along the blocks: met from the last */
    for (size_t w = 2; w < n; w *= 2) {
        size_t comparisons = w * ((n - w + 2 * w - 1) / (2 * w));
        while (next_block > 0 && blocks[next_block - 1].width < w)
            next_block--;
        struct sort_block *top = next_block > 0 && blocks[next_block - 1].width == w
                                     ? &blocks[next_block - 1] : NULL;
        if (top)
            top->t0 = t + top->base / (2 * w) * w * step;
        if (w == odd_width) {
            /* The last merge of this width, (n - 1 - w, n - 1): its first comparison takes
             * the last element's lock for the first time in this sort. */
            size_t lo = n - 1 - w;
            op->t = t + lo / (2 * w) * w * step;
            charge_compare(m, op, items[lo].irq, items[n - 1].irq);
            if (top && top->base == lo) {
                top->t0 = op->t - step;
                top->first_taken = true;
            }
            t = op->t + (w - 1) * step;
            fast += comparisons - 1;
        } else {
            t += comparisons * step;
            fast += comparisons;
        }
    }
    op->t = t;
    m->n.lock_acquisitions += 2 * fast;

    for (size_t k = 0; k < n_blocks; k++) {
        const struct sort_block *blk = &blocks[k];
        if (blk->width < 2)
            continue;            /* a first-pass merge: charged in full above */
        /* Skipped: a block's head, compared last as its parent's right-run head, and a
         * first comparison charged in full. */
        size_t from = blk->base + (k > 0 || blk->first_taken);
        for (size_t x = from; x < blk->base + blk->width; x++)
            items[x].irq->lock.res.free_at = blk->t0 + (x - blk->base + 1) * step;
        struct ref_lock *head = &items[blk->base + blk->width].irq->lock;
        uint64_t end = blk->t0 + blk->width * step;
        if (end > head->res.free_at)
            head->res.free_at = end;
    }
}

static int cmp_counted(const void *pa, const void *pb, void *p)
{
    const struct ref_sort_item *a = pa, *b = pb;
    ++*(size_t *)p;
    return a->key < b->key ? -1 : a->key > b->key;
}

/* The sort with the scheduler (operations interleaved in simulated time): timed as one
 * block under the ap_list lock. Each member's IRQ lock is reached once, at the sort's
 * start and in list order -- a lock another operation holds then delays the sort until
 * its release -- and the comparisons' own lock traffic (two IRQ locks each, as
 * vgic_irq_cmp takes them) is charged in cycles without resolving who might take one of
 * those locks for the few cycles between two comparisons. Synchronising at each of the
 * n log n comparisons would cost far more than the window it resolves (a member's IRQ
 * lock is wanted during the sort only by an injection of that same interrupt). */
static void sort_timed_as_block(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                                struct ref_sort_item *items, uint32_t n, bool in_order)
{
    for (uint32_t i = 0; i < n; i++) {
        struct sched_res *r = &items[i].irq->lock.res;
        bool waited;
        uint64_t at = sched_acquire(m->sched, r, op->t, &waited);
        if (waited) {
            m->n.lock_contended++;
            m->n.lock_wait_cycles += at - op->t;
            op->t = at;
            ref_charge(m, op, COST_LOCK_HANDOFF);
        }
        sched_release(m->sched, r, op->t);
    }
    size_t comparisons = 0;
    if (in_order)
        comparisons = merge_sort_in_order_count(n);
    else
        merge_sort_inline(items, n, sizeof(*items), v->sort_tmp, cmp_counted, &comparisons);
    op->t += comparisons *
             (2 * m->costs.cycles[COST_LOCK] + m->costs.cycles[COST_SORT_COMPARE]);
    m->n.lock_acquisitions += 2 * comparisons;
    if (in_order)
        return;
    v->ap_head = v->ap_tail = NULL;
    v->ap_len = 0;
    for (uint32_t i = 0; i < n; i++)
        ref_ap_list_append(op, v, items[i].irq);
}

/* Stable merge sort of the ap_list (list_sort), charging each comparison. A list already
 * in order — the common case: the previous flush sorted it and the completed interrupts
 * left it since — costs the same comparisons, charged without sorting. */
static void sort_ap_list(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    ref_lock_assert_held(op, &v->ap_lock);
    uint32_t n = v->ap_len, i = 0;
    bool overflow_design = m->rel.lr_design == VGIC_LR_OVERFLOW;
    bool in_order = true;
    if (!v->sort_buf) {   /* a list holds at most the vCPU's private IRQs and the SPIs */
        v->sort_buf = xcalloc(GIC_NR_PRIVATE + m->cfg.spis, sizeof(*v->sort_buf));
        v->sort_tmp = xcalloc(GIC_NR_PRIVATE + m->cfg.spis, sizeof(*v->sort_tmp));
    }
    struct ref_sort_item *items = v->sort_buf;
    for (struct ref_irq *irq = v->ap_head; irq; irq = irq->ap_next, i++) {
        items[i] = (struct ref_sort_item){
            overflow_design ? vgic_irq_key_overflow(&irq->s, ref_oracle(m, irq) == v,
                                                    &v->vif.vmcr)
                            : vgic_irq_key_classic(&irq->s),
            irq,
        };
        in_order &= i == 0 || items[i - 1].key <= items[i].key;
    }
    if (sched_in_process(m->sched)) {
        sort_timed_as_block(m, op, v, items, n, in_order);
        return;
    }
    if (in_order) {
        ref_charge_sorted_list(m, op, items, n);
        return;
    }
    struct sort_ctx ctx = {m, op};
    merge_sort_inline(items, n, sizeof(*items), v->sort_tmp, cmp_locked, &ctx);
    v->ap_head = v->ap_tail = NULL;
    v->ap_len = 0;
    for (i = 0; i < n; i++)
        ref_ap_list_append(op, v, items[i].irq);
}

/* Builds one LR from a locked IRQ whose oracle is `v` (the rule is src/vgic's). */
static void populate_lr(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                        struct ref_irq *irq, struct gic_lr *lr)
{
    ref_lock_assert_held(op, &v->ap_lock);
    ref_lock_assert_held(op, &irq->lock);
    uint32_t listed;
    bool pending = vgic_populate_lr(m->cfg.version, &irq->s, lr, &listed);
    ref_charge(m, op, COST_LR_WRITE);
    if (pending && m->hooks.listed)
        m->hooks.listed(m->sim, v->id, listed, op->t);
}

/* The overflow design's flush (vgic_flush_lr_state, v6.19): summary, sort when the list
 * overflows, LRs filled in list order, maintenance and trap bits from the summary. It
 * runs even for an empty list: the HCR is computed at every entry. */
static void flush_overflow(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    v->irq_pending_request = false;
    v->vif.used_lrs = 0;
    v->last_lr = NULL;
    if (v->async_prune) {                 /* KVM_REQ_VGIC_PROCESS_UPDATE */
        v->async_prune = false;
        ref_prune(m, op, v);
    }
    ref_charge(m, op, COST_FLUSH);
    ref_lock_acquire(m, op, &v->ap_lock);

    struct vgic_ap_summary sum = {0};
    for (struct ref_irq *irq = v->ap_head; irq; irq = irq->ap_next) {
        ref_lock_acquire(m, op, &irq->lock);
        ref_charge(m, op, COST_AP_LIST_ENTRY);
        if (ref_oracle(m, irq) == v)
            vgic_summary_add(&sum, &irq->s);
        ref_lock_release(m, op, &irq->lock);
    }
    uint32_t nr_lr = m->cfg.list_registers;
    bool overflow = vgic_summary_overflows(&sum, nr_lr);
    if (overflow)
        sort_ap_list(m, op, v);

    uint32_t used = 0;
    for (struct ref_irq *irq = v->ap_head; irq && used < nr_lr; irq = irq->ap_next) {
        ref_lock_acquire(m, op, &irq->lock);
        ref_charge(m, op, COST_AP_LIST_ENTRY);
        if (ref_oracle(m, irq) == v) {
            populate_lr(m, op, v, irq, &v->vif.lr[used]);
            used++;
            v->last_lr = irq;
        }
        ref_lock_release(m, op, &irq->lock);
    }
    v->vif.used_lrs = used;
    for (uint32_t i = used; i < GIC_MAX_LIST_REGISTERS; i++)
        v->vif.lr[i] = (struct gic_lr){0};
    vgic_configure_hcr(m->cfg.version, &sum, nr_lr, m->active_spis > 0, &v->vif);
    if (overflow)
        m->n.lr_overflows++;
    ref_lock_release(m, op, &v->ap_lock);
    check_vcpu(m, v, false);
}

void ref_flush(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    if (m->rel.lr_design == VGIC_LR_OVERFLOW) {
        flush_overflow(m, op, v);
        return;
    }
    v->irq_pending_request = false;   /* this flush sees whatever the kicks announced */
    v->vif.used_lrs = 0;
    v->vif.uie = false;
    /* An empty ap_list is checked without the lock (a benign race in KVM). */
    ref_sync_point(op);
    if (!v->ap_head)
        return;
    ref_charge(m, op, COST_FLUSH);
    ref_lock_acquire(m, op, &v->ap_lock);

    uint32_t count = 0;
    bool multi_sgi = false;
    for (struct ref_irq *irq = v->ap_head; irq; irq = irq->ap_next) {
        ref_lock_acquire(m, op, &irq->lock);
        ref_charge(m, op, COST_AP_LIST_ENTRY);
        uint32_t c = vgic_lr_count(m->cfg.version, &irq->s);
        count += c;
        multi_sgi |= c > 1;
        ref_lock_release(m, op, &irq->lock);
    }
    uint32_t nr_lr = m->cfg.list_registers;
    if (vgic_flush_must_sort(count, multi_sgi, nr_lr))
        sort_ap_list(m, op, v);

    uint32_t used = 0;
    uint32_t prio = 0xff;
    for (struct ref_irq *irq = v->ap_head; irq; irq = irq->ap_next) {
        ref_lock_acquire(m, op, &irq->lock);
        ref_charge(m, op, COST_AP_LIST_ENTRY);
        /* Nothing of lower priority than a multi-source SGI is exposed until all
         * of its sources have been delivered. */
        if (multi_sgi && irq->s.priority > prio) {
            ref_lock_release(m, op, &irq->lock);
            break;
        }
        if (ref_oracle(m, irq) == v) {
            populate_lr(m, op, v, irq, &v->vif.lr[used]);
            used++;
            if (irq->s.source)
                prio = irq->s.priority;
        }
        ref_lock_release(m, op, &irq->lock);
        if (used == nr_lr) {
            if (irq->ap_next) {
                v->vif.uie = true;
                m->n.lr_overflows++;
            }
            break;
        }
    }
    v->vif.used_lrs = used;
    for (uint32_t i = used; i < GIC_MAX_LIST_REGISTERS; i++)
        v->vif.lr[i] = (struct gic_lr){0};
    ref_lock_release(m, op, &v->ap_lock);
    check_vcpu(m, v, false);
}

/* A fold of `lr` into `irq` (locked), with the overflow design's in-flight SPI count. */
static void fold_one(struct ref_model *m, const struct ref_op *op, const struct gic_lr *lr,
                     struct ref_irq *irq)
{
    ref_lock_assert_held(op, &irq->lock);
    bool was_active = irq->s.active;
    vgic_fold_lr(m->cfg.version, &m->rel, lr, &irq->s);
    VGICSIM_ASSERT(vgic_irq_state_ok(&m->cfg, &irq->s));
    if (vgic_spi_counts_in_flight(&m->cfg, &m->rel, irq->s.intid) &&
        vgic_fold_ends_spi_flight(lr, was_active) && m->active_spis)
        m->active_spis--;
}

void ref_phys_deactivated(struct ref_model *m, struct ref_op *op, uint32_t vcpu, uint32_t intid)
{
    if (m->hooks.phys_deactivated)
        m->hooks.phys_deactivated(m->sim, vcpu, intid, op->t);
    struct ref_irq *irq = ref_irq_get(m, vcpu, intid);
    if (irq)
        irq->s.phys_active = false;   /* the physical distributor's state */
}

/* An active interrupt in no LR is deactivated (EOIcount walk, trapped DIR): the
 * pseudo-LR fold, its physical interrupt, the in-flight SPI count. Locked irq. */
static void deactivate_unlisted(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                                struct ref_irq *irq)
{
    ref_lock_assert_held(op, &irq->lock);
    struct gic_lr lr;
    bool was_active = irq->s.active;
    if (vgic_deactivate_unlisted(m->cfg.version, &irq->s, &lr))
        ref_phys_deactivated(m, op, v->id, irq->s.intid);
    if (vgic_spi_counts_in_flight(&m->cfg, &m->rel, irq->s.intid) &&
        vgic_fold_ends_spi_flight(&lr, was_active) && m->active_spis)
        m->active_spis--;
}

void ref_fold(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    bool overflow_design = m->rel.lr_design == VGIC_LR_OVERFLOW;
    /* The overflow design reads EOIcount back only when LRENPIE was set, and folds
     * nothing when no LR was in use. */
    uint32_t eoicount = overflow_design && v->vif.lrenpie ? v->vif.eoicount : 0;
    v->vif.uie = false;
    if (!overflow_design || v->last_lr) {
        for (uint32_t i = 0; i < v->vif.used_lrs; i++) {
            const struct gic_lr *lr = &v->vif.lr[i];
            ref_charge(m, op, COST_LR_READ);
            struct ref_irq *irq = ref_irq_get(m, v->id, lr->intid);
            if (!irq)
                continue;
            ref_lock_acquire(m, op, &irq->lock);
            fold_one(m, op, lr, irq);
            ref_lock_release(m, op, &irq->lock);
        }
        /* EOImode 0 deactivations of interrupts that had no LR: each EOIcount step
         * deactivates the next active one past the LR-resident part of the list (the
         * guest deactivates in reverse order of activation, the list is sorted). */
        for (struct ref_irq *irq = v->last_lr ? v->last_lr->ap_next : NULL; irq && eoicount;
             irq = irq->ap_next) {
            ref_lock_acquire(m, op, &irq->lock);
            ref_charge(m, op, COST_AP_LIST_ENTRY);
            if (ref_oracle(m, irq) == v && irq->s.active) {
                deactivate_unlisted(m, op, v, irq);
                eoicount--;
            }
            ref_lock_release(m, op, &irq->lock);
        }
    }
    v->vif.used_lrs = 0;
    v->last_lr = NULL;
    for (uint32_t i = 0; i < GIC_MAX_LIST_REGISTERS; i++)
        v->vif.lr[i] = (struct gic_lr){0};
    if (overflow_design)
        gic_vif_clear_hcr(&v->vif);
    /* (The list itself is checked by the prune that follows every fold.) */
    VGICSIM_ASSERT(gic_vif_lrs_ok(&v->vif, m->cfg.list_registers, gic_nr_irqs(&m->cfg)));
}

void ref_sync(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    ref_sync_point(op);
    if (!v->ap_head && m->rel.lr_design != VGIC_LR_OVERFLOW)
        return;
    ref_charge(m, op, COST_SYNC);
    ref_fold(m, op, v);
    ref_prune(m, op, v);
}

/* The classic design writes the HCR from its shadow (which never holds an EOIcount) at
 * an entry that uses list registers, and clears it at such an exit: the live EOIcount
 * restarts at 0 (the overflow design's fold clears it, vgic_v3_fold_lr_state). */
static void classic_hcr_rewritten(const struct ref_model *m, struct ref_vcpu *v)
{
    if (m->rel.lr_design == VGIC_LR_CLASSIC && v->vif.used_lrs)
        v->vif.eoicount = 0;
}

void ref_leave_guest(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                     enum vgic_exit_reason why)
{
    m->n.exits_by_reason[why]++;
    v->in_guest = false;
    m->n.exits++;
    classic_hcr_rewritten(m, v);
    ref_sync(m, op, v);
    struct model_v4_ctx v4 = ref_v4_ctx(m, op);
    model_v4_exit(&v4, v->id);
}

void ref_enter_guest(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    ref_flush(m, op, v);
    struct model_v4_ctx v4 = ref_v4_ctx(m, op);
    model_v4_entry(&v4, v->id);
    classic_hcr_rewritten(m, v);
    v->entry = vgic_entry_shadow_of(&v->vif);
    m->n.entries++;
    ref_sync_point(op);
    v->in_guest = true;
    v->kick_ipi_sent = false;   /* IN_GUEST_MODE again: the next kick sends an IPI */
}

/* Is the interrupt in a live LR (its vCPU in the guest)? KVM's irq->on_lr. */
static bool on_live_lr(const struct ref_model *m, const struct ref_irq *irq)
{
    const struct ref_vcpu *h = ref_listed_on(m, irq);
    return h && h->in_guest && gic_vif_lists(&h->vif, irq->s.intid);
}

/* KVM's vgic_v{2,3}_deactivate for a trapped DIR (EOImode 1 only). The vCPU it concerns
 * is the one whose ap_list holds the interrupt (KVM's irq->vcpu), not the oracle's: an
 * interrupt another vCPU has acknowledged sits in that vCPU's LR while the hypervisor's
 * copy still says pending-and-consumed, so the oracle names nobody. Nothing for an
 * interrupt on no list (or, for a v2 SGI, of another source); the ICACTIVER path (it
 * halts the guest) for one another vCPU holds in a live LR; else the pseudo-LR
 * deactivation, whatever its active state (KVM does not look: a fold of an inactive
 * interrupt's own state changes nothing). The vCPU whose list holds it prunes before its
 * next entry. */
void ref_deactivate_trapped(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                            uint64_t value)
{
    if (!v->vif.vmcr.eoimode)
        return;
    uint32_t intid = gic_vif_value_intid(&m->arch, value);
    uint32_t cpuid = (uint32_t)(value >> GIC_V2_CPUID_SHIFT) & GIC_V2_CPUID_MASK;
    struct ref_irq *irq = ref_irq_get(m, v->id, intid);
    if (!irq)
        return;
    ref_charge(m, op, COST_EMULATE_IRQ);
    ref_lock_acquire(m, op, &irq->lock);
    struct ref_vcpu *target = ref_listed_on(m, irq);
    bool mmio = false;
    if (target && on_live_lr(m, irq))
        mmio = true;
    else if (target && vgic_irq_is_v2_sgi(m->cfg.version, &irq->s) &&
             irq->s.active_source != cpuid)
        target = NULL;
    else if (target)
        deactivate_unlisted(m, op, v, irq);
    ref_lock_release(m, op, &irq->lock);
    if (mmio) {
        uint32_t offset;
        enum gic_frame frame = vgic_mmio_icactiver(m->cfg.version, intid, &offset);
        ref_mmio_access(m, op, frame, v->id, offset, 4, true, UINT64_C(1) << (intid % 32));
    }
    if (target == v)
        ref_prune(m, op, v);
    else if (target)
        target->async_prune = true;
}

void ref_prune(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    uint64_t interleavings = sched_interleavings(m->sched);
    ref_lock_acquire(m, op, &v->ap_lock);
restart:
    for (struct ref_irq *irq = v->ap_head, *next; irq; irq = next) {
        next = irq->ap_next;
        ref_lock_acquire(m, op, &irq->lock);
        ref_charge(m, op, COST_AP_LIST_ENTRY);
        struct ref_vcpu *t = ref_oracle(m, irq);
        if (!t) {
            /* Completed, disabled, or no longer pending: off the list. */
            ref_charge(m, op, COST_AP_LIST_UPDATE);
            ref_ap_list_unlink(op, v, irq);
            ref_lock_release(m, op, &irq->lock);
            continue;
        }
        if (t == v) {
            ref_lock_release(m, op, &irq->lock);
            continue;
        }
        /* Affinity changed for a pending, inactive IRQ: migrate it, taking both
         * ap_list locks in vCPU order, then walk again from the head. */
        ref_lock_release(m, op, &irq->lock);
        ref_lock_release(m, op, &v->ap_lock);
        struct ref_vcpu *first = v->id < t->id ? v : t, *second = v->id < t->id ? t : v;
        ref_lock_acquire(m, op, &first->ap_lock);
        ref_lock_acquire(m, op, &second->ap_lock);
        ref_lock_acquire(m, op, &irq->lock);
        /* While it was unlocked the interrupt may have changed: it moves only if the
         * oracle still names t (and it is still on v's list); otherwise the walk
         * replays it. Either way the list may have changed, so the walk restarts. */
        bool moved = ref_oracle(m, irq) == t && irq->s.listed_on == (int32_t)v->id;
        if (moved) {
            ref_charge(m, op, COST_AP_LIST_UPDATE);
            ref_ap_list_unlink(op, v, irq);
            ref_ap_list_append(op, t, irq);
            m->n.migrations++;
        }
        ref_lock_release(m, op, &irq->lock);
        ref_lock_release(m, op, &second->ap_lock);
        ref_lock_release(m, op, &first->ap_lock);
        if (moved)
            ref_kick(m, op, t);
        ref_lock_acquire(m, op, &v->ap_lock);
        goto restart;
    }
    ref_lock_release(m, op, &v->ap_lock);
    /* Another operation may have changed a kept member since the walk visited it (an
     * ICENABLER write on another vCPU takes only the IRQ's lock, as in KVM): the next
     * prune sees to it. Only an uninterrupted prune leaves every oracle naming v. */
    check_vcpu(m, v, interleavings == sched_interleavings(m->sched));
}
