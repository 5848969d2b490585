/* SPDX-License-Identifier: GPL-2.0-only */
/* Which Linux release's KVM vgic is modelled, and what that changes (the scenario's
 * `hypervisor: {kvm: "MAJOR.MINOR"}`, spec section 2a). The release reaches the models in
 * their machine configuration (gic_config.kvm_release, MAJOR * 100 + MINOR); every rule
 * that differs between releases asks this module, so the difference lives in one place.
 * docs/model.md has the table of what changes at which release, with the commits.
 *
 * Modelled: v4.19 (the first release of the classic design: interrupt groups, one LR
 * per vINTID for multi-source SGIs) to v6.19 (the first release of the LR-overflow
 * design). The default is v6.18, the newest classic release. */
#ifndef VGICSIM_VGIC_VGIC_RELEASE_H
#define VGICSIM_VGIC_VGIC_RELEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gic/gic_config.h"

enum {
    VGIC_RELEASE_OLDEST = 419,     /* v4.19 */
    VGIC_RELEASE_NEWEST = 619,     /* v6.19 */
    VGIC_RELEASE_DEFAULT = 618,    /* v6.18: the newest release of the classic design */
    /* v5.0: kvm_vgic_vcpu_pending_irq also requires !active && priority < PMR
     * (9009782a4937, "KVM: arm/arm64: vgic: Consider priority and active state for
     * pending irq"). */
    VGIC_RELEASE_WFI_SIGNALLABLE = 500,
    /* v5.3: a guest's GICv2 GICD_ISPENDR0/ICPENDR0 SGI bits are WI (82e40f558de5;
     * before, a write pended an SGI without a source, which vgic_v2_populate_lr met with
     * a BUG_ON: not modelled, the model keeps the WI rule throughout). */
    VGIC_RELEASE_V2_SGI_PENDING_WI = 503,
    /* v5.7: guest reads of I[SC]ACTIVER halt the guest like writes ("Synchronize the
     * whole guest on GIC{D,R}_I{S,C}ACTIVER read"); userspace enable, GICv2 pending and
     * GICv3 GICD_CTLR writes touch the virtual state only ("Only use the virtual state
     * when userspace accesses enable bits" / "... pending bits", the GICv4.1 series'
     * vgic_mmio_uaccess_write_v3_misc); GICD_TYPER2 exists (must be written unchanged). */
    VGIC_RELEASE_UACCESS_VIRTUAL = 507,
    /* v5.17: a guest read of ISPENDR/ICPENDR samples the physical line of a HW-mapped
     * level interrupt (5bfa685e62e9 "Read HW interrupt pending state from the HW"). */
    VGIC_RELEASE_PENDING_READS_HW = 517,
    /* v5.19: implementation revision 3 by default (49a1a2c70a7f: GICR_CTLR.{IR,CES});
     * a userspace GICD_IIDR write may carry any Revision (it is ignored: the revision is
     * taken from the current value, a bug fixed after v6.19 by a0e6ae45af17); userspace
     * pending reads never sample the physical line (2cdea19a34c2). */
    VGIC_RELEASE_IMP_REV_3 = 519,
    /* v5.4: the LPI translation cache (a VM-wide LRU of 16 entries per vCPU under the
     * lpi_list_lock raw spinlock; series "KVM: arm/arm64: vgic-its: Add LPI translation
     * cache", kvmarm-5.4): an MSI whose translation is cached is injected without the ITS
     * mutex (and from the irqfd's wake-up, without its worker). */
    VGIC_RELEASE_ITS_LRU_CACHE = 504,
    /* v6.9: LPIs in an xarray (1d6f83f60f79 "Store LPIs in an xarray", kvmarm-6.9): an LPI
     * is found under RCU and its reference dropped without the lpi_list_lock, which only
     * the LRU cache still takes. */
    VGIC_RELEASE_LPI_XARRAY = 609,
    /* v6.10: one translation cache per ITS, an xarray keyed by DeviceID and EventID read
     * under RCU with no lock, holding every translation resolved once; the lpi_list_lock
     * is gone (series "KVM: arm64: Transition to a per-ITS translation cache",
     * kvmarm-6.10-1). */
    VGIC_RELEASE_ITS_PER_ITS_CACHE = 610,
    /* v6.12: DISCARD writes a zero ITE into the guest's ITT and MAPD V=0 a zero DTE into
     * its device table (7602ffd1d5e8, e9649129d33d). */
    VGIC_RELEASE_ITS_CLEARS_TABLES = 612,
    /* v6.19: the "vgic-lr-overflow" series (pending-first sort, maintenance from the
     * ap_list summary, EOIcount and trapped DIR deactivations). */
    VGIC_RELEASE_LR_OVERFLOW = 619,
    VGIC_RELEASE_NAME_MAX = 8,     /* "6.19" and its NUL, with room */
};

/* How the flush presents an ap_list longer than the list registers. */
enum vgic_lr_design {
    VGIC_LR_CLASSIC,     /* v4.19..v6.18: actives first, UIE only, active IRQs stay in LRs */
    VGIC_LR_OVERFLOW,    /* v6.19+: pending first, NPIE/LRENPIE/UIE, EOIcount, TDIR */
};

/* How an MSI finds its translation without the ITS mutex (vgic_its.h). */
enum vgic_its_cache_design {
    VGIC_ITS_NO_CACHE,   /* up to v5.3: every MSI takes the ITS mutex and walks the tables */
    VGIC_ITS_LRU_CACHE,  /* v5.4..v6.9: a VM-wide LRU under the lpi_list_lock */
    VGIC_ITS_PER_ITS,    /* v6.10+: a per-ITS xarray, lock-free lookup, unbounded */
};

/* KVM's implementation revisions (KVM_VGIC_IMP_REV_*, GICD_IIDR.Revision). */
enum {
    VGIC_IMP_REV_2 = 2,    /* GICv2 restorable groups (v4.19, d53c2c29ae0d) */
    VGIC_IMP_REV_3 = 3,    /* GICv3 GICR_CTLR.{IR,CES} (v5.19, 49a1a2c70a7f) */
};

/* What the modelled release does, decoded once from the machine configuration. */
struct vgic_release {
    uint32_t code;                  /* MAJOR * 100 + MINOR */
    /* The runnable/WFI test counts only interrupts the CPU interface could signal
     * (not active, priority below PMR). */
    bool wfi_test_signallable;
    enum vgic_lr_design lr_design;
    uint8_t implementation_rev;     /* a new VM's revision (KVM_VGIC_IMP_REV_LATEST) */
    /* A userspace GICD_IIDR write may differ in its Revision field (ignored); before,
     * only the exact current value is accepted. */
    bool iidr_write_any_revision;
    bool active_reads_halt;         /* guest I[SC]ACTIVER reads halt the guest */
    bool uaccess_virtual;           /* the v5.7 userspace handlers (see above) */
    bool pending_reads_hw;          /* guest pending reads sample a mapped level line */
    /* GICv2 userspace pending reads use their own handler, which never samples the
     * physical line (before, the guest's: from v5.17 it did). */
    bool v2_user_pending_read_latch;
    enum vgic_its_cache_design its_cache;
    bool its_clears_tables;         /* DISCARD/MAPD V=0 write zeros to guest tables */
    bool lpi_list_locked;           /* LPIs are created, found and released under the
                                       lpi_list_lock (before v6.9) */
    /* The fold drops a virtual LPI's active state: an LPI the guest acknowledged and
     * has not yet EOIed is inactive from the next exit on, and leaves the ap_list at
     * its prune unless pending again (v6.19, the LR-overflow series' "KVM: arm64:
     * GICv3: Drop LPI active state when folding LRs": an active LPI outside the LRs
     * would stay active forever, its EOI not counting in EOIcount). Before, the fold
     * keeps it, as for any interrupt, until the guest's EOIR deactivates its LR. */
    bool lpi_active_dropped_at_fold;
};

/* The release of `cfg` (kvm_release 0 means the default). */
void vgic_release_get(const struct gic_config *cfg, struct vgic_release *out);

/* Parses "MAJOR.MINOR" (decimal, no sign, no spaces) into MAJOR * 100 + MINOR; false if
 * the text is not such a release or not a Linux release vgicsim models. */
bool vgic_release_parse(const char *text, uint32_t *code);
/* Is `code` a Linux release in the modelled range (4.19, 4.20, 5.0..5.19, 6.0..6.19)? */
bool vgic_release_valid(uint32_t code);
/* "6.19" for 619, into buf (at least VGIC_RELEASE_NAME_MAX bytes). */
const char *vgic_release_name(uint32_t code, char *buf, size_t size);
/* What the modelled release `code` does, in one line decoded from vgic_release_get (the
 * list register design, the runnable test; the default and the ends of the range
 * marked), into buf, for `vgicsim list releases`. */
enum { VGIC_RELEASE_MEANING_MAX = 256 };
const char *vgic_release_meaning(uint32_t code, char *buf, size_t size);

#endif
