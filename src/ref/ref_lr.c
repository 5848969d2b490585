/* List-register management around a world switch (KVM's vgic.c flush/fold/prune
 * and vgic-v2.c/vgic-v3.c populate/fold, "classic" design v4.19..v6.18). */
#include <stdlib.h>

#include "ref/ref_internal.h"
#include "util/merge_sort.h"

struct sort_ctx {
    struct ref_model *m;
    struct ref_op *op;
};

/* vgic_irq_cmp with the two IRQ locks it takes, charged. */
static int cmp_locked(const void *pa, const void *pb, void *p)
{
    struct sort_ctx *c = p;
    struct ref_irq *a = *(struct ref_irq *const *)pa, *b = *(struct ref_irq *const *)pb;
    ref_lock_acquire(c->m, c->op, &a->lock);
    ref_lock_acquire(c->m, c->op, &b->lock);
    ref_charge(c->m, c->op, COST_SORT_COMPARE);
    int r = vgic_irq_cmp_classic(&a->s, &b->s);
    ref_lock_release(c->op, &b->lock);
    ref_lock_release(c->op, &a->lock);
    return r;
}

/* Stable merge sort of the ap_list (list_sort), charging each comparison. */
static void sort_ap_list(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    uint32_t n = v->ap_len, i = 0;
    for (struct ref_irq *irq = v->ap_head; irq; irq = irq->ap_next)
        m->sort_buf[i++] = irq;
    struct sort_ctx ctx = {m, op};
    merge_sort(m->sort_buf, n, sizeof(*m->sort_buf), m->sort_tmp, cmp_locked, &ctx);
    v->ap_head = v->ap_tail = NULL;
    v->ap_len = 0;
    for (i = 0; i < n; i++)
        ref_ap_list_append(v, m->sort_buf[i]);
}

/* Builds one LR from a locked IRQ whose oracle is `v` (the rule is src/vgic's). */
static void populate_lr(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                        struct ref_irq *irq, struct gic_lr *lr)
{
    uint32_t listed;
    bool pending = vgic_populate_lr(m->cfg.version, &irq->s, lr, &listed);
    ref_charge(m, op, COST_LR_WRITE);
    if (pending && m->hooks.listed)
        m->hooks.listed(m->sim, v->id, listed, op->t);
}

void ref_flush(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    v->irq_pending_request = false;   /* this flush sees whatever the kicks announced */
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
        uint32_t c = vgic_lr_count(m->cfg.version, &irq->s);
        count += c;
        multi_sgi |= c > 1;
        ref_lock_release(op, &irq->lock);
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
            ref_lock_release(op, &irq->lock);
            break;
        }
        if (ref_oracle(m, irq) == v) {
            populate_lr(m, op, v, irq, &v->vif.lr[used]);
            used++;
            if (irq->s.source)
                prio = irq->s.priority;
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
        vgic_fold_lr(m->cfg.version, lr, &irq->s);
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
