/* SPDX-License-Identifier: GPL-2.0-only */
/* What each kvm-unit-tests arm/micro-bench test means to vgicsim: the equivalent
 * scenario it is fitted through, the cost operations it determines, and why the
 * tests vgicsim cannot use are skipped. docs/calibrate.md explains every entry. */
#ifndef VGICSIM_CALIBRATE_CALIB_TESTS_H
#define VGICSIM_CALIBRATE_CALIB_TESTS_H

#include <stdbool.h>
#include <stddef.h>

#include "costs/cost_model.h"

/* The tests calibrate fits, in the order it fits them: each one's path uses only
 * operations fitted before it or left at the base preset's values. */
enum calib_test_id {
    CALIB_HVC,             /* hvc (hyp_call): a hypercall that returns at once */
    CALIB_MMIO_READ_VGIC,  /* mmio_read_vgic: a read of GICD_IIDR */
    CALIB_EOI,             /* eoi: an EOIR write of the spurious INTID 1023 */
    CALIB_IPI,             /* ipi: SGI 1 from vCPU 0 to vCPU 1 spinning in the guest */
    CALIB_IPI_HW,          /* ipi_hw: the same SGI as a GICv4.1 vSGI (the sender's trap,
                              the hardware's delivery) */
    CALIB_LPI,             /* lpi: an ITS INT command pending an LPI on vCPU 1 (after ipi:
                              its path is ipi's with the command instead of the SGI) */
    CALIB_N_TESTS
};

/* Which figure of a run of the equivalent scenario is the test's latency. */
enum calib_metric {
    CALIB_METRIC_ACCESS,   /* the one trapped access's latency (report: trapped access) */
    CALIB_METRIC_END,      /* the run's simulated time: the action starts at cycle 0 */
    CALIB_METRIC_DELIVERY, /* the one interrupt's delivery latency (report: delivery) */
    CALIB_METRIC_AFTER_SEND, /* the run's simulated time minus the cycle of the timed step:
                                until both the sender's last access and the target's IAR
                                read are done, whichever ends later */
    CALIB_METRIC_VSGI,       /* the trapped ICC_SGI1R_EL1 write's latency S, composed with
                                the vSGI the model does not deliver: S - entry +
                                max(entry, vsgi_delivery + guest_irq_entry + iar) (see
                                calib_scenario.c) */
};

/* An operation that is not on the test's path but whose base value is defined
 * relative to one that is: it keeps that ratio (e.g. dir = eoir by analogy). */
struct calib_follower {
    enum cost_op op, leader;
};

enum { CALIB_MAX_DETERMINES = 2, CALIB_MAX_FOLLOWERS = 1 };

struct calib_test {
    enum calib_test_id id;
    const char *name;                /* micro-bench's name for it */
    const char *measures;            /* what micro-bench times, one line */
    /* The operations the test determines: their sum is solved for, split in the
     * ratio of the base preset's values. */
    enum cost_op determines[CALIB_MAX_DETERMINES];
    size_t n_determines;
    struct calib_follower follows[CALIB_MAX_FOLLOWERS];
    size_t n_follows;
    enum calib_metric metric;
    bool gicv3_only;                 /* skipped when the base preset is GICv2 */
    const char *gicv2_skip;          /* why, then (a static sentence) */
};

extern const struct calib_test calib_tests[CALIB_N_TESTS];

/* The test a micro-bench row of this name is fitted to, or NULL when vgicsim cannot
 * use it; *why then says why (a static sentence). Whether the base preset's GIC can
 * run it (gicv3_only) is the plan's business. */
const struct calib_test *calib_test_for_row(const char *name, const char **why);

/* Whether arm/micro-bench prints a row named `s` (`n` bytes, not NUL-terminated) in
 * any version: a test calibrate fits (hyp_call included) or one it skips with a
 * reason. */
bool calib_test_name_known(const char *s, size_t n);

/* The operations the test determines, for messages: "exit + entry" into buf. */
void calib_test_ops(char *buf, size_t size, const struct calib_test *t);

#endif
