/* SPDX-License-Identifier: GPL-2.0-only */
/* Latency recorder: follows every interrupt instance through
 * raised -> listed (written into a list register) -> acknowledged (IAR) ->
 * completed (EOIR, or DIR with EOImode 1), and aggregates (scenario spec
 * section 8):
 *   delivery  = acknowledged - raised
 *   injection = listed       - raised
 *   service   = completed    - acknowledged
 * overall, by INTID class (SGI 0-15, PPI 16-31, SPI 32-1019, LPI >= 8192 with
 * rec_enable_lpis) and by vCPU (the
 * vCPU that acknowledged the instance), plus the latency of trapped register
 * accesses (issue -> completion) overall and by vCPU.  It also keeps what
 * `expect` asserts on (section 7): IAR acks per (vCPU, INTID), spurious reads,
 * and the exact sequence of acknowledged INTIDs for chosen vCPUs.
 *
 * The matching rules are documented at the top of recorder.c.
 *
 * `value` arguments: the INTID, except for GICv2 SGIs where bits 12:10 carry
 * the source vCPU exactly as GICC_IAR reports it (value = intid | src << 10).
 * Each (bank, value) is a separate key: SGI 1 from vCPU 0 and SGI 1 from
 * vCPU 2 are distinct interrupts.  INTIDs, classes, ack counts and ack order
 * use bits 9:0 only -- but for LPIs, whose value (8192 and up) is the INTID.
 *
 * Times are cycles; a time earlier than the one it is subtracted from (a
 * caller bug) gives a 0 sample and is counted in rec_counts.negative.
 *
 * Calls with a vCPU >= vcpus, a private INTID raised with vcpu -1, an INTID
 * >= nr_irqs, a value with bits above 12 set, or source bits on a non-SGI are
 * counted in rec_counts.invalid and otherwise ignored -- except IAR reads and
 * completions on a valid vCPU: an IAR read always counts as an ack (ack counts,
 * ack order), and one of an invalid key is an unmatched ack; a completion of an
 * invalid key is an unmatched completion.
 *
 * Not thread-safe: one recorder belongs to one simulation.
 */
#ifndef VGICSIM_RECORD_RECORDER_H
#define VGICSIM_RECORD_RECORDER_H

#include <stddef.h>
#include <stdint.h>

#include "record/latency_stats.h"

struct recorder;

enum rec_metric { REC_DELIVERY, REC_INJECTION, REC_SERVICE, REC_ACCESS, REC_NR_METRICS };

/* The stages each instance's delivery latency is cut into (consecutive: for every
 * delivered instance they sum to its delivery latency; docs/report.md says how each is
 * measured). */
enum rec_stage {
    REC_STAGE_INJECTOR_WAIT,   /* raised -> its injector takes it up (a busy host thread) */
    REC_STAGE_HOST_WORK,       /* the injection's host work (the path into KVM included) */
    REC_STAGE_CONTENTION,      /* the injection's waits for locks (ref) or cache lines (perf) */
    REC_STAGE_NOTIFY,          /* injected -> its vCPU starts leaving the guest or waking */
    REC_STAGE_EXIT,            /* ... -> the first flush after that begins */
    REC_STAGE_LR_WAIT,         /* ... -> the flush that lists it begins (no free LR before) */
    REC_STAGE_FLUSH_ENTRY,     /* ... -> the guest runs again, with it listed */
    REC_STAGE_GUEST,           /* ... -> the guest acknowledges it (IAR) */
    REC_NR_STAGES,
};
extern const char *const rec_stage_names[REC_NR_STAGES];   /* "injector_wait", ... */
extern const char *const rec_stage_meanings[REC_NR_STAGES]; /* one line each */

/* Where a vCPU is, as the stages need it (rec_vcpu_mark). */
enum rec_vcpu_mark {
    REC_MARK_EXIT,             /* it begins leaving the guest */
    REC_MARK_WAKE,             /* it begins waking from WFI */
    REC_MARK_BLOCK,            /* it blocks in WFI */
    REC_MARK_FLUSH,            /* a flush of its list registers begins */
    REC_MARK_ENTER,            /* it is in the guest again */
};
enum rec_class { REC_SGI, REC_PPI, REC_SPI, REC_LPI, REC_NR_CLASSES };

/* vcpus: number of vCPUs (banks of private INTIDs); nr_irqs: INTIDs the
 * distributor implements, private ones included (gic_nr_irqs()), i.e. SPIs are
 * 32 .. nr_irqs-1.  nr_irqs is clamped to [32, 1020]. */
struct recorder *recorder_create(uint32_t vcpus, uint32_t nr_irqs);
void recorder_free(struct recorder *r);
/* A machine with an ITS: LPIs 8192 .. 8192 + lpis - 1 (at most GIC_MAX_LPIS) are followed
 * too, as one shared bank like SPIs (vcpu ignored); their value is the INTID. Before the
 * first call that names one. */
void rec_enable_lpis(struct recorder *r, uint32_t lpis);
uint32_t rec_lpis(const struct recorder *r);

/* An instance of `value` is raised at t.  vcpu: for SGIs/PPIs the bank (the
 * target vCPU); -1 for SPIs (ignored for SPIs).  Returns the instance's id (unique in
 * the run, never 0), or 0 when it is not followed (an invalid key, a storm). */
uint64_t rec_raised(struct recorder *r, int32_t vcpu, uint32_t value, uint64_t t);
/* An operation that started at `start` made KVM's state have `value` pending at t: the
 * instances of it raised by `start` are in KVM now, and only those can be listed. A
 * raise that needs no operation (a level line resampled) is pended when raised. */
void rec_pended(struct recorder *r, int32_t vcpu, uint32_t value, uint64_t start, uint64_t t);
/* That operation -- the injection of instances of `value` raised by `start` -- waited
 * `wait` cycles for locks or cache lines and completed at `done` (for the stages). */
void rec_injected(struct recorder *r, int32_t vcpu, uint32_t value, uint64_t start,
                  uint64_t wait, uint64_t done);
/* The hypervisor wrote a pending instance of `value` into a list register of vcpu. */
void rec_listed(struct recorder *r, uint32_t vcpu, uint32_t value, uint64_t t);
/* GICv4: a pending instance of `value` (a directly injected LPI) became visible to vcpu's
 * resident vPE: listed as far as latencies go, with no list register (its stages differ). */
void rec_shown(struct recorder *r, uint32_t vcpu, uint32_t value, uint64_t t);
/* IAR on vcpu returned value (1023 in bits 9:0: spurious). */
void rec_acked(struct recorder *r, uint32_t vcpu, uint32_t value, uint64_t t);
/* The guest completed value on vcpu: EOIR, or DIR with EOImode 1 -- call it for
 * the operation that deactivates, once. */
void rec_completed(struct recorder *r, uint32_t vcpu, uint32_t value, uint64_t t);
/* Trapped register accesses are also broken down by kind: the register accessed, named
 * by the caller ("GICD_ISENABLER", "ICC_SGI1R_EL1"). rec_access_kind returns the kind
 * of a name, registering it on first use; at most REC_MAX_ACCESS_KINDS distinct names
 * are kept, later ones get REC_ACCESS_KIND_NONE (counted overall and by vCPU only). */
enum { REC_MAX_ACCESS_KINDS = 64, REC_ACCESS_KIND_NONE = UINT32_MAX };
uint32_t rec_access_kind(struct recorder *r, const char *name);
uint32_t rec_access_kinds(const struct recorder *r);
const char *rec_access_kind_name(const struct recorder *r, uint32_t kind);
/* A trapped register access of `kind` by vcpu (vcpu >= vcpus, e.g. a host context:
 * not counted by vCPU). */
void rec_access(struct recorder *r, uint32_t vcpu, uint32_t kind, uint64_t issued,
                uint64_t completed);

/* Tells `tl` (record/timeline.h; NULL: nothing) of every listing, acknowledgement and
 * completion from now on, with the instances' ids, on the vCPU's track. */
struct timeline;
void rec_set_timeline(struct recorder *r, struct timeline *tl);

/* Record the sequence of INTIDs acknowledged on vcpu from now on (call before
 * the run; unknown vCPUs are ignored). */
void rec_keep_ack_order(struct recorder *r, uint32_t vcpu);
/* The INTIDs (bits 9:0) IAR returned on vcpu since rec_keep_ack_order, in
 * order, spurious reads excluded.  NULL with *n = 0 if not kept or none yet.
 * Valid until the next rec_acked on that vCPU. */
const uint32_t *rec_ack_order(const struct recorder *r, uint32_t vcpu, size_t *n);
/* IAR reads on vcpu (-1: all vCPUs) that returned intid in bits 9:0 (an LPI: the value).
 * intid 1023 gives the spurious reads. */
uint64_t rec_ack_count(const struct recorder *r, int32_t vcpu, uint32_t intid);
/* IAR reads that returned 1023, on vcpu (-1: all vCPUs). */
uint64_t rec_spurious(const struct recorder *r, int32_t vcpu);

struct rec_counts {
    uint64_t raised;          /* instances raised (valid rec_raised calls) */
    uint64_t acked;           /* IAR reads that returned an INTID (not 1023) */
    uint64_t spurious;        /* IAR reads that returned 1023 */
    uint64_t delivered;       /* instances resolved by an ack (= delivery samples) */
    uint64_t coalesced;       /* instances delivered by an ack beyond the first */
    uint64_t unlisted_acks;   /* acks that took an instance never reported listed */
    uint64_t unmatched_acks;  /* acks with no open instance of their key */
    uint64_t unmatched_lists; /* listings of a key with no unacknowledged instance */
    uint64_t completed;       /* completions that resolved at least one instance */
    uint64_t unmatched_completions; /* completions with no acknowledged instance */
    uint64_t undelivered;     /* open instances never acknowledged (now) */
    uint64_t uncompleted;     /* acknowledged instances not completed (now) */
    uint64_t accesses;        /* trapped register accesses */
    uint64_t invalid;         /* ignored calls (out-of-range vCPU or INTID) */
    uint64_t negative;        /* samples clamped to 0 because time went backwards */
    uint64_t untracked;       /* raises counted in `raised` but not followed: already
                                 REC_MAX_OPEN_INSTANCES instances open (a storm) */
};
void rec_get_counts(const struct recorder *r, struct rec_counts *out);

/* At most this many instances are open (raised, not yet completed) at once, so that
 * a storm of raises that are never acknowledged -- an interrupt disabled or masked
 * while its device keeps firing -- saturates (REC_INSTANCE_BYTES each: 48 MiB) instead
 * of growing without bound.  Raises beyond it are counted in `raised` and in
 * `untracked` and otherwise ignored; later acknowledgements and completions match
 * the instances that are followed.  No bundled, conformance or pinned scenario comes
 * near it (their peak is in the hundreds). */
enum { REC_MAX_OPEN_INSTANCES = 1 << 20, REC_INSTANCE_BYTES = 48 };

/* Distributions; never NULL (an empty one where nothing applies, e.g. REC_ACCESS
 * by class, or an unknown vCPU).  Owned by the recorder; the overall and by-class
 * ones are merged on the first query after new samples (exactly what direct
 * accumulation would give) and stay valid until the next sample of their metric. */
const struct latency_stats *rec_stats(const struct recorder *r, enum rec_metric m);
const struct latency_stats *rec_stats_class(const struct recorder *r, enum rec_metric m,
                                            enum rec_class c);
const struct latency_stats *rec_stats_vcpu(const struct recorder *r, enum rec_metric m,
                                           uint32_t vcpu);

/* By INTID (bits 9:0, or an LPI; not for REC_ACCESS): the samples of every instance of it, on
 * any vCPU (for private INTIDs: every bank together). */
const struct latency_stats *rec_stats_intid(const struct recorder *r, enum rec_metric m,
                                            uint32_t intid);
/* The samples of one stage (every delivered instance gives one to each). */
const struct latency_stats *rec_stats_stage(const struct recorder *r, enum rec_stage s);
/* A vCPU reached `mark` at t (calls come in cycle order for each vCPU). */
void rec_vcpu_mark(struct recorder *r, uint32_t vcpu, enum rec_vcpu_mark mark, uint64_t t);

/* REC_ACCESS samples of one access kind. */
const struct latency_stats *rec_stats_access_kind(const struct recorder *r, uint32_t kind);
/* INTIDs the recorder keeps (SPIs are 32 .. rec_nr_irqs - 1). */
uint32_t rec_nr_irqs(const struct recorder *r);

/* Class of an INTID (bits 9:0 of value). */
enum rec_class rec_class_of(uint32_t value);

uint32_t rec_vcpus(const struct recorder *r);

/* Input digest, for tests that pin simulated behaviour (tests/pinned): once enabled
 * (before the first call), every rec_raised/listed/acked/completed/access call with
 * its arguments is folded into a 64-bit hash, so two runs that told the recorder
 * the same things in the same order have the same digest. */
void rec_enable_digest(struct recorder *r);
uint64_t rec_digest(const struct recorder *r);
/* Instances currently held (raised, not yet completed). */
size_t rec_open_instances(const struct recorder *r);
/* Heap bytes held by the recorder, its distributions included. */
size_t rec_memory(const struct recorder *r);

#endif
