/* SPDX-License-Identifier: GPL-2.0-only */
/* An output that is an input or another output is refused (output_paths.h). */
#include "util/output_paths.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/escape.h"
#include "util/xalloc.h"

struct ident {
    bool skip;               /* not a file that can collide */
    bool exists;
    dev_t dev;
    ino_t ino;
    char *norm;              /* a new output: its folder's real path and its base name */
};

static void identify(const struct io_path *p, bool output, struct ident *id)
{
    *id = (struct ident){.skip = true};
    if (!p->path || strcmp(p->path, "-") == 0 || !*p->path)
        return;
    struct stat st;
    if (stat(p->path, &st) == 0) {
        /* Devices, pipes and folders are written in place, or refused by the writer. */
        if (!S_ISREG(st.st_mode))
            return;
        *id = (struct ident){.exists = true, .dev = st.st_dev, .ino = st.st_ino};
        return;
    }
    if (!output)
        return;              /* a missing input: its reader says so */
    char *dir_copy = xstrdup(p->path), *base_copy = xstrdup(p->path);
    char *dir = realpath(dirname(dir_copy), NULL);
    /* A folder that cannot be resolved: the writer fails on it; compare the path as given. */
    id->norm = dir ? xasprintf("%s/%s", dir, basename(base_copy)) : xstrdup(p->path);
    id->skip = false;
    free(dir);
    free(dir_copy);
    free(base_copy);
}

static bool same(const struct ident *a, const struct ident *b)
{
    if (a->skip || b->skip || a->exists != b->exists)
        return false;
    if (a->exists)
        return a->dev == b->dev && a->ino == b->ino;
    return strcmp(a->norm, b->norm) == 0;
}

bool output_paths_check(const char *command, const struct io_path *inputs, size_t n_inputs,
                        const struct io_path *outputs, size_t n_outputs)
{
    struct ident *in = xcalloc(n_inputs + 1, sizeof(*in));
    struct ident *out = xcalloc(n_outputs + 1, sizeof(*out));
    for (size_t i = 0; i < n_inputs; i++)
        identify(&inputs[i], false, &in[i]);
    bool ok = true;
    for (size_t o = 0; o < n_outputs && ok; o++) {
        identify(&outputs[o], true, &out[o]);
        for (size_t i = 0; i < n_inputs && ok; i++) {
            if (!same(&out[o], &in[i]))
                continue;
            fprintf(stderr, "vgicsim %s: %s '%s' is %s '%s': writing it would destroy the "
                    "input; nothing was written\n", command, outputs[o].role,
                    ESC(outputs[o].path), inputs[i].role, ESC(inputs[i].path));
            ok = false;
        }
        for (size_t k = 0; k < o && ok; k++) {
            if (!same(&out[o], &out[k]))
                continue;
            fprintf(stderr, "vgicsim %s: %s '%s' and %s '%s' are the same file: one output "
                    "would overwrite the other; give each its own file (nothing was "
                    "written)\n", command, outputs[k].role, ESC(outputs[k].path),
                    outputs[o].role, ESC(outputs[o].path));
            ok = false;
        }
    }
    for (size_t o = 0; o < n_outputs; o++)
        free(out[o].norm);
    free(in);
    free(out);
    return ok;
}
