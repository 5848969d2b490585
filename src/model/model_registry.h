/* SPDX-License-Identifier: GPL-2.0-only */
/* The vGIC models vgicsim has. Each model registers itself at start-up from its own
 * folder (VGIC_MODEL_REGISTER in the file that defines its ops), so that the rest of the
 * program finds models by name or in order without naming any. */
#ifndef VGICSIM_MODEL_MODEL_REGISTRY_H
#define VGICSIM_MODEL_MODEL_REGISTRY_H

#include <stddef.h>

#include "model/vgic_model.h"

enum { VGIC_MAX_MODELS = 8 };

void vgic_model_register(const struct vgic_model_ops *ops);
#define VGIC_MODEL_REGISTER(ops)                                                     \
    static void __attribute__((constructor)) vgic_register_##ops(void)              \
    {                                                                                \
        vgic_model_register(&(ops));                                                 \
    }

/* The registered models, in `order`. */
size_t vgic_model_count(void);
const struct vgic_model_ops *vgic_model_at(size_t i);
/* NULL when no model has that name. */
const struct vgic_model_ops *vgic_model_by_name(const char *name);

#endif
