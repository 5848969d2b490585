/* SPDX-License-Identifier: GPL-2.0-only */
/* The emulated ITS's parts of a scenario: the `its` section (spec section 2c) and the
 * trace steps `msi`, `its` and `lpi_config` (spec section 5).
 *
 *   its:
 *     devices:
 *       - {id: 0, events: 32, lpi_base: 8192, vcpu: 0}
 *   trace:
 *     - msi: {device: 0, event: 3}
 *     - {its: {cmd: MAPTI, device: 0, event: 3, intid: 8195, collection: 0}, vcpu: 0}
 *     - {lpi_config: {intid: 8195, priority: 0x80, enabled: true}, vcpu: 0}
 *
 * The limits are KVM's: its ITS has 16-bit DeviceIDs, EventIDs and INTIDs. The section's
 * devices are what an auto-mode guest maps at boot, so they must fit those limits; an
 * `its` command or an MSI may name anything the architecture can encode (32-bit IDs),
 * because KVM refusing or dropping it is behaviour to simulate. */
#include <stdlib.h>
#include <string.h>

#include "scenario/convert_internal.h"
#include "util/escape.h"
#include "util/suggest.h"
#include "util/xalloc.h"

enum {
    KVM_ITS_ID_LIMIT = 1u << 16,      /* DeviceIDs, EventIDs: 16 bits in KVM's ITS */
    KVM_ITS_MAX_INTID = 0xffff,       /* KVM's ITS refuses wider INTIDs */
    SCN_MAX_ITS_DEVICES = 65536,
    ITS_SIZE_MAX = 31,                /* MAPD's Size: EventID bits - 1, 5 bits */
    ITS_DEFAULT_SIZE = 15,            /* 16 EventID bits, KVM's maximum */
};

/* ---- the its section ---- */

/* Reads one of its.devices[k]; false when its LPIs cannot take part in the cross checks
 * (*id_ok says whether its DeviceID can). */
static bool conv_its_device(struct conv *c, const struct ynode *n, const char *what,
                            struct scn_its_device *d, bool *id_ok)
{
    static const char *const keys[] = {"id", "events", "lpi_base", "vcpu", "passthrough",
                                       NULL};
    d->loc = conv_loc(c, n);
    if (!conv_expect_type(c, n, YNODE_MAP, what))
        return false;
    conv_check_keys(c, n, what, keys);
    const struct ynode *id = ynode_get(n, "id"), *events = ynode_get(n, "events");
    const struct ynode *base = ynode_get(n, "lpi_base"), *v;
    bool ok = true;
    if (!id)
        conv_error(c, n, "%s: missing 'id' (the DeviceID, 0..65535)", what);
    else
        *id_ok = conv_u32_range(c, id, CONV_PATH(what, "id"), 0, KVM_ITS_ID_LIMIT - 1, &d->id);
    if (!events) {
        conv_error(c, n, "%s: missing 'events' (how many EventIDs, 1..65536)", what);
        ok = false;
    } else {
        ok &= conv_u32_range(c, events, CONV_PATH(what, "events"), 1, KVM_ITS_ID_LIMIT,
                             &d->events);
    }
    if (!base) {
        conv_error(c, n, "%s: missing 'lpi_base' (the LPI of event 0)", what);
        ok = false;
    } else if (!conv_lpi(c, base, CONV_PATH(what, "lpi_base"), &d->lpi_base)) {
        ok = false;
    } else if (d->lpi_base > KVM_ITS_MAX_INTID) {
        conv_error(c, base, "%s: LPI %u is past 65535: KVM's ITS refuses INTIDs wider than "
                   "16 bits", CONV_PATH(what, "lpi_base"), d->lpi_base);
        ok = false;
    }
    if ((v = ynode_get(n, "vcpu")))
        conv_vcpu(c, v, CONV_PATH(what, "vcpu"), &d->vcpu);
    if ((v = ynode_get(n, "passthrough")))
        conv_bool(c, v, CONV_PATH(what, "passthrough"), &d->passthrough);
    if (!ok)
        return false;
    uint64_t last = (uint64_t)d->lpi_base + d->events - 1;
    if (last > KVM_ITS_MAX_INTID) {
        conv_error(c, events, "%s: events 0..%u map to LPIs %u..%llu, past 65535: KVM's ITS "
                   "refuses INTIDs wider than 16 bits", what, d->events - 1, d->lpi_base,
                   (unsigned long long)last);
        return false;
    }
    if (last - GIC_LPI_BASE >= conv_lpis(c)) {
        conv_error(c, events, "%s: events 0..%u map to LPIs %u..%llu, past the machine's "
                   "last LPI %u (gic.lpis = %u)", what, d->events - 1, d->lpi_base,
                   (unsigned long long)last, GIC_LPI_BASE + conv_lpis(c) - 1, conv_lpis(c));
        return false;
    }
    return true;
}

/* A device's index under a sort key (qsort's comparison has no context: the key travels
 * with the index, and loads on several threads share nothing). */
struct keyed {
    uint32_t key;
    uint32_t index;
};

static int by_key(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static uint32_t last_lpi(const struct scn_its_device *d)
{
    return d->lpi_base + d->events - 1;
}

/* Two devices whose LPIs overlap would make one LPI two events' (KVM's MAPTI refuses
 * the second). Sorted by lpi_base, each range is compared with the one reaching furthest
 * before it, so n devices cost n log n; the error goes to the later of the two in the
 * file. */
static void check_lpi_overlaps(struct conv *c, const struct ynode *list, const bool *ok)
{
    const struct scn_its *its = &c->s->its;
    struct keyed *order = xmalloc((its->n_devices + 1) * sizeof(*order));
    size_t n = 0;
    for (size_t i = 0; i < its->n_devices; i++)
        if (ok[i])
            order[n++] = (struct keyed){its->devices[i].lpi_base, (uint32_t)i};
    qsort(order, n, sizeof(*order), by_key);
    size_t reach = 0;   /* the one of order[0..k) whose LPIs end last */
    for (size_t k = 1; k < n; k++) {
        uint32_t a = order[reach].index, b = order[k].index;
        const struct scn_its_device *prev = &its->devices[a], *d = &its->devices[b];
        if (d->lpi_base <= last_lpi(prev)) {
            uint32_t later = a > b ? a : b, other = a > b ? b : a;
            const struct scn_its_device *l = &its->devices[later], *o = &its->devices[other];
            conv_error(c, ynode_get(list->items[later], "lpi_base"),
                       "its.devices[%u]: LPIs %u..%u overlap those of its.devices[%u] "
                       "(device %u, LPIs %u..%u): an LPI belongs to one event", later,
                       l->lpi_base, last_lpi(l), other, o->id, o->lpi_base, last_lpi(o));
        }
        if (last_lpi(d) > last_lpi(prev))
            reach = k;
    }
    free(order);
}

/* The devices sorted by DeviceID, for the MAPD steps' default size (its_device). */
static void index_devices(struct conv *c)
{
    const struct scn_its *its = &c->s->its;
    struct keyed *order = xmalloc((its->n_devices + 1) * sizeof(*order));
    for (size_t i = 0; i < its->n_devices; i++)
        order[i] = (struct keyed){its->devices[i].id, (uint32_t)i};
    qsort(order, its->n_devices, sizeof(*order), by_key);
    c->its_by_id = arena_alloc(&c->s->arena, (its->n_devices + 1) * sizeof(*c->its_by_id));
    for (size_t i = 0; i < its->n_devices; i++)
        c->its_by_id[i] = order[i].index;
    free(order);
}

/* A DeviceID names one device: the second is reported, naming the first. */
static void check_distinct_id(struct conv *c, const struct ynode *item, const char *what,
                              int32_t *owner, size_t k, uint32_t id)
{
    if (owner[id] >= 0)
        conv_error(c, ynode_get(item, "id"), "%s.id: DeviceID %u is already "
                   "its.devices[%d]'s", what, id, owner[id]);
    else
        owner[id] = (int32_t)k;
}

static void conv_its_devices(struct conv *c, const struct ynode *list)
{
    struct scn_its *its = &c->s->its;
    if (!conv_expect_type(c, list, YNODE_SEQ, "its.devices"))
        return;
    if (list->n_items > SCN_MAX_ITS_DEVICES) {
        conv_error(c, list, "its.devices: %zu devices; at most %d (one per 16-bit DeviceID)",
                   list->n_items, SCN_MAX_ITS_DEVICES);
        return;
    }
    its->devices = arena_alloc(&c->s->arena, (list->n_items + 1) * sizeof(*its->devices));
    its->n_devices = list->n_items;
    bool *ok = xcalloc(list->n_items + 1, sizeof(*ok));
    int32_t *owner = xmalloc(KVM_ITS_ID_LIMIT * sizeof(*owner));   /* DeviceID -> index */
    for (size_t i = 0; i < KVM_ITS_ID_LIMIT; i++)
        owner[i] = -1;
    for (size_t k = 0; k < list->n_items; k++) {
        char *what = xasprintf("its.devices[%zu]", k);
        bool id_ok = false;
        ok[k] = conv_its_device(c, list->items[k], what, &its->devices[k], &id_ok);
        if (id_ok)
            check_distinct_id(c, list->items[k], what, owner, k, its->devices[k].id);
        free(what);
    }
    check_lpi_overlaps(c, list, ok);
    index_devices(c);
    free(owner);
    free(ok);
}

/* gic.passthrough: the assigned devices' DeviceIDs, ascending (the models look them up
 * by DeviceID when the ITS maps an event: vgic_v4_forwards). */
static void list_passthrough(struct conv *c)
{
    const struct scn_its *its = &c->s->its;
    uint32_t *ids = arena_alloc(&c->s->arena, (its->n_devices + 1) * sizeof(*ids));
    uint32_t n = 0;
    for (size_t i = 0; i < its->n_devices; i++) {
        const struct scn_its_device *d = &its->devices[c->its_by_id[i]];
        if (d->passthrough)
            ids[n++] = d->id;
    }
    c->s->gic.passthrough = ids;
    c->s->gic.n_passthrough = n;
}

void conv_its(struct conv *c, const struct ynode *n)
{
    static const char *const keys[] = {"devices", NULL};
    if (!n || !conv_require_its(c, n, "its"))
        return;
    if (!conv_expect_type(c, n, YNODE_MAP, "its"))
        return;
    conv_check_keys(c, n, "its", keys);
    const struct ynode *list = ynode_get(n, "devices");
    if (list)
        conv_its_devices(c, list);
    list_passthrough(c);
}

/* The device of that DeviceID in its.devices, or NULL. */
static const struct scn_its_device *its_device(const struct conv *c, uint32_t id)
{
    const struct scn_its *its = &c->s->its;
    size_t lo = 0, hi = c->its_by_id ? its->n_devices : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct scn_its_device *d = &its->devices[c->its_by_id[mid]];
        if (d->id == id)
            return d;
        if (d->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- msi ---- */

void conv_msi_step(struct conv *c, struct scn_step *st, const struct ynode *m, const char *what)
{
    static const char *const keys[] = {"device", "event", NULL};
    struct scn_msi *msi = &st->u.msi;
    if (!conv_require_its(c, m, what) || !conv_expect_type(c, m, YNODE_MAP, what))
        return;
    conv_check_keys(c, m, what, keys);
    const struct ynode *device = ynode_get(m, "device"), *event = ynode_get(m, "event");
    if (!device)
        conv_error(c, m, "%s: missing 'device' (the DeviceID that sends the MSI)", what);
    else
        conv_u32_range(c, device, CONV_PATH(what, "device"), 0, KVM_ITS_ID_LIMIT - 1,
                       &msi->device);
    if (!event)
        conv_error(c, m, "%s: missing 'event' (the EventID written to GITS_TRANSLATER)", what);
    else
        conv_u32_range(c, event, CONV_PATH(what, "event"), 0, KVM_ITS_ID_LIMIT - 1,
                       &msi->event);
}

/* ---- its ---- */

/* The keys of a command's fields. MOVALL moves from RDbase1 (`from`, cmd.target) to
 * RDbase2 (`target`, cmd.target2); every other command's `target` is cmd.target. */
struct its_key {
    const char *key;
    uint32_t field;
};
static const struct its_key its_keys[] = {
    {"device", GIC_ITS_F_DEVICE},         {"event", GIC_ITS_F_EVENT},
    {"intid", GIC_ITS_F_INTID},           {"size", GIC_ITS_F_SIZE},
    {"collection", GIC_ITS_F_COLLECTION}, {"target", GIC_ITS_F_TARGET},
    {"valid", GIC_ITS_F_VALID},
};
enum { N_ITS_KEYS = sizeof(its_keys) / sizeof(its_keys[0]) };
static const char *const all_its_keys[] = {
    "cmd", "device", "event", "intid", "size", "collection", "target", "from", "valid", NULL,
};
static const char *const its_command_names[] = {
    "MAPD", "MAPC", "MAPTI", "MAPI", "INT", "CLEAR", "DISCARD", "INV", "INVALL", "MOVI",
    "MOVALL", "SYNC", NULL,
};

/* The key of a field in this command. */
static const char *field_key(uint8_t opcode, uint32_t field)
{
    if (opcode == GIC_ITS_MOVALL && field == GIC_ITS_F_TARGET)
        return "from";
    if (opcode == GIC_ITS_MOVALL && field == GIC_ITS_F_TARGET2)
        return "target";
    for (int i = 0; i < N_ITS_KEYS; i++)
        if (its_keys[i].field == field)
            return its_keys[i].key;
    return NULL;
}

/* The keys this command takes, "cmd" first, NULL-terminated, in `out`. */
static void command_keys(uint8_t opcode, const char *out[N_ITS_KEYS + 3])
{
    uint32_t uses = gic_its_cmd_uses(opcode);
    size_t k = 0;
    out[k++] = "cmd";
    for (uint32_t f = 1; f <= GIC_ITS_F_VALID; f <<= 1)
        if (uses & f)
            out[k++] = field_key(opcode, f);
    out[k] = NULL;
}

/* The command named by `cmd`, or 0 after reporting. */
static uint8_t conv_its_opcode(struct conv *c, const struct ynode *m, const char *what)
{
    const struct ynode *name = ynode_get(m, "cmd");
    if (!name) {
        conv_error(c, m, "%s: missing 'cmd' (MAPD, MAPC, MAPTI, MAPI, INT, CLEAR, DISCARD, "
                   "INV, INVALL, MOVI, MOVALL or SYNC)", what);
        return 0;
    }
    const char *cw = CONV_PATH(what, "cmd");
    if (!conv_expect_type(c, name, YNODE_SCALAR, cw))
        return 0;
    for (const char *const *p = its_command_names; *p; p++)
        if (strcmp(*p, name->str) == 0)
            return gic_its_opcode_by_name(name->str);
    const char *hint = suggest_closest(name->str, its_command_names);
    if (hint) {
        conv_error(c, name, "%s: unknown ITS command '%s' (did you mean '%s'?)", cw,
                   ESC(name->str), hint);
    } else {
        char *list = suggest_join(its_command_names);
        conv_error(c, name, "%s: unknown ITS command '%s' (one of: %s)", cw, ESC(name->str),
                   list);
        free(list);
    }
    return 0;
}

/* Keys of other commands are named as such; unknown ones get the usual suggestion. */
static void check_command_keys(struct conv *c, const struct ynode *m, const char *what,
                               uint8_t opcode)
{
    const char *keys[N_ITS_KEYS + 3];
    command_keys(opcode, keys);
    for (size_t i = 0; i < m->n_pairs; i++) {
        const struct ynode *key = m->pairs[i].key;
        bool mine = false, known = false;
        for (const char *const *p = keys; *p; p++)
            mine |= strcmp(*p, key->str) == 0;
        for (const char *const *p = all_its_keys; *p; p++)
            known |= strcmp(*p, key->str) == 0;
        if (known && !mine) {
            char *list = suggest_join(keys);
            conv_error(c, key, "%s: %s takes no '%s' (its keys: %s)", what,
                       gic_its_opcode_name(opcode), key->str, list);
            free(list);
        }
    }
    conv_check_keys(c, m, what, all_its_keys);
}

/* A field's value into the command; `required` fields missing are reported. */
static void conv_its_field(struct conv *c, struct scn_its_step *its, const struct ynode *m,
                           const char *what, uint32_t field, bool required)
{
    const char *key = field_key(its->cmd.opcode, field);
    const struct ynode *v = ynode_get(m, key);
    const char *name = gic_its_opcode_name(its->cmd.opcode);
    if (!v) {
        if (required)
            conv_error(c, m, "%s: %s needs '%s'", what, name, key);
        return;
    }
    const char *path = CONV_PATH(what, key);
    struct gic_its_cmd *cmd = &its->cmd;
    uint32_t x = 0;
    bool ok;
    switch (field) {
    case GIC_ITS_F_DEVICE: ok = conv_u32_range(c, v, path, 0, UINT32_MAX, &cmd->device); break;
    case GIC_ITS_F_EVENT: ok = conv_u32_range(c, v, path, 0, UINT32_MAX, &cmd->event); break;
    case GIC_ITS_F_INTID: ok = conv_u32_range(c, v, path, 0, UINT32_MAX, &cmd->intid); break;
    case GIC_ITS_F_SIZE:
        ok = conv_u32_range(c, v, path, 0, ITS_SIZE_MAX, &x);
        cmd->size = (uint8_t)x;
        break;
    case GIC_ITS_F_COLLECTION:
        ok = conv_u32_range(c, v, path, 0, KVM_ITS_ID_LIMIT - 1, &x);
        cmd->collection = (uint16_t)x;
        break;
    case GIC_ITS_F_TARGET:
        ok = conv_u32_range(c, v, path, 0, KVM_ITS_ID_LIMIT - 1, &cmd->target);
        break;
    case GIC_ITS_F_TARGET2:
        ok = conv_u32_range(c, v, path, 0, KVM_ITS_ID_LIMIT - 1, &cmd->target2);
        break;
    default: ok = conv_bool(c, v, path, &cmd->valid); break;
    }
    if (ok)
        its->fields |= field;
}

/* MAPD's Size by default: enough EventID bits for the device's events when its.devices
 * declares it (at least one bit, as the architecture's Size + 1 is), else KVM's 16. */
static uint8_t default_mapd_size(const struct conv *c, uint32_t device)
{
    const struct scn_its_device *d = its_device(c, device);
    if (!d)
        return ITS_DEFAULT_SIZE;
    uint32_t bits = 1;
    while (bits < 32 && (UINT64_C(1) << bits) < d->events)
        bits++;
    return (uint8_t)(bits - 1);
}

void conv_its_step(struct conv *c, struct scn_step *st, const struct ynode *m, const char *what)
{
    struct scn_its_step *its = &st->u.its;
    if (!conv_require_its(c, m, what) || !conv_expect_type(c, m, YNODE_MAP, what))
        return;
    uint8_t opcode = conv_its_opcode(c, m, what);
    if (!opcode) {
        conv_check_keys(c, m, what, all_its_keys);
        return;
    }
    check_command_keys(c, m, what, opcode);
    its->cmd.opcode = opcode;
    its->cmd.valid = true;
    uint32_t uses = gic_its_cmd_uses(opcode);
    /* Required unless defaulted: V (true), Size (below), and a MAPC target when V = 0. */
    conv_its_field(c, its, m, what, GIC_ITS_F_VALID, false);
    for (uint32_t f = 1; f < GIC_ITS_F_VALID; f <<= 1) {
        if (!(uses & f))
            continue;
        bool required = f != GIC_ITS_F_SIZE &&
                        !(opcode == GIC_ITS_MAPC && f == GIC_ITS_F_TARGET && !its->cmd.valid);
        conv_its_field(c, its, m, what, f, required);
    }
    if (opcode == GIC_ITS_MAPD && !(its->fields & GIC_ITS_F_SIZE))
        its->cmd.size = default_mapd_size(c, its->cmd.device);
}

/* ---- lpi_config ---- */

void conv_lpi_config_step(struct conv *c, struct scn_step *st, const struct ynode *m,
                          const char *what)
{
    static const char *const keys[] = {"intid", "priority", "enabled", NULL};
    struct scn_lpi_config *l = &st->u.lpi;
    if (!conv_require_its(c, m, what) || !conv_expect_type(c, m, YNODE_MAP, what))
        return;
    conv_check_keys(c, m, what, keys);
    const struct ynode *id = ynode_get(m, "intid"), *prio = ynode_get(m, "priority");
    const struct ynode *enabled = ynode_get(m, "enabled");
    if (!id)
        conv_error(c, m, "%s: missing 'intid' (the LPI whose configuration byte is written)",
                   what);
    else
        conv_lpi(c, id, CONV_PATH(what, "intid"), &l->intid);
    if (!prio && !enabled)
        conv_error(c, m, "%s: give 'priority', 'enabled' or both (what the byte is to hold)",
                   what);
    uint32_t p;
    if (prio && (l->has_priority = conv_u32_range(c, prio, CONV_PATH(what, "priority"), 0,
                                                  0xff, &p)))
        l->priority = (uint8_t)p;
    if (enabled)
        l->has_enabled = conv_bool(c, enabled, CONV_PATH(what, "enabled"), &l->enabled);
}
