/* SPDX-License-Identifier: GPL-2.0-only */
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct arena_block {
    struct arena_block *next;
    size_t used;
    size_t cap;
    _Alignas(16) unsigned char data[];
};

enum { ARENA_BLOCK_MIN = 64 * 1024 };

void arena_init(struct arena *a) { a->head = NULL; }

static void free_blocks(struct arena_block *b)
{
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
}

void arena_free(struct arena *a)
{
    free_blocks(a->head);
    a->head = NULL;
}

void *arena_alloc(struct arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    struct arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK_MIN ? n : ARENA_BLOCK_MIN;
        b = xmalloc(sizeof(*b) + cap);
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

void *arena_grow(struct arena *a, void *old, size_t old_bytes, size_t new_bytes)
{
    void *p = arena_alloc(a, new_bytes);
    if (old && old_bytes)
        memcpy(p, old, old_bytes < new_bytes ? old_bytes : new_bytes);
    return p;
}

void arena_reset(struct arena *a)
{
    struct arena_block *keep = a->head;
    if (!keep)
        return;
    free_blocks(keep->next);
    keep->next = NULL;
    keep->used = 0;
}

size_t arena_footprint(const struct arena *a)
{
    size_t total = 0;
    for (const struct arena_block *b = a->head; b; b = b->next)
        total += sizeof(*b) + b->cap;
    return total;
}
