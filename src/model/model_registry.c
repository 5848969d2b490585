#include "model/model_registry.h"

#include <string.h>

static const struct vgic_model_ops *const models[] = {&vgic_ref_ops};

const struct vgic_model_ops *vgic_model_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
        if (strcmp(models[i]->name, name) == 0)
            return models[i];
    return NULL;
}
