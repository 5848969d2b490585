/* SPDX-License-Identifier: GPL-2.0-only */
/* A run as a timeline (see timeline.h). */
#include "record/timeline.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void timeline_init(struct timeline *tl, uint64_t from, uint64_t to)
{
    memset(tl, 0, sizeof(*tl));
    tl->from = from;
    tl->to = to;
}

void timeline_free(struct timeline *tl)
{
    for (size_t i = 0; i < tl->n_names; i++)
        free(tl->names[i].name);
    free(tl->names);
    for (size_t i = 0; i < tl->n_access_names; i++)
        free(tl->access_names[i]);
    free(tl->access_names);
    free(tl->events);
    free(tl->res);
    free(tl->slots);
    memset(tl, 0, sizeof(*tl));
}

static void add(struct timeline *tl, const struct timeline_event *ev)
{
    if (tl->n == TIMELINE_MAX_EVENTS) {
        tl->truncated = true;
        return;
    }
    if (tl->n == tl->cap) {
        tl->cap = tl->cap ? 2 * tl->cap : 4096;
        tl->events = xrealloc(tl->events, tl->cap * sizeof(*tl->events));
    }
    tl->events[tl->n++] = *ev;
}

void timeline_span(struct timeline *tl, uint32_t track, enum timeline_kind kind, uint32_t arg,
                   uint64_t from, uint64_t until)
{
    if (!tl || until < from || until < tl->from || from > tl->to)
        return;
    struct timeline_event ev = {.ts = from, .dur = until - from, .track = track,
                                .kind = (uint16_t)kind, .arg = arg};
    add(tl, &ev);
}

void timeline_instant(struct timeline *tl, uint32_t track, enum timeline_kind kind,
                      uint32_t intid, uint64_t id, uint64_t t)
{
    if (!tl || t < tl->from || t > tl->to)
        return;
    struct timeline_event ev = {.ts = t, .id = id, .track = track, .kind = (uint16_t)kind,
                                .arg = intid};
    add(tl, &ev);
}

/* Resources are found by (kind, index) in an open-addressing table of track numbers
 * (twice as many slots as resources, 0 free): a run can hold thousands of locks. */
static uint64_t res_key(uint16_t kind, uint32_t index) { return (uint64_t)kind << 32 | index; }

static size_t res_slot(const struct timeline *tl, uint64_t key)
{
    uint64_t h = key * 0x9e3779b97f4a7c15ULL;
    size_t mask = tl->cap_slots - 1, i = (size_t)(h >> 32) & mask;
    while (tl->slots[i]) {
        const struct timeline_resource *r = &tl->res[tl->slots[i] - 1];
        if (res_key(r->kind, r->index) == key)
            break;
        i = (i + 1) & mask;
    }
    return i;
}

uint32_t timeline_resource_track(struct timeline *tl, uint16_t kind, uint32_t index,
                                 bool *is_new)
{
    uint64_t key = res_key(kind, index);
    *is_new = false;
    if (tl->cap_slots) {
        size_t i = res_slot(tl, key);
        if (tl->slots[i])
            return TIMELINE_RESOURCE_TRACK + tl->slots[i] - 1;
    }
    *is_new = true;
    if (2 * (tl->n_res + 1) > tl->cap_slots) {
        size_t cap = tl->cap_slots ? 2 * tl->cap_slots : 256;
        free(tl->slots);
        tl->slots = xcalloc(cap, sizeof(*tl->slots));
        tl->cap_slots = cap;
        for (size_t r = 0; r < tl->n_res; r++)
            tl->slots[res_slot(tl, res_key(tl->res[r].kind, tl->res[r].index))] = (uint32_t)r + 1;
    }
    if (tl->n_res == tl->cap_res) {
        tl->cap_res = tl->cap_res ? 2 * tl->cap_res : 64;
        tl->res = xrealloc(tl->res, tl->cap_res * sizeof(*tl->res));
    }
    tl->res[tl->n_res] = (struct timeline_resource){kind, index};
    tl->slots[res_slot(tl, key)] = (uint32_t)++tl->n_res;
    return TIMELINE_RESOURCE_TRACK + (uint32_t)tl->n_res - 1;
}

void timeline_name_track(struct timeline *tl, uint32_t track, const char *name)
{
    if (tl->n_names == tl->cap_names) {
        tl->cap_names = tl->cap_names ? 2 * tl->cap_names : 64;
        tl->names = xrealloc(tl->names, tl->cap_names * sizeof(*tl->names));
    }
    tl->names[tl->n_names++] = (struct timeline_name){track, xstrdup(name)};
}

void timeline_name_access(struct timeline *tl, uint32_t kind, const char *name)
{
    if (kind >= tl->n_access_names) {
        tl->access_names = xrealloc(tl->access_names, (kind + 1) * sizeof(*tl->access_names));
        for (size_t i = tl->n_access_names; i <= kind; i++)
            tl->access_names[i] = NULL;
        tl->n_access_names = kind + 1;
    }
    free(tl->access_names[kind]);
    tl->access_names[kind] = xstrdup(name);
}
