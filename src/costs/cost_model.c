/* SPDX-License-Identifier: GPL-2.0-only */
/* Operation names and the shipped cost presets. Every value below is explained,
 * with its source, in docs/cost-model.md; the short comments here only say
 * whether a value is measured, derived from measurements, calibrated against a
 * measured end-to-end path, or an engineering estimate. Keep the two in sync. */
#include "costs/cost_model.h"

#include <string.h>

static const char *const op_names[COST_OP_COUNT] = {
#define COST_OP(id, name, desc) [id] = name,
#include "costs/cost_ops.def"
#undef COST_OP
};

static const char *const op_descriptions[COST_OP_COUNT] = {
#define COST_OP(id, name, desc) [id] = desc,
#include "costs/cost_ops.def"
#undef COST_OP
};

/* What a preset fitted by `vgicsim calibrate` from kvm-gicv3-vhe keeps of its base: every
 * operation micro-bench does not determine (docs/cost-model.md section 7), at
 * kvm-gicv3-vhe's values (tests/unit/test_catalog.c checks that they stay equal). */
#define FROM_KVM_GICV3_VHE \
    [COST_EMULATE_IRQ] = 30, \
    [COST_LOCK] = 25, \
    [COST_LOCK_HANDOFF] = 250, \
    [COST_AP_LIST_ENTRY] = 10, \
    [COST_AP_LIST_UPDATE] = 25, \
    [COST_SORT_COMPARE] = 15, \
    [COST_ATOMIC] = 20, \
    [COST_CAS_RETRY] = 20, \
    [COST_CACHELINE_TRANSFER] = 250, \
    [COST_SYNC] = 150, \
    [COST_LR_READ] = 40, \
    [COST_FLUSH] = 100, \
    [COST_LR_WRITE] = 40, \
    [COST_KICK_IPI] = 300, \
    [COST_WFI_WAKE] = 6000, \
    [COST_MAINTENANCE_IRQ] = 800, \
    [COST_INJECT] = 3000, \
    [COST_HALT_GUEST] = 3000, \
    [COST_TIMER_IRQ] = 1000, \
    [COST_TIMER_LOAD] = 300, \
    [COST_GUEST_IRQ_ENTRY] = 150, \
    [COST_IAR] = 60, \
    [COST_CPU_REG] = 30, \
    [COST_MSI_INJECT] = 1300, \
    [COST_ITS_LRU_LOOKUP] = 60, \
    [COST_ITS_LRU_STEP] = 10, \
    [COST_ITS_XA_LOOKUP] = 850, \
    [COST_ITS_CACHE_FILL] = 150, \
    [COST_ITS_WALK_STEP] = 10, \
    [COST_ITS_TABLE_ACCESS] = 150, \
    [COST_VLPI_DELIVERY] = 600, \
    [COST_DOORBELL_IRQ] = 1000, \
    [COST_VPE_SCHEDULE] = 1500, \
    [COST_VPE_DESCHEDULE] = 1200, \
    [COST_VPT_PARSE] = 1500, \
    [COST_VPT_PARSE_SLOW] = 30000, \
    [COST_VLPI_COMMAND] = 2000, \
    [COST_VSGI_DELIVERY] = 1500

const struct cost_preset cost_presets[] = {
    {
        /* GICv2 (GIC-400 class) host, non-VHE KVM: the APM X-Gene (HP Moonshot
         * m400, 2.4 GHz) of Dall et al., ISCA 2016. */
        .name = "kvm-gicv2",
        .description = "GICv2 host without VHE (APM X-Gene / GIC-400 class server), "
                       "from Dall et al., ISCA 2016",
        .version = GIC_V2,
        .clock_mhz = 2400,
        .cycles = {
            [COST_TRAP] = 600,              /* derived: 7,370 - 6,500 split with emulate_reg */
            [COST_TRAP_SYSREG] = 300,       /* estimate; GICv2 guests never use it */
            [COST_EXIT] = 1550,             /* derived: 6,500 - VGIC save/restore, split */
            [COST_ENTRY] = 1520,            /* derived, see exit */
            [COST_EMULATE_REG] = 270,       /* derived, see trap */
            [COST_EMULATE_IRQ] = 40,        /* estimate */
            [COST_LOCK] = 40,               /* estimate */
            [COST_LOCK_HANDOFF] = 250,      /* estimate */
            [COST_AP_LIST_ENTRY] = 15,      /* estimate */
            [COST_AP_LIST_UPDATE] = 30,     /* estimate */
            [COST_SORT_COMPARE] = 20,       /* estimate */
            [COST_ATOMIC] = 40,           /* estimate: LL/SC loop (v8.0, no LSE) */
            [COST_CAS_RETRY] = 40,        /* estimate: a failed LL/SC pass */
            [COST_CACHELINE_TRANSFER] = 250, /* estimate: as lock_handoff */
            [COST_SYNC] = 400,              /* derived: one GICH read + HCR write */
            [COST_LR_READ] = 320,           /* derived: one GICH_LR read + fold */
            [COST_FLUSH] = 100,             /* derived: posted GICH writes are cheap */
            [COST_LR_WRITE] = 60,           /* derived, see flush */
            [COST_KICK_IPI] = 700,          /* estimate */
            [COST_IPI_DELIVERY] = 4172,     /* calibrated: virtual IPI = 11,557 */
            [COST_WFI_WAKE] = 8000,         /* estimate */
            [COST_MAINTENANCE_IRQ] = 1200,  /* estimate */
            [COST_INJECT] = 4735,           /* calibrated: I/O latency in = 13,872 */
            [COST_HALT_GUEST] = 4000,       /* estimate */
            [COST_TIMER_IRQ] = 1500,        /* estimate: maintenance_irq + timer handler */
            [COST_TIMER_LOAD] = 400,        /* estimate: timer state check at vCPU load */
            [COST_GUEST_IRQ_ENTRY] = 200,   /* estimate */
            [COST_IAR] = 300,               /* derived: a GICV read costs like a GICH read */
            [COST_EOIR] = 71,               /* measured: virtual IRQ completion */
            [COST_DIR] = 71,                /* measured: same kind of GICV write as EOIR */
            [COST_CPU_REG] = 200,           /* estimate: mix of GICV reads and writes */
            /* The ITS is GICv3's: these only matter for a GICv3 scenario run with this
             * preset; scaled from kvm-gicv3-vhe by the clocks. */
            [COST_MSI_INJECT] = 1040,
            [COST_ITS_LRU_LOOKUP] = 48,
            [COST_ITS_LRU_STEP] = 8,
            [COST_ITS_XA_LOOKUP] = 680,
            [COST_ITS_CACHE_FILL] = 120,
            [COST_ITS_COMMAND] = 240,
            [COST_ITS_WALK_STEP] = 8,
            [COST_ITS_TABLE_ACCESS] = 120,
            [COST_VLPI_DELIVERY] = 480,
            [COST_DOORBELL_IRQ] = 800,
            [COST_VPE_SCHEDULE] = 1200,
            [COST_VPE_DESCHEDULE] = 960,
            [COST_VPT_PARSE] = 1200,
            [COST_VPT_PARSE_SLOW] = 24000,
            [COST_VLPI_COMMAND] = 1600,
            [COST_VSGI_DELIVERY] = 1200,
        },
    },
    {
        /* GICv3 host, KVM in nVHE mode: an ARMv8.0 GICv3 server, or a VHE-capable
         * one booted with kvm-arm.mode=nvhe. In-kernel costs as kvm-gicv3-vhe;
         * the world switch is the nVHE one. */
        .name = "kvm-gicv3-nvhe",
        .description = "GICv3 host without VHE (nVHE world switch); in-kernel costs as "
                       "kvm-gicv3-vhe",
        .version = GIC_V3,
        .clock_mhz = 3000,
        .cycles = {
            [COST_TRAP] = 300,              /* as vhe */
            [COST_TRAP_SYSREG] = 150,       /* as vhe */
            [COST_EXIT] = 1300,             /* estimate: EL1 state switched through EL2 */
            [COST_ENTRY] = 1200,            /* estimate, see exit */
            [COST_EMULATE_REG] = 135,       /* as vhe */
            [COST_EMULATE_IRQ] = 30,        /* as vhe */
            [COST_LOCK] = 25,               /* as vhe */
            [COST_LOCK_HANDOFF] = 250,      /* as vhe */
            [COST_AP_LIST_ENTRY] = 10,      /* as vhe */
            [COST_AP_LIST_UPDATE] = 25,     /* as vhe */
            [COST_SORT_COMPARE] = 15,       /* as vhe */
            [COST_ATOMIC] = 20,           /* as vhe */
            [COST_CAS_RETRY] = 20,        /* as vhe */
            [COST_CACHELINE_TRANSFER] = 250, /* as vhe */
            [COST_SYNC] = 200,              /* estimate: vhe + ICH state saved at EL2 */
            [COST_LR_READ] = 40,            /* as vhe */
            [COST_FLUSH] = 150,             /* estimate, see sync */
            [COST_LR_WRITE] = 40,           /* as vhe */
            [COST_KICK_IPI] = 300,          /* as vhe */
            [COST_IPI_DELIVERY] = 3088,     /* as vhe */
            [COST_WFI_WAKE] = 6000,         /* as vhe */
            [COST_MAINTENANCE_IRQ] = 800,   /* as vhe */
            [COST_INJECT] = 3000,           /* as vhe */
            [COST_HALT_GUEST] = 3000,       /* as vhe */
            [COST_TIMER_IRQ] = 1000,        /* as vhe */
            [COST_TIMER_LOAD] = 300,        /* as vhe */
            [COST_GUEST_IRQ_ENTRY] = 150,   /* as vhe */
            [COST_IAR] = 60,                /* as vhe */
            [COST_EOIR] = 42,               /* as vhe */
            [COST_DIR] = 42,                /* as vhe */
            [COST_CPU_REG] = 30,            /* as vhe */
            [COST_MSI_INJECT] = 1300,       /* as vhe */
            [COST_ITS_LRU_LOOKUP] = 60,     /* as vhe */
            [COST_ITS_LRU_STEP] = 10,       /* as vhe */
            [COST_ITS_XA_LOOKUP] = 850,     /* as vhe */
            [COST_ITS_CACHE_FILL] = 150,    /* as vhe */
            [COST_ITS_COMMAND] = 300,       /* as vhe */
            [COST_ITS_WALK_STEP] = 10,      /* as vhe */
            [COST_ITS_TABLE_ACCESS] = 150,  /* as vhe */
            [COST_VLPI_DELIVERY] = 600,    /* as vhe */
            [COST_DOORBELL_IRQ] = 1000,    /* as vhe */
            [COST_VPE_SCHEDULE] = 1500,    /* as vhe */
            [COST_VPE_DESCHEDULE] = 1200,  /* as vhe */
            [COST_VPT_PARSE] = 1500,       /* as vhe */
            [COST_VPT_PARSE_SLOW] = 30000, /* as vhe */
            [COST_VLPI_COMMAND] = 2000,    /* as vhe */
            [COST_VSGI_DELIVERY] = 1500,   /* as vhe */
        },
    },
    {
        /* GICv3 host with VHE: Ampere Altra (Neoverse N1, GIC-600), kvm-unit-tests
         * micro-bench on Linux v6.12-rc1, converted at 3.0 GHz. */
        .name = "kvm-gicv3-vhe",
        .description = "GICv3 host with VHE (Ampere Altra / Neoverse N1 class), from "
                       "kvm-unit-tests micro-bench results",
        .version = GIC_V3,
        .clock_mhz = 3000,
        .cycles = {
            [COST_TRAP] = 300,              /* derived: mmio_read_vgic - hvc, split */
            [COST_TRAP_SYSREG] = 150,       /* estimate: half of trap */
            [COST_EXIT] = 460,              /* derived: hvc = 918, split */
            [COST_ENTRY] = 460,             /* derived, see exit */
            [COST_EMULATE_REG] = 135,       /* derived, see trap */
            [COST_EMULATE_IRQ] = 30,        /* estimate */
            [COST_LOCK] = 25,               /* estimate */
            [COST_LOCK_HANDOFF] = 250,      /* estimate */
            [COST_AP_LIST_ENTRY] = 10,      /* estimate */
            [COST_AP_LIST_UPDATE] = 25,     /* estimate */
            [COST_SORT_COMPARE] = 15,       /* estimate */
            [COST_ATOMIC] = 20,           /* estimate: one LSE CAS, owned line */
            [COST_CAS_RETRY] = 20,        /* estimate: as one atomic */
            [COST_CACHELINE_TRANSFER] = 250, /* estimate: as lock_handoff */
            [COST_SYNC] = 150,              /* estimate: a few ICH_* sysreg accesses */
            [COST_LR_READ] = 40,            /* estimate */
            [COST_FLUSH] = 100,             /* estimate */
            [COST_LR_WRITE] = 40,           /* estimate */
            [COST_KICK_IPI] = 300,          /* estimate */
            [COST_IPI_DELIVERY] = 3088,     /* calibrated: micro-bench ipi = 5,778 */
            [COST_WFI_WAKE] = 6000,         /* estimate */
            [COST_MAINTENANCE_IRQ] = 800,   /* estimate */
            [COST_INJECT] = 3000,           /* estimate */
            [COST_HALT_GUEST] = 3000,       /* estimate */
            [COST_TIMER_IRQ] = 1000,        /* estimate: maintenance_irq + timer handler */
            [COST_TIMER_LOAD] = 300,        /* estimate: timer state check at vCPU load */
            [COST_GUEST_IRQ_ENTRY] = 150,   /* estimate */
            [COST_IAR] = 60,                /* estimate */
            [COST_EOIR] = 42,               /* measured: micro-bench eoi = 14 ns */
            [COST_DIR] = 42,                /* measured, see eoir */
            [COST_CPU_REG] = 30,            /* estimate */
            [COST_MSI_INJECT] = 1300,       /* fitted: vgic_lpi_stress one stream, v6.8 */
            [COST_ITS_LRU_LOOKUP] = 60,     /* estimate */
            [COST_ITS_LRU_STEP] = 10,       /* estimate: as ap_list_entry */
            [COST_ITS_XA_LOOKUP] = 850,     /* fitted: vgic_lpi_stress one stream, v6.10 */
            [COST_ITS_CACHE_FILL] = 150,    /* estimate */
            [COST_ITS_COMMAND] = 300,       /* estimate */
            [COST_ITS_WALK_STEP] = 10,      /* estimate: as ap_list_entry */
            [COST_ITS_TABLE_ACCESS] = 150,  /* estimate: kvm_read_guest of one byte */
            [COST_VLPI_DELIVERY] = 600,    /* estimate: ITS translation + VPT write, no published figure */
            [COST_DOORBELL_IRQ] = 1000,    /* estimate: as timer_irq */
            [COST_VPE_SCHEDULE] = 1500,    /* estimate; Kunpeng 920 load->entry 2.55 us bounds it */
            [COST_VPE_DESCHEDULE] = 1200,  /* estimate: VPENDBASER write and poll */
            [COST_VPT_PARSE] = 1500,       /* estimate: 0.5 us (published: 0.1-2 us) */
            [COST_VPT_PARSE_SLOW] = 30000, /* derived: one 10 us poll step */
            [COST_VLPI_COMMAND] = 2000,    /* estimate: a host ITS command and its sync */
            [COST_VSGI_DELIVERY] = 1500,   /* estimate: ipi_hw 750-850 ns less the trap (calibrate: 1345-1645) */
        },
    },
    {
        /* Ampere Altra (Neoverse N1, GIC-600), Linux v6.12-rc1: `vgicsim calibrate` on
         * the micro-bench figures of R. R. Ananta (kvm lists, 29 Oct 2024), at 3.0 GHz,
         * from kvm-gicv3-vhe. docs/cost-model.md section 7. */
        .name = "ampere-altra-6.12",
        .description = "Ampere Altra (Neoverse N1, GIC-600), Linux v6.12-rc1: fitted by vgicsim calibrate "
                       "to published kvm-unit-tests micro-bench results",
        .version = GIC_V3,
        .clock_mhz = 3000,
        .cycles = {
            FROM_KVM_GICV3_VHE,
            [COST_TRAP] = 300,              /* fitted: mmio_read_vgic 451 ns */
            [COST_TRAP_SYSREG] = 150,       /* follows trap (base ratio) */
            [COST_EXIT] = 459,              /* fitted: hvc 306 ns */
            [COST_ENTRY] = 459,             /* fitted: hvc, split as exit */
            [COST_EMULATE_REG] = 135,       /* fitted: mmio_read_vgic, split as trap */
            [COST_IPI_DELIVERY] = 3136,     /* fitted: ipi 1926 ns */
            [COST_EOIR] = 42,               /* fitted: eoi 14 ns */
            [COST_DIR] = 42,                /* follows eoir */
            [COST_ITS_COMMAND] = 284,       /* fitted: lpi 2179 ns */
        },
    },
    {
        /* HiSilicon Kunpeng 920 (TaiShan v110, ARMv8.2 with VHE): `vgicsim calibrate` on
         * the micro-bench figures of He Qiong (kvm list, 1 Nov 2023), at 2.6 GHz, from
         * kvm-gicv3-vhe. Host kernel not stated. docs/cost-model.md section 7. */
        .name = "kunpeng-920",
        .description = "HiSilicon Kunpeng 920 (TaiShan v110), KVM with VHE: fitted by vgicsim calibrate "
                       "to published kvm-unit-tests micro-bench results",
        .version = GIC_V3,
        .clock_mhz = 2600,
        .cycles = {
            FROM_KVM_GICV3_VHE,
            [COST_TRAP] = 412,              /* fitted: mmio_read_vgic 638 ns */
            [COST_TRAP_SYSREG] = 206,       /* follows trap (base ratio) */
            [COST_EXIT] = 531,              /* fitted: hvc 408 ns */
            [COST_ENTRY] = 530,             /* fitted: hvc, split as exit */
            [COST_EMULATE_REG] = 186,       /* fitted: mmio_read_vgic, split as trap */
            [COST_IPI_DELIVERY] = 1499,     /* fitted: ipi 1697 ns */
            [COST_EOIR] = 68,               /* fitted: eoi 26 ns */
            [COST_DIR] = 68,                /* follows eoir */
            [COST_ITS_COMMAND] = 643,       /* fitted: lpi 2168 ns */
        },
    },
};

const size_t cost_preset_count = sizeof(cost_presets) / sizeof(cost_presets[0]);

const struct cost_preset *cost_preset_by_name(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < cost_preset_count; i++) {
        if (strcmp(cost_presets[i].name, name) == 0)
            return &cost_presets[i];
    }
    return NULL;
}

const struct cost_preset *cost_preset_default(enum gic_version version)
{
    switch (version) {
    case GIC_V2:
        return cost_preset_by_name("kvm-gicv2");
    case GIC_V3:
        return cost_preset_by_name("kvm-gicv3-vhe");
    }
    return NULL;
}

int cost_op_by_name(const char *name)
{
    if (name == NULL)
        return -1;
    for (int i = 0; i < COST_OP_COUNT; i++) {
        if (strcmp(op_names[i], name) == 0)
            return i;
    }
    return -1;
}

const char *cost_op_name(enum cost_op op)
{
    if ((unsigned)op >= COST_OP_COUNT)
        return NULL;
    return op_names[op];
}

const char *cost_op_description(enum cost_op op)
{
    if ((unsigned)op >= COST_OP_COUNT)
        return NULL;
    return op_descriptions[op];
}

void cost_model_from_preset(struct cost_model *m, const struct cost_preset *p)
{
    m->preset = p->name;
    m->clock_mhz = p->clock_mhz;
    memcpy(m->cycles, p->cycles, sizeof(m->cycles));
}
