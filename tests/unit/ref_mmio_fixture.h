/* SPDX-License-Identifier: GPL-2.0-only */
/* The fixture of the reference model's register tests (test_ref_mmio.c: the tables and
 * GICv2; test_ref_mmio_v3.c: GICv3 and timing): a model with every cost 0 unless given,
 * its kicks counted, accesses issued through the model interface in non-decreasing time,
 * the interrupt state inspected through the model's internals. */
#ifndef VGICSIM_TEST_REF_MMIO_FIXTURE_H
#define VGICSIM_TEST_REF_MMIO_FIXTURE_H

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "gic/sgi.h"
#include "model/model_registry.h"
#include "ref/ref_internal.h"
#include "vgic/vgic_mmio.h"

enum { MAX_VCPUS = 32 };

static uint32_t kicks[MAX_VCPUS];

static inline const struct vgic_model_ops *ref_ops(void) { return vgic_model_by_name("ref"); }

static inline void hook_kick(void *sim, uint32_t vcpu, uint64_t when)
{
    (void)sim, (void)when;
    if (vcpu < MAX_VCPUS)
        kicks[vcpu]++;
}

static inline uint32_t total_kicks(void)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < MAX_VCPUS; i++)
        n += kicks[i];
    return n;
}

struct fx {
    struct vgic_model *vm;
    struct ref_model *m;
    uint64_t now;   /* operations are issued in non-decreasing time */
};

struct fx_opts {
    enum gic_version version;
    uint32_t vcpus;
    uint32_t spis;
    uint32_t priority_bits;
    const uint32_t *hw;
    uint32_t n_hw;
    const struct cost_model *costs;   /* NULL: every cost 0 */
    uint32_t kvm_release;             /* 0: the default (6.18) */
};

static inline struct fx fx_open(const struct fx_opts *o)
{
    /* ref_create copies hw_mapped with memcpy even when it is empty: never NULL. */
    static const uint32_t no_hw[1];
    struct gic_config cfg = {
        .version = o->version,
        .vcpus = o->vcpus,
        .spis = o->spis,
        .list_registers = 4,
        .priority_bits = o->priority_bits ? o->priority_bits : 5,
        .n_hw_mapped = o->n_hw,
        .hw_mapped = o->hw ? o->hw : no_hw,
        .kvm_release = o->kvm_release,
    };
    struct cost_model zero;
    memset(&zero, 0, sizeof(zero));
    zero.preset = "zero";
    struct vgic_hooks hooks = {.kick = hook_kick};
    memset(kicks, 0, sizeof(kicks));
    struct fx f = {0};
    f.vm = ref_ops()->create(ref_ops(), &cfg, o->costs ? o->costs : &zero, &hooks, NULL);
    f.m = (struct ref_model *)f.vm;
    f.now = 1000;
    return f;
}

static inline void fx_close(struct fx *f) { ref_ops()->destroy(f->vm); }

static inline struct fx v2_default(void)
{
    /* 4 vCPUs, 64 SPIs (nr_irqs 96), 5 priority bits, SPI 50 mapped to hardware. */
    static const uint32_t hw[] = {50};
    struct fx_opts o = {.version = GIC_V2, .vcpus = 4, .spis = 64, .hw = hw, .n_hw = 1};
    return fx_open(&o);
}

static inline struct fx v3_default(void)
{
    /* 20 vCPUs (affinities beyond Aff0), 64 SPIs (nr_irqs 96), 5 priority bits. */
    struct fx_opts o = {.version = GIC_V3, .vcpus = 20, .spis = 64};
    return fx_open(&o);
}

static inline uint64_t mmio(struct fx *f, int32_t vcpu, enum gic_frame frame,
                            uint32_t redist, uint32_t off, uint32_t width, bool write,
                            uint64_t val)
{
    struct vgic_ctx ctx = {.now = f->now, .vcpu = vcpu};
    uint64_t out = 0xdeadbeefdeadbeefull;
    uint64_t end;
    if (write) {
        end = ref_ops()->mmio_write(f->vm, &ctx, frame, redist, off, width, val);
        out = 0;
    } else {
        end = ref_ops()->mmio_read(f->vm, &ctx, frame, redist, off, width, &out);
    }
    ck_assert_uint_ge(end, f->now);
    f->now = end;
    return out;
}

static inline uint64_t drd(struct fx *f, int32_t vcpu, uint32_t off, uint32_t width)
{
    return mmio(f, vcpu, GIC_FRAME_GICD, 0, off, width, false, 0);
}

static inline void dwr(struct fx *f, int32_t vcpu, uint32_t off, uint32_t width,
                       uint64_t val)
{
    mmio(f, vcpu, GIC_FRAME_GICD, 0, off, width, true, val);
}

static inline uint64_t rrd(struct fx *f, int32_t vcpu, uint32_t redist, uint32_t off,
                           uint32_t width)
{
    return mmio(f, vcpu, GIC_FRAME_GICR, redist, off, width, false, 0);
}

static inline void rwr(struct fx *f, int32_t vcpu, uint32_t redist, uint32_t off,
                       uint32_t width, uint64_t val)
{
    mmio(f, vcpu, GIC_FRAME_GICR, redist, off, width, true, val);
}

static inline struct ref_irq *irq(struct fx *f, uint32_t vcpu, uint32_t intid)
{
    struct ref_irq *i = ref_irq_get(f->m, vcpu, intid);
    ck_assert_ptr_nonnull(i);
    return i;
}

static inline void set_line(struct fx *f, uint32_t intid, uint32_t vcpu, bool level)
{
    struct vgic_ctx ctx = {.now = f->now, .vcpu = VGIC_HOST_CONTEXT};
    f->now = ref_ops()->set_line(f->vm, &ctx, intid, vcpu, level);
}

/* Offset of the 1-bit-per-IRQ register word holding `intid`, and its bit. */
static inline uint32_t word1(uint32_t base, uint32_t intid) { return base + intid / 32 * 4; }
static inline uint32_t bit1(uint32_t intid) { return 1u << (intid % 32); }

#endif
