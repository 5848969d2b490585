/* SPDX-License-Identifier: GPL-2.0-only */
/* A failed assertion of a checking build (util/debug_checks.h). */
#include "util/debug_checks.h"

#include <stdio.h>
#include <stdlib.h>

#if VGICSIM_DEBUG_CHECKS
void vgicsim_assert_failed(const char *cond, const char *file, int line, const char *function)
{
    fflush(stdout);
    fprintf(stderr, "vgicsim: %s:%d: %s: assertion `%s' failed\n", file, line, function, cond);
    abort();
}
#endif
