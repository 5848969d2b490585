/* The vGIC models vgicsim knows, by name. */
#ifndef VGICSIM_MODEL_MODEL_REGISTRY_H
#define VGICSIM_MODEL_MODEL_REGISTRY_H

#include "model/vgic_model.h"

extern const struct vgic_model_ops vgic_ref_ops;   /* src/ref/ */

/* NULL when no model has that name. */
const struct vgic_model_ops *vgic_model_by_name(const char *name);

#endif
