/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal to the recorder: cutting each delivered instance's delivery latency into the
 * stages of record/recorder.h (enum rec_stage), from the instance's own marks (raised,
 * its injection's start, waits and end, listed, acknowledged) and from what its vCPU did
 * in between (a short log of when it left the guest, woke, flushed and entered again).
 *
 * Every boundary is clamped between the one before and the acknowledgement, so the
 * stages are consecutive and sum exactly to the delivery latency, whatever happened:
 * an instance that needed no injection has empty injection stages; one whose vCPU log
 * no longer reaches back to its injection (more than STAGES_LOG world switches of its
 * vCPU ago) counts the time from its injection to the oldest mark kept as notify. */
#ifndef VGICSIM_RECORD_STAGES_INTERNAL_H
#define VGICSIM_RECORD_STAGES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/latency_stats.h"
#include "record/recorder.h"

enum { STAGES_LOG = 256 };   /* marks kept per vCPU: a power of two */

struct stages_mark {
    uint64_t t;
    uint32_t mark;           /* enum rec_vcpu_mark */
};

struct stages_vcpu {
    struct stages_mark *log; /* ring of STAGES_LOG, allocated with the first mark */
    uint32_t head, n;        /* oldest entry, entries held */
};

struct stages {
    uint32_t vcpus;
    struct stages_vcpu *vcpu;
    struct latency_stats dist[REC_NR_STAGES];
    size_t mem;
};

/* What the stages need of one instance. */
struct stages_instance {
    uint64_t raised;
    uint64_t inject_start, inject_done;  /* 0, 0: no injection known (as if at raised) */
    uint64_t inject_wait;
    uint64_t listed;                     /* 0: never reported listed */
    uint64_t acked;
    bool direct;                         /* listed = shown to a resident vPE (GICv4) */
};

void stages_init(struct stages *s, uint32_t vcpus);
void stages_free(struct stages *s);
void stages_mark(struct stages *s, uint32_t vcpu, enum rec_vcpu_mark mark, uint64_t t);
/* One delivered instance, acknowledged on `vcpu`: one sample per stage. `out` (may be
 * NULL) receives the stages (they sum to acked - raised). */
void stages_sample(struct stages *s, uint32_t vcpu, const struct stages_instance *in,
                   uint64_t out[REC_NR_STAGES]);

#endif
