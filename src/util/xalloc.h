/* SPDX-License-Identifier: GPL-2.0-only */
/* Allocation helpers that never return NULL: running out of memory in a simulator
 * is not recoverable, so they print a message and exit(3). */
#ifndef VGICSIM_UTIL_XALLOC_H
#define VGICSIM_UTIL_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
__attribute__((format(printf, 1, 2))) char *xasprintf(const char *fmt, ...);
__attribute__((format(printf, 1, 0))) char *xvasprintf(const char *fmt, va_list ap);

#endif
