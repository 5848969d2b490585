/* SPDX-License-Identifier: GPL-2.0-only */
/* The trace section (spec section 5): steps in time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/convert_internal.h"
#include "vgic/vgic_irq.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char *const step_keys[] = {
    "write", "read", "cpu", "sgi", "line", "pulse", "check", "vmm", "msi", "its",
    "lpi_config", "at", "vcpu", NULL,
};
static const char *const action_names[] = {
    [SCN_STEP_WRITE] = "write", [SCN_STEP_READ] = "read", [SCN_STEP_CPU] = "cpu",
    [SCN_STEP_SGI] = "sgi",     [SCN_STEP_LINE] = "line", [SCN_STEP_PULSE] = "pulse",
    [SCN_STEP_CHECK] = "check", [SCN_STEP_VMM] = "vmm",     [SCN_STEP_MSI] = "msi",
    [SCN_STEP_ITS] = "its",     [SCN_STEP_LPI_CONFIG] = "lpi_config",
};
enum { N_ACTIONS = SCN_STEP_LPI_CONFIG + 1 };

static uint64_t width_mask(uint32_t width)
{
    return width >= 64 ? UINT64_MAX : (UINT64_C(1) << width) - 1;
}

/* A value written or expected must fit in the access. */
bool conv_value(struct conv *c, const struct ynode *n, const char *what, uint32_t width,
                       uint64_t *out)
{
    if (!conv_u64(c, n, what, out))
        return false;
    if (*out & ~width_mask(width)) {
        conv_error(c, n, "%s: %s does not fit in %s %u-bit access", what, n->str,
                   width == 8 ? "an" : "a", width);
        return false;
    }
    return true;
}

void conv_access_operands(struct conv *c, const struct ynode *m, const char *what,
                          bool is_write, uint32_t width, struct conv_operands *out)
{
    const struct ynode *value = ynode_get(m, "value"), *expect = ynode_get(m, "expect");
    const struct ynode *mask = ynode_get(m, "mask");
    if (is_write) {
        if (expect)
            conv_error(c, expect, "%s: 'expect' checks a read; this step writes", what);
        if (mask)
            conv_error(c, mask, "%s: 'mask' checks a read; this step writes", what);
        if (!value)
            conv_error(c, m, "%s: missing 'value' to write", what);
        else
            conv_value(c, value, CONV_PATH(what, "value"), width, &out->value);
        return;
    }
    if (value)
        conv_error(c, value, "%s: 'value' is for writes; use 'expect' to check a read", what);
    if (expect && conv_value(c, expect, CONV_PATH(what, "expect"), width, &out->expect))
        out->has_expect = true;
    if (mask) {
        if (!expect)
            conv_error(c, mask, "%s: 'mask' limits an 'expect'; give 'expect' too", what);
        conv_value(c, mask, CONV_PATH(what, "mask"), width, &out->mask);
    } else {
        out->mask = width_mask(width);   /* every bit the access returns */
    }
}

bool conv_version_has(const struct conv *c, uint8_t versions)
{
    if (!c->version_ok)
        return true;
    return versions & (c->s->gic.version == GIC_V2 ? GIC_REG_V2 : GIC_REG_V3);
}

bool conv_reg(struct conv *c, const struct ynode *reg, const char *key, const struct ynode *n,
              const char *what, const struct gic_reg_desc **out, uint32_t *offset)
{
    *out = NULL;
    if (!conv_expect_type(c, reg, YNODE_SCALAR, CONV_PATH(what, key)))
        return false;
    bool has_index;
    uint32_t index = 0;
    const struct gic_reg_desc *d = gic_reg_lookup(reg->str, &has_index, &index);
    if (!d) {
        conv_error(c, reg, "%s: unknown register '%s' (GICD_*, GICR_* or GITS_* as the GIC "
                   "architecture specification names them)", what, ESC(reg->str));
        return false;
    }
    if (!conv_version_has(c, d->versions)) {
        conv_error(c, reg, "%s: %s is not a GICv%d register", what, ESC(reg->str),
                   (int)c->s->gic.version);
        return false;
    }
    bool index_ok = true;
    if (has_index && n) {
        conv_error(c, n, "%s: the index is given twice ('%s' and n)", what,
                   ESC(reg->str));
        index_ok = false;
    } else if (n && d->stride == 0) {
        conv_error(c, n, "%s: %s is a single register; 'n' does not apply", what, d->name);
        index_ok = false;
    } else if (n) {
        index_ok = conv_u32_range(c, n, CONV_PATH(what, "n"), 0, d->count - 1, &index);
    } else if (!has_index && d->count > 1) {
        conv_error(c, reg, "%s: %s is an array; give its index with 'n' (0..%u)", what,
                   d->name, d->count - 1);
        index_ok = false;
    } else if (has_index && index >= d->count) {
        conv_error(c, reg, "%s: %s has indices 0..%u", what, d->name, d->count - 1);
        index_ok = false;
    }
    *out = d;
    *offset = d->offset + index * d->stride;
    return index_ok;
}

/* write/read: {reg, n, width, byte, value | expect, mask} or {offset, frame, ...}. */
static void conv_mmio(struct conv *c, struct scn_step *st, const struct ynode *m,
                      const char *what)
{
    static const char *const write_keys[] = {
        "reg", "n", "offset", "frame", "redist", "width", "byte", "value", NULL,
    };
    static const char *const read_keys[] = {
        "reg", "n", "offset", "frame", "redist", "width", "byte", "expect", "mask", NULL,
    };
    static const char *const frames[] = {"gicd", "gicr", "gits", NULL};   /* enum gic_frame */
    bool is_write = st->kind == SCN_STEP_WRITE;
    struct scn_mmio *io = &st->u.mmio;
    io->redist = SCN_NO_VCPU;
    io->mask = UINT64_MAX;
    if (!conv_expect_type(c, m, YNODE_MAP, what))
        return;
    conv_check_keys(c, m, what, is_write ? write_keys : read_keys);

    const struct ynode *reg = ynode_get(m, "reg"), *offset = ynode_get(m, "offset");
    const struct ynode *frame = ynode_get(m, "frame"), *n = ynode_get(m, "n");
    const struct ynode *width = ynode_get(m, "width"), *byte = ynode_get(m, "byte");
    const struct ynode *redist = ynode_get(m, "redist");
    const char *w = CONV_PATH(what, "width");
    char label[SCN_LABEL_MAX];
    bool located = false;
    /* A raw offset's default width; a register's own once it is known (until then the
     * widest, so that a value is not also reported after a bad register name). */
    uint32_t natural = reg ? 64 : 32;

    if (reg && offset) {
        conv_error(c, offset, "%s: give either 'reg' or 'offset', not both", what);
    } else if (reg) {
        if (frame)
            conv_error(c, frame, "%s: 'frame' goes with 'offset'; '%s' already names its frame",
                       what, ESC(reg->str));
        const struct gic_reg_desc *d = NULL;
        uint32_t off = 0;
        bool index_ok = conv_reg(c, reg, "reg", n, what, &d, &off);
        if (d) {
            natural = d->width;
            io->frame = d->frame;
            io->offset = off;
            io->reg = d;
            located = index_ok;
        }
    } else if (offset) {
        uint64_t off;
        int f = -1;
        if (!frame)
            conv_error(c, m, "%s: a raw 'offset' needs 'frame: gicd', 'frame: gicr' or "
                       "'frame: gits'", what);
        else
            f = conv_choice(c, frame, CONV_PATH(what, "frame"), frames);
        if (byte)
            conv_error(c, byte, "%s: 'byte' goes with 'reg'; add it to the offset instead",
                       what);
        if (n)
            conv_error(c, n, "%s: 'n' goes with 'reg'", what);
        if (conv_u64(c, offset, CONV_PATH(what, "offset"), &off) && f >= 0) {
            io->frame = (enum gic_frame)f;
            uint32_t size = gic_frame_size(io->frame, c->version_ok ? c->s->gic.version : GIC_V3);
            if (size == 0) {
                conv_error(c, frame, "%s: GICv2 has no %s", what,
                           io->frame == GIC_FRAME_GITS ? "ITS (GITS)" : "redistributors (GICR)");
            } else if (off >= size) {
                conv_error(c, offset, "%s: offset %s lies outside the %s frame (0..0x%x)", what,
                           offset->str, frames[f], size - 1);
            } else {
                io->offset = (uint32_t)off;
                located = true;
            }
        }
    } else {
        conv_error(c, m, "%s: say which register: 'reg' (e.g. GICD_ISENABLER1) or 'offset' "
                   "with 'frame'", what);
    }

    if (located && io->frame == GIC_FRAME_GICR && c->version_ok && c->s->gic.version == GIC_V2) {
        conv_error(c, reg ? reg : frame, "%s: GICv2 has no redistributors (GICR)", what);
        located = false;
    }
    if (located && io->frame == GIC_FRAME_GITS &&
        !conv_require_its(c, reg ? reg : frame, CONV_PATH(what, reg ? "reg" : "frame")))
        located = false;
    if (redist) {
        uint32_t r;
        if (located && io->frame != GIC_FRAME_GICR)
            conv_error(c, redist, "%s: 'redist' selects a redistributor; it goes with GICR "
                       "registers only", what);
        else if (conv_vcpu(c, redist, CONV_PATH(what, "redist"), &r))
            io->redist = (int32_t)r;
    }

    io->width = natural;
    bool width_ok = true;
    if (width) {
        uint32_t wv;
        width_ok = false;
        io->width = 64;  /* unknown: the widest, for the checks of the value */
        if (conv_u32_range(c, width, w, 8, 64, &wv)) {
            if (wv != 8 && wv != 16 && wv != 32 && wv != 64) {
                conv_error(c, width, "%s: %u is not an access width (8, 16, 32 or 64)", w, wv);
            } else {
                io->width = wv;
                width_ok = true;
            }
        }
    }
    if (reg && located) {
        uint32_t b = 0;
        if (byte && conv_u32_range(c, byte, CONV_PATH(what, "byte"), 0, natural / 8 - 1, &b)) {
            if (width_ok && b + io->width / 8 > natural / 8)
                conv_error(c, width ? width : byte,
                           "%s: %s %u-bit access at byte %u does not fit in the %u-bit register "
                           "%s (use 'offset' for accesses that span registers)",
                           what, io->width == 8 ? "an" : "a", io->width, b, natural,
                           scn_mmio_label(io, label, sizeof(label)));
        } else if (!byte && width_ok && io->width > natural) {
            conv_error(c, width, "%s: %s is a %u-bit register; a %u-bit access does not fit "
                       "(use 'offset' for accesses that span registers)",
                       what, scn_mmio_label(io, label, sizeof(label)), natural, io->width);
        }
        io->offset += b;
    } else if (offset && located && width_ok) {
        uint32_t size = gic_frame_size(io->frame, c->version_ok ? c->s->gic.version : GIC_V3);
        if (io->offset + io->width / 8 > size)
            conv_error(c, offset, "%s: a %u-bit access at offset %s runs past the end of the "
                       "frame", what, io->width, offset->str);
    }

    if (is_write) {
        const struct ynode *value = ynode_get(m, "value");
        if (!value)
            conv_error(c, m, "%s: missing 'value' to write", what);
        else
            conv_value(c, value, CONV_PATH(what, "value"), io->width, &io->value);
    } else {
        const struct ynode *expect = ynode_get(m, "expect"), *mask = ynode_get(m, "mask");
        const char *ew = CONV_PATH(what, "expect"), *mw = CONV_PATH(what, "mask");
        if (expect && conv_value(c, expect, ew, io->width, &io->expect))
            io->has_expect = true;
        if (mask) {
            if (!expect)
                conv_error(c, mask, "%s: 'mask' limits an 'expect'; give 'expect' too", what);
            conv_value(c, mask, mw, io->width, &io->mask);
        } else {
            io->mask = width_mask(io->width);  /* all the bits the access returns */
        }
    }
}

/* cpu: {read: IAR, expect: 27, mask: ...} or {write: EOIR, value: 27}. */
static void conv_cpu(struct conv *c, struct scn_step *st, const struct ynode *m,
                     const char *what)
{
    static const char *const keys[] = {"read", "write", "value", "expect", "mask", NULL};
    struct scn_cpu_access *a = &st->u.cpu;
    a->mask = UINT64_MAX;
    if (!conv_expect_type(c, m, YNODE_MAP, what))
        return;
    conv_check_keys(c, m, what, keys);
    const struct ynode *rd = ynode_get(m, "read"), *wr = ynode_get(m, "write");
    if (rd && wr) {
        conv_error(c, wr, "%s: a cpu step either reads or writes one register", what);
        return;
    }
    if (!rd && !wr) {
        conv_error(c, m, "%s: say 'read: REG' or 'write: REG'", what);
        return;
    }
    const struct ynode *name = rd ? rd : wr;
    a->is_write = wr != NULL;
    uint32_t width = 64;  /* the widest until the register is known */
    if (conv_expect_type(c, name, YNODE_SCALAR, CONV_PATH(what, rd ? "read" : "write"))) {
        const struct gic_cpu_reg_desc *d = gic_cpu_reg_by_name(name->str);
        if (!d) {
            conv_error(c, name, "%s: unknown CPU-interface register '%s' (IAR, EOIR, DIR, PMR, "
                       "BPR, CTLR, RPR, HPPIR, APRn, AP0Rn, AP1Rn, IGRPEN0, IGRPEN1, SGI1R, "
                       "IAR0, EOIR0, HPPIR0, BPR0)", what, ESC(name->str));
        } else if (!conv_version_has(c, d->versions)) {
            conv_error(c, name, "%s: %s does not exist on GICv%d", what, d->name,
                       (int)c->s->gic.version);
        } else if (a->is_write && d->access == GIC_CPU_RO) {
            conv_error(c, name, "%s: %s is read-only", what, d->name);
        } else if (!a->is_write && d->access == GIC_CPU_WO) {
            conv_error(c, name, "%s: %s is write-only", what, d->name);
        } else {
            a->reg = d->reg;
            width = d->width;
        }
    }
    struct conv_operands ops = {.mask = a->mask};
    conv_access_operands(c, m, what, a->is_write, width, &ops);
    a->value = ops.value;
    a->expect = ops.expect;
    a->has_expect = ops.has_expect;
    a->mask = ops.mask;
}

static void conv_sgi(struct conv *c, struct scn_step *st, const struct ynode *m,
                     const char *what)
{
    static const char *const keys[] = {"intid", "targets", NULL};
    struct scn_sgi *sg = &st->u.sgi;
    if (!conv_expect_type(c, m, YNODE_MAP, what))
        return;
    conv_check_keys(c, m, what, keys);
    const struct ynode *id = ynode_get(m, "intid"), *t = ynode_get(m, "targets");
    if (!id)
        conv_error(c, m, "%s: missing 'intid' (an SGI, 0..15)", what);
    else {
        uint64_t v = 0;
        if (conv_u64(c, id, CONV_PATH(what, "intid"), &v) && v > 15)
            conv_error(c, id, "%s: SGIs are INTIDs 0..15; %s is not an SGI", what, id->str);
        else
            sg->intid = (uint32_t)v;
    }
    if (!t) {
        conv_error(c, m, "%s: missing 'targets' (a list of vCPUs, 'others' or 'self')", what);
    } else if (t->type == YNODE_SCALAR) {
        static const char *const modes[] = {"others", "self", NULL};
        int mode = conv_choice(c, t, CONV_PATH(what, "targets"), modes);
        if (mode >= 0)
            sg->mode = mode == 0 ? SCN_SGI_OTHERS : SCN_SGI_SELF;
    } else if (conv_expect_type(c, t, YNODE_SEQ, CONV_PATH(what, "targets"))) {
        sg->mode = SCN_SGI_LIST;
        sg->targets = arena_alloc(&c->s->arena, t->n_items * sizeof(*sg->targets));
        for (size_t i = 0; i < t->n_items; i++) {
            uint32_t v;
            if (conv_vcpu(c, t->items[i], CONV_PATH(what, "targets"), &v))
                sg->targets[sg->n_targets++] = v;
        }
    }
}

/* line and pulse: {intid, level, vcpu (PPIs)}. */
static void conv_line(struct conv *c, struct scn_step *st, const struct ynode *m,
                      const char *what)
{
    static const char *const line_keys[] = {"intid", "level", "vcpu", NULL};
    static const char *const pulse_keys[] = {"intid", "vcpu", NULL};
    bool pulse = st->kind == SCN_STEP_PULSE;
    struct scn_line *l = &st->u.line;
    l->vcpu = SCN_NO_VCPU;
    l->level = 1;
    if (!conv_expect_type(c, m, YNODE_MAP, what))
        return;
    conv_check_keys(c, m, what, pulse ? pulse_keys : line_keys);
    const struct ynode *id = ynode_get(m, "intid"), *vcpu = ynode_get(m, "vcpu");
    const struct ynode *level = ynode_get(m, "level");
    if (!pulse) {
        if (!level)
            conv_error(c, m, "%s: missing 'level' (1 drives the line high, 0 low)", what);
        else
            conv_u32_range(c, level, CONV_PATH(what, "level"), 0, 1, &l->level);
    }
    bool id_ok = false;
    if (!id)
        conv_error(c, m, "%s: missing 'intid'", what);
    else
        id_ok = conv_intid_any(c, id, CONV_PATH(what, "intid"), &l->intid);
    if (id_ok && gic_intid_is_sgi(l->intid)) {
        conv_error(c, id, "%s: SGI %u has no line; send it with an 'sgi' step", what, l->intid);
    } else if (id_ok && gic_intid_is_ppi(l->intid) && !vcpu) {
        conv_error(c, m, "%s: PPI %u is private to each vCPU; add 'vcpu' inside the %s map",
                   what, l->intid, action_names[st->kind]);
    } else if (id_ok && !gic_intid_is_private(l->intid) && vcpu) {
        conv_error(c, vcpu, "%s: SPI %u is shared; 'vcpu' is only for PPIs (route SPIs with "
                   "GICD_ITARGETSR or GICD_IROUTER)", what, l->intid);
    } else if (vcpu) {
        uint32_t v;
        if (conv_vcpu(c, vcpu, CONV_PATH(what, "vcpu"), &v))
            l->vcpu = (int32_t)v;
    }
}

const char *const scn_hcr_names[SCN_HCR_BITS] = {
    [SCN_HCR_EN] = "en", [SCN_HCR_UIE] = "uie", [SCN_HCR_LRENPIE] = "lrenpie",
    [SCN_HCR_NPIE] = "npie", [SCN_HCR_VGRP0EIE] = "vgrp0eie", [SCN_HCR_VGRP0DIE] = "vgrp0die",
    [SCN_HCR_VGRP1EIE] = "vgrp1eie", [SCN_HCR_VGRP1DIE] = "vgrp1die", [SCN_HCR_TDIR] = "tdir",
};

/* hcr: {uie: true, ...}: the bits by their architectural names in lower case. GICv2's
 * GICH_HCR has no TDIR (KVM unmaps GICV_DIR instead). */
static void conv_hcr(struct conv *c, struct scn_check *k, const struct ynode *m, const char *what)
{
    if (!conv_expect_type(c, m, YNODE_MAP, what))
        return;
    static const char *keys[SCN_HCR_BITS + 1];
    for (int b = 0; b < SCN_HCR_BITS; b++)
        keys[b] = scn_hcr_names[b];
    conv_check_keys(c, m, what, keys);
    for (int b = 0; b < SCN_HCR_BITS; b++) {
        const struct ynode *v = ynode_get(m, scn_hcr_names[b]);
        bool want;
        if (!v || !conv_bool(c, v, CONV_PATH(what, scn_hcr_names[b]), &want))
            continue;
        if (b == SCN_HCR_TDIR && c->version_ok && c->s->gic.version == GIC_V2) {
            conv_error(c, v, "%s: GICv2's GICH_HCR has no TDIR (KVM traps GICV_DIR by "
                       "leaving its page unmapped)", what);
            continue;
        }
        k->hcr_mask |= (uint16_t)(1u << b);
        if (want)
            k->hcr_want |= (uint16_t)(1u << b);
    }
}

/* {intid, vcpu, pending, active, enabled, priority, lr, phys_active} checks an interrupt;
 * {vcpu, hcr, eoicount, lrs_used} a vCPU's interface. */
static void conv_check(struct conv *c, struct scn_step *st, const struct ynode *m,
                       const char *what)
{
    static const char *const keys[] = {
        "intid", "vcpu", "pending", "active", "enabled", "priority", "lr", "phys_active",
        "hcr", "eoicount", "lrs_used", NULL,
    };
    static const char *const irq_keys[] = {
        "pending", "active", "enabled", "priority", "lr", "phys_active", NULL,
    };
    static const char *const vcpu_keys[] = {"hcr", "eoicount", "lrs_used", NULL};
    static const char *const lr_states[] = {"none", "pending", "active", "pending_active", NULL};
    static const uint8_t lr_values[] = {SCN_LR_NONE, GIC_LR_PENDING, GIC_LR_ACTIVE,
                                        GIC_LR_PENDING_ACTIVE};
    struct scn_check *k = &st->u.check;
    k->vcpu = SCN_NO_VCPU;
    if (!conv_expect_type(c, m, YNODE_MAP, what))
        return;
    conv_check_keys(c, m, what, keys);
    const struct ynode *id = ynode_get(m, "intid"), *vcpu = ynode_get(m, "vcpu"), *v;
    const struct ynode *vcpu_form = NULL;
    for (const char *const *key = vcpu_keys; *key && !vcpu_form; key++)
        vcpu_form = ynode_get(m, *key);
    if (vcpu) {
        uint32_t cpu;
        if (conv_vcpu(c, vcpu, CONV_PATH(what, "vcpu"), &cpu))
            k->vcpu = (int32_t)cpu;
    }
    if (vcpu_form) {
        /* The vCPU form: no interrupt, and the vCPU is required. */
        if (id)
            conv_error(c, id, "%s: 'intid' names an interrupt, but hcr, eoicount and "
                       "lrs_used check a vCPU's interface: check each in a step of its own",
                       what);
        for (const char *const *key = irq_keys; *key; key++)
            if ((v = ynode_get(m, *key)))
                conv_error(c, v, "%s: '%s' is an interrupt's; this check names a vCPU's "
                           "interface (hcr, eoicount, lrs_used)", what, *key);
        if (!vcpu)
            conv_error(c, m, "%s: say whose interface with 'vcpu'", what);
        if ((v = ynode_get(m, "hcr")))
            conv_hcr(c, k, v, CONV_PATH(what, "hcr"));
        uint32_t x;
        if ((v = ynode_get(m, "eoicount")) &&
            (k->has_eoicount = conv_u32_range(c, v, CONV_PATH(what, "eoicount"), 0, 31, &x)))
            k->eoicount = (uint8_t)x;
        if ((v = ynode_get(m, "lrs_used")) &&
            (k->has_lrs_used = conv_u32_range(c, v, CONV_PATH(what, "lrs_used"), 0,
                                              GIC_MAX_LIST_REGISTERS, &x)))
            k->lrs_used = (uint8_t)x;
        return;
    }
    bool id_ok = false;
    if (!id)
        conv_error(c, m, "%s: missing 'intid' (or, for a vCPU's interface, 'hcr', "
                   "'eoicount' or 'lrs_used')", what);
    else
        id_ok = k->has_intid = conv_intid_deliverable(c, id, CONV_PATH(what, "intid"),
                                                      &k->intid);
    if (!vcpu && id_ok && gic_intid_is_private(k->intid))
        conv_error(c, m, "%s: INTID %u is banked per vCPU; add 'vcpu' to say whose", what,
                   k->intid);
    if ((v = ynode_get(m, "pending")))
        k->has_pending = conv_bool(c, v, CONV_PATH(what, "pending"), &k->pending);
    if ((v = ynode_get(m, "active")))
        k->has_active = conv_bool(c, v, CONV_PATH(what, "active"), &k->active);
    if ((v = ynode_get(m, "enabled")))
        k->has_enabled = conv_bool(c, v, CONV_PATH(what, "enabled"), &k->enabled);
    if ((v = ynode_get(m, "priority")))
        k->has_priority = conv_u32_range(c, v, CONV_PATH(what, "priority"), 0, 0xff,
                                         &k->priority);
    if ((v = ynode_get(m, "lr"))) {
        int state = conv_choice(c, v, CONV_PATH(what, "lr"), lr_states);
        if (state >= 0) {
            k->has_lr = true;
            k->lr = lr_values[state];
        }
    }
    if ((v = ynode_get(m, "phys_active"))) {
        bool mapped = !id_ok || !c->version_ok || vgic_intid_hw_mapped(&c->s->gic, k->intid);
        if (!mapped)
            conv_error(c, v, "%s: INTID %u is not HW-mapped (gic.hw_mapped): it has no "
                       "physical side", what, k->intid);
        else
            k->has_phys_active = conv_bool(c, v, CONV_PATH(what, "phys_active"),
                                           &k->phys_active);
    }
}

/* Paths for messages; CONV_INDEX stands for the step's index (see convert_internal.h). */
#define STEP_WHAT "trace[" CONV_INDEX "]"
static const char *const action_paths[] = {
    [SCN_STEP_WRITE] = STEP_WHAT ".write", [SCN_STEP_READ] = STEP_WHAT ".read",
    [SCN_STEP_CPU] = STEP_WHAT ".cpu",     [SCN_STEP_SGI] = STEP_WHAT ".sgi",
    [SCN_STEP_LINE] = STEP_WHAT ".line",   [SCN_STEP_PULSE] = STEP_WHAT ".pulse",
    [SCN_STEP_CHECK] = STEP_WHAT ".check", [SCN_STEP_VMM] = STEP_WHAT ".vmm",
    [SCN_STEP_MSI] = STEP_WHAT ".msi",     [SCN_STEP_ITS] = STEP_WHAT ".its",
    [SCN_STEP_LPI_CONFIG] = STEP_WHAT ".lpi_config",
};

static void conv_step(struct conv *c, struct scn_step *st, const struct ynode *n)
{
    const char *what = STEP_WHAT;
    st->vcpu = SCN_NO_VCPU;
    st->loc = conv_loc(c, n);
    if (!conv_expect_type(c, n, YNODE_MAP, what))
        return;
    conv_check_keys(c, n, what, step_keys);

    int action = -1;
    const struct ynode *action_key = NULL, *body = NULL;
    for (size_t i = 0; i < n->n_pairs; i++) {
        const char *key = n->pairs[i].key->str;
        for (int a = 0; a < N_ACTIONS; a++) {
            if (key[0] != action_names[a][0] || strcmp(key, action_names[a]) != 0)
                continue;
            if (action >= 0) {
                conv_error(c, n->pairs[i].key,
                           "%s: a step has exactly one action; '%s' follows '%s'", what,
                           action_names[a], action_names[action]);
            } else {
                action = a;
                action_key = n->pairs[i].key;
                body = n->pairs[i].value;
            }
        }
    }
    if (action < 0) {
        conv_error(c, n, "%s: a step needs one action: write, read, cpu, sgi, line, pulse, "
                   "check, vmm, msi, its or lpi_config", what);
        return;
    }
    st->kind = (enum scn_step_kind)action;
    (void)action_key;

    const struct ynode *at = ynode_get(n, "at"), *vcpu = ynode_get(n, "vcpu");
    if (at)
        st->has_at = conv_cycles(c, at, CONV_PATH(what, "at"), &st->at);
    bool needs_vcpu = st->kind == SCN_STEP_WRITE || st->kind == SCN_STEP_READ ||
                      st->kind == SCN_STEP_CPU || st->kind == SCN_STEP_SGI ||
                      st->kind == SCN_STEP_ITS || st->kind == SCN_STEP_LPI_CONFIG;
    if (needs_vcpu) {
        uint32_t v;
        if (!vcpu)
            conv_error(c, n, "%s: %s '%s' step needs 'vcpu' (the vCPU that performs it)", what,
                       strchr("aeiou", action_names[action][0]) ? "an" : "a",
                       action_names[action]);
        else if (conv_vcpu(c, vcpu, CONV_PATH(what, "vcpu"), &v))
            st->vcpu = (int32_t)v;
    } else if (vcpu && st->kind == SCN_STEP_MSI) {
        conv_error(c, vcpu, "%s: an 'msi' step is a device's, not a vCPU's: the ITS sends its "
                   "event to the vCPU its mapping names", what);
    } else if (vcpu) {
        conv_error(c, vcpu, "%s: a '%s' step is not performed by a vCPU; put 'vcpu' inside the "
                   "%s map (%s)", what, action_names[action], action_names[action],
                   st->kind == SCN_STEP_VMM ? "whose ICC_* registers, line levels or GICv2 "
                                              "banked registers"
                                            : "for a PPI");
    }

    const char *inner = action_paths[action];
    switch (st->kind) {
    case SCN_STEP_WRITE:
    case SCN_STEP_READ: conv_mmio(c, st, body, inner); break;
    case SCN_STEP_CPU: conv_cpu(c, st, body, inner); break;
    case SCN_STEP_SGI: conv_sgi(c, st, body, inner); break;
    case SCN_STEP_LINE:
    case SCN_STEP_PULSE: conv_line(c, st, body, inner); break;
    case SCN_STEP_CHECK: conv_check(c, st, body, inner); break;
    case SCN_STEP_VMM: conv_vmm(c, st, body, inner); break;
    case SCN_STEP_MSI: conv_msi_step(c, st, body, inner); break;
    case SCN_STEP_ITS: conv_its_step(c, st, body, inner); break;
    case SCN_STEP_LPI_CONFIG: conv_lpi_config_step(c, st, body, inner); break;
    }
}

void conv_trace(struct conv *c, const struct ynode *n)
{
    if (!conv_expect_type(c, n, YNODE_SEQ, "trace"))
        return;
    c->s->steps = arena_alloc(&c->s->arena, n->n_items * sizeof(*c->s->steps));
    c->s->n_steps = n->n_items;
    /* Steps of a lazy trace are decoded one at a time into the scratch arena. */
    for (size_t i = 0; i < n->n_items; i++) {
        c->item_index = i;
        conv_step(c, &c->s->steps[i], ynode_item(n, i, &c->scratch));
        arena_reset(&c->scratch);
    }
}

const char *scn_mmio_label(const struct scn_mmio *io, char *buf, size_t size)
{
    const struct gic_reg_desc *d = io->reg;
    if (!d)
        snprintf(buf, size, "%s+0x%x", gic_frame_name(io->frame), io->offset);
    else if (d->stride == 0)
        snprintf(buf, size, "%s", d->name);
    else
        snprintf(buf, size, "%s%u", d->name, (io->offset - d->offset) / d->stride);
    return buf;
}
