/* SPDX-License-Identifier: GPL-2.0-only */
/* KVM's emulated ITS and the LPI side of the redistributors (vgic-its.c, the LPI parts of
 * vgic-mmio-v3.c and vgic-v3.c), shared by both models: the ITS's tables as KVM keeps them
 * (devices with their interrupt translation entries, collections), its registers (the
 * GITS frame's region table, dispatched by vgic_mmio like the distributor's), the command
 * queue processed in the trapped GITS_CWRITER write with KVM's silent error handling, the
 * translation of a DeviceID/EventID pair to an LPI and its target, the translation cache
 * of the modelled release, and the LPI configuration KVM caches from the guest's property
 * table at MAPTI/MAPI, INV and INVALL.
 *
 * One ITS per VM, as vgicsim's machine has (KVM allows several; nothing here depends on
 * there being one but the cache's scope). The state is a plain value the model keeps;
 * what a command does to an LPI goes through the model's backend (vgic_mmio.h), so the
 * reference model applies it under its simulated locks and the performance core with its
 * atomics. Costs are the backend's business: the code here says what KVM does
 * (vgic_its_work), the backend charges it. docs/model.md, "The ITS", has the sources. */
#ifndef VGICSIM_VGIC_VGIC_ITS_H
#define VGICSIM_VGIC_VGIC_ITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gic/gic_config.h"
#include "gic/gic_its.h"
#include "vgic/vgic_boot.h"
#include "vgic/vgic_irq.h"
#include "vgic/vgic_mmio.h"
#include "vgic/vgic_release.h"
#include "vgic/vgic_v4.h"

/* KVM's ITS limits (GITS_TYPER as KVM reports it). */
enum {
    VGIC_ITS_DEVID_BITS = 16,
    VGIC_ITS_EVENTID_BITS = 16,
    VGIC_ITS_INTID_BITS = 16,             /* LPIs below 65536 */
    VGIC_ITS_MAX_DEVICES = 1u << VGIC_ITS_DEVID_BITS,
    VGIC_ITS_MAX_COLLECTIONS = 1u << 16,  /* 16-bit ICIDs (GITS_TYPER.CIL 0) */
    VGIC_ITS_CACHE_PER_VCPU = 16,         /* LPI_DEFAULT_PCPU_CACHE_SIZE (v5.4..v6.9) */
    VGIC_ITS_IIDR = 0x4b00043b,           /* ProductID 'K', ABI revision 0, Arm */
    VGIC_LPI_PROP_ENABLED = 1u << 0,      /* a property-table byte: enable [0] */
    VGIC_LPI_PROP_PRIORITY = 0xfc,        /* ... priority [7:2] */
};

/* What the guest placed where (guest physical addresses of its tables): the simulation
 * gives the vgic its memory through a hook, as KVM reads it with kvm_read_guest. */
struct vgic_its_guest_mem {
    /* Reads `len` bytes of guest memory at `gpa` into buf; false when the address is not
     * guest memory (KVM then skips the command, or reads the entry as absent). */
    bool (*read)(void *sim, uint64_t gpa, void *buf, uint32_t len);
    void (*write)(void *sim, uint64_t gpa, const void *buf, uint32_t len);
    void *sim;
};

/* An interrupt translation entry: event -> LPI, collection (KVM's struct its_ite; a
 * collection freed by MAPC V=0 leaves its ITEs pointing nowhere: -1). */
struct vgic_its_ite {
    uint32_t event;
    uint32_t intid;
    int32_t collection;
};

/* A mapped device (KVM's struct its_device): its ITEs in KVM's list order (insertion),
 * which its lookups walk. */
struct vgic_its_device {
    uint32_t id;
    uint8_t eventid_bits;        /* MAPD Size + 1 */
    uint64_t itt_addr;
    struct vgic_its_ite *ites;
    uint32_t n_ites, cap_ites;
    uint32_t list_pos;           /* its position in the ITS's device list */
};

/* The translation cache (vgic_release's its_cache). */
struct vgic_its_cache_entry {
    uint32_t device, event, intid;
};
struct vgic_its_cache {
    /* v5.4..v6.9: `n` entries, most recently used first, at most `capacity`
     * (16 per vCPU). v6.10+: every translation resolved since the last invalidation, in
     * an open-addressing hash table of `capacity` slots (a power of two; an empty slot
     * has device VGIC_ITS_CACHE_EMPTY), `n` used; invalidation empties it whole. */
    struct vgic_its_cache_entry *entries;
    uint32_t n, capacity;
};
enum { VGIC_ITS_CACHE_EMPTY = UINT32_MAX };

/* The VM's LPI state and its one ITS. */
struct vgic_its {
    const struct gic_config *cfg;
    struct vgic_release rel;
    struct vgic_its_guest_mem mem;

    /* GITS registers */
    bool enabled;
    uint64_t cbaser, creadr, cwriter;
    uint64_t baser[2];           /* device table, collection table */

    /* tables */
    struct vgic_its_device **devices;     /* [DeviceID], NULL: not mapped */
    uint32_t *device_list;                /* mapped DeviceIDs in KVM's list order */
    uint32_t n_devices;
    int32_t *collections;                 /* [ICID]: target vCPU, or one of below */
    uint16_t *lpi_refs;                   /* [LPI - 8192]: ITEs mapping it (KVM's kref) */
    bool *lpi_zombie;                     /* [LPI - 8192]: its last ITE went; a list may
                                             still hold it (then KVM still has it) */
    uint32_t n_lpis_mapped;               /* LPIs with refs > 0 (KVM's lpi_list_count) */
    struct vgic_its_cache cache;
    /* GICv4 direct injection (NULL without it): the model's vPEs and forwarded LPIs, which
     * the commands on a passthrough device's events mirror to the host's ITS. */
    struct vgic_v4 *v4;

    /* redistributors' LPI side */
    uint64_t propbaser;                   /* one VM-wide value (dist->propbaser) */
    uint64_t *pendbaser;                  /* [vCPU] */
    bool *lpis_enabled;                   /* [vCPU]: GICR_CTLR.EnableLPIs */

    /* counters (the model's report) */
    uint64_t commands, cache_hits, cache_misses, msis_dropped;
};
enum { VGIC_ITS_COLL_ABSENT = -2, VGIC_ITS_COLL_UNMAPPED = -1 };

/* Creates a new VM's ITS state (KVM's vgic_its_create and reset: disabled, tables
 * invalid) for a machine with gic.its; `v4` is the model's GICv4 state (NULL without
 * direct injection), which the commands mirror to. */
void vgic_its_init(struct vgic_its *its, const struct gic_config *cfg,
                   const struct vgic_its_guest_mem *mem, struct vgic_v4 *v4);
void vgic_its_free(struct vgic_its *its);

/* The state a booted ITS driver leaves (vgic_boot.h), at no cost: registers, tables and
 * every device's ITEs; each LPI it maps is created with `lpi_created` (its priority and
 * enable from the property byte the simulation wrote, its target the device's vCPU). */
void vgic_its_boot(struct vgic_its *its, const struct vgic_boot_its *b, void *model,
                   void (*lpi_created)(void *model, const struct vgic_irq_state *init));

/* ---- what KVM's ITS does that costs (charged by the backend) ----------------- */
enum vgic_its_work {
    VGIC_ITS_WORK_COMMAND,      /* one command read from the queue and dispatched */
    VGIC_ITS_WORK_DEVICE_STEP,  /* one device visited in a walk of the device list */
    VGIC_ITS_WORK_ITE_STEP,     /* one ITE visited in a walk of a device's ITT list */
    VGIC_ITS_WORK_PROP_READ,    /* one LPI's configuration byte read from guest memory */
    VGIC_ITS_WORK_PEND_READ,    /* one pending-table byte read from guest memory */
    VGIC_ITS_WORK_CACHE_STEP,   /* one LRU entry compared (v5.4..v6.9) */
    VGIC_ITS_WORK_CACHE_FILL,   /* a translation inserted into the cache */
    VGIC_ITS_WORK_CACHE_FLUSH,  /* one cached translation dropped by an invalidation */
    VGIC_ITS_WORK_TABLE_WRITE,  /* a zeroed DTE or ITE written to guest memory (v6.12+) */
    VGIC_ITS_WORK_VLPI_COMMAND, /* GICv4: a command mirrored to the host's ITS for a
                                   forwarded LPI (VMAPTI, VMOVI, INV, DISCARD, INT, CLEAR) */
};

/* ---- register emulation: the GITS frame ------------------------------------ */

extern const struct vgic_region vgic_its_regions[];
extern const size_t vgic_its_nregions;

/* ---- the redistributors' LPI registers (vgic_mmio_v3.c's RD frame) ----------- */
vgic_mmio_read_fn vgic_lpi_read_propbaser, vgic_lpi_read_pendbaser, vgic_lpi_read_syncr;
vgic_mmio_write_fn vgic_lpi_write_propbaser, vgic_lpi_write_pendbaser, vgic_lpi_write_invlpir,
    vgic_lpi_write_invallr;
/* GICR_CTLR.EnableLPIs (with an ITS): 0 -> 1 reads the pending table, 1 -> 0 drops the
 * vCPU's LPIs from its list and invalidates the translation cache. */
void vgic_lpi_write_enable(const struct vgic_mmio_ctx *c, bool enable);

/* ---- translation ------------------------------------------------------------- */

/* Why a translation fails (KVM's E_ITS_* or -errno from vgic_its_resolve_lpi; an MSI
 * that fails is dropped). */
enum vgic_its_xlate {
    VGIC_ITS_XLATE_OK,
    VGIC_ITS_XLATE_DISABLED,       /* the ITS is disabled (-EBUSY) */
    VGIC_ITS_XLATE_NO_DEVICE,      /* no ITE: the device or event is not mapped */
    VGIC_ITS_XLATE_NO_COLLECTION,  /* the ITE's collection is not mapped */
    VGIC_ITS_XLATE_LPIS_OFF,       /* the target vCPU's LPIs are disabled (-EBUSY) */
};
struct vgic_its_translation {
    uint32_t intid;
    int32_t target;                /* the collection's vCPU */
    uint32_t device_steps, ite_steps;   /* how far the walks went (what KVM pays) */
};
/* vgic_its_resolve_lpi: the walks of KVM's slow path, under the ITS mutex. */
enum vgic_its_xlate vgic_its_resolve(const struct vgic_its *its, uint32_t device,
                                     uint32_t event, struct vgic_its_translation *out);
/* The LPI the ITE of (device, event) maps, whatever the ITS's enable, the ITE's collection
 * and the target's EnableLPIs say: what the host's ITS holds for a forwarded event (KVM
 * mirrors none of those three to it). No walk is charged: no KVM work. */
bool vgic_its_ite_lpi(const struct vgic_its *its, uint32_t device, uint32_t event,
                      uint32_t *intid);
/* The translation cache's lookup (v5.4+): true on a hit (*intid), with the entries
 * compared in *steps (v5.4..v6.9; 0 for the per-ITS cache). A hit moves the entry to the
 * front of the LRU (v5.4..v6.9). Never hits on a release without a cache. */
bool vgic_its_cache_lookup(struct vgic_its *its, uint32_t device, uint32_t event,
                           uint32_t *intid, uint32_t *steps);
/* vgic_its_cache_translation: the slow path caches what it resolved (v5.4+); the LRU
 * drops its least recently used entry when full. */
void vgic_its_cache_insert(struct vgic_its *its, uint32_t device, uint32_t event, uint32_t intid);
/* vgic_its_invalidate_cache: every cached translation dropped; returns how many. */
uint32_t vgic_its_cache_invalidate(struct vgic_its *its);
/* Allocates the cache the release has (vgic_its_init calls it). */
void vgic_its_cache_setup(struct vgic_its *its);

/* ---- the LPIs' configuration -------------------------------------------------- */

/* Is LPI `intid` mapped by some ITE (KVM has a struct vgic_irq for it)? */
bool vgic_its_lpi_exists(const struct vgic_its *its, uint32_t intid);
/* The state a newly mapped LPI starts with (vgic_add_lpi): edge, group 1, pending clear,
 * targeting `target`, priority and enable from `prop` (its property-table byte). */
void vgic_lpi_state_new(const struct gic_config *cfg, uint32_t intid, int32_t target,
                        uint8_t prop, struct vgic_irq_state *irq);
/* The property byte of LPI `intid` in the guest's table at PROPBASER; false when the
 * table cannot be read there. */
bool vgic_its_read_prop(const struct vgic_its *its, uint32_t intid, uint8_t *prop);
/* Does KVM have the LPI now: mapped, or held by a list after its last ITE went (what
 * vgic_get_irq finds)? */
bool vgic_its_lpi_known(const struct vgic_mmio_ctx *c, uint32_t intid);

/* ---- the model's side of a command or an MSI -------------------------------------- */

/* What an ITS command or an LPI register does to the LPIs, and what it costs; each model
 * implements it over its own storage (the reference model under the irq_lock and
 * ap_list_lock, the performance core with its CAS). `op` is the backend's per-operation
 * context (vgic_mmio_ctx.op). */
struct vgic_its_ops {
    /* KVM's cost of the work (the backend charges the cost model's operations). */
    void (*work)(void *model, void *op, enum vgic_its_work what, uint32_t n);
    /* its->cmd_lock, its->its_lock (mutexes) around command processing. */
    void (*cmd_lock)(void *model, void *op);
    void (*cmd_unlock)(void *model, void *op);
    void (*its_lock)(void *model, void *op);
    void (*its_unlock)(void *model, void *op);
    /* A new LPI exists (vgic_add_lpi: the model creates its storage with `init`); an LPI
     * whose last ITE went away stops existing (its ap_list reference keeps it alive
     * until pruned: the model decides). */
    void (*lpi_created)(void *model, void *op, const struct vgic_irq_state *init);
    void (*lpi_released)(void *model, void *op, uint32_t intid);
    /* The vCPU's LPIs leave its ap_list (vgic_flush_pending_lpis, EnableLPIs 1 -> 0). */
    void (*flush_pending_lpis)(void *model, void *op, uint32_t vcpu);
    /* GICv4 (only with its->v4): a mirrored command changed what `vcpu`'s vPE holds (a
     * vLPI forwarded, moved, cleared, unmapped or reconfigured): the model refreshes what
     * its CPU interface is offered. */
    void (*vpe_changed)(void *model, void *op, uint32_t vcpu);
    /* ... an INT made a forwarded LPI pending in its vPE (vgic_v4_arrive's result and
     * work): the model does what the hardware and the doorbell's handler do. */
    void (*vlpi_arrived)(void *model, void *op, uint32_t intid, enum vgic_v4_arrival arrival,
                         uint32_t work);
};

/* Processes the queued commands from CREADR to CWRITER (vgic_its_process_commands):
 * only while the ITS is enabled; each read from guest memory, dispatched under the ITS
 * mutex, its error discarded; CREADR advances past every one. */
void vgic_its_process_commands(const struct vgic_mmio_ctx *c);

/* The command queue's size in bytes (CBASER.Size + 1 pages of 4 KiB). */
uint64_t vgic_its_queue_size(const struct vgic_its *its);

/* INVALL's (and GICR_INVALLR's) effect: every LPI targeting `vcpu` reads its
 * configuration again. */
void vgic_its_invall(const struct vgic_mmio_ctx *c, uint32_t vcpu);
/* A device table or collection table made invalid (GITS_BASER<n>.Valid = 0) frees every
 * device (with their ITEs) or every collection. */
void vgic_its_free_devices(const struct vgic_mmio_ctx *c);
void vgic_its_free_collections(struct vgic_its *its);

/* One command's effect (vgic_its_handle_command), for the tests and the processing
 * loop. Returns 0 or KVM's error code (which KVM ignores). */
int vgic_its_handle_command(const struct vgic_mmio_ctx *c, const struct gic_its_cmd *cmd);

/* update_lpi_config: the LPI reads its property byte again (INV, GICR_INVLPIR) and is
 * queued if that makes it deliverable. */
void vgic_its_refresh_config(const struct vgic_mmio_ctx *c, uint32_t intid);
/* its_sync_lpi_pending_table: the pending bits of the LPIs targeting `vcpu` are read
 * from its pending table (EnableLPIs 0 -> 1). */
void vgic_its_sync_pending_table(const struct vgic_mmio_ctx *c, uint32_t vcpu);

/* The LPI `intid` is made pending by an MSI or INT that translated to it: the backend's
 * update with the pend change (edge latch), queued if deliverable. */
void vgic_its_pend_lpi(const struct vgic_mmio_ctx *c, uint32_t intid);

#endif
