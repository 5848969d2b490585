/* SPDX-License-Identifier: GPL-2.0-only */
/* The `host` section (spec section 2b): the host threads that inject device interrupts.
 *
 *   host:
 *     injectors:
 *       - {name: vhost-net, intids: 40}
 *       - {name: vfio-nic, intids: [48, 55]}          # [FIRST, LAST]
 *       - {name: irqfd, intids: [33, [36, 39], 44]}   # INTIDs and ranges
 *
 * `intids` is an INTID, a range [FIRST, LAST] (a list of exactly two INTIDs is a range,
 * as a generator's `intid` is), or a list whose items are INTIDs and ranges. Each
 * INTID is served by at most one injector; the ones no injector names are injected by
 * their raiser's default (each generator its own thread, the trace's device steps
 * another). SGIs have no line, and a HW-mapped PPI (the virtual timer) fires on its
 * vCPU's own CPU: neither is a host thread's. With an ITS (gic.its), `devices: [ID, ...]`
 * names the DeviceIDs whose MSIs the injector sends, each served by one injector too;
 * an injector serves INTIDs, devices or both. */
#include <stdlib.h>
#include <string.h>

#include "scenario/convert_internal.h"
#include "util/escape.h"
#include "util/xalloc.h"
#include "vgic/vgic_irq.h"

/* Adds one INTID to the injector `k`, refusing what no host thread injects and what
 * another injector (or this one) already serves. */
static void add_intid(struct conv *c, const struct ynode *at, const char *what,
                      int32_t *owner, size_t k, uint32_t intid, uint32_t *list, size_t *n)
{
    if (gic_intid_is_sgi(intid)) {
        conv_error(c, at, "%s: SGI %u has no line: a vCPU sends it, no host thread injects it",
                   what, intid);
        return;
    }
    if (gic_intid_is_ppi(intid) && vgic_intid_hw_mapped(&c->s->gic, intid)) {
        conv_error(c, at, "%s: PPI %u is HW-mapped: its physical interrupt fires on its "
                   "vCPU's own CPU, which injects it", what, intid);
        return;
    }
    if (owner[intid] >= 0) {
        conv_error(c, at, "%s: INTID %u is already served by injectors[%d]; an INTID has one "
                   "injector", what, intid, owner[intid]);
        return;
    }
    owner[intid] = (int32_t)k;
    list[(*n)++] = intid;
}

/* An INTID or a [FIRST, LAST] range. */
static void add_item(struct conv *c, const struct ynode *item, const char *what,
                     int32_t *owner, size_t k, uint32_t *list, size_t *n)
{
    uint32_t lo, hi;
    if (item->type == YNODE_SEQ) {
        if (item->n_items != 2) {
            conv_error(c, item, "%s: a range is written [first, last]", what);
            return;
        }
        bool lo_ok = conv_intid_any(c, item->items[0], what, &lo);
        bool hi_ok = conv_intid_any(c, item->items[1], what, &hi);
        if (!lo_ok || !hi_ok)
            return;
        if (lo > hi) {
            conv_error(c, item, "%s: the range [%u, %u] is empty (first > last)", what, lo, hi);
            return;
        }
    } else if (conv_intid_any(c, item, what, &lo)) {
        hi = lo;
    } else {
        return;
    }
    for (uint32_t id = lo; id <= hi; id++)
        add_intid(c, item, what, owner, k, id, list, n);
}

static int by_value(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Which injector serves each INTID and each DeviceID so far (-1: none). */
struct owners {
    int32_t *of_intid;
    int32_t *of_device;
};

enum { KVM_ITS_DEVICE_IDS = 1u << 16 };   /* KVM's ITS has 16-bit DeviceIDs */

/* devices: [ID, ...], the DeviceIDs whose MSIs the injector `k` sends. */
static void conv_devices(struct conv *c, const struct ynode *list, const char *what,
                         int32_t *owner, size_t k, struct scn_injector *inj)
{
    if (!conv_require_its(c, list, what) || !conv_expect_type(c, list, YNODE_SEQ, what))
        return;
    if (list->n_items == 0) {
        conv_error(c, list, "%s: the list is empty", what);
        return;
    }
    inj->devices = arena_alloc(&c->s->arena, list->n_items * sizeof(*inj->devices));
    for (size_t i = 0; i < list->n_items; i++) {
        uint32_t id;
        if (!conv_u32_range(c, list->items[i], what, 0, KVM_ITS_DEVICE_IDS - 1, &id))
            continue;
        if (owner[id] >= 0) {
            conv_error(c, list->items[i], "%s: DeviceID %u is already served by "
                       "injectors[%d]; a device has one injector", what, id, owner[id]);
            continue;
        }
        owner[id] = (int32_t)k;
        inj->devices[inj->n_devices++] = id;
    }
    qsort(inj->devices, inj->n_devices, sizeof(*inj->devices), by_value);
}

static void conv_injector(struct conv *c, const struct ynode *n, size_t k,
                          const struct owners *owners, struct scn_injector *inj)
{
    static const char *const keys[] = {"name", "intids", "devices", NULL};
    char *what = xasprintf("host.injectors[%zu]", k);
    inj->loc = conv_loc(c, n);
    if (!conv_expect_type(c, n, YNODE_MAP, what)) {
        free(what);
        return;
    }
    conv_check_keys(c, n, what, keys);
    const struct ynode *v = ynode_get(n, "name");
    if (!v)
        conv_error(c, n, "%s: missing 'name' (what the host thread is, e.g. vhost-net)", what);
    else
        conv_string(c, v, CONV_PATH(what, "name"), &inj->name);
    if ((v = ynode_get(n, "devices")))
        conv_devices(c, v, CONV_PATH(what, "devices"), owners->of_device, k, inj);
    const struct ynode *ids = ynode_get(n, "intids");
    if (!ids) {
        if (!v)
            conv_error(c, n, "%s: missing 'intids' (an INTID, [first, last] or a list)%s", what,
                       conv_has_its(c) ? " or 'devices' (ITS DeviceIDs)" : "");
        free(what);
        return;
    }
    const char *path = CONV_PATH(what, "intids");
    uint32_t *list = arena_alloc(&c->s->arena, conv_nr_irqs(c) * sizeof(*list));
    size_t count = 0;
    bool two_intids = ids->type == YNODE_SEQ && ids->n_items == 2 &&
                      ids->items[0]->type == YNODE_SCALAR && ids->items[1]->type == YNODE_SCALAR;
    if (ids->type != YNODE_SEQ || two_intids) {
        add_item(c, ids, path, owners->of_intid, k, list, &count);
    } else if (ids->n_items == 0) {
        conv_error(c, ids, "%s: the list is empty", path);
    } else {
        for (size_t i = 0; i < ids->n_items; i++)
            add_item(c, ids->items[i], path, owners->of_intid, k, list, &count);
    }
    qsort(list, count, sizeof(*list), by_value);
    inj->intids = list;
    inj->n_intids = count;
    free(what);
}

void conv_host(struct conv *c, const struct ynode *n)
{
    static const char *const keys[] = {"injectors", NULL};
    if (!n || !conv_expect_type(c, n, YNODE_MAP, "host"))
        return;
    conv_check_keys(c, n, "host", keys);
    const struct ynode *list = ynode_get(n, "injectors");
    if (!list || !conv_expect_type(c, list, YNODE_SEQ, "host.injectors"))
        return;
    if (list->n_items > SCN_MAX_INJECTORS) {
        conv_error(c, list, "host.injectors: %zu injectors; at most %d", list->n_items,
                   SCN_MAX_INJECTORS);
        return;
    }
    uint32_t nr = conv_nr_irqs(c);
    struct owners owners = {
        .of_intid = xmalloc(nr * sizeof(int32_t)),
        .of_device = xmalloc(KVM_ITS_DEVICE_IDS * sizeof(int32_t)),
    };
    for (uint32_t i = 0; i < nr; i++)
        owners.of_intid[i] = -1;
    for (uint32_t i = 0; i < KVM_ITS_DEVICE_IDS; i++)
        owners.of_device[i] = -1;
    struct scenario *s = c->s;
    s->host.injectors = arena_alloc(&s->arena, (list->n_items ? list->n_items : 1) *
                                                   sizeof(*s->host.injectors));
    s->host.n_injectors = list->n_items;
    for (size_t k = 0; k < list->n_items; k++) {
        conv_injector(c, list->items[k], k, &owners, &s->host.injectors[k]);
        for (size_t j = 0; j < k && s->host.injectors[k].name; j++)
            if (s->host.injectors[j].name &&
                strcmp(s->host.injectors[j].name, s->host.injectors[k].name) == 0) {
                conv_error(c, ynode_get(list->items[k], "name"),
                           "host.injectors[%zu]: the name '%s' is already injectors[%zu]'s", k,
                           ESC(s->host.injectors[k].name), j);
                break;
            }
    }
    free(owners.of_intid);
    free(owners.of_device);
}
