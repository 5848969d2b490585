/* SPDX-License-Identifier: GPL-2.0-only */
/* expect.counters (spec section 7): the report's counters at the end of the run, each an
 * exact integer or {min: A, max: B} (either bound may be omitted; inclusive).
 *   counters: {maintenance_interrupts: 2, exits: {min: 1, max: 3},
 *              maintenance_by_cause: {no_pending: 1}}
 *   counters:
 *     - {exits_by_reason: {wfi: 2}}              # every model
 *     - {model: ref, lock_contended: 0}          # ref's runs only
 * The common counters and the two breakdowns are known here (vgic/vgic_counter_names.h);
 * a model's own counters (lock_acquisitions, cas_retries, ...) only to the model, so a
 * map names them only with `model:`, and a name the model does not have fails the run
 * (sim_expect.c). Whether `model:` names a model is checked before the run (sim_validate:
 * the registry is above this floor). */
#include <stdlib.h>
#include <string.h>

#include "scenario/convert_internal.h"
#include "util/escape.h"
#include "util/xalloc.h"
#include "vgic/vgic_counter_names.h"

static const char *const breakdowns[] = {"maintenance_by_cause", "exits_by_reason"};

/* A value: N, or {min: A, max: B}. */
static bool conv_bounds(struct conv *c, const struct ynode *n, const char *what,
                        struct scn_expect_counter *e)
{
    e->loc = conv_loc(c, n);
    if (n->type == YNODE_SCALAR) {
        if (!conv_u64(c, n, what, &e->min))
            return false;
        e->max = e->min;
        return true;
    }
    if (n->type != YNODE_MAP) {
        conv_error(c, n, "%s: expected an integer or {min: A, max: B}", what);
        return false;
    }
    static const char *const keys[] = {"min", "max", NULL};
    conv_check_keys(c, n, what, keys);
    const struct ynode *lo = ynode_get(n, "min"), *hi = ynode_get(n, "max");
    e->min = 0;
    e->max = UINT64_MAX;
    bool ok = true;
    if (!lo && !hi) {
        conv_error(c, n, "%s: give 'min', 'max' or both", what);
        return false;
    }
    if (lo)
        ok &= conv_u64(c, lo, CONV_PATH(what, "min"), &e->min);
    if (hi)
        ok &= conv_u64(c, hi, CONV_PATH(what, "max"), &e->max);
    if (ok && e->min > e->max) {
        conv_error(c, n, "%s: min %llu is more than max %llu", what,
                   (unsigned long long)e->min, (unsigned long long)e->max);
        ok = false;
    }
    return ok;
}

static void add(struct conv *c, struct scn_expect_counter *e)
{
    struct scn_expect *x = &c->s->expect;
    struct scn_expect_counter *grown =
        arena_alloc(&c->s->arena, (x->n_counters + 1) * sizeof(*grown));
    if (x->n_counters)
        memcpy(grown, x->counters, x->n_counters * sizeof(*grown));
    grown[x->n_counters++] = *e;
    x->counters = grown;
}

/* maintenance_by_cause: {eoi: 1, ...} or exits_by_reason: {wfi: 2, ...}. */
static void conv_breakdown(struct conv *c, const struct ynode *n, const char *what,
                           const struct scn_expect_counter *base, enum scn_counter_kind kind)
{
    const char *const *names = kind == SCN_CTR_CAUSE ? vgic_mi_cause_names
                                                     : vgic_exit_reason_names;
    uint32_t count = kind == SCN_CTR_CAUSE ? VGIC_MI_CAUSES : VGIC_EXIT_REASONS;
    if (!conv_expect_type(c, n, YNODE_MAP, what))
        return;
    const char *keys[VGIC_MI_CAUSES + VGIC_EXIT_REASONS + 1];
    for (uint32_t i = 0; i < count; i++)
        keys[i] = names[i];
    keys[count] = NULL;
    conv_check_keys(c, n, what, keys);
    for (uint32_t i = 0; i < count; i++) {
        const struct ynode *v = ynode_get(n, names[i]);
        if (!v)
            continue;
        struct scn_expect_counter e = *base;
        e.kind = kind;
        e.index = i;
        char *name = xasprintf("%s.%s", kind == SCN_CTR_CAUSE ? breakdowns[0] : breakdowns[1],
                               names[i]);
        e.name = arena_strdup(&c->s->arena, name);
        free(name);
        if (conv_bounds(c, v, CONV_PATH(what, names[i]), &e))
            add(c, &e);
    }
}

static void conv_counter_map(struct conv *c, const struct ynode *m, const char *what)
{
    if (!conv_expect_type(c, m, YNODE_MAP, what))
        return;
    struct scn_expect_counter base = {0};
    const struct ynode *model = ynode_get(m, "model");
    if (model) {
        base.model_loc = conv_loc(c, model);
        if (!conv_string(c, model, CONV_PATH(what, "model"), &base.model))
            return;
    }
    /* Without `model:` only the counters every model has; with it, any other name is
     * that model's own. */
    if (!model) {
        const char *keys[VGIC_COMMON_COUNTERS + 4];
        size_t k = 0;
        for (uint32_t i = 0; i < VGIC_COMMON_COUNTERS; i++)
            keys[k++] = vgic_common_counter_names[i];
        keys[k++] = breakdowns[0];
        keys[k++] = breakdowns[1];
        keys[k++] = "model";
        keys[k] = NULL;
        for (size_t i = 0; i < m->n_pairs; i++) {
            const struct ynode *key = m->pairs[i].key;
            bool known = false;
            for (size_t j = 0; keys[j] && !known; j++)
                known = strcmp(key->str, keys[j]) == 0;
            if (!known)
                conv_error(c, key, "%s: unknown counter '%s': the counters of every model are "
                           "kicks, exits, entries, maintenance_interrupts, lr_overflows, "
                           "mmio_traps, maintenance_by_cause and exits_by_reason; a model's "
                           "own counter goes in a map with 'model: NAME'", what, ESC(key->str));
        }
    }
    if (m->n_pairs == (model ? 1u : 0u))
        conv_error(c, m, "%s: no counter to check", what);
    for (size_t i = 0; i < m->n_pairs; i++) {
        const struct ynode *key = m->pairs[i].key, *v = m->pairs[i].value;
        if (strcmp(key->str, "model") == 0)
            continue;
        const char *path = CONV_PATH(what, key->str);
        if (strcmp(key->str, breakdowns[0]) == 0) {
            conv_breakdown(c, v, path, &base, SCN_CTR_CAUSE);
            continue;
        }
        if (strcmp(key->str, breakdowns[1]) == 0) {
            conv_breakdown(c, v, path, &base, SCN_CTR_REASON);
            continue;
        }
        struct scn_expect_counter e = base;
        e.kind = SCN_CTR_MODEL;
        for (uint32_t k = 0; k < VGIC_COMMON_COUNTERS; k++)
            if (strcmp(key->str, vgic_common_counter_names[k]) == 0) {
                e.kind = SCN_CTR_COMMON;
                e.index = k;
            }
        if (e.kind == SCN_CTR_MODEL && !model)
            continue;   /* reported above */
        e.name = arena_strdup(&c->s->arena, key->str);
        if (conv_bounds(c, v, path, &e))
            add(c, &e);
    }
}

void conv_counters(struct conv *c, const struct ynode *n)
{
    if (n->type == YNODE_SEQ) {
        if (n->n_items == 0)
            conv_error(c, n, "expect.counters: an empty list checks nothing");
        for (size_t i = 0; i < n->n_items; i++) {
            char *what = xasprintf("expect.counters[%zu]", i);
            conv_counter_map(c, n->items[i], what);
            free(what);
        }
        return;
    }
    if (n->type != YNODE_MAP) {
        conv_error(c, n, "expect.counters: expected a map of counters, or a list of such maps");
        return;
    }
    conv_counter_map(c, n, "expect.counters");
}
