/* SPDX-License-Identifier: GPL-2.0-only */
/* The point table of a sweep: the cartesian product of the axes' values, numbered
 * 0 .. n_points-1 with the last axis changing fastest (a mixed-radix number whose
 * digits are the value indices), and its shards. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "util/debug_checks.h"
#include "util/xalloc.h"

bool sweep_space_add(struct sweep_space *s, struct sweep_axis *axis, char **err)
{
    for (size_t k = 0; k < s->n_axes; k++)
        if (strcmp(s->axes[k].key, axis->key) == 0) {
            *err = xasprintf("--vary %s is given twice; list every value in one --vary",
                             axis->key);
            return false;
        }
    uint64_t before = s->n_axes ? s->n_points : 1;
    VGICSIM_ASSERT(axis->n_values > 0);
    if (before > SWEEP_MAX_POINTS / axis->n_values) {
        *err = xasprintf("the sweep would have more than %" PRIu64 " points (%" PRIu64
                         " so far times %zu values of %s)", SWEEP_MAX_POINTS, before,
                         axis->n_values, axis->key);
        return false;
    }
    s->axes = xrealloc(s->axes, (s->n_axes + 1) * sizeof(*s->axes));
    s->axes[s->n_axes++] = *axis;
    memset(axis, 0, sizeof(*axis));
    s->n_points = before * s->axes[s->n_axes - 1].n_values;
    return true;
}

void sweep_space_free(struct sweep_space *s)
{
    for (size_t k = 0; k < s->n_axes; k++)
        sweep_axis_free(&s->axes[k]);
    free(s->axes);
    memset(s, 0, sizeof(*s));
}

void sweep_point_choice(const struct sweep_space *s, uint64_t p, size_t *choice)
{
    VGICSIM_ASSERT(p < s->n_points);
    for (size_t k = s->n_axes; k-- > 0;) {
        choice[k] = (size_t)(p % s->axes[k].n_values);
        p /= s->axes[k].n_values;
    }
}

const char **sweep_point_sets(const struct sweep_space *s, const char *const *base,
                              size_t n_base, uint64_t p, size_t *n_sets)
{
    size_t *choice = xcalloc(s->n_axes, sizeof(*choice));
    sweep_point_choice(s, p, choice);
    *n_sets = n_base + s->n_axes;
    const char **sets = xcalloc(*n_sets, sizeof(*sets));
    for (size_t i = 0; i < n_base; i++)
        sets[i] = base[i];
    for (size_t k = 0; k < s->n_axes; k++)
        sets[n_base + k] = s->axes[k].assign ? xstrdup(s->axes[k].values[choice[k]])
                                             : xasprintf("%s=%s", s->axes[k].key,
                                                         s->axes[k].values[choice[k]]);
    free(choice);
    return sets;
}

void sweep_point_sets_free(const struct sweep_space *s, size_t n_base, const char **sets)
{
    for (size_t k = 0; k < s->n_axes; k++)
        free((char *)sets[n_base + k]);
    free(sets);
}

/* "K/N" with 1 <= K <= N <= SWEEP_MAX_POINTS, decimal without sign or leading zeros. */
bool sweep_shard_parse(const char *arg, struct sweep_shard *out)
{
    uint64_t v[2] = {0, 0};
    const char *p = arg;
    for (int i = 0; i < 2; i++) {
        if (*p < '1' || *p > '9')
            return false;
        for (; *p >= '0' && *p <= '9'; p++) {
            v[i] = v[i] * 10 + (uint64_t)(*p - '0');
            if (v[i] > SWEEP_MAX_POINTS)   /* more shards than points is pointless */
                return false;
        }
        if (*p != (i == 0 ? '/' : '\0'))
            return false;
        p++;
    }
    if (v[0] > v[1])
        return false;
    out->index = v[0];
    out->count = v[1];
    return true;
}

uint64_t sweep_shard_points(const struct sweep_shard *sh, uint64_t n_points)
{
    /* Points index-1, index-1+count, ... below n_points. */
    uint64_t first = sh->index - 1;
    return first >= n_points ? 0 : (n_points - 1 - first) / sh->count + 1;
}
