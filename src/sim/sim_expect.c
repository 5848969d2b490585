/* SPDX-License-Identifier: GPL-2.0-only */
/* End-of-run expectations (spec section 7): acks, ack_order, spurious. */
#include <stdio.h>
#include <string.h>

#include "sim/sim_internal.h"

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

void sim_expect_check_end(struct sim *sim)
{
    const struct scn_expect *e = &sim->s->expect;
    check_acks(sim);
    check_orders(sim);
    if (e->has_spurious) {
        uint64_t got = rec_spurious(sim->rec, -1);
        if (got != e->spurious)
            sim_fail(sim, e->spurious_loc, "expect.spurious: %llu IAR read%s returned 1023, "
                     "expected %llu", (unsigned long long)got, got == 1 ? "" : "s",
                     (unsigned long long)e->spurious);
    }
}
