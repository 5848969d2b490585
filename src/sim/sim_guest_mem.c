/* SPDX-License-Identifier: GPL-2.0-only */
/* The guest's memory, sparse (sim_guest_mem.h). Pages are found through an open-addressing
 * hash table of page numbers: the ITS touches a handful of tables far apart in the address
 * space, which an array indexed by page number could not hold. */
#include "sim/sim_guest_mem.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void guest_mem_init(struct guest_mem *m) { memset(m, 0, sizeof(*m)); }

void guest_mem_free(struct guest_mem *m)
{
    for (uint32_t i = 0; i < m->cap; i++)
        free(m->pages[i]);
    free(m->keys);
    free(m->pages);
    memset(m, 0, sizeof(*m));
}

size_t guest_mem_pages(const struct guest_mem *m) { return m->n; }

/* Fibonacci hashing of the page number: consecutive pages spread over the table. */
static uint32_t slot_of(uint64_t key, uint32_t cap)
{
    return (uint32_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & (cap - 1);
}

/* The slot of page `pfn`, or of the empty slot where it would go. */
static uint32_t find_slot(const struct guest_mem *m, uint64_t pfn)
{
    uint32_t i = slot_of(pfn + 1, m->cap);
    while (m->keys[i] && m->keys[i] != pfn + 1)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static const uint8_t *page_peek(const struct guest_mem *m, uint64_t pfn)
{
    if (!m->cap)
        return NULL;
    uint32_t i = find_slot(m, pfn);
    return m->keys[i] ? m->pages[i] : NULL;
}

/* The table at most half full, so that probes stay short. */
static void grow(struct guest_mem *m)
{
    uint32_t old_cap = m->cap, cap = old_cap ? 2 * old_cap : 64;
    uint64_t *old_keys = m->keys;
    uint8_t **old_pages = m->pages;
    m->keys = xcalloc(cap, sizeof(*m->keys));
    m->pages = xcalloc(cap, sizeof(*m->pages));
    m->cap = cap;
    for (uint32_t i = 0; i < old_cap; i++) {
        if (!old_keys[i])
            continue;
        uint32_t j = find_slot(m, old_keys[i] - 1);
        m->keys[j] = old_keys[i];
        m->pages[j] = old_pages[i];
    }
    free(old_keys);
    free(old_pages);
}

/* Page `pfn`, allocated (zeroed) if needed; NULL past the page budget. */
static uint8_t *page_get(struct guest_mem *m, uint64_t pfn)
{
    if (2 * (m->n + 1) > m->cap)
        grow(m);
    uint32_t i = find_slot(m, pfn);
    if (m->keys[i])
        return m->pages[i];
    if (m->n == GUEST_MEM_MAX_PAGES) {
        m->overflowed = true;
        return NULL;
    }
    m->keys[i] = pfn + 1;
    m->pages[i] = xcalloc(1, GUEST_MEM_PAGE);
    m->n++;
    return m->pages[i];
}

static bool in_range(uint64_t gpa, uint32_t len)
{
    return gpa < GUEST_MEM_LIMIT && len <= GUEST_MEM_LIMIT - gpa;
}

/* How many bytes of [gpa, gpa + len) lie in gpa's page. */
static uint32_t chunk_len(uint64_t gpa, uint32_t len)
{
    uint32_t room = GUEST_MEM_PAGE - (uint32_t)(gpa & (GUEST_MEM_PAGE - 1));
    return len < room ? len : room;
}

bool guest_mem_read(const struct guest_mem *m, uint64_t gpa, void *buf, uint32_t len)
{
    if (!in_range(gpa, len))
        return false;
    uint8_t *out = buf;
    while (len) {
        uint32_t n = chunk_len(gpa, len);
        const uint8_t *page = page_peek(m, gpa >> GUEST_MEM_PAGE_SHIFT);
        if (page)
            memcpy(out, page + (gpa & (GUEST_MEM_PAGE - 1)), n);
        else
            memset(out, 0, n);
        out += n, gpa += n, len -= n;
    }
    return true;
}

static bool all_zero(const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

bool guest_mem_write(struct guest_mem *m, uint64_t gpa, const void *buf, uint32_t len)
{
    if (!in_range(gpa, len))
        return false;
    const uint8_t *in = buf;
    while (len) {
        uint32_t n = chunk_len(gpa, len);
        uint64_t pfn = gpa >> GUEST_MEM_PAGE_SHIFT;
        /* Zeros into a page never written change nothing a read could see. */
        if (page_peek(m, pfn) || !all_zero(in, n)) {
            uint8_t *page = page_get(m, pfn);
            if (!page)
                return false;
            memcpy(page + (gpa & (GUEST_MEM_PAGE - 1)), in, n);
        }
        in += n, gpa += n, len -= n;
    }
    return true;
}
