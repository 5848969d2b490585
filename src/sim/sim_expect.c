/* SPDX-License-Identifier: GPL-2.0-only */
/* End-of-run expectations (spec section 7): acks, ack_order, spurious, counters. */
#include <stdio.h>
#include <string.h>

#include "model/model_registry.h"
#include "sim/sim_internal.h"
#include "util/escape.h"

static void check_acks(struct sim *sim)
{
    const struct scn_expect *e = &sim->s->expect;
    for (size_t i = 0; i < e->n_acks; i++) {
        const struct scn_expect_acks *a = &e->acks[i];
        uint64_t got = rec_ack_count(sim->rec, a->vcpu, a->intid);
        if (got == a->count)
            continue;
        char where[32] = " over all vCPUs";
        if (a->vcpu >= 0)
            snprintf(where, sizeof(where), " on vCPU %d", a->vcpu);
        sim_fail(sim, a->loc, "expect.acks[%zu]: INTID %u was acknowledged %llu time%s%s, "
                 "expected %llu", i, a->intid, (unsigned long long)got, got == 1 ? "" : "s",
                 where, (unsigned long long)a->count);
    }
}

static void format_sequence(char *buf, size_t size, const uint32_t *ids, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 16 < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%u", i ? ", " : "", ids[i]);
    if (n && used + 16 >= size)
        snprintf(buf + used, size - used, ", ...");
}

static void check_orders(struct sim *sim)
{
    const struct scn_expect *e = &sim->s->expect;
    for (size_t i = 0; i < e->n_orders; i++) {
        const struct scn_expect_order *o = &e->orders[i];
        size_t n;
        const uint32_t *got = rec_ack_order(sim->rec, o->vcpu, &n);
        if (n == o->n_intids && (n == 0 || memcmp(got, o->intids, n * sizeof(*got)) == 0))
            continue;
        char want[256], have[256];
        format_sequence(want, sizeof(want), o->intids, o->n_intids);
        format_sequence(have, sizeof(have), got, n);
        sim_fail(sim, o->loc, "expect.ack_order[%zu]: vCPU %u acknowledged [%s], expected [%s]",
                 i, o->vcpu, have, want);
    }
}

/* The value of one expected counter in `c`; false when the model has no counter of that
 * name (a model's own counter, SCN_CTR_MODEL). */
static bool counter_value(const struct scn_expect_counter *x, const struct vgic_counters *c,
                          uint64_t *out)
{
    switch (x->kind) {
    case SCN_CTR_COMMON:
        *out = vgic_counter_common(c, (enum vgic_common_counter)x->index);
        return true;
    case SCN_CTR_CAUSE: *out = c->maintenance_by_cause[x->index]; return true;
    case SCN_CTR_REASON: *out = c->exits_by_reason[x->index]; return true;
    case SCN_CTR_MODEL:
        for (uint32_t k = 0; k < c->n_extra; k++)
            if (strcmp(c->extra[k].name, x->name) == 0) {
                *out = c->extra[k].value;
                return true;
            }
        return false;
    }
    return false;
}

static void format_bounds(char *buf, size_t size, const struct scn_expect_counter *x)
{
    if (x->min == x->max)
        snprintf(buf, size, "%llu", (unsigned long long)x->min);
    else if (x->max == UINT64_MAX)
        snprintf(buf, size, "at least %llu", (unsigned long long)x->min);
    else
        snprintf(buf, size, "%llu..%llu", (unsigned long long)x->min,
                 (unsigned long long)x->max);
}

/* expect.counters on one model's counters: those for every model and those naming it. */
static void check_counters_of(struct sim *sim, const char *model, const struct vgic_counters *c)
{
    const struct scn_expect *e = &sim->s->expect;
    for (size_t i = 0; i < e->n_counters; i++) {
        const struct scn_expect_counter *x = &e->counters[i];
        if (x->model && strcmp(x->model, model) != 0)
            continue;
        uint64_t got;
        if (!counter_value(x, c, &got)) {
            sim_fail(sim, x->loc, "expect.counters: model %s has no counter '%s'", model,
                     ESC(x->name));
            continue;
        }
        if (got >= x->min && got <= x->max)
            continue;
        char want[64];
        format_bounds(want, sizeof(want), x);
        sim_fail(sim, x->loc, "expect.counters: %s on %s is %llu, expected %s", ESC(x->name),
                 model, (unsigned long long)got, want);
    }
}

/* Every model the run drove: the model itself, or each member of a checker. */
static void check_counters(struct sim *sim)
{
    if (sim->s->expect.n_counters == 0)
        return;
    struct vgic_counters c;
    const char *name;
    size_t members = 0;
    if (sim->ops->member_counters)
        members = sim->ops->member_counters(sim->model, 0, &name, &c);
    if (members == 0) {
        memset(&c, 0, sizeof(c));
        sim->ops->counters(sim->model, &c);
        check_counters_of(sim, sim->ops->name, &c);
        return;
    }
    for (size_t m = 0; m < members; m++) {
        memset(&c, 0, sizeof(c));
        sim->ops->member_counters(sim->model, m, &name, &c);
        check_counters_of(sim, name, &c);
    }
}

bool sim_validate(const struct scenario *s, struct diag_list *diags)
{
    bool ok = true;
    for (size_t i = 0; i < s->expect.n_counters; i++) {
        const struct scn_expect_counter *x = &s->expect.counters[i];
        if (!x->model || vgic_model_by_name(x->model))
            continue;
        /* Once per map: its counters share the location of `model:`. */
        bool said = false;
        for (size_t j = 0; j < i && !said; j++)
            said = s->expect.counters[j].model &&
                   s->expect.counters[j].model_loc.line == x->model_loc.line &&
                   s->expect.counters[j].model_loc.col == x->model_loc.col;
        if (said)
            continue;
        char names[256] = "";
        size_t used = 0;
        for (size_t k = 0; k < vgic_model_count() && used < sizeof(names); k++)
            used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s", k ? ", " : "",
                                     vgic_model_at(k)->name);
        diag_add(diags, x->model_loc.file, x->model_loc.line, x->model_loc.col,
                 "expect.counters: model '%s' is not a model of vgicsim (%s)", ESC(x->model),
                 names);
        ok = false;
    }
    return ok;
}

void sim_expect_check_end(struct sim *sim)
{
    const struct scn_expect *e = &sim->s->expect;
    check_acks(sim);
    check_orders(sim);
    check_counters(sim);
    if (e->has_spurious) {
        uint64_t got = rec_spurious(sim->rec, -1);
        if (got != e->spurious)
            sim_fail(sim, e->spurious_loc, "expect.spurious: %llu IAR read%s returned 1023, "
                     "expected %llu", (unsigned long long)got, got == 1 ? "" : "s",
                     (unsigned long long)e->spurious);
    }
}
