/* SPDX-License-Identifier: GPL-2.0-only */
/* The micro-bench test catalogue (see calib_tests.h and docs/calibrate.md). */
#include "calibrate/calib_tests.h"

#include <stdio.h>
#include <string.h>

const struct calib_test calib_tests[CALIB_N_TESTS] = {
    [CALIB_HVC] = {
        .id = CALIB_HVC,
        .name = "hvc",
        .measures = "a hypercall that does nothing: the guest exits to KVM and comes back",
        .determines = {COST_EXIT, COST_ENTRY},
        .n_determines = 2,
        .metric = CALIB_METRIC_ACCESS,
    },
    [CALIB_MMIO_READ_VGIC] = {
        .id = CALIB_MMIO_READ_VGIC,
        .name = "mmio_read_vgic",
        .measures = "a guest read of GICD_IIDR, trapped and emulated by KVM's vgic",
        .determines = {COST_TRAP, COST_EMULATE_REG},
        .n_determines = 2,
        /* trap_sysreg is estimated as a share of trap in every preset */
        .follows = {{COST_TRAP_SYSREG, COST_TRAP}},
        .n_follows = 1,
        .metric = CALIB_METRIC_ACCESS,
    },
    [CALIB_EOI] = {
        .id = CALIB_EOI,
        .name = "eoi",
        .measures = "a guest write of the spurious INTID 1023 to EOIR (not trapped)",
        .determines = {COST_EOIR},
        .n_determines = 1,
        /* dir is the same kind of access as eoir in every preset */
        .follows = {{COST_DIR, COST_EOIR}},
        .n_follows = 1,
        .metric = CALIB_METRIC_END,
    },
    [CALIB_IPI] = {
        .id = CALIB_IPI,
        .name = "ipi",
        .measures = "SGI 1 from vCPU 0 to vCPU 1, which spins in the guest, until vCPU 1's "
                    "handler has read IAR",
        .determines = {COST_IPI_DELIVERY},
        .n_determines = 1,
        .metric = CALIB_METRIC_DELIVERY,
    },
    [CALIB_IPI_HW] = {
        .id = CALIB_IPI_HW,
        .name = "ipi_hw",
        .measures = "SGI 1 from vCPU 0 to vCPU 1 as in ipi, on a GICv4.1 host with the guest's "
                    "nASSGIreq set: vCPU 0's ICC_SGI1R_EL1 write still traps, but KVM has the "
                    "GIC deliver a vSGI, which vCPU 1 takes in the guest without an exit, until "
                    "vCPU 1's handler has read IAR",
        /* The sender's trapped write (trap_sysreg, exit, the SGI's dispatch, entry) is
         * determined before it; vCPU 1's exception entry and IAR read keep the base
         * preset's values. */
        .determines = {COST_VSGI_DELIVERY},
        .n_determines = 1,
        .metric = CALIB_METRIC_VSGI,
        .gicv3_only = true,
        .gicv2_skip = "it needs GICv4.1 (vSGIs), which extends GICv3, and the base preset is "
                      "GICv2: calibrate a GICv3 preset with it",
    },
    [CALIB_LPI] = {
        .id = CALIB_LPI,
        .name = "lpi",
        .measures = "an ITS INT command from vCPU 0 (queued, GITS_CWRITER written, GITS_CREADR "
                    "read until it is processed) that pends LPI 8199 on vCPU 1, which spins in "
                    "the guest, until vCPU 1's handler has read IAR",
        /* The rest of its path is exit, entry, trap, emulate_reg and ipi_delivery, which
         * hvc, mmio_read_vgic and ipi determine before it, and ITS work (the walk, the
         * cache fill) that keeps the base preset's values. */
        .determines = {COST_ITS_COMMAND},
        .n_determines = 1,
        .metric = CALIB_METRIC_AFTER_SEND,
        .gicv3_only = true,
        .gicv2_skip = "it needs GICv3 (an ITS) and the base preset is GICv2: calibrate a GICv3 "
                      "preset with it",
    },
};

/* Rows micro-bench prints that vgicsim cannot use, and why. */
static const struct {
    const char *name;
    const char *why;
} unusable[] = {
    {"mmio_read_user",
     "an MMIO read that KVM hands to userspace (QEMU): vgicsim models no userspace device"},
    {"timer_10ms", "the virtual timer's path is modelled (timer_irq, timer_load) but calibrate "
                   "has no equivalent scenario for this test yet"},
};

/* hvc's name since micro-bench runs at EL2 too. */
static const char hvc_at_el2[] = "hyp_call";

const struct calib_test *calib_test_for_row(const char *name, const char **why)
{
    if (strcmp(name, hvc_at_el2) == 0)
        return &calib_tests[CALIB_HVC];
    for (size_t i = 0; i < CALIB_N_TESTS; i++)
        if (strcmp(calib_tests[i].name, name) == 0)
            return &calib_tests[i];
    for (size_t i = 0; i < sizeof(unusable) / sizeof(unusable[0]); i++)
        if (strcmp(unusable[i].name, name) == 0) {
            *why = unusable[i].why;
            return NULL;
        }
    *why = "not a micro-bench test vgicsim knows";
    return NULL;
}

static bool name_is(const char *name, const char *s, size_t n)
{
    return strlen(name) == n && memcmp(name, s, n) == 0;
}

bool calib_test_name_known(const char *s, size_t n)
{
    if (name_is(hvc_at_el2, s, n))
        return true;
    for (size_t i = 0; i < CALIB_N_TESTS; i++)
        if (name_is(calib_tests[i].name, s, n))
            return true;
    for (size_t i = 0; i < sizeof(unusable) / sizeof(unusable[0]); i++)
        if (name_is(unusable[i].name, s, n))
            return true;
    return false;
}

void calib_test_ops(char *buf, size_t size, const struct calib_test *t)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->n_determines && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " + " : "",
                                 cost_op_name(t->determines[i]));
}
