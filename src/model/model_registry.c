/* SPDX-License-Identifier: GPL-2.0-only */
/* The registry of vGIC models (see model_registry.h). Registration happens in
 * constructors, before main, on one thread. */
#include "model/model_registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct vgic_model_ops *models[VGIC_MAX_MODELS];
static size_t n_models;

/* A mistake in the program, not in its input; checked in every build because it happens
 * once, before main, and because an optimised build would otherwise write past `models`. */
_Noreturn static void refuse(const char *name, const char *why)
{
    fprintf(stderr, "vgicsim: cannot register the model '%s': %s\n", name, why);
    abort();
}

void vgic_model_register(const struct vgic_model_ops *ops)
{
    if (n_models == VGIC_MAX_MODELS)
        refuse(ops->name, "VGIC_MAX_MODELS models are registered already (model_registry.h)");
    if (vgic_model_by_name(ops->name))
        refuse(ops->name, "another model has that name");
    /* Kept sorted by order (insertion sort: registration order is the link order). */
    size_t i = n_models++;
    while (i > 0 && models[i - 1]->order > ops->order) {
        models[i] = models[i - 1];
        i--;
    }
    models[i] = ops;
}

size_t vgic_model_count(void) { return n_models; }

const struct vgic_model_ops *vgic_model_at(size_t i) { return i < n_models ? models[i] : NULL; }

const struct vgic_model_ops *vgic_model_by_name(const char *name)
{
    for (size_t i = 0; i < n_models; i++)
        if (strcmp(models[i]->name, name) == 0)
            return models[i];
    return NULL;
}
