/* List-register management around a world switch (KVM's vgic.c flush/fold/prune
 * and vgic-v2.c/vgic-v3.c populate/fold, "classic" design v4.19..v6.18). */
#include <stdlib.h>

#include "ref/ref_internal.h"
#include "util/xalloc.h"

static bool is_v2_sgi(const struct ref_model *m, const struct ref_irq *irq)
{
    return m->cfg.version == GIC_V2 && gic_intid_is_sgi(irq->intid);
}

/* How many LRs the IRQ would need: a v2 SGI with several pending sources needs one
 * per source (plus one if active), everything else one when pending or active. */
static uint32_t lr_count(const struct ref_model *m, const struct ref_irq *irq)
{
    if (is_v2_sgi(m, irq) && irq->source)
        return (uint32_t)__builtin_popcount(irq->source) + irq->active;
    return ref_irq_is_pending(irq) || irq->active ? 1 : 0;
}

/* vgic_irq_cmp: active first (actives keep their order), then enabled+pending,
 * then by priority; equal keys keep list order (the sort is stable). */
static int irq_cmp(const struct ref_irq *a, const struct ref_irq *b)
{
    if (a->active || b->active)
        return (int)b->active - (int)a->active;
    bool pa = a->enabled && ref_irq_is_pending(a);
    bool pb = b->enabled && ref_irq_is_pending(b);
    if (pa != pb)
        return pa ? -1 : 1;
    if (!pa)
        return 0;
    return (int)a->priority - (int)b->priority;
}

/* Stable merge sort of the ap_list (list_sort), charging each comparison and the
 * two IRQ locks it takes. */
static void sort_ap_list(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    uint32_t n = v->ap_len;
    struct ref_irq **a = xmalloc(n * sizeof(*a)), **tmp = xmalloc(n * sizeof(*tmp));
    uint32_t i = 0;
    for (struct ref_irq *irq = v->ap_head; irq; irq = irq->ap_next)
        a[i++] = irq;
    for (uint32_t width = 1; width < n; width *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * width) {
            uint32_t mid = lo + width < n ? lo + width : n;
            uint32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            uint32_t x = lo, y = mid, k = lo;
            while (x < mid && y < hi) {
                ref_lock_acquire(m, op, &a[x]->lock);
                ref_lock_acquire(m, op, &a[y]->lock);
                ref_charge(m, op, COST_SORT_COMPARE);
                int c = irq_cmp(a[x], a[y]);
                ref_lock_release(op, &a[y]->lock);
                ref_lock_release(op, &a[x]->lock);
                tmp[k++] = c <= 0 ? a[x++] : a[y++];
            }
            while (x < mid)
                tmp[k++] = a[x++];
            while (y < hi)
                tmp[k++] = a[y++];
        }
        struct ref_irq **swap = a;
        a = tmp;
        tmp = swap;
    }
    v->ap_head = v->ap_tail = NULL;
    v->ap_len = 0;
    for (i = 0; i < n; i++)
        ref_ap_list_append(v, a[i]);
    free(a);
    free(tmp);
}

/* vgic_v{2,3}_populate_lr: builds one LR from a locked IRQ whose oracle is `v`. */
static void populate_lr(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                        struct ref_irq *irq, struct gic_lr *lr)
{
    bool v2_sgi = is_v2_sgi(m, irq);
    bool allow_pending = true;
    *lr = (struct gic_lr){
        .intid = irq->intid, .priority = irq->priority, .group = irq->group, .hw = irq->hw,
    };
    if (irq->active) {
        lr->state |= GIC_LR_ACTIVE;
        if (v2_sgi)
            lr->source = irq->active_source;
        /* More sources to come: expose only the active one, exit at its EOI. */
        if (v2_sgi && lr_count(m, irq) > 1) {
            allow_pending = false;
            lr->eoi = true;
        }
    }
    if (irq->hw) {
        /* The next instance stays pending at the physical GIC. */
        if (irq->active)
            allow_pending = false;
    } else if (irq->level) {
        /* Level interrupts are resampled when the guest completes them. */
        lr->eoi = true;
        if (irq->active)
            allow_pending = false;
    }
    if (allow_pending && ref_irq_is_pending(irq)) {
        lr->state |= GIC_LR_PENDING;
        if (!irq->level)
            irq->pending_latch = false;
        if (v2_sgi && irq->source) {
            uint8_t src = (uint8_t)__builtin_ctz(irq->source);
            lr->source = src;
            irq->source &= (uint8_t)~(1u << src);
            if (irq->source) {
                irq->pending_latch = true;
                lr->eoi = true;
            }
        }
        /* A mapped level interrupt is only seen rising: the physical one stays
         * active until the guest deactivates it. */
        if (irq->hw && irq->level)
            irq->line_level = false;
    }
    ref_charge(m, op, COST_LR_WRITE);
    if ((lr->state & GIC_LR_PENDING) && m->hooks.listed)
        m->hooks.listed(m->sim, v->id, irq->intid | (v2_sgi ? (uint32_t)lr->source << 10 : 0),
                        op->t);
}

void ref_flush(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    v->vif.used_lrs = 0;
    v->vif.uie = false;
    /* An empty ap_list is checked without the lock (a benign race in KVM). */
    if (!v->ap_head)
        return;
    ref_charge(m, op, COST_FLUSH);
    ref_lock_acquire(m, op, &v->ap_lock);

    uint32_t count = 0;
    bool multi_sgi = false;
    for (struct ref_irq *irq = v->ap_head; irq; irq = irq->ap_next) {
        ref_lock_acquire(m, op, &irq->lock);
        ref_charge(m, op, COST_AP_LIST_ENTRY);
        uint32_t c = lr_count(m, irq);
        count += c;
        multi_sgi |= c > 1;
        ref_lock_release(op, &irq->lock);
    }
    uint32_t nr_lr = m->cfg.list_registers;
    if (count > nr_lr || multi_sgi)
        sort_ap_list(m, op, v);

    uint32_t used = 0;
    uint32_t prio = 0xff;
    for (struct ref_irq *irq = v->ap_head; irq; irq = irq->ap_next) {
        ref_lock_acquire(m, op, &irq->lock);
        ref_charge(m, op, COST_AP_LIST_ENTRY);
        /* Nothing of lower priority than a multi-source SGI is exposed until all
         * of its sources have been delivered. */
        if (multi_sgi && irq->priority > prio) {
            ref_lock_release(op, &irq->lock);
            break;
        }
        if (ref_oracle(m, irq) == v) {
            populate_lr(m, op, v, irq, &v->vif.lr[used]);
            used++;
            if (irq->source)
                prio = irq->priority;
        }
        ref_lock_release(op, &irq->lock);
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
    ref_lock_release(op, &v->ap_lock);
}

void ref_fold(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    v->vif.uie = false;
    for (uint32_t i = 0; i < v->vif.used_lrs; i++) {
        const struct gic_lr *lr = &v->vif.lr[i];
        ref_charge(m, op, COST_LR_READ);
        struct ref_irq *irq = ref_irq_get(m, v->id, lr->intid);
        if (!irq)
            continue;
        ref_lock_acquire(m, op, &irq->lock);
        irq->active = lr->state & GIC_LR_ACTIVE;
        if (is_v2_sgi(m, irq) && irq->active)
            irq->active_source = lr->source;
        if (!irq->level && (lr->state & GIC_LR_PENDING)) {
            /* Not acknowledged: the pending state goes back to the latch. */
            irq->pending_latch = true;
            if (is_v2_sgi(m, irq))
                irq->source |= (uint8_t)(1u << lr->source);
        }
        /* A level interrupt's soft-pending latch clears only once the guest has
         * completed it; a line still high keeps it pending. */
        if (irq->level && lr->state == 0)
            irq->pending_latch = false;
        /* Mapped level interrupt never acknowledged: resample the device. */
        if (irq->hw && irq->level && (lr->state & GIC_LR_PENDING)) {
            irq->line_level = irq->device_level;
            if (!irq->device_level)
                irq->phys_active = false;
        }
        ref_lock_release(op, &irq->lock);
    }
    v->vif.used_lrs = 0;
    for (uint32_t i = 0; i < GIC_MAX_LIST_REGISTERS; i++)
        v->vif.lr[i] = (struct gic_lr){0};
}

void ref_prune(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
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
            ref_ap_list_unlink(v, irq);
            ref_lock_release(op, &irq->lock);
            continue;
        }
        if (t == v) {
            ref_lock_release(op, &irq->lock);
            continue;
        }
        /* Affinity changed for a pending, inactive IRQ: migrate it, taking both
         * ap_list locks in vCPU order, then walk again from the head. */
        ref_lock_release(op, &irq->lock);
        ref_lock_release(op, &v->ap_lock);
        struct ref_vcpu *first = v->id < t->id ? v : t, *second = v->id < t->id ? t : v;
        ref_lock_acquire(m, op, &first->ap_lock);
        ref_lock_acquire(m, op, &second->ap_lock);
        ref_lock_acquire(m, op, &irq->lock);
        ref_charge(m, op, COST_AP_LIST_UPDATE);
        ref_ap_list_unlink(v, irq);
        ref_ap_list_append(t, irq);
        m->n.migrations++;
        ref_lock_release(op, &irq->lock);
        ref_lock_release(op, &second->ap_lock);
        ref_lock_release(op, &first->ap_lock);
        ref_kick(m, op, t);
        ref_lock_acquire(m, op, &v->ap_lock);
        goto restart;
    }
    ref_lock_release(op, &v->ap_lock);
}
