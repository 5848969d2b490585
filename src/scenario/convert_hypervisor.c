/* SPDX-License-Identifier: GPL-2.0-only */
/* The `hypervisor` section (spec section 2a): which Linux release's KVM vgic the models
 * follow. `hypervisor: {kvm: "6.19"}`; the value may be quoted or plain (a plain 6.10
 * stays "6.10": the tree keeps the scalar's text). Releases outside the modelled range
 * are errors; without the section the models follow the newest classic release. */
#include "scenario/convert_internal.h"
#include "util/escape.h"
#include "vgic/vgic_release.h"

void conv_hypervisor(struct conv *c, const struct ynode *n)
{
    static const char *const keys[] = {"kvm", NULL};
    c->s->gic.kvm_release = VGIC_RELEASE_DEFAULT;
    if (!n || !conv_expect_type(c, n, YNODE_MAP, "hypervisor"))
        return;
    conv_check_keys(c, n, "hypervisor", keys);
    const struct ynode *kvm = ynode_get(n, "kvm");
    if (!kvm || !conv_expect_type(c, kvm, YNODE_SCALAR, "hypervisor.kvm"))
        return;
    uint32_t code;
    if (vgic_release_parse(kvm->str, &code)) {
        c->s->gic.kvm_release = code;
        return;
    }
    char oldest[VGIC_RELEASE_NAME_MAX], newest[VGIC_RELEASE_NAME_MAX];
    conv_error(c, kvm,
               "hypervisor.kvm: '%s' is not a Linux release vgicsim models; give \"MAJOR.MINOR\" "
               "(no 'v', no leading zeros) from \"%s\" to \"%s\" (the classic vgic up to 6.18, "
               "the LR-overflow design from 6.19)",
               ESC(kvm->str), vgic_release_name(VGIC_RELEASE_OLDEST, oldest, sizeof(oldest)),
               vgic_release_name(VGIC_RELEASE_NEWEST, newest, sizeof(newest)));
}
