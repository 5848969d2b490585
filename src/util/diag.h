/* SPDX-License-Identifier: GPL-2.0-only */
/* Diagnostics: a list of located error messages, printed as
 * "FILE:LINE:COL: error: message" (or "FILE: error: message" when no line is known).
 * Collecting them instead of stopping at the first lets the user fix a whole file at once. */
#ifndef VGICSIM_UTIL_DIAG_H
#define VGICSIM_UTIL_DIAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct diag {
    char *file;      /* owned copy */
    uint32_t line;   /* 1-based; 0 = no location inside the file */
    uint32_t col;    /* 1-based */
    char *msg;       /* owned */
};

struct diag_list {
    struct diag *items;
    size_t count;
    size_t cap;
};

void diag_init(struct diag_list *dl);
void diag_free(struct diag_list *dl);

__attribute__((format(printf, 5, 6)))
void diag_add(struct diag_list *dl, const char *file, uint32_t line, uint32_t col,
              const char *fmt, ...);

/* Orders the messages of each file by position, keeping files in first-seen order
 * and equal positions in the order they were reported. */
void diag_sort(struct diag_list *dl);

void diag_print(const struct diag_list *dl, FILE *out);

/* Formats one diagnostic the way diag_print does; returns a malloc'd string. */
char *diag_format(const struct diag *d);

#endif
