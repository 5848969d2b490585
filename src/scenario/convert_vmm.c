/* SPDX-License-Identifier: GPL-2.0-only */
/* The trace's `vmm` step (spec section 5): the VMM reads or writes vGIC state through
 * KVM's device attributes (src/vgic/vgic_uaccess.h).
 *   vmm: {read: GICR_ISPENDR0, redist: 1, expect: 0x8000000}
 *   vmm: {write: GICD_IIDR, value: 0x4b00343b}
 *   vmm: {write: ICC_PMR_EL1, vcpu: 0, value: 0xf0}
 *   vmm: {read: LINE_LEVEL, n: 1, expect: 0x1}
 * Accesses are 32 bits (KVM's DIST_REGS/REDIST_REGS attributes are u32: a 64-bit
 * register is read or written one half at a time, `byte: 4` for the upper one); the ICC_*
 * system registers are 64-bit; `refused: true` expects KVM to refuse the access. */
#include <stdio.h>
#include <string.h>

#include "scenario/convert_internal.h"
#include "util/escape.h"

enum { VMM_WIDTH = 32, ICC_WIDTH = 64, LINE_LEVEL_WORDS = 32 };

/* Where the named thing is: a GICD/GICR register, an ICC_* register or LINE_LEVEL. */
static bool conv_vmm_target(struct conv *c, struct scn_vmm *v, const struct ynode *m,
                            const struct ynode *name, const char *key, const char *what,
                            uint32_t *width)
{
    const struct ynode *n = ynode_get(m, "n"), *byte = ynode_get(m, "byte");
    bool v2 = c->version_ok && c->s->gic.version == GIC_V2;
    if (!conv_expect_type(c, name, YNODE_SCALAR, CONV_PATH(what, key)))
        return false;
    const char *str = name->str;
    if (strcmp(str, "LINE_LEVEL") == 0) {
        v->space = VGIC_VMM_LINE_LEVEL;
        if (v2) {
            conv_error(c, name, "%s: LINE_LEVEL (KVM's LEVEL_INFO) exists for GICv3 only", what);
            return false;
        }
        if (byte)
            conv_error(c, byte, "%s: 'byte' does not apply to LINE_LEVEL", what);
        uint32_t word = 0;
        if (!n) {
            conv_error(c, m, "%s: LINE_LEVEL needs 'n', the word of INTIDs 32n..32n+31", what);
            return false;
        }
        if (!conv_u32_range(c, n, CONV_PATH(what, "n"), 0, LINE_LEVEL_WORDS - 1, &word))
            return false;
        v->offset = word * 32;
        *width = VMM_WIDTH;
        return true;
    }
    if (strncmp(str, "ICC_", 4) == 0) {
        enum vgic_icc_reg r;
        if (!vgic_icc_reg_by_name(str, &r)) {
            conv_error(c, name, "%s: '%s' is not a CPU-interface register KVM saves and "
                       "restores (ICC_PMR_EL1, ICC_BPR0_EL1, ICC_BPR1_EL1, ICC_CTLR_EL1, "
                       "ICC_SRE_EL1, ICC_IGRPEN0_EL1, ICC_IGRPEN1_EL1, ICC_AP0Rn_EL1, "
                       "ICC_AP1Rn_EL1)", what, ESC(str));
            return false;
        }
        if (v2) {
            conv_error(c, name, "%s: GICv2 has no ICC_* system registers", what);
            return false;
        }
        if (n)
            conv_error(c, n, "%s: %s is a single register; 'n' does not apply", what,
                       ESC(str));
        if (byte)
            conv_error(c, byte, "%s: 'byte' does not apply to a system register", what);
        v->space = VGIC_VMM_ICC;
        v->offset = (uint32_t)r;
        *width = ICC_WIDTH;
        return true;
    }
    const struct gic_reg_desc *d = NULL;
    uint32_t off = 0;
    bool ok = conv_reg(c, name, key, n, what, &d, &off);
    if (!d)
        return false;
    if (d->frame == GIC_FRAME_GITS) {
        conv_error(c, name, "%s: %s is an ITS register: a vmm step reaches the distributor, "
                   "the redistributors, ICC_* registers and LINE_LEVEL (GICD_*, GICR_*, ICC_*, "
                   "LINE_LEVEL), not the ITS", what, d->name);
        return false;
    }
    v->reg = d;
    v->space = d->frame == GIC_FRAME_GICR ? VGIC_VMM_GICR : VGIC_VMM_GICD;
    *width = VMM_WIDTH;
    uint32_t b = 0;
    if (byte && d->width == 64)
        conv_u32_range(c, byte, CONV_PATH(what, "byte"), 0, 4, &b);
    if (byte && (d->width != 64 || (b != 0 && b != 4)))
        conv_error(c, byte, "%s: the VMM's accesses are 32 bits: 'byte' is 0 or 4, for a "
                   "64-bit register only", what);
    v->offset = off + (b == 4 ? 4 : 0);
    return ok;
}

void conv_vmm(struct conv *c, struct scn_step *st, const struct ynode *m, const char *what)
{
    static const char *const keys[] = {
        "read", "write", "n", "redist", "vcpu", "byte", "value", "expect", "mask", "refused",
        NULL,
    };
    struct scn_vmm *v = &st->u.vmm;
    v->mask = UINT64_MAX;
    if (!conv_expect_type(c, m, YNODE_MAP, what))
        return;
    conv_check_keys(c, m, what, keys);
    const struct ynode *rd = ynode_get(m, "read"), *wr = ynode_get(m, "write");
    const struct ynode *redist = ynode_get(m, "redist"), *vcpu = ynode_get(m, "vcpu");
    const struct ynode *refused = ynode_get(m, "refused");
    if (rd && wr) {
        conv_error(c, wr, "%s: a vmm step either reads or writes one register", what);
        return;
    }
    if (!rd && !wr) {
        conv_error(c, m, "%s: say 'read: REG' or 'write: REG' (GICD_*, GICR_*, ICC_* or "
                   "LINE_LEVEL)", what);
        return;
    }
    v->is_write = wr != NULL;
    uint32_t width = ICC_WIDTH;   /* the widest until the target is known */
    bool located = conv_vmm_target(c, v, m, rd ? rd : wr, rd ? "read" : "write", what, &width);

    /* Whose: the redistributor of a GICR register, the vCPU of an ICC register (required)
     * or of LINE_LEVEL and GICv2 distributor registers (their PPIs and banked view). */
    if (redist && located && v->space != VGIC_VMM_GICR)
        conv_error(c, redist, "%s: 'redist' goes with GICR registers only", what);
    else if (redist && conv_vcpu(c, redist, CONV_PATH(what, "redist"), &v->vcpu) && vcpu)
        conv_error(c, vcpu, "%s: a redistributor is named with 'redist' alone", what);
    if (vcpu && located && (v->space == VGIC_VMM_GICR ||
                            (v->space == VGIC_VMM_GICD && c->version_ok &&
                             c->s->gic.version == GIC_V3)))
        conv_error(c, vcpu, "%s: 'vcpu' selects a vCPU's ICC_* registers, line levels or "
                   "GICv2 banked registers; %s", what,
                   v->space == VGIC_VMM_GICR ? "use 'redist' for a redistributor"
                                             : "the GICv3 distributor is not banked");
    else if (vcpu && !redist)
        conv_vcpu(c, vcpu, CONV_PATH(what, "vcpu"), &v->vcpu);
    else if (!vcpu && located && v->space == VGIC_VMM_ICC)
        conv_error(c, m, "%s: say whose ICC_* register with 'vcpu'", what);

    if (refused)
        conv_bool(c, refused, CONV_PATH(what, "refused"), &v->refused);
    struct conv_operands ops = {.mask = v->mask};
    conv_access_operands(c, m, what, v->is_write, width, &ops);
    v->value = ops.value;
    v->expect = ops.expect;
    v->has_expect = ops.has_expect;
    v->mask = ops.mask;
    if (!v->is_write && ops.has_expect && v->refused)
        conv_error(c, ynode_get(m, "expect"), "%s: a refused read returns nothing to check",
                   what);
}

const char *scn_vmm_label(const struct scn_vmm *v, char *buf, size_t size)
{
    switch (v->space) {
    case VGIC_VMM_ICC:
        snprintf(buf, size, "%s of vCPU %u", vgic_icc_reg_name((enum vgic_icc_reg)v->offset),
                 v->vcpu);
        break;
    case VGIC_VMM_LINE_LEVEL:
        snprintf(buf, size, "LINE_LEVEL%u of vCPU %u", v->offset / 32, v->vcpu);
        break;
    default: {
        const struct gic_reg_desc *d = v->reg;
        bool upper = d && d->width == 64 && (v->offset & 4);
        uint32_t reg_off = v->offset - (upper ? 4 : 0);
        char name[SCN_LABEL_MAX];
        if (!d)
            snprintf(name, sizeof(name), "offset 0x%x", v->offset);
        else if (d->stride == 0)
            snprintf(name, sizeof(name), "%s%s", d->name, upper ? "[63:32]" : "");
        else
            snprintf(name, sizeof(name), "%s%u%s", d->name, (reg_off - d->offset) / d->stride,
                     upper ? "[63:32]" : "");
        if (v->space == VGIC_VMM_GICR)
            snprintf(buf, size, "%s of redistributor %u", name, v->vcpu);
        else
            snprintf(buf, size, "%s", name);
        break;
    }
    }
    return buf;
}
