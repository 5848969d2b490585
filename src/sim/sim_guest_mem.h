/* SPDX-License-Identifier: GPL-2.0-only */
/* The VM's memory as KVM reads and writes it (kvm_read_guest, kvm_write_guest): the
 * guest's ITS command queue and tables, its LPI property and pending tables.
 *
 * All of the guest's 48-bit physical address space is RAM: a read anywhere below 2^48
 * succeeds, and memory never written reads as zeros. Pages (4 KiB) are allocated on the
 * first write of a non-zero byte into them, so a table written with zeros (KVM clearing
 * an entry) costs nothing. At most GUEST_MEM_MAX_PAGES pages exist: a write that would
 * need one more is not done, and the memory says it overflowed (the simulation then stops
 * the run, as `guest_memory`, like its other safety limits). */
#ifndef VGICSIM_SIM_SIM_GUEST_MEM_H
#define VGICSIM_SIM_SIM_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    GUEST_MEM_PAGE_SHIFT = 12,
    GUEST_MEM_PAGE = 1u << GUEST_MEM_PAGE_SHIFT,
    GUEST_MEM_MAX_PAGES = 65536,    /* 256 MiB written at most */
};
#define GUEST_MEM_LIMIT (UINT64_C(1) << 48)   /* the guest's physical address space */

struct guest_mem {
    uint64_t *keys;        /* open addressing: page number + 1, 0 = empty slot */
    uint8_t **pages;       /* the page of the same slot */
    uint32_t cap;          /* slots: 0 or a power of two */
    uint32_t n;            /* pages allocated */
    bool overflowed;       /* a write needed a page beyond GUEST_MEM_MAX_PAGES */
};

void guest_mem_init(struct guest_mem *m);
void guest_mem_free(struct guest_mem *m);
/* `len` bytes at `gpa` into buf; false (buf untouched) when they reach past 2^48. */
bool guest_mem_read(const struct guest_mem *m, uint64_t gpa, void *buf, uint32_t len);
/* `len` bytes of buf to `gpa`; false when they reach past 2^48 (nothing written) or a page
 * could not be allocated (the bytes before it are written; `overflowed` is set). */
bool guest_mem_write(struct guest_mem *m, uint64_t gpa, const void *buf, uint32_t len);
size_t guest_mem_pages(const struct guest_mem *m);

#endif
