/* SPDX-License-Identifier: GPL-2.0-only */
/* The guest-side virtual CPU interface of the reference model: src/vgic/vgic_cpuif with
 * the reference model's clock and counters. KVM itself only sees the result at the next
 * exit (fold), so nothing here touches the ap_list or takes a lock. */
#include "ref/ref_internal.h"
#include "vgic/vgic_cpuif.h"

static struct ref_model *model(void *m) { return m; }

static void be_charge(void *m, void *op, enum cost_op what) { ref_charge(model(m), op, what); }

static void be_phys_deactivated(void *m, void *op, uint32_t vcpu, uint32_t intid)
{
    ref_phys_deactivated(model(m), op, vcpu, intid);
}

static void be_maintenance(void *m, void *op, uint32_t vcpu, uint32_t causes)
{
    struct ref_model *r = model(m);
    r->n.maintenance_by_cause[vgic_mi_cause_of(causes)]++;
    r->n.maintenance++;
    if (r->hooks.maintenance)
        r->hooks.maintenance(r->sim, vcpu, ((struct ref_op *)op)->t);
}

static void be_sgi1r(void *m, void *op, uint32_t vcpu, uint64_t value)
{
    ref_sgi_v3(model(m), op, vcpu, value);
}

static void be_leave_guest(void *m, void *op, uint32_t vcpu)
{
    enum vgic_exit_reason why = model(m)->cfg.version == GIC_V2 ? VGIC_EXIT_MMIO
                                                                 : VGIC_EXIT_SYSREG;
    ref_leave_guest(model(m), op, &model(m)->vcpus[vcpu], why);
}

static void be_count_mmio_trap(void *m, void *op)
{
    (void)op;
    model(m)->n.mmio_traps++;
}

static void be_deactivate_trapped(void *m, void *op, uint32_t vcpu, uint64_t value)
{
    ref_deactivate_trapped(model(m), op, &model(m)->vcpus[vcpu], value);
}

static void be_enter_guest(void *m, void *op, uint32_t vcpu)
{
    ref_enter_guest(model(m), op, &model(m)->vcpus[vcpu]);
}

static void be_vlpi_acked(void *m, void *op, uint32_t vcpu, uint32_t intid)
{
    struct model_v4_ctx v4 = ref_v4_ctx(model(m), op);
    model_v4_acked(&v4, vcpu, intid);
}

static const struct vgic_cpuif_backend ref_cpuif_backend = {
    .charge = be_charge, .phys_deactivated = be_phys_deactivated,
    .maintenance = be_maintenance, .sgi1r = be_sgi1r,
    .leave_guest = be_leave_guest, .count_mmio_trap = be_count_mmio_trap,
    .deactivate_trapped = be_deactivate_trapped, .enter_guest = be_enter_guest,
    .vlpi_acked = be_vlpi_acked,
};

static struct vgic_cpuif_ctx ctx_of(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    return (struct vgic_cpuif_ctx){&m->arch, &ref_cpuif_backend, m, op, v->id, &v->vif};
}

uint64_t ref_cpuif_read(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                        enum gic_cpu_reg reg)
{
    struct vgic_cpuif_ctx c = ctx_of(m, op, v);
    return vgic_cpu_read(&c, reg);
}

void ref_cpuif_write(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                     enum gic_cpu_reg reg, uint64_t value)
{
    struct vgic_cpuif_ctx c = ctx_of(m, op, v);
    vgic_cpu_write(&c, reg, value);
}

bool ref_cpuif_signalled(const struct ref_model *m, const struct ref_vcpu *v)
{
    return gic_vif_signalled(&m->arch, &v->vif);
}

void ref_cpuif_reset(struct ref_model *m, struct ref_vcpu *v)
{
    gic_vif_reset(&m->arch, &v->vif);
}

void ref_cpuif_entry(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    struct vgic_cpuif_ctx c = ctx_of(m, op, v);
    vgic_cpu_entry(&c);
}
