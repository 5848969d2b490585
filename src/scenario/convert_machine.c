/* SPDX-License-Identifier: GPL-2.0-only */
/* The sections that describe the machine and the guest: gic, costs, guest. */
#include <stdlib.h>
#include <string.h>

#include "scenario/convert_internal.h"
#include "util/escape.h"
#include "util/xalloc.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void conv_hw_mapped(struct conv *c, const struct ynode *n)
{
    if (!conv_expect_type(c, n, YNODE_SEQ, "gic.hw_mapped"))
        return;
    uint32_t *ids = arena_alloc(&c->s->arena, n->n_items * sizeof(*ids));
    uint32_t count = 0;
    for (size_t i = 0; i < n->n_items; i++) {
        const struct ynode *item = n->items[i];
        uint32_t id;
        if (!conv_intid_any(c, item, "gic.hw_mapped", &id))
            continue;
        if (gic_intid_is_sgi(id)) {
            conv_error(c, item,
                       "gic.hw_mapped: SGI %u cannot be HW-mapped (only PPIs and SPIs have a "
                       "physical counterpart)",
                       id);
            continue;
        }
        bool dup = false;
        for (uint32_t j = 0; j < count; j++)
            dup |= ids[j] == id;
        if (dup) {
            conv_error(c, item, "gic.hw_mapped: INTID %u is listed twice", id);
            continue;
        }
        ids[count++] = id;
    }
    qsort(ids, count, sizeof(*ids), cmp_u32);
    c->s->gic.hw_mapped = ids;
    c->s->gic.n_hw_mapped = count;
}

/* gic.its and gic.lpis. An invalid one clears its_ok or lpis_ok, so that what depends on
 * it is checked with the widest limits instead of being reported too. */
static void conv_gic_its(struct conv *c, const struct ynode *n)
{
    struct gic_config *g = &c->s->gic;
    const struct ynode *its = ynode_get(n, "its"), *lpis = ynode_get(n, "lpis");
    size_t mark = c->diags->count;
    if (its && conv_bool(c, its, "gic.its", &g->its) && g->its && c->version_ok &&
        g->version == GIC_V2)
        conv_error(c, its, "gic.its: GICv2 has no ITS (LPIs and MSIs are GICv3's); use "
                   "gic.version: 3");
    c->its_ok = c->diags->count == mark;
    if (!c->its_ok)
        g->its = false;
    mark = c->diags->count;
    if (lpis && conv_u32_range(c, lpis, "gic.lpis", GIC_MIN_LPIS, GIC_MAX_LPIS, &g->lpis) &&
        c->its_ok && !g->its)
        conv_error(c, lpis, "gic.lpis: LPIs need an ITS: add gic.its: true");
    c->lpis_ok = c->diags->count == mark;
    if (!c->lpis_ok)
        g->lpis = GIC_MIN_LPIS;
}

void conv_gic(struct conv *c, const struct ynode *n)
{
    static const char *const keys[] = {
        "version", "vcpus", "spis", "list_registers", "priority_bits", "hw_mapped", "its",
        "lpis", NULL,
    };
    struct gic_config *g = &c->s->gic;
    g->spis = 64;
    g->list_registers = 4;
    g->priority_bits = 5;
    g->lpis = GIC_MIN_LPIS;
    if (!conv_expect_type(c, n, YNODE_MAP, "gic")) {
        c->version_ok = c->vcpus_ok = c->spis_ok = c->its_ok = c->lpis_ok = false;
        return;
    }
    conv_check_keys(c, n, "gic", keys);

    const struct ynode *v = ynode_get(n, "version");
    uint32_t version = 0;
    size_t mark = c->diags->count;
    if (!v) {
        conv_error(c, n, "gic: missing required key 'version' (2 or 3)");
    } else if (conv_u32_range(c, v, "gic.version", 0, UINT32_MAX, &version) && version != 2 &&
               version != 3) {
        conv_error(c, v, "gic.version: GIC version %u is not modelled (2 or 3)", version);
        version = 0;
    }
    g->version = (enum gic_version)version;
    c->version_ok = c->diags->count == mark;
    mark = c->diags->count;

    if (!(v = ynode_get(n, "vcpus"))) {
        conv_error(c, n, "gic: missing required key 'vcpus'");
    } else if (conv_u32_range(c, v, "gic.vcpus", 1, GIC_V3_MAX_VCPUS, &g->vcpus) &&
               version == 2 && g->vcpus > GIC_V2_MAX_VCPUS) {
        conv_error(c, v,
                   "gic.vcpus: GICv2 supports at most %d vCPUs (GICD_ITARGETSR has 8 bits); "
                   "use gic.version: 3 for %u",
                   GIC_V2_MAX_VCPUS, g->vcpus);
    }
    c->vcpus_ok = c->diags->count == mark;
    mark = c->diags->count;

    if ((v = ynode_get(n, "spis")) &&
        conv_u32_range(c, v, "gic.spis", GIC_MIN_SPIS, GIC_MAX_SPIS, &g->spis) &&
        g->spis % 32 != 0)
        conv_error(c, v, "gic.spis: %u is not a multiple of 32 (the distributor implements "
                   "SPIs in blocks of 32)", g->spis);
    c->spis_ok = c->diags->count == mark;
    if ((v = ynode_get(n, "list_registers")))
        conv_u32_range(c, v, "gic.list_registers", 1, GIC_MAX_LIST_REGISTERS,
                       &g->list_registers);
    if ((v = ynode_get(n, "priority_bits")))
        conv_u32_range(c, v, "gic.priority_bits", GIC_MIN_PRIORITY_BITS, GIC_MAX_PRIORITY_BITS,
                       &g->priority_bits);

    /* Before hw_mapped, whose check of an LPI names it as such. */
    conv_gic_its(c, n);
    if ((v = ynode_get(n, "hw_mapped")))
        conv_hw_mapped(c, v);
}

void conv_costs(struct conv *c, const struct ynode *n)
{
    struct cost_model *m = &c->s->costs;
    enum gic_version version = c->version_ok ? c->s->gic.version : GIC_V3;
    cost_model_from_preset(m, cost_preset_default(version));
    if (!n)
        return;

    const struct ynode *preset = NULL;
    if (n->type == YNODE_SCALAR) {
        preset = n;
    } else if (!conv_expect_type(c, n, YNODE_MAP, "costs")) {
        return;
    } else {
        preset = ynode_get(n, "preset");
    }
    if (preset && conv_expect_type(c, preset, YNODE_SCALAR, "costs.preset")) {
        const struct cost_preset *p = cost_preset_by_name(preset->str);
        if (p) {
            cost_model_from_preset(m, p);
        } else {
            const char *names[16];
            size_t k = 0;
            for (size_t i = 0; i < cost_preset_count && k < 15; i++)
                names[k++] = cost_presets[i].name;
            names[k] = NULL;
            conv_choice(c, preset, "costs.preset", names);
        }
    }
    if (n->type != YNODE_MAP)
        return;
    /* The keys of a costs map: 'preset' and every operation name (with did-you-mean). */
    const char *keys[COST_OP_COUNT + 3];
    keys[0] = "preset";
    keys[1] = "clock_mhz";
    for (int op = 0; op < COST_OP_COUNT; op++)
        keys[op + 2] = cost_op_name((enum cost_op)op);
    keys[COST_OP_COUNT + 2] = NULL;
    conv_check_keys(c, n, "costs (operations: docs/cost-model.md)", keys);
    const struct ynode *clock = ynode_get(n, "clock_mhz");
    if (clock)
        conv_u32_range(c, clock, "costs.clock_mhz", COST_CLOCK_MHZ_MIN, COST_CLOCK_MHZ_MAX,
                       &m->clock_mhz);
    for (size_t i = 0; i < n->n_pairs; i++) {
        const struct ynode *key = n->pairs[i].key;
        int op = cost_op_by_name(key->str);
        if (op < 0)
            continue;  /* 'preset', or reported above */
        char *what = xasprintf("costs.%s", key->str);
        conv_cost(c, n->pairs[i].value, what, &m->cycles[op]);
        free(what);
    }
}

static int cmp_handler(const void *a, const void *b)
{
    const struct scn_handler_cycles *x = a, *y = b;
    return x->intid < y->intid ? -1 : x->intid > y->intid;
}

void conv_guest(struct conv *c, const struct ynode *n)
{
    static const char *const keys[] = {"mode", "handler", "handlers", "eoi_mode", "pmr", NULL};
    static const char *const modes[] = {"auto", "manual", NULL};
    struct scn_guest *g = &c->s->guest;
    g->mode = SCN_GUEST_AUTO;
    g->handler = 2000;
    g->eoi_mode = 0;
    g->pmr = 0xff;
    if (!n || !conv_expect_type(c, n, YNODE_MAP, "guest"))
        return;
    conv_check_keys(c, n, "guest", keys);

    const struct ynode *v;
    if ((v = ynode_get(n, "mode"))) {
        int m = conv_choice(c, v, "guest.mode", modes);
        if (m >= 0)
            g->mode = (enum scn_guest_mode)m;
    }
    if ((v = ynode_get(n, "handler")))
        conv_cycles(c, v, "guest.handler", &g->handler);
    if ((v = ynode_get(n, "eoi_mode")))
        conv_u32_range(c, v, "guest.eoi_mode", 0, 1, &g->eoi_mode);
    if ((v = ynode_get(n, "pmr")))
        conv_u32_range(c, v, "guest.pmr", 0, 0xff, &g->pmr);
    if ((v = ynode_get(n, "handlers")) && conv_expect_type(c, v, YNODE_MAP, "guest.handlers")) {
        g->handlers = arena_alloc(&c->s->arena, v->n_pairs * sizeof(*g->handlers));
        for (size_t i = 0; i < v->n_pairs; i++) {
            struct scn_handler_cycles h;
            const struct ynode *key = v->pairs[i].key;
            const char *what = CONV_PATH("guest.handlers", ESC(key->str));
            if (!conv_intid_deliverable(c, key, what, &h.intid) ||
                !conv_cycles(c, v->pairs[i].value, what, &h.cycles))
                continue;
            bool dup = false;
            for (size_t k = 0; k < g->n_handlers; k++)
                dup |= g->handlers[k].intid == h.intid;
            if (dup)
                conv_error(c, key, "%s: INTID %u is given twice", what, h.intid);
            else
                g->handlers[g->n_handlers++] = h;
        }
        qsort(g->handlers, g->n_handlers, sizeof(*g->handlers), cmp_handler);
    }
}
