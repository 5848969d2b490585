/* SPDX-License-Identifier: GPL-2.0-only */
/* A bump allocator: everything a loaded scenario owns lives in one arena and is
 * released at once, so the loader never has to track individual frees on error paths. */
#ifndef VGICSIM_UTIL_ARENA_H
#define VGICSIM_UTIL_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena {
    struct arena_block *head;
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);          /* zeroed, 16-byte aligned */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Grows an array allocated in the arena (the old copy is simply abandoned). */
void *arena_grow(struct arena *a, void *old, size_t old_bytes, size_t new_bytes);

/* Forgets everything allocated so far but keeps the newest block for reuse: a scratch
 * arena reset once per item of a long list costs no malloc per item. */
void arena_reset(struct arena *a);

/* Bytes obtained from malloc by the arena (for memory limits and tests). */
size_t arena_footprint(const struct arena *a);

#endif
