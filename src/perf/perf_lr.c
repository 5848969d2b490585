/* SPDX-License-Identifier: GPL-2.0-only */
/* The vCPU side of the performance core: gathering its list from the posted descriptor,
 * flushing the best members into the list registers, folding the list registers back
 * and pruning the list at exit (docs/perf-core.md, "The vCPU side").
 *
 * A vCPU's list is every interrupt whose state word says listed_on = the vCPU: each is
 * either in a shadow slot (published through ready_slots) or in the overflow bitmaps.
 * Its order is the order of the tickets, which is the order of KVM's ap_list: a ticket is
 * taken at the tail when an interrupt is published, and the whole list is re-ticketed in
 * sorted order when the flush sorts it. The flush and fold apply src/vgic's rules with
 * exactly the reference model's walk, so both models fill the same LRs in the same order.
 *
 * Written twice on purpose: the reference model's walks (src/ref/ref_lr.c) are the other
 * version, over its ap_list and locks. The two are kept independent so that `vgicsim
 * check` (src/check/lockstep.c), which compares both models after every operation, can
 * catch a mistake in either; one walk shared by both models would make the same mistake
 * twice, and lockstep would see no difference. Only the per-interrupt rules are shared
 * (src/vgic/vgic_irq.h). A change to one walk's order or stopping rule is a change to the
 * other's (docs/architecture.md, "Two walks"). */
#include <stdlib.h>

#include "perf/perf_internal.h"
#include "util/debug_checks.h"
#include "vgic/vgic_halt.h"
#include "vgic/vgic_mmio.h"
#include "util/merge_sort.h"
#include "util/xalloc.h"

/* ---- the list ------------------------------------------------------------------ */

/* A visit of one member; returning true stops the walk. */
typedef bool member_fn(uint32_t intid, void *ctx);

/* The LPI part of for_each_overflow_member: summary bits, hint words, then the bits
 * (`drained` from the LPIs' first word of in_list). */
static bool for_each_lpi_overflow_member(const struct perf_vcpu *v, const uint64_t *drained,
                                         member_fn *fn, void *ctx)
{
    uint32_t top = atomic_load_explicit(&v->lpi_ovf_top, memory_order_acquire);
    while (top) {
        uint32_t i = (uint32_t)__builtin_ctz(top);
        top &= top - 1;
        uint64_t hint = atomic_load_explicit(&v->lpi_ovf_hint[i], memory_order_acquire);
        while (hint) {
            uint32_t w = i * 64 + (uint32_t)__builtin_ctzll(hint);
            hint &= hint - 1;
            uint64_t bits = atomic_load_explicit(&v->lpi_ovf[w], memory_order_acquire);
            if (drained)
                bits &= ~drained[w];
            while (bits) {
                uint32_t intid = GIC_LPI_BASE + w * 64 + (uint32_t)__builtin_ctzll(bits);
                bits &= bits - 1;
                if (fn(intid, ctx))
                    return true;
            }
        }
    }
    return false;
}

/* Calls `fn` for every member of v's list posted to its overflow bitmaps and not drained
 * into its private list yet (`drained`, the vCPU's in_list, by perf_list_bit like the
 * overflow words; NULL: every one), until `fn` returns true; returns whether it did. */
static bool for_each_overflow_member(const struct perf_core *c, const struct perf_vcpu *v,
                                     const uint64_t *drained, member_fn *fn, void *ctx)
{
    uint32_t levels = atomic_load_explicit(&v->ovf_levels, memory_order_acquire);
    while (levels) {
        uint32_t l = (uint32_t)__builtin_ctz(levels);
        levels &= levels - 1;
        uint32_t words = atomic_load_explicit(&v->ovf_words[l], memory_order_acquire);
        while (words) {
            uint32_t w = (uint32_t)__builtin_ctz(words);
            words &= words - 1;
            uint64_t bits = atomic_load_explicit(&v->ovf[l][w], memory_order_acquire);
            if (drained)
                bits &= ~drained[w];
            while (bits) {
                uint32_t intid = w * 64 + (uint32_t)__builtin_ctzll(bits);
                bits &= bits - 1;
                if (fn(intid, ctx))
                    return true;
            }
        }
    }
    if (!v->lpi_ovf)
        return false;
    return for_each_lpi_overflow_member(v, drained ? drained + c->lpi_word0 : NULL, fn, ctx);
}

/* Calls `fn` for every member of v's list published in its descriptor, until it returns
 * true. */
static void for_each_published(const struct perf_core *c, const struct perf_vcpu *v,
                               member_fn *fn, void *ctx)
{
    uint32_t ready = atomic_load_explicit(&v->ready_slots, memory_order_acquire);
    while (ready) {
        uint32_t s = (uint32_t)__builtin_ctz(ready);
        ready &= ready - 1;
        if (fn(atomic_load_explicit(&v->slot_intid[s], memory_order_relaxed), ctx))
            return;
    }
    for_each_overflow_member(c, v, NULL, fn, ctx);
}

/* Room for one more member: a list starts with room for every interrupt but the LPIs
 * (what a machine without an ITS can list), and grows by doubling up to every LPI too,
 * so that a vCPU that never lists many LPIs does not hold room for all of them. */
static void list_reserve(const struct perf_core *c, struct perf_vcpu *v)
{
    if (v->list_n < v->list_cap)
        return;
    VGICSIM_ASSERT(v->list_cap < c->max_members);
    uint32_t cap = v->list_cap * 2 < c->max_members ? v->list_cap * 2 : c->max_members;
    v->list = xrealloc(v->list, cap * sizeof(*v->list));
    v->members = xrealloc(v->members, cap * sizeof(*v->members));
    v->members_tmp = xrealloc(v->members_tmp, cap * sizeof(*v->members_tmp));
    v->list_cap = cap;
}

/* Appends a newly published member, keeping the list in ticket order (a member published
 * late, with real threads, may carry an older ticket than one drained before it). */
static void drain_one(const struct perf_core *c, struct perf_vcpu *v, struct perf_irq *irq)
{
    list_reserve(c, v);
    uint64_t ticket = atomic_load_explicit(&irq->ticket, memory_order_relaxed);
    uint32_t i = v->list_n++;
    while (i > 0 && atomic_load_explicit(&v->list[i - 1]->ticket, memory_order_relaxed) > ticket) {
        v->list[i] = v->list[i - 1];
        i--;
    }
    v->list[i] = irq;
    uint32_t b = perf_list_bit(c, irq->intid);
    v->in_list[b / 64] |= UINT64_C(1) << (b % 64);
}

static bool drain_overflow_member(uint32_t intid, void *p)
{
    struct perf_core *c = ((struct perf_core **)p)[0];
    struct perf_vcpu *v = ((struct perf_vcpu **)p)[1];
    drain_one(c, v, perf_irq_get(c, v->id, intid));
    return false;
}

static void list_remove(const struct perf_core *c, struct perf_vcpu *v, uint32_t index);
static void drop_slot(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v, uint32_t s);

/* The index of a member of v's list (one that is: in_list says so). */
static uint32_t list_index(const struct perf_vcpu *v, const struct perf_irq *irq)
{
    uint32_t i = 0;
    while (v->list[i] != irq)
        i++;
    return i;
}

/* Drains what drain() found: the members of the slots in `fresh`, and any overflow ones. */
static void drain_fresh(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                        uint32_t fresh)
{
    if (!v->list) {   /* the vCPU's own private IRQs, the SPIs, and LPIs as they come */
        uint32_t nr = gic_nr_irqs(&c->cfg);
        v->list = xcalloc(nr, sizeof(*v->list));
        v->in_list = xcalloc(c->list_words, sizeof(*v->in_list));
        v->members = xcalloc(nr, sizeof(*v->members));
        v->members_tmp = xcalloc(nr, sizeof(*v->members_tmp));
        v->list_cap = nr;
    }
    v->drained_slots |= fresh;
    while (fresh) {
        uint32_t s = (uint32_t)__builtin_ctz(fresh);
        fresh &= fresh - 1;
        uint32_t intid = atomic_load_explicit(&v->slot_intid[s], memory_order_relaxed);
        struct perf_irq *irq = perf_irq_get(c, v->id, intid);
        if (perf_in_list(c, v, intid)) {
            /* An LPI another vCPU unlisted (perf_flush_lpis) and then queued here again
             * before this vCPU swept it off: published twice. The member stays, with its
             * first entry; the second slot is given back, and the member moves to the
             * place of its new ticket (the tail, as KVM's requeue). */
            VGICSIM_ASSERT(intid >= GIC_LPI_BASE);
            drop_slot(c, op, v, s);
            list_remove(c, v, list_index(v, irq));
        }
        drain_one(c, v, irq);
    }
    void *ctx[2] = {c, v};
    for_each_overflow_member(c, v, v->in_list, drain_overflow_member, ctx);
}

/* Brings v's private list up to date with what was published to it. Only v releases its
 * slots (unpublish), so a ready slot not in drained_slots holds a member published since
 * v last looked; the overflow bitmaps are scanned when they hold anything (they are only
 * used when the slots are all taken), a word at a time, less what is already drained. */
static inline bool has_overflow(const struct perf_vcpu *v)
{
    return atomic_load_explicit(&v->ovf_levels, memory_order_acquire) ||
           atomic_load_explicit(&v->lpi_ovf_top, memory_order_acquire);
}

static inline void drain_published(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    uint32_t fresh = atomic_load_explicit(&v->ready_slots, memory_order_acquire) &
                     ~v->drained_slots;
    if (fresh || has_overflow(v))
        drain_fresh(c, op, v, fresh);
}

static void sweep_unlisted(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                           uint32_t done);

/* Another vCPU's EnableLPIs 1 -> 0 finished since v last swept (acquire: the LPIs it
 * unlisted are seen unlisted). */
static inline uint32_t unlists_due(const struct perf_vcpu *v)
{
    return atomic_load_explicit(&v->lpi_unlists_done, memory_order_acquire);
}

/* Brings v's list up to date: what was published to it drained, what another vCPU
 * unlisted swept off. */
static inline void drain(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    drain_published(c, op, v);
    uint32_t done = unlists_due(v);
    if (done != v->lpi_unlists_swept)
        sweep_unlisted(c, op, v, done);
}

static void list_remove(const struct perf_core *c, struct perf_vcpu *v, uint32_t index)
{
    uint32_t b = perf_list_bit(c, v->list[index]->intid);
    v->in_list[b / 64] &= ~(UINT64_C(1) << (b % 64));
    v->list_n--;
    for (uint32_t i = index; i < v->list_n; i++)
        v->list[i] = v->list[i + 1];
}

static bool has_members(const struct perf_vcpu *v)
{
    return atomic_load_explicit(&v->ready_slots, memory_order_acquire) || has_overflow(v);
}

#if VGICSIM_DEBUG_CHECKS
/* What holds of a vCPU when its flush or its prune ends (checking builds; each has just
 * walked the list). Only what the vCPU's own thread owns is read, and shared words only
 * with atomic loads, so that it holds with real threads too (tests/stress), injectors
 * posting all the while:
 *  - its list is list_n members marked in in_list and nothing else marked (so no INTID
 *    twice), each in a consistent state and listed on this vCPU (listed_on changes only
 *    in this vCPU's prune, after the member has left the list) -- but for an LPI another
 *    vCPU's EnableLPIs write unlisted since this vCPU last swept (perf_flush_lpis);
 *  - a slot it has drained is ready and not free (only this vCPU releases a slot);
 *  - its list registers are consistent, each live one holding a member of the list;
 *  - on one thread (op->timed: the simulation), no slot is both free and ready, and after
 *    a prune that no other operation interleaved with, every member's oracle names this
 *    vCPU. */
static void check_vcpu(struct perf_core *c, const struct perf_op *op, const struct perf_vcpu *v,
                       bool pruned)
{
    uint32_t nr = gic_nr_irqs(&c->cfg);
    uint32_t marked = 0;
    for (uint32_t w = 0; v->in_list && w < c->list_words; w++)
        marked += (uint32_t)__builtin_popcountll(v->in_list[w]);
    VGICSIM_ASSERT(marked == v->list_n && v->list_n <= c->max_members);
    bool dist_enabled = atomic_load_explicit(&c->dist_enabled, memory_order_acquire);
    /* Read after the members' words: an unlisting seen in a word is counted here. */
    bool unswept = false;
    for (uint32_t i = 0; i < v->list_n; i++) {
        const struct perf_irq *irq = v->list[i];
        VGICSIM_ASSERT(perf_in_list(c, v, irq->intid));
        struct vgic_irq_state st;
        perf_irq_read(irq, &st);
        VGICSIM_ASSERT(vgic_irq_state_ok(&c->cfg, &st));
        if (st.listed_on != (int32_t)v->id) {
            unswept = unswept || atomic_load_explicit(&v->lpi_unlists_begun,
                                                      memory_order_acquire) !=
                                     v->lpi_unlists_swept;
            VGICSIM_ASSERT(irq->intid >= GIC_LPI_BASE && unswept);
            continue;
        }
        VGICSIM_ASSERT(!pruned || !op->timed ||
                       vgic_oracle(&st, dist_enabled) == (int32_t)v->id);
    }
    uint32_t ready = atomic_load_explicit(&v->ready_slots, memory_order_acquire);
    uint32_t free = atomic_load_explicit(&v->free_slots, memory_order_acquire);
    VGICSIM_ASSERT(!(v->drained_slots & ~ready) && !(v->drained_slots & free));
    VGICSIM_ASSERT(!op->timed || !(ready & free));
    VGICSIM_ASSERT(gic_vif_lrs_ok(&v->vif, c->cfg.list_registers, nr));
    for (uint32_t i = 0; i < v->vif.used_lrs; i++) {
        VGICSIM_ASSERT(perf_in_list(c, v, v->vif.lr[i].intid));
    }
}
#else
static inline void check_vcpu(struct perf_core *c, const struct perf_op *op,
                              const struct perf_vcpu *v, bool pruned)
{
    (void)c, (void)op, (void)v, (void)pruned;
}
#endif

/* ---- publishing and unpublishing --------------------------------------------------- */

/* Clears an LPI's overflow bit, then its hint word's summary bit if the hint word's
 * words look empty, and looks again (as unpublish does for a level): a poster sets its
 * bit and hint before the summary bit. Hints are never cleared. */
static void unpublish_lpi_overflow(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                                   uint32_t index)
{
    uint32_t w = index / 64, i = w / 64;
    perf_atomic(c, op, &v->ovf_line);
    perf_and64(op, &v->lpi_ovf[w], ~(UINT64_C(1) << (index % 64)), memory_order_relaxed);
    perf_atomic(c, op, &v->ovf_line);
    perf_and32(op, &v->lpi_ovf_top, ~(1u << i), memory_order_acq_rel);
    uint64_t hint = atomic_load_explicit(&v->lpi_ovf_hint[i], memory_order_acquire);
    while (hint) {
        uint32_t k = i * 64 + (uint32_t)__builtin_ctzll(hint);
        hint &= hint - 1;
        if (atomic_load_explicit(&v->lpi_ovf[k], memory_order_acquire)) {
            perf_atomic(c, op, &v->ovf_line);
            perf_or32(op, &v->lpi_ovf_top, 1u << i, memory_order_release);
            return;
        }
    }
}

/* Gives back one of v's ready slots: out of the ready set first, then free for injectors
 * to claim (release: we are done reading the slot). */
static void drop_slot(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v, uint32_t s)
{
    perf_atomic(c, op, &v->desc_line);
    perf_and32(op, &v->ready_slots, ~(1u << s), memory_order_relaxed);
    v->drained_slots &= ~(1u << s);
    perf_slot_release(c, op, v, s);
}

/* Removes a member from v's descriptor (frees its slot or clears its overflow bit). Only
 * v's own thread calls it (the prune, the sweep): that is what lets drain() trust
 * drained_slots. An LPI unlisted by another vCPU and queued here again before the sweep
 * may have two entries (a slot and its overflow bit): every one goes. */
static void unpublish(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v, uint32_t intid)
{
    bool lpi = intid >= GIC_LPI_BASE;
    uint32_t ready = atomic_load_explicit(&v->ready_slots, memory_order_acquire);
    while (ready) {
        uint32_t s = (uint32_t)__builtin_ctz(ready);
        ready &= ready - 1;
        if (atomic_load_explicit(&v->slot_intid[s], memory_order_relaxed) != intid)
            continue;
        drop_slot(c, op, v, s);
        if (!lpi)
            return;
    }
    if (lpi) {
        uint32_t index = intid - GIC_LPI_BASE;
        if (atomic_load_explicit(&v->lpi_ovf[index / 64], memory_order_acquire) >>
            (index % 64) & 1)
            unpublish_lpi_overflow(c, op, v, index);
        return;
    }
    uint32_t levels = atomic_load_explicit(&v->ovf_levels, memory_order_acquire);
    uint32_t w = intid / 64;
    uint64_t b = UINT64_C(1) << (intid % 64);
    while (levels) {
        uint32_t l = (uint32_t)__builtin_ctz(levels);
        levels &= levels - 1;
        if (!(atomic_load_explicit(&v->ovf[l][w], memory_order_acquire) & b))
            continue;
        perf_atomic(c, op, &v->ovf_line);
        perf_and64(op, &v->ovf[l][w], ~b, memory_order_relaxed);
        /* Clear the level's summary bit if the level looks empty, then look again: an
         * injector that posted to it meanwhile set its word before the summary bit, so
         * either its summary write comes after ours, or we see its word now. The words
         * mask is only a hint (a set bit may find an empty word): it is never cleared. */
        perf_atomic(c, op, &v->ovf_line);
        perf_and32(op, &v->ovf_levels, ~(1u << l), memory_order_acq_rel);
        uint32_t words = atomic_load_explicit(&v->ovf_words[l], memory_order_acquire);
        while (words) {
            uint32_t k = (uint32_t)__builtin_ctz(words);
            words &= words - 1;
            if (atomic_load_explicit(&v->ovf[l][k], memory_order_acquire)) {
                perf_atomic(c, op, &v->ovf_line);
                perf_or32(op, &v->ovf_levels, 1u << l, memory_order_release);
                break;
            }
        }
        return;
    }
}

/* ---- LPIs another vCPU unlisted -------------------------------------------------- */

/* The list back in ticket order after a sweep: a member unlisted by another vCPU and
 * queued here again before the sweep kept its entry but took a new ticket, at the tail
 * (stable insertion sort: the list is otherwise in order already). */
static void order_by_ticket(struct perf_vcpu *v)
{
    for (uint32_t i = 1; i < v->list_n; i++) {
        struct perf_irq *irq = v->list[i];
        uint64_t ticket = atomic_load_explicit(&irq->ticket, memory_order_relaxed);
        uint32_t j = i;
        while (j > 0 &&
               atomic_load_explicit(&v->list[j - 1]->ticket, memory_order_relaxed) > ticket) {
            v->list[j] = v->list[j - 1];
            j--;
        }
        v->list[j] = irq;
    }
}

/* perf_flush_lpis unlisted some of v's LPIs in their state words (listed_on: v -> none)
 * and left v's descriptor and list to v: every LPI member no longer listed on v leaves
 * both here, on v's own thread, as the prune takes a member off (unpublished, then off
 * the list). Its state is not touched: it is on no list, or already on another's (queued
 * there meanwhile, and published there by whoever queued it). One queued here again
 * meanwhile is listed on v and stays. If its word says v again once it is off (queued
 * here while we were taking it off: that publish may have gone with ours), it is
 * published once more -- a second entry is what drain_fresh and unpublish tolerate. */
static void sweep_unlisted(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                           uint32_t done)
{
    v->lpi_unlists_swept = done;
    bool republished = false;
    for (uint32_t i = 0; i < v->list_n;) {
        struct perf_irq *irq = v->list[i];
        if (irq->intid < GIC_LPI_BASE) {
            i++;
            continue;
        }
        struct vgic_irq_state st;
        perf_irq_read(irq, &st);
        perf_charge(c, op, COST_AP_LIST_ENTRY);
        if (st.listed_on == (int32_t)v->id) {
            i++;
            continue;
        }
        perf_charge(c, op, COST_AP_LIST_UPDATE);
        unpublish(c, op, v, irq->intid);
        list_remove(c, v, i);
        perf_irq_read(irq, &st);
        if (st.listed_on == (int32_t)v->id) {
            perf_publish(c, op, v, irq, st.priority);
            republished = true;
        }
    }
    order_by_ticket(v);
    if (republished)
        drain_published(c, op, v);
}

/* ---- flush ------------------------------------------------------------------------- */

/* The list registers past the live ones are kept zero (what a snapshot shows): after a
 * flush filled `used`, only those a previous flush left live (`stale`) need clearing. */
static void clear_lrs(struct gic_vif *vif, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to; i++)
        vif->lr[i] = (struct gic_lr){0};
}

struct sort_ctx {
    struct perf_core *c;
    struct perf_op *op;
};

/* The flush's order (vgic_irq_cmp of the modelled design, as sort keys), ties in list
 * order; each comparison charged. */
static inline int by_key(const void *a, const void *b, void *p)
{
    struct sort_ctx *ctx = p;
    const struct perf_member *x = a, *y = b;
    perf_charge(ctx->c, ctx->op, COST_SORT_COMPARE);
    return x->key < y->key ? -1 : x->key > y->key;
}

/* What populating an LR took from the interrupt. */
struct populated {
    bool pending;          /* the LR exposes a pending instance, `listed` is its IAR value */
    uint32_t listed;
    uint8_t source, priority;
};

struct populate_arg {
    enum gic_version version;
    struct gic_lr *lr;
    struct populated *out;
};

static bool populate(struct vgic_irq_state *st, const void *arg)
{
    const struct populate_arg *a = arg;
    a->out->pending = vgic_populate_lr(a->version, st, a->lr, &a->out->listed);
    a->out->source = st->source;
    a->out->priority = st->priority;
    return false;
}

/* Writes the LR of a member whose oracle is v, and reports an exposed pending instance. */
static struct populated fill_lr(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                                struct perf_irq *irq, struct gic_lr *lr)
{
    struct populated out = {0};
    struct populate_arg arg = {c->cfg.version, lr, &out};
    perf_irq_update(c, op, irq, populate, &arg);
    perf_charge(c, op, COST_LR_WRITE);
    if (out.pending && c->hooks.listed)
        c->hooks.listed(c->sim, v->id, out.listed, op->t);
    return out;
}

/* The members re-ticketed in list order after a sort: KVM's list_sort leaves the
 * ap_list in that order. */
static void adopt_order(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                        const struct perf_member *m, uint32_t n)
{
    perf_atomic(c, op, &v->desc_line);
    uint64_t base = perf_add64(op, &v->next_ticket, n, memory_order_relaxed);
    for (uint32_t i = 0; i < n; i++) {
        v->list[i] = m[i].irq;
        atomic_store_explicit(&m[i].irq->ticket, base + i,
                              memory_order_relaxed);
    }
}

/* Sorts v's list into the flush's order and re-tickets it (adopt_order), charging each
 * comparison. */
static void sort_list(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                      bool dist_enabled)
{
    struct perf_member *m = v->members;
    bool overflow_design = c->rel.lr_design == VGIC_LR_OVERFLOW;
    bool in_order = true;
    uint32_t n = v->list_n;
    for (uint32_t i = 0; i < n; i++) {
        struct vgic_irq_state st;
        perf_irq_read(v->list[i], &st);
        m[i].irq = v->list[i];
        m[i].key = overflow_design
                       ? vgic_irq_key_overflow(&st, vgic_oracle(&st, dist_enabled) ==
                                                        (int32_t)v->id, &v->vif.vmcr)
                       : vgic_irq_key_classic(&st);
        in_order &= i == 0 || m[i - 1].key <= m[i].key;
    }
    if (in_order) {   /* the same comparisons charged, nothing to move (ref_lr.c) */
        perf_charge_n(c, op, COST_SORT_COMPARE, merge_sort_in_order_count(n));
    } else {
        struct sort_ctx ctx = {c, op};
        merge_sort_inline(m, n, sizeof(*m), v->members_tmp, by_key, &ctx);
    }
    adopt_order(c, op, v, m, n);   /* the list is now in this order: so are the tickets */
}

/* The overflow design's flush (vgic_flush_lr_state, v6.19), the same walk as the
 * reference model's: summary, sort when the list overflows, LRs filled in list order,
 * maintenance and trap bits from the summary; it runs even for an empty list. */
static void flush_overflow(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    struct gic_vif *vif = &v->vif;
    uint32_t stale = vif->used_lrs;
    vif->used_lrs = 0;
    v->last_lr = NULL;
    perf_atomic(c, op, &v->desc_line);
    perf_xchg32(op, &v->on, 0, memory_order_acq_rel);
    if (v->async_prune) {
        v->async_prune = false;
        perf_prune(c, op, v);
    }
    perf_charge(c, op, COST_FLUSH);
    drain(c, op, v);
    uint32_t n = v->list_n;
    bool dist_enabled = atomic_load_explicit(&c->dist_enabled, memory_order_acquire);

    struct vgic_ap_summary sum = {0};
    for (uint32_t i = 0; i < n; i++) {
        struct vgic_irq_state st;
        perf_irq_read(v->list[i], &st);
        perf_charge(c, op, COST_AP_LIST_ENTRY);
        if (vgic_oracle(&st, dist_enabled) == (int32_t)v->id)
            vgic_summary_add(&sum, &st);
    }
    uint32_t nr_lr = c->cfg.list_registers;
    bool overflow = vgic_summary_overflows(&sum, nr_lr);
    if (overflow)
        sort_list(c, op, v, dist_enabled);

    uint32_t used = 0;
    for (uint32_t i = 0; i < n && used < nr_lr; i++) {
        struct perf_irq *irq = v->list[i];
        struct vgic_irq_state st;
        perf_irq_read(irq, &st);
        perf_charge(c, op, COST_AP_LIST_ENTRY);
        if (vgic_oracle(&st, dist_enabled) != (int32_t)v->id)
            continue;
        fill_lr(c, op, v, irq, &vif->lr[used]);
        used++;
        v->last_lr = irq;
    }
    vif->used_lrs = used;
    clear_lrs(vif, used, stale);
    vgic_configure_hcr(c->cfg.version, &sum, nr_lr,
                       atomic_load_explicit(&c->active_spis, memory_order_acquire) > 0, vif);
    if (overflow)
        op->stats->lr_overflows++;
    check_vcpu(c, op, v, false);
}

void perf_flush(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    if (c->rel.lr_design == VGIC_LR_OVERFLOW) {
        flush_overflow(c, op, v);
        return;
    }
    struct gic_vif *vif = &v->vif;
    uint32_t stale = vif->used_lrs;
    vif->used_lrs = 0;
    vif->uie = false;
    /* Clear the outstanding notification before looking: whatever is posted after this
     * point notifies (and kicks) again; whatever was posted before is seen below. */
    perf_atomic(c, op, &v->desc_line);
    perf_xchg32(op, &v->on, 0, memory_order_acq_rel);
    /* LPIs another vCPU unlisted are no members: the list is empty without them (a vCPU
     * blocked in WFI since, say, enters with none of them). */
    if (unlists_due(v) != v->lpi_unlists_swept)
        drain(c, op, v);
    if (!has_members(v)) {
        clear_lrs(vif, 0, stale);
        check_vcpu(c, op, v, false);
        return;
    }
    perf_charge(c, op, COST_FLUSH);
    drain(c, op, v);
    uint32_t n = v->list_n;

    /* How many LRs the list needs, and whether a multi-source SGI is on it. Only GICv2
     * SGIs can need more than one, so on GICv3 a list no longer than the LRs needs no
     * count: it cannot overflow (KVM walks it anyway; its walk costs the same here). */
    uint32_t count = 0;
    bool multi_sgi = false;
    uint32_t nr_lr = c->cfg.list_registers;
    if (c->cfg.version == GIC_V3 && n <= nr_lr) {
        perf_charge_n(c, op, COST_AP_LIST_ENTRY, n);
    } else {
        for (uint32_t i = 0; i < n; i++) {
            struct vgic_irq_state st;
            perf_irq_read(v->list[i], &st);
            perf_charge(c, op, COST_AP_LIST_ENTRY);
            uint32_t k = vgic_lr_count(c->cfg.version, &st);
            count += k;
            multi_sgi |= k > 1;
        }
    }
    bool dist_enabled = atomic_load_explicit(&c->dist_enabled, memory_order_acquire);
    if (vgic_flush_must_sort(count, multi_sgi, nr_lr))
        sort_list(c, op, v, dist_enabled);

    uint32_t used = 0;
    uint8_t prio = 0xff;
    for (uint32_t i = 0; i < n; i++) {
        struct perf_irq *irq = v->list[i];
        struct vgic_irq_state st;
        perf_irq_read(irq, &st);
        perf_charge(c, op, COST_AP_LIST_ENTRY);
        /* Nothing of lower priority than a multi-source SGI is exposed until all of its
         * sources have been delivered. */
        if (multi_sgi && st.priority > prio)
            break;
        if (vgic_oracle(&st, dist_enabled) == (int32_t)v->id) {
            struct populated p = fill_lr(c, op, v, irq, &vif->lr[used]);
            used++;
            if (p.source)
                prio = p.priority;
        }
        if (used == nr_lr) {
            if (i + 1 < n) {
                vif->uie = true;
                op->stats->lr_overflows++;
            }
            break;
        }
    }
    vif->used_lrs = used;
    clear_lrs(vif, used, stale);
    check_vcpu(c, op, v, false);
}

/* ---- fold and prune ------------------------------------------------------------------- */

struct fold_arg {
    enum gic_version version;
    const struct vgic_release *rel;
    const struct gic_lr *lr;
    bool *was_active;
};

static bool fold(struct vgic_irq_state *st, const void *arg)
{
    const struct fold_arg *a = arg;
    *a->was_active = st->active;
    vgic_fold_lr(a->version, a->rel, a->lr, st);
    return false;
}

/* The overflow design's in-flight SPI count goes down when a fold sees an SPI's LR end
 * through a deactivation that signals the EOI maintenance interrupt. */
static void spi_flight_ends(struct perf_core *c, struct perf_op *op, uint32_t intid,
                            const struct gic_lr *lr, bool was_active)
{
    if (!vgic_spi_counts_in_flight(&c->cfg, &c->rel, intid) ||
        !vgic_fold_ends_spi_flight(lr, was_active))
        return;
    perf_atomic(c, op, &c->spis_line);
    uint32_t n = atomic_load_explicit(&c->active_spis, memory_order_relaxed);
    while (n && !atomic_compare_exchange_weak_explicit(&c->active_spis, &n, n - 1,
                                                       memory_order_acq_rel,
                                                       memory_order_relaxed))
        ;
}

bool perf_spi_in_flight(struct perf_core *c, struct perf_op *op)
{
    perf_atomic(c, op, &c->spis_line);
    return atomic_fetch_add_explicit(&c->active_spis, 1, memory_order_acq_rel) == 0;
}

void perf_phys_deactivated(struct perf_core *c, struct perf_op *op, uint32_t vcpu,
                           uint32_t intid)
{
    if (c->hooks.phys_deactivated)
        c->hooks.phys_deactivated(c->sim, vcpu, intid, op->t);
}

struct unlisted_arg {
    enum gic_version version;
    struct gic_lr *lr;
    bool *phys;
};

static bool deactivate_unlisted_change(struct vgic_irq_state *st, const void *arg)
{
    const struct unlisted_arg *a = arg;
    *a->phys = vgic_deactivate_unlisted(a->version, st, a->lr);
    return false;
}

/* An active interrupt in no LR is deactivated (EOIcount walk, trapped DIR). */
static void deactivate_unlisted(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                                struct perf_irq *irq)
{
    struct gic_lr lr;
    bool phys = false;
    struct unlisted_arg arg = {c->cfg.version, &lr, &phys};
    perf_irq_update(c, op, irq, deactivate_unlisted_change, &arg);
    if (phys)
        perf_phys_deactivated(c, op, v->id, irq->intid);
    spi_flight_ends(c, op, irq->intid, &lr, true);
}

void perf_fold(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    struct gic_vif *vif = &v->vif;
    bool overflow_design = c->rel.lr_design == VGIC_LR_OVERFLOW;
    /* The overflow design reads EOIcount back only when LRENPIE was set, and folds
     * nothing when no LR was in use. */
    uint32_t eoicount = overflow_design && vif->lrenpie ? vif->eoicount : 0;
    vif->uie = false;
    if (!overflow_design || v->last_lr) {
        for (uint32_t i = 0; i < vif->used_lrs; i++) {
            perf_charge(c, op, COST_LR_READ);
            /* An LPI unmapped meanwhile and on no list is gone (KVM skips its LR). */
            struct perf_irq *irq = perf_irq_find(c, v->id, vif->lr[i].intid);
            if (!irq)
                continue;
            bool was_active = false;
            struct fold_arg arg = {c->cfg.version, &c->rel, &vif->lr[i], &was_active};
            perf_irq_update(c, op, irq, fold, &arg);
            spi_flight_ends(c, op, irq->intid, &vif->lr[i], was_active);
        }
        /* EOImode 0 deactivations of interrupts that had no LR, from the members past
         * the LR-resident part of the list (the reference model's ap_list walk). */
        uint32_t from = v->list_n;
        if (eoicount) {
            drain(c, op, v);
            /* After the last LR's member; nothing if it has left the list (unlisted by
             * another vCPU's EnableLPIs write), as the reference model's walk from an
             * unlinked LPI's ap_next. */
            if (perf_in_list(c, v, v->last_lr->intid))
                from = list_index(v, v->last_lr) + 1;
        }
        bool dist_enabled = atomic_load_explicit(&c->dist_enabled, memory_order_acquire);
        for (uint32_t i = from; eoicount && i < v->list_n; i++) {
            struct perf_irq *irq = v->list[i];
            struct vgic_irq_state st;
            perf_irq_read(irq, &st);
            perf_charge(c, op, COST_AP_LIST_ENTRY);
            if (vgic_oracle(&st, dist_enabled) == (int32_t)v->id && st.active) {
                deactivate_unlisted(c, op, v, irq);
                eoicount--;
            }
        }
    }
    clear_lrs(vif, 0, vif->used_lrs);
    vif->used_lrs = 0;
    v->last_lr = NULL;
    if (overflow_design)
        gic_vif_clear_hcr(vif);
    /* (The list itself is checked by the prune that follows every fold.) */
    VGICSIM_ASSERT(gic_vif_lrs_ok(vif, c->cfg.list_registers, gic_nr_irqs(&c->cfg)));
}

void perf_sync(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    /* LPIs another vCPU unlisted go first: KVM's list no longer has them, and a list
     * empty without them folds nothing (its LRs are lost, as KVM's). */
    if (unlists_due(v) != v->lpi_unlists_swept)
        drain(c, op, v);
    if (!has_members(v) && c->rel.lr_design != VGIC_LR_OVERFLOW)
        return;
    perf_charge(c, op, COST_SYNC);
    perf_fold(c, op, v);
    perf_prune(c, op, v);
}

/* Is the interrupt in a live LR of the vCPU whose list holds it? KVM's irq->on_lr. */
static bool on_live_lr(const struct perf_core *c, const struct vgic_irq_state *st)
{
    if (st->listed_on < 0)
        return false;
    const struct perf_vcpu *h = &c->vcpus[st->listed_on];
    return h->in_guest && gic_vif_lists(&h->vif, st->intid);
}

/* KVM's vgic_v{2,3}_deactivate for a trapped DIR (see ref_lr.c's ref_deactivate_trapped,
 * the same steps). The CAS makes the checks and the pseudo-LR fold one update. */
struct trapped_arg {
    enum gic_version version;
    uint32_t cpuid;
    const struct perf_core *c;
    int32_t *target;
    bool *mmio, *phys, *was_active;
    struct gic_lr *lr;
};

static bool deactivate_trapped_change(struct vgic_irq_state *st, const void *arg)
{
    const struct trapped_arg *a = arg;
    /* The vCPU whose list holds it (KVM's irq->vcpu), not the oracle's. */
    *a->target = st->listed_on;
    *a->mmio = *a->phys = *a->was_active = false;
    a->lr->state = GIC_LR_INVALID;
    a->lr->eoi = false;
    if (*a->target < 0)
        return false;
    if (on_live_lr(a->c, st)) {
        *a->mmio = true;
        return false;
    }
    if (vgic_irq_is_v2_sgi(a->version, st) && st->active_source != a->cpuid) {
        *a->target = VGIC_NO_VCPU;
        return false;
    }
    *a->was_active = st->active;
    *a->phys = vgic_deactivate_unlisted(a->version, st, a->lr);
    return false;
}

void perf_deactivate_trapped(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                             uint64_t value)
{
    if (!v->vif.vmcr.eoimode)
        return;
    uint32_t intid = gic_vif_value_intid(&c->arch, value);
    struct perf_irq *irq = perf_irq_find(c, v->id, intid);
    if (!irq)
        return;
    perf_charge(c, op, COST_EMULATE_IRQ);
    int32_t target = VGIC_NO_VCPU;
    bool mmio = false, phys = false, was_active = false;
    struct gic_lr lr = {0};
    struct trapped_arg arg = {
        c->cfg.version, (uint32_t)(value >> GIC_V2_CPUID_SHIFT) & GIC_V2_CPUID_MASK, c,
        &target, &mmio, &phys, &was_active, &lr,
    };
    perf_irq_update(c, op, irq, deactivate_trapped_change, &arg);
    if (phys)
        perf_phys_deactivated(c, op, v->id, intid);
    if (!mmio && target >= 0)
        spi_flight_ends(c, op, intid, &lr, was_active);
    if (mmio) {
        uint32_t offset;
        enum gic_frame frame = vgic_mmio_icactiver(c->cfg.version, intid, &offset);
        perf_mmio_access(c, op, frame, v->id, offset, 4, true, UINT64_C(1) << (intid % 32));
    }
    if (target == (int32_t)v->id)
        perf_prune(c, op, v);
    else if (target >= 0)
        c->vcpus[target].async_prune = true;
}

/* The classic design writes the HCR from its shadow (which never holds an EOIcount) at
 * an entry that uses list registers, and clears it at such an exit (see ref_lr.c). */
static void classic_hcr_rewritten(const struct perf_core *c, struct perf_vcpu *v)
{
    if (c->rel.lr_design == VGIC_LR_CLASSIC && v->vif.used_lrs)
        v->vif.eoicount = 0;
}

void perf_leave_guest(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                      enum vgic_exit_reason why)
{
    op->stats->exits_by_reason[why]++;
    v->in_guest = false;
    op->stats->exits++;
    classic_hcr_rewritten(c, v);
    perf_sync(c, op, v);
    struct model_v4_ctx v4 = perf_v4_ctx(c, op);
    model_v4_exit(&v4, v->id);
}

void perf_enter_guest(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    perf_flush(c, op, v);
    struct model_v4_ctx v4 = perf_v4_ctx(c, op);
    model_v4_entry(&v4, v->id);
    classic_hcr_rewritten(c, v);
    v->entry = vgic_entry_shadow_of(&v->vif);
    op->stats->entries++;
    if (op->timed)
        sched_sync(c->sched, op->t);   /* a notifier reads in_guest (its IPI) */
    v->in_guest = true;
}

struct reassign_arg {
    bool dist_enabled;
    int32_t from;
    int32_t *target;
};

/* The member leaves its list: it goes where the oracle says now (nowhere, or another
 * vCPU's list, or — after a concurrent change — back onto this one). An LPI another
 * vCPU's EnableLPIs write unlisted meanwhile (perf_flush_lpis) is not the list's to
 * place: it stays where it is (on none, or queued since on another's). */
static bool reassign(struct vgic_irq_state *st, const void *arg)
{
    const struct reassign_arg *a = arg;
    if (st->listed_on != a->from) {
        *a->target = VGIC_NO_VCPU;
        return false;
    }
    *a->target = vgic_oracle(st, a->dist_enabled);
    st->listed_on = *a->target;
    return false;
}

void perf_prune(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    uint64_t interleavings = op->timed ? sched_interleavings(c->sched) : 0;
    drain(c, op, v);
    bool dist_enabled = atomic_load_explicit(&c->dist_enabled, memory_order_acquire);
    for (uint32_t i = 0; i < v->list_n;) {
        struct perf_irq *irq = v->list[i];
        uint32_t intid = irq->intid;
        struct vgic_irq_state st;
        perf_irq_read(irq, &st);
        perf_charge(c, op, COST_AP_LIST_ENTRY);
        if (vgic_oracle(&st, dist_enabled) == (int32_t)v->id) {
            i++;
            continue;
        }
        /* Completed, disabled, no longer pending, or routed elsewhere: off this list
         * first (so that it is never published twice), then reassigned. */
        perf_charge(c, op, COST_AP_LIST_UPDATE);
        unpublish(c, op, v, intid);
        list_remove(c, v, i);
        int32_t t = VGIC_NO_VCPU;
        struct reassign_arg arg = {dist_enabled, (int32_t)v->id, &t};
        perf_irq_update(c, op, irq, reassign, &arg);
        if (t < 0)
            continue;
        struct perf_vcpu *to = &c->vcpus[t];
        perf_irq_read(irq, &st);
        perf_publish(c, op, to, irq, st.priority);
        if (to != v) {
            op->stats->migrations++;
            perf_notify(c, op, to);
        }
    }
    /* A member kept by the walk may have changed since (another operation ran in a
     * wait): only an uninterrupted prune leaves every oracle naming v. */
    check_vcpu(c, op, v, !op->timed || interleavings == sched_interleavings(c->sched));
}

struct unlist_arg {
    int32_t from;
};

static bool unlist(struct vgic_irq_state *st, const void *arg)
{
    if (st->listed_on == ((const struct unlist_arg *)arg)->from)
        st->listed_on = VGIC_NO_VCPU;
    return false;
}

static bool count_member(uint32_t intid, void *p)
{
    (void)intid;
    ++*(uint32_t *)p;
    return false;
}

/* vgic_flush_pending_lpis (EnableLPIs 1 -> 0), on the writer's context, which may be
 * another vCPU's than v's, v in the guest or blocked: every LPI listed on v is unlisted in
 * its state word (listed_on: v -> none, by CAS; its pending state kept and requeued by
 * nothing but a later queueing, the pending table's sync at the next EnableLPIs, say) --
 * what KVM's walk does to each under v's ap_list_lock, and what every other context sees
 * from then on. v's list and descriptor are v's alone: v takes the LPIs off them at its
 * next sync or flush (sweep_unlisted), and its list registers keep what they hold until
 * its exit folds them, as KVM's (the fold finds an LPI that no longer exists gone).
 * The LPIs are found by their words (an LPI the prune is taking off has left v's
 * descriptor but is still listed on v); the walk of v's list is charged per member
 * published to v. `begun` is counted before the first CAS, `done` (release) after the
 * last: v sweeps when it sees `done` move (acquire), so it sees every unlisting the
 * request made; until then its checks allow unlisted members (`begun`). */
void perf_flush_lpis(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    perf_atomic(c, op, &v->desc_line);
    perf_add32(op, &v->lpi_unlists_begun, 1, memory_order_relaxed);
    uint32_t members = 0;
    for_each_published(c, v, count_member, &members);
    perf_charge_n(c, op, COST_AP_LIST_ENTRY, members);
    struct unlist_arg arg = {(int32_t)v->id};
    for (uint32_t i = 0; i < c->cfg.lpis; i++) {
        struct perf_irq *irq = &c->lpis[i];
        struct vgic_irq_state st;
        perf_irq_read(irq, &st);
        if (st.listed_on != (int32_t)v->id)
            continue;
        perf_charge(c, op, COST_AP_LIST_UPDATE);
        perf_irq_update(c, op, irq, unlist, &arg);
    }
    perf_atomic(c, op, &v->desc_line);
    perf_add32(op, &v->lpi_unlists_done, 1, memory_order_release);
}

/* ---- queries and whole-guest operations ------------------------------------------- */

struct pending_ctx {
    const struct perf_core *c;
    const struct perf_vcpu *v;
    bool pending;
};

/* The first member that would wake the vCPU ends the walk (a query: what it reads costs
 * nothing, so stopping early changes no time). */
static bool check_pending(uint32_t intid, void *p)
{
    struct pending_ctx *ctx = p;
    struct vgic_irq_state st;
    perf_irq_read(perf_irq_get(ctx->c, ctx->v->id, intid), &st);
    /* An LPI another vCPU unlisted is still in the descriptor until v sweeps: not v's. */
    ctx->pending = st.listed_on == (int32_t)ctx->v->id &&
                   vgic_irq_wakes_vcpu(&ctx->c->rel, &st, ctx->v->vif.vmcr.pmr);
    return ctx->pending;
}

bool perf_vcpu_has_pending(const struct perf_core *c, const struct perf_vcpu *v)
{
    if (!atomic_load_explicit(&c->dist_enabled, memory_order_acquire))
        return false;
    if (model_v4_pending_last(c->v4, v->id))   /* kvm_vgic_vcpu_pending_irq's order */
        return true;
    struct pending_ctx ctx = {c, v, false};
    for_each_published(c, v, check_pending, &ctx);
    return ctx.pending;
}

void perf_kick_vcpus(struct perf_core *c, struct perf_op *op)
{
    /* Only vCPUs whose list holds something pending are notified (KVM's
     * vgic_kick_vcpus; interrupts dropped while the distributor was disabled stay
     * undelivered until something queues them again). */
    for (uint32_t i = 0; i < c->cfg.vcpus; i++) {
        if (!perf_vcpu_has_pending(c, &c->vcpus[i]))
            continue;
        perf_charge(c, op, COST_AP_LIST_ENTRY);
        perf_notify(c, op, &c->vcpus[i]);
    }
}

/* Halting the guest (src/vgic/vgic_halt.h). Only the simulation halts (timed contexts):
 * register emulation is the configuration path. */
static bool halt_in_guest(const void *p, uint32_t v)
{
    return ((const struct perf_core *)p)->vcpus[v].in_guest;
}

static bool halt_halted(const void *p, uint32_t v)
{
    return ((const struct perf_core *)p)->vcpus[v].halted;
}

static uint64_t halt_stop(void *p, uint32_t i, uint64_t t, uint64_t since)
{
    struct perf_core *c = p;
    struct perf_vcpu *v = &c->vcpus[i];
    struct perf_op target = {.t = t, .ctx = (int32_t)i, .timed = true, .stats = &v->stats};
    if (c->hooks.halt_begin)
        c->hooks.halt_begin(c->sim, v->id, t);
    perf_leave_guest(c, &target, v, VGIC_EXIT_IRQ);   /* the halt's IPI */
    v->halted = true;
    v->halted_from = since;
    return target.t;
}

static uint64_t halt_restart(void *p, uint32_t i, uint64_t t)
{
    struct perf_core *c = p;
    struct perf_vcpu *v = &c->vcpus[i];
    struct perf_op target = {.t = t, .ctx = (int32_t)i, .timed = true, .stats = &v->stats};
    VGICSIM_ASSERT(v->halted && !v->in_guest);   /* one restart per halt */
    perf_enter_guest(c, &target, v);
    perf_charge(c, &target, COST_ENTRY);
    v->halted = false;
    if (c->hooks.halted)
        c->hooks.halted(c->sim, v->id, v->halted_from, target.t);
    /* Back in the guest like any entry (ref_queue.c's halt_restart says why). */
    perf_cpuif_entry(c, &target, v);
    return target.t;
}

static const struct vgic_halt_ops perf_halt_ops = {
    halt_in_guest, halt_halted, halt_stop, halt_restart,
};

void perf_halt_guest(struct perf_core *c, struct perf_op *op)
{
    VGICSIM_ASSERT(op->timed);
    op->stats->halts++;
    op->t = vgic_halt_guest(c->sched, &c->costs, c->cfg.vcpus, op->ctx, op->t, &perf_halt_ops, c);
}

void perf_resume_guest(struct perf_core *c, struct perf_op *op)
{
    vgic_resume_guest(c->sched, &c->costs, c->cfg.vcpus, op->t, &perf_halt_ops, c,
                      c->restarts);
}
