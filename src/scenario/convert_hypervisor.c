/* SPDX-License-Identifier: GPL-2.0-only */
/* The `hypervisor` section (spec section 2a): which Linux release's KVM vgic the models
 * follow. `hypervisor: {kvm: "6.19"}`; the value may be quoted or plain (a plain 6.10
 * stays "6.10": the tree keeps the scalar's text). Releases outside the modelled range
 * are errors; without the section the models follow the newest classic release.
 * `direct_injection` names the host's GICv4 mode: `none`, `gicv4.0` (any modelled
 * release: KVM has had it since v4.14) or `gicv4.1` (from v5.7, its vSGIs from v5.8). */
#include "scenario/convert_internal.h"
#include "util/escape.h"
#include "vgic/vgic_release.h"
#include "vgic/vgic_v4.h"

/* hypervisor.direct_injection: none, gicv4.0 or gicv4.1 (in enum gic_direct_injection's
 * order). The mode is stored even when refused, so that modelling one later only removes
 * its refusal. */
static void conv_direct_injection(struct conv *c, const struct ynode *n)
{
    static const char *const modes[] = {"none", "gicv4.0", "gicv4.1", NULL};
    const char *what = "hypervisor.direct_injection";
    int mode = conv_choice(c, n, what, modes);
    if (mode < 0)
        return;
    c->s->gic.direct_injection = (enum gic_direct_injection)mode;
    if (mode == GIC_DI_NONE)
        return;
    char name[VGIC_RELEASE_NAME_MAX];
    if (c->version_ok && c->s->gic.version == GIC_V2)
        conv_error(c, n, "%s: %s is GICv4's, which extends GICv3: a GICv2 machine has only "
                   "'none'", what, modes[mode]);
    else if (mode == GIC_DI_V4_1 && c->s->gic.kvm_release < VGIC_RELEASE_V4_1)
        conv_error(c, n, "%s: gicv4.1 came to KVM with 5.7; hypervisor.kvm is %s (use "
                   "gicv4.0, or a later release)", what,
                   vgic_release_name(c->s->gic.kvm_release, name, sizeof(name)));
}

/* hypervisor.kvm: "MAJOR.MINOR" of a modelled release. */
static void conv_kvm_release(struct conv *c, const struct ynode *kvm)
{
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

void conv_hypervisor(struct conv *c, const struct ynode *n)
{
    static const char *const keys[] = {"kvm", "direct_injection", NULL};
    c->s->gic.kvm_release = VGIC_RELEASE_DEFAULT;
    c->s->gic.direct_injection = GIC_DI_NONE;
    if (!n || !conv_expect_type(c, n, YNODE_MAP, "hypervisor"))
        return;
    conv_check_keys(c, n, "hypervisor", keys);
    /* The release first: which direct-injection modes exist depends on it. */
    const struct ynode *kvm = ynode_get(n, "kvm");
    if (kvm && conv_expect_type(c, kvm, YNODE_SCALAR, "hypervisor.kvm"))
        conv_kvm_release(c, kvm);
    const struct ynode *di = ynode_get(n, "direct_injection");
    if (di)
        conv_direct_injection(c, di);
}
