/* SPDX-License-Identifier: GPL-2.0-only */
/* The header of a sweep table: what was swept, by which build, and which shard. It is
 * what lets `vgicsim merge` refuse parts that do not belong to one sweep. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "report/sha256.h"
#include "util/xalloc.h"

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void sweep_header_free(struct sweep_header *h)
{
    free(h->version);
    free(h->commit);
    free(h->scenario_name);
    free(h->scenario_path);
    free(h->scenario_digest);
    free_strings(h->sets, h->n_sets);
    free_strings(h->models, h->n_models);
    sweep_space_free(&h->space);
    sweep_columns_free(&h->columns);
    memset(h, 0, sizeof(*h));
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_strings(char *const *a, size_t na, char *const *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0)
            return false;
    return true;
}

/* The scenario's path is not compared: parts of one sweep may be made in different
 * folders (a cluster's nodes); its content (digest) is. */
char *sweep_header_mismatch(const struct sweep_header *a, const struct sweep_header *b)
{
    if (!same_str(a->version, b->version) || !same_str(a->commit, b->commit))
        return xasprintf("made by different vgicsim builds (%s %s and %s %s)", a->version,
                         a->commit, b->version, b->commit);
    if (!same_str(a->scenario_digest, b->scenario_digest))
        return xasprintf("of different scenario files (%s and %s differ in content, or one "
                         "was not a regular file)",
                         a->scenario_path, b->scenario_path);
    if (!same_strings(a->sets, a->n_sets, b->sets, b->n_sets))
        return xstrdup("made with different --set options");
    if (a->has_seed != b->has_seed || (a->has_seed && a->seed != b->seed))
        return xstrdup("made with different --seed options");
    if (!same_strings(a->models, a->n_models, b->models, b->n_models))
        return xstrdup("of different models");
    if (a->space.n_axes != b->space.n_axes)
        return xstrdup("of different --vary keys");
    for (size_t k = 0; k < a->space.n_axes; k++) {
        const struct sweep_axis *x = &a->space.axes[k], *y = &b->space.axes[k];
        if (strcmp(x->key, y->key) != 0)
            return xasprintf("of different --vary keys (%s and %s)", x->key, y->key);
        if (!same_strings(x->values, x->n_values, y->values, y->n_values))
            return xasprintf("of different --vary %s values", x->key);
    }
    if (a->repeat != b->repeat)
        return xasprintf("made with different --repeat (%" PRIu64 " and %" PRIu64 ")",
                         a->repeat, b->repeat);
    bool same_columns = a->columns.n == b->columns.n;
    for (size_t c = 0; same_columns && c < a->columns.n; c++)
        same_columns = strcmp(a->columns.c[c].name, b->columns.c[c].name) == 0;
    if (!same_columns)
        return xstrdup("made with different --metric options (their columns differ)");
    if (a->shard.count != b->shard.count)
        return xasprintf("cut into different numbers of shards (%" PRIu64 " and %" PRIu64 ")",
                         a->shard.count, b->shard.count);
    return NULL;
}

/* Identifies the scenario file's content (not its name): its SHA-256, as run reports
 * give it. NULL when the file is not a regular one (a pipe: read once, by the loader). */
char *sweep_scenario_digest(const char *path)
{
    char hex[SHA256_HEX_CHARS + 1];
    return sha256_file_hex(path, hex) ? xstrdup(hex) : NULL;
}
