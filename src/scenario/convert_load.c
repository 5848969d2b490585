/* SPDX-License-Identifier: GPL-2.0-only */
/* The generated-load and end-of-run sections: workload (spec section 6) and
 * expect (spec section 7). */
#include <stdlib.h>
#include <string.h>

#include "scenario/convert_internal.h"
#include "util/xalloc.h"

/* "an ipi generator", "a burst generator". */
static const char *article(const char *word)
{
    return strchr("aeiou", word[0]) ? "an" : "a";
}

const char *const scn_gen_kind_names[] = {"periodic", "poisson", "burst", "ipi", NULL};

/* intid: N or [lo, hi]. */
static bool conv_intid_range(struct conv *c, const struct ynode *n, const char *what,
                             uint32_t *lo, uint32_t *hi)
{
    if (n->type == YNODE_SEQ) {
        if (n->n_items != 2) {
            conv_error(c, n, "%s: a range is written [first, last]", what);
            return false;
        }
        /* Both ends are checked, so that both are reported when both are wrong. */
        bool lo_ok = conv_intid_any(c, n->items[0], what, lo);
        bool hi_ok = conv_intid_any(c, n->items[1], what, hi);
        if (!lo_ok || !hi_ok)
            return false;
        if (*lo > *hi) {
            conv_error(c, n, "%s: the range [%u, %u] is empty (first > last)", what, *lo, *hi);
            return false;
        }
        return true;
    }
    if (!conv_intid_any(c, n, what, lo))
        return false;
    *hi = *lo;
    return true;
}

/* period and mean_gap: cycles, at least 1. */
static void conv_gap(struct conv *c, const struct ynode *n, const char *what, uint64_t *out)
{
    uint64_t v;
    if (!conv_cycles(c, n, what, &v))
        return;
    if (v == 0)
        conv_error(c, n, "%s: 0 is out of range (1..2^48 cycles)", what);
    else
        *out = v;
}

static void conv_generator(struct conv *c, struct scn_generator *g, const struct ynode *n,
                           size_t index)
{
    /* Keys each kind accepts; any other known key is a mistake worth naming. */
    static const char *const all_keys[] = {
        "kind", "intid", "vcpu", "from", "to", "trigger", "start", "period", "mean_gap",
        "count", "size", NULL,
    };
    static const char *const not_for[][4] = {
        [SCN_GEN_PERIODIC] = {"from", "to", "mean_gap", "size"},
        [SCN_GEN_POISSON] = {"from", "to", "period", "size"},
        [SCN_GEN_BURST] = {"from", "to", "mean_gap", NULL},
        [SCN_GEN_IPI] = {"vcpu", "trigger", "mean_gap", "size"},
    };
    static const char *const triggers[] = {"edge", "level", NULL};
    char *what = xasprintf("workload[%zu]", index);
    g->vcpu = SCN_NO_VCPU;
    g->loc = conv_loc(c, n);
    if (!conv_expect_type(c, n, YNODE_MAP, what)) {
        g->has_count = true;  /* already reported; not also as unbounded */
        free(what);
        return;
    }
    conv_check_keys(c, n, what, all_keys);
    const struct ynode *v = ynode_get(n, "kind");
    int kind = -1;
    if (!v)
        conv_error(c, n, "%s: missing 'kind' (periodic, poisson, burst or ipi)", what);
    else
        kind = conv_choice(c, v, CONV_PATH(what, "kind"), scn_gen_kind_names);
    if (kind < 0) {
        /* Not checked further; a given count must not make it look unbounded. */
        g->has_count = ynode_get(n, "count") != NULL;
        free(what);
        return;
    }
    g->kind = (enum scn_gen_kind)kind;
    for (int i = 0; i < 4; i++) {
        const char *key = not_for[kind][i];
        if (!key)
            continue;
        for (size_t p = 0; p < n->n_pairs; p++)
            if (strcmp(n->pairs[p].key->str, key) == 0)
                conv_error(c, n->pairs[p].key, "%s: '%s' does not apply to %s %s generator",
                           what, key, article(scn_gen_kind_names[kind]), scn_gen_kind_names[kind]);
    }

    bool id_ok = false;
    if (!(v = ynode_get(n, "intid")))
        conv_error(c, n, "%s: missing 'intid' (an INTID or a range [first, last])", what);
    else
        id_ok = conv_intid_range(c, v, CONV_PATH(what, "intid"), &g->intid_lo, &g->intid_hi);
    const struct ynode *id_node = v;
    if (id_ok && g->kind == SCN_GEN_IPI && g->intid_hi > 15) {
        conv_error(c, id_node, "%s: an ipi generator sends SGIs (INTIDs 0..15)", what);
    } else if (id_ok && g->kind != SCN_GEN_IPI) {
        bool lo_ppi = gic_intid_is_ppi(g->intid_lo), hi_ppi = gic_intid_is_ppi(g->intid_hi);
        if (gic_intid_is_sgi(g->intid_lo))
            conv_error(c, id_node, "%s: SGIs have no line; generate them with kind: ipi", what);
        else if (lo_ppi != hi_ppi)
            conv_error(c, id_node, "%s: a range must hold only PPIs or only SPIs", what);
        else if (lo_ppi && !ynode_get(n, "vcpu"))
            conv_error(c, n, "%s: PPIs are private to each vCPU; add 'vcpu'", what);
        else if (!lo_ppi && (v = ynode_get(n, "vcpu")))
            conv_error(c, v, "%s: 'vcpu' is only for PPIs; SPIs are routed by the "
                       "distributor", what);
    }
    if (g->kind != SCN_GEN_IPI && (v = ynode_get(n, "vcpu")) && id_ok &&
        gic_intid_is_ppi(g->intid_lo)) {
        uint32_t cpu;
        if (conv_vcpu(c, v, CONV_PATH(what, "vcpu"), &cpu))
            g->vcpu = (int32_t)cpu;
    }
    if (g->kind == SCN_GEN_IPI) {
        if (!(v = ynode_get(n, "from")))
            conv_error(c, n, "%s: missing 'from' (the sending vCPU)", what);
        else
            conv_vcpu(c, v, CONV_PATH(what, "from"), &g->from);
        if (!(v = ynode_get(n, "to")))
            conv_error(c, n, "%s: missing 'to' (the receiving vCPU)", what);
        else
            conv_vcpu(c, v, CONV_PATH(what, "to"), &g->to);
    }
    /* PPIs are level-sensitive in KVM (their configuration is fixed), so a PPI
     * generator raises a level line unless told otherwise: a pulse on a level line
     * would be lost. */
    if (id_ok && gic_intid_is_ppi(g->intid_lo))
        g->trigger = SCN_TRIGGER_LEVEL;
    if ((v = ynode_get(n, "trigger")) && g->kind != SCN_GEN_IPI) {
        int t = conv_choice(c, v, CONV_PATH(what, "trigger"), triggers);
        if (t >= 0)
            g->trigger = (enum scn_trigger)t;
    }
    if ((v = ynode_get(n, "start")))
        conv_cycles(c, v, CONV_PATH(what, "start"), &g->start);
    if (g->kind == SCN_GEN_POISSON) {
        if (!(v = ynode_get(n, "mean_gap")))
            conv_error(c, n, "%s: a poisson generator needs 'mean_gap' (cycles)", what);
        else
            conv_gap(c, v, CONV_PATH(what, "mean_gap"), &g->mean_gap);
    } else {
        if (!(v = ynode_get(n, "period")))
            conv_error(c, n, "%s: %s %s generator needs 'period' (cycles)", what,
                       article(scn_gen_kind_names[kind]), scn_gen_kind_names[kind]);
        else
            conv_gap(c, v, CONV_PATH(what, "period"), &g->period);
    }
    if ((v = ynode_get(n, "count")))
        g->has_count = conv_u64(c, v, CONV_PATH(what, "count"), &g->count);
    else
        g->has_count = false;
    if (g->kind == SCN_GEN_BURST && (v = ynode_get(n, "size")))
        conv_u32_range(c, v, CONV_PATH(what, "size"), 1, 1u << 20, &g->size);
    /* A generator whose count is wrong must not also be reported as unbounded. */
    if (ynode_get(n, "count"))
        g->has_count = true;
    free(what);
}

void conv_workload(struct conv *c, const struct ynode *n)
{
    if (!conv_expect_type(c, n, YNODE_SEQ, "workload"))
        return;
    c->s->generators = arena_alloc(&c->s->arena, n->n_items * sizeof(*c->s->generators));
    c->s->n_generators = n->n_items;
    for (size_t i = 0; i < n->n_items; i++)
        conv_generator(c, &c->s->generators[i], n->items[i], i);
}

static void conv_acks(struct conv *c, const struct ynode *n)
{
    static const char *const keys[] = {"vcpu", "intid", "count", NULL};
    if (!conv_expect_type(c, n, YNODE_SEQ, "expect.acks"))
        return;
    struct scn_expect *e = &c->s->expect;
    e->acks = arena_alloc(&c->s->arena, n->n_items * sizeof(*e->acks));
    for (size_t i = 0; i < n->n_items; i++) {
        const struct ynode *m = n->items[i], *v;
        char *what = xasprintf("expect.acks[%zu]", i);
        struct scn_expect_acks a = {.loc = conv_loc(c, m), .vcpu = SCN_NO_VCPU};
        bool ok = conv_expect_type(c, m, YNODE_MAP, what);
        if (ok) {
            conv_check_keys(c, m, what, keys);
            if ((v = ynode_get(m, "vcpu"))) {
                uint32_t cpu;
                if ((ok = conv_vcpu(c, v, CONV_PATH(what, "vcpu"), &cpu)))
                    a.vcpu = (int32_t)cpu;
            }
            if (!(v = ynode_get(m, "intid"))) {
                conv_error(c, m, "%s: missing 'intid'", what);
                ok = false;
            } else {
                ok &= conv_intid_any(c, v, CONV_PATH(what, "intid"), &a.intid);
            }
            if (!(v = ynode_get(m, "count"))) {
                conv_error(c, m, "%s: missing 'count'", what);
                ok = false;
            } else {
                ok &= conv_u64(c, v, CONV_PATH(what, "count"), &a.count);
            }
        }
        if (ok)
            e->acks[e->n_acks++] = a;
        free(what);
    }
}

static void conv_orders(struct conv *c, const struct ynode *n)
{
    static const char *const keys[] = {"vcpu", "intids", NULL};
    if (!conv_expect_type(c, n, YNODE_SEQ, "expect.ack_order"))
        return;
    struct scn_expect *e = &c->s->expect;
    e->orders = arena_alloc(&c->s->arena, n->n_items * sizeof(*e->orders));
    for (size_t i = 0; i < n->n_items; i++) {
        const struct ynode *m = n->items[i], *v;
        char *what = xasprintf("expect.ack_order[%zu]", i);
        struct scn_expect_order o = {.loc = conv_loc(c, m)};
        bool ok = conv_expect_type(c, m, YNODE_MAP, what);
        if (ok) {
            conv_check_keys(c, m, what, keys);
            if (!(v = ynode_get(m, "vcpu"))) {
                conv_error(c, m, "%s: missing 'vcpu' (the order is per vCPU)", what);
                ok = false;
            } else {
                ok &= conv_vcpu(c, v, CONV_PATH(what, "vcpu"), &o.vcpu);
            }
            if (!(v = ynode_get(m, "intids"))) {
                conv_error(c, m, "%s: missing 'intids'", what);
                ok = false;
            } else if (conv_expect_type(c, v, YNODE_SEQ, CONV_PATH(what, "intids"))) {
                const char *iw = CONV_PATH(what, "intids");
                o.intids = arena_alloc(&c->s->arena, v->n_items * sizeof(*o.intids));
                for (size_t k = 0; k < v->n_items; k++)
                    ok &= conv_intid_any(c, v->items[k], iw, &o.intids[o.n_intids++]);
            } else {
                ok = false;
            }
        }
        if (ok)
            e->orders[e->n_orders++] = o;
        free(what);
    }
}

void conv_expect(struct conv *c, const struct ynode *n)
{
    static const char *const keys[] = {"acks", "ack_order", "spurious", NULL};
    if (!conv_expect_type(c, n, YNODE_MAP, "expect"))
        return;
    conv_check_keys(c, n, "expect", keys);
    const struct ynode *v;
    if ((v = ynode_get(n, "acks")))
        conv_acks(c, v);
    if ((v = ynode_get(n, "ack_order")))
        conv_orders(c, v);
    if ((v = ynode_get(n, "spurious"))) {
        c->s->expect.has_spurious = conv_u64(c, v, "expect.spurious", &c->s->expect.spurious);
        c->s->expect.spurious_loc = conv_loc(c, v);
    }
}
