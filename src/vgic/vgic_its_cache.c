/* SPDX-License-Identifier: GPL-2.0-only */
/* The MSI translation cache of the modelled release (vgic_release.its_cache):
 *  - v5.4..v6.9: a VM-wide LRU of 16 entries per vCPU, walked linearly under the
 *    lpi_list_lock; a hit moves to the front; a miss resolved by the slow path replaces
 *    the least recently used entry ("KVM: arm/arm64: vgic-its: Add LPI translation
 *    cache", kvmarm-5.4).
 *  - v6.10+: an xarray per ITS keyed by DeviceID << 16 | EventID, read under RCU with no
 *    lock, holding every translation resolved since the last invalidation ("KVM: arm64:
 *    Transition to a per-ITS translation cache", kvmarm-6.10-1). Kept here as an
 *    open-addressing hash table; its cost is the lookup's, not the table's.
 * Which translations are cached is KVM's behaviour (a miss costs the ITS mutex); the
 * models charge the costs and the locks. */
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "vgic/vgic_its.h"

enum { HASH_INITIAL = 64 };

static uint32_t hash_key(uint32_t device, uint32_t event)
{
    /* A 32-bit mix of the xarray's key (both IDs are below 2^16 once translated). */
    uint32_t k = device << 16 ^ event;
    k ^= k >> 16;
    k *= 0x7feb352dU;
    k ^= k >> 15;
    k *= 0x846ca68bU;
    k ^= k >> 16;
    return k;
}

static void hash_clear(struct vgic_its_cache *c)
{
    for (uint32_t i = 0; i < c->capacity; i++)
        c->entries[i].device = VGIC_ITS_CACHE_EMPTY;
    c->n = 0;
}

void vgic_its_cache_setup(struct vgic_its *its)
{
    struct vgic_its_cache *c = &its->cache;
    switch (its->rel.its_cache) {
    case VGIC_ITS_NO_CACHE:
        return;
    case VGIC_ITS_LRU_CACHE:
        c->capacity = VGIC_ITS_CACHE_PER_VCPU * its->cfg->vcpus;
        c->entries = xcalloc(c->capacity, sizeof(*c->entries));
        return;
    case VGIC_ITS_PER_ITS:
        c->capacity = HASH_INITIAL;
        c->entries = xmalloc(c->capacity * sizeof(*c->entries));
        hash_clear(c);
        return;
    }
}

static struct vgic_its_cache_entry *hash_slot(const struct vgic_its_cache *c, uint32_t device,
                                              uint32_t event)
{
    uint32_t mask = c->capacity - 1;
    for (uint32_t i = hash_key(device, event) & mask;; i = (i + 1) & mask) {
        struct vgic_its_cache_entry *e = &c->entries[i];
        if (e->device == VGIC_ITS_CACHE_EMPTY || (e->device == device && e->event == event))
            return e;
    }
}

bool vgic_its_cache_lookup(struct vgic_its *its, uint32_t device, uint32_t event,
                           uint32_t *intid, uint32_t *steps)
{
    struct vgic_its_cache *c = &its->cache;
    *steps = 0;
    switch (its->rel.its_cache) {
    case VGIC_ITS_NO_CACHE:
        return false;
    case VGIC_ITS_LRU_CACHE:
        for (uint32_t i = 0; i < c->n; i++) {
            (*steps)++;
            struct vgic_its_cache_entry hit = c->entries[i];
            if (hit.device != device || hit.event != event)
                continue;
            /* list_move to the head: the most recently used first. */
            memmove(&c->entries[1], &c->entries[0], i * sizeof(c->entries[0]));
            c->entries[0] = hit;
            *intid = hit.intid;
            return true;
        }
        return false;
    case VGIC_ITS_PER_ITS: {
        const struct vgic_its_cache_entry *e = hash_slot(c, device, event);
        if (e->device == VGIC_ITS_CACHE_EMPTY)
            return false;
        *intid = e->intid;
        return true;
    }
    }
    return false;
}

static void hash_grow(struct vgic_its_cache *c)
{
    struct vgic_its_cache old = *c;
    c->capacity *= 2;
    c->entries = xmalloc(c->capacity * sizeof(*c->entries));
    hash_clear(c);
    for (uint32_t i = 0; i < old.capacity; i++)
        if (old.entries[i].device != VGIC_ITS_CACHE_EMPTY) {
            *hash_slot(c, old.entries[i].device, old.entries[i].event) = old.entries[i];
            c->n++;
        }
    free(old.entries);
}

void vgic_its_cache_insert(struct vgic_its *its, uint32_t device, uint32_t event, uint32_t intid)
{
    struct vgic_its_cache *c = &its->cache;
    struct vgic_its_cache_entry fresh = {device, event, intid};
    switch (its->rel.its_cache) {
    case VGIC_ITS_NO_CACHE:
        return;
    case VGIC_ITS_LRU_CACHE: {
        /* Already cached: KVM's check (__vgic_its_check_cache) moves it to the front. */
        for (uint32_t i = 0; i < c->n; i++)
            if (c->entries[i].device == device && c->entries[i].event == event) {
                memmove(&c->entries[1], &c->entries[0], i * sizeof(c->entries[0]));
                c->entries[0] = fresh;
                return;
            }
        /* The tail (least recently used) makes room when full. */
        uint32_t keep = c->n < c->capacity ? c->n : c->capacity - 1;
        memmove(&c->entries[1], &c->entries[0], keep * sizeof(c->entries[0]));
        c->entries[0] = fresh;
        c->n = keep + 1;
        return;
    }
    case VGIC_ITS_PER_ITS: {
        /* Half full at most, so that a probe always meets an empty slot. */
        if ((c->n + 1) * 2 > c->capacity)
            hash_grow(c);
        struct vgic_its_cache_entry *e = hash_slot(c, device, event);
        if (e->device == VGIC_ITS_CACHE_EMPTY)
            c->n++;
        *e = fresh;
        return;
    }
    }
}

uint32_t vgic_its_cache_invalidate(struct vgic_its *its)
{
    struct vgic_its_cache *c = &its->cache;
    uint32_t dropped = c->n;
    if (its->rel.its_cache == VGIC_ITS_PER_ITS)
        hash_clear(c);
    else
        c->n = 0;
    return dropped;
}
