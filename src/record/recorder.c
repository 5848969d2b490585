/* SPDX-License-Identifier: GPL-2.0-only */
/* Latency recorder (interface and metrics: recorder.h).
 *
 * MATCHING RULES
 *
 * Keys.  An instance belongs to the key (bank, value): bank is the vCPU for
 * private INTIDs (0-31; the `vcpu` argument of rec_raised, of rec_listed, of
 * rec_acked and of rec_completed) and one shared bank for SPIs (whatever vCPU
 * is named).  value includes the GICv2 SGI source bits 12:10, so each
 * (target, SGI, source) is its own key.  Keys are independent of each other.
 *
 * Per key, the open instances form a FIFO in raise order.  Each instance is in
 * one of four states and the states are always ordered along the FIFO:
 *     [acknowledged ...][listed ...][injected ...][raised ...]   (head = oldest)
 *
 *  rec_raised     appends a new instance (state raised) at the tail: the device
 *                 or the guest raised it; KVM does not know yet.
 *  rec_pended     marks the raised instances of the key that an operation took
 *                 (those raised by the cycle it started) as injected: KVM's state
 *                 has them pending now.  Operations on one key take its raises in
 *                 raise order (one injector per INTID; one sender per SGI key).
 *  rec_injected   gives the instances the operation took (any state short of
 *                 acknowledged) its start, its waits and its end, for the stages.
 *  rec_listed     marks every injected (not yet listed) instance of the key as
 *                 listed at t.  Already listed ones keep their first listing
 *                 time.  So several raises before a listing go out in one
 *                 delivery, and a raise after a listing -- or one whose
 *                 injection had not completed by then -- waits for the next
 *                 listing.  A listing that finds no unacknowledged instance of
 *                 the key counts as an unmatched list and changes nothing.
 *  rec_acked      (not spurious) resolves every listed instance of the key:
 *                 each becomes acknowledged at t by this vCPU and gives one
 *                 delivery sample and one injection sample; all but the first
 *                 count as coalesced.  If none is listed but raised ones exist
 *                 (listed without telling the recorder -- should not happen),
 *                 the oldest one is acknowledged with no injection sample
 *                 (unlisted_acks).  If the key has no unacknowledged instance
 *                 at all, it is an unmatched ack.  In every case the read counts
 *                 in acked, in the ack counts and in the kept ack order.
 *  rec_completed  resolves every acknowledged instance of the key that was
 *                 acknowledged by this vCPU, one service sample each, and frees
 *                 them; none: an unmatched completion.
 *
 * Samples are attributed to the class of the INTID and to the acknowledging
 * vCPU.  Instances never acknowledged are "undelivered", acknowledged but
 * never completed "uncompleted"; both are live counts (rec_get_counts).
 *
 * LPIs (rec_enable_lpis) are keys of a bank of their own, shared like SPIs: an
 * LPI's value is its INTID (8192 and up), which no GICv2 value reaches (13 bits).
 *
 * STORAGE
 *
 * One array of FIFO heads per bank, allocated on the bank's first raise: a
 * private bank has 16 SGIs x 8 sources + 16 PPIs = 144 keys (slot intid*8 +
 * source for SGIs, 128 + intid - 16 for PPIs), the shared bank nr_irqs - 32,
 * the LPI bank one per LPI (32 bytes each: 2 MiB for 65536 LPIs, only once an
 * LPI is raised). What is kept per LPI beyond that -- its distributions, its
 * acknowledgements per vCPU -- is kept in chunks of LPI_CHUNK LPIs allocated
 * on first use, so that a machine of 65536 LPIs and 512 vCPUs pays only for
 * the LPIs that fire (a dense array of counts per vCPU would be 256 MiB).
 * Each FIFO is a power-of-two ring of instances allocated on first use,
 * doubled when full and released when it empties after having grown, so
 * memory follows the number of open instances, not the number ever raised.
 * All operations cost O(instances they resolve).
 *
 * A storm cannot eat the machine: at most REC_MAX_OPEN_INSTANCES instances are
 * open at once.  A raise beyond that is counted (rec_counts.untracked) and not
 * followed; everything else goes on as before.
 *
 * DISTRIBUTIONS
 *
 * Each sample is added to two histograms only: its vCPU's and its INTID's (a
 * trapped access: its vCPU's, or the host row for other contexts, and its kind's).
 * Every sample has exactly one vCPU and one INTID, so the overall distribution is
 * the merge of the vCPU ones and a class's the merge of its INTIDs'; these views
 * are merged when first asked for and kept until the metric's next sample
 * (struct view).  Merging adds bucket counts and takes min, max and the exact sums,
 * so a merged view is identical to one fed every sample directly.
 */
#include "record/recorder.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "gic/gic_config.h"
#include "record/stages_internal.h"
#include "record/timeline.h"
#include "util/xalloc.h"

enum {
    INTID_MASK = 0x3ff,
    NR_VALUES = 1024,      /* bits 9:0 */
    SGI_SOURCES = 8,
    BANK_PRIVATE_KEYS = GIC_NR_SGIS * SGI_SOURCES + (GIC_NR_PRIVATE - GIC_NR_SGIS),
    RING_INIT = 4,
    RING_KEEP = 8,         /* rings above this size are released when empty */
    LPI_CHUNK = 1024,      /* LPIs per chunk of per-LPI storage */
    LPI_CHUNKS = GIC_MAX_LPIS / LPI_CHUNK,
};

struct inst {
    uint64_t raised, listed, acked;
    uint64_t inject_start, inject_done;  /* the injection that took it (rec_injected) */
    uint32_t inject_wait;                /* ... and its waits for locks or lines */
    uint32_t ack_vcpu : 31;
    uint32_t direct : 1;                 /* shown to a vPE (GICv4), not listed */
};
_Static_assert(sizeof(struct inst) == REC_INSTANCE_BYTES, "recorder.h documents the size");

struct fifo {
    struct inst *buf;
    uint32_t cap;      /* 0 or a power of two */
    uint32_t head;
    uint32_t size;     /* open instances */
    uint32_t n_acked;  /* the first n_acked are acknowledged */
    uint32_t n_listed; /* the next n_listed are listed, not acknowledged */
    uint32_t n_injected; /* the next n_injected are injected, not listed */
    uint32_t n_stamped;  /* the first n_stamped have their injection's times (or are
                            acknowledged): rec_injected stamps in raise order */
    uint32_t ordinal;    /* instances ever followed: the tail's number + 1 (instance ids) */
};

struct vcpu_data {
    uint64_t *ack_counts; /* NR_VALUES entries, allocated on the first IAR read */
    uint64_t **lpi_acks;  /* LPI_CHUNKS chunk pointers, on the first LPI acknowledged */
    uint32_t *order;
    size_t order_n, order_cap;
    bool keep_order;
};

/* A distribution merged from others on demand; valid while `stamp` equals its
 * metric's sample count. */
struct view {
    struct latency_stats st;
    uint64_t stamp;
};
#define VIEW_STALE UINT64_MAX

struct recorder {
    bool digest_on;         /* rec_enable_digest: fold every call into `digest` */
    uint64_t digest;
    uint32_t vcpus, nr_irqs;
    uint32_t lpis;          /* LPIs 8192 .. 8192 + lpis - 1 are keys (rec_enable_lpis) */
    struct fifo **banks;    /* vcpus private banks, the shared one, the LPIs' */
    struct vcpu_data *vcpu;
    /* The samples: by vCPU (vcpus entries, plus one for host accesses) and by INTID
     * (nr_irqs entries, allocated with the metric's first sample; not for access). */
    struct latency_stats *per_vcpu[REC_NR_METRICS];
    struct latency_stats *per_intid[REC_NR_METRICS];
    struct latency_stats *per_lpi[REC_NR_METRICS][LPI_CHUNKS];   /* chunks, on first use */
    struct latency_stats access_kind[REC_MAX_ACCESS_KINDS];
    uint64_t n_samples[REC_NR_METRICS];
    /* Merged views (queries) */
    struct view all[REC_NR_METRICS];
    struct view cls[REC_NR_METRICS][REC_NR_CLASSES];
    char *access_kind_name[REC_MAX_ACCESS_KINDS];
    uint32_t n_access_kinds;
    struct stages stages;   /* the stages of each delivered instance */
    struct timeline *tl;    /* told of listings, acks and completions; NULL: none */
    struct rec_counts c;    /* undelivered and uncompleted derived on query */
    uint64_t open, unacked;
    size_t mem;             /* heap bytes outside the distributions */
};

static const struct latency_stats empty_stats; /* zeroed = empty */

/* ---- creation ------------------------------------------------------------ */

struct recorder *recorder_create(uint32_t vcpus, uint32_t nr_irqs)
{
    struct recorder *r = xcalloc(1, sizeof(*r));
    if (nr_irqs < GIC_NR_PRIVATE)
        nr_irqs = GIC_NR_PRIVATE;
    if (nr_irqs > GIC_INTID_SPECIAL_FIRST)
        nr_irqs = GIC_INTID_SPECIAL_FIRST;
    r->vcpus = vcpus;
    r->nr_irqs = nr_irqs;
    stages_init(&r->stages, vcpus);
    r->banks = xcalloc((size_t)vcpus + 2, sizeof(*r->banks));
    r->vcpu = xcalloc(vcpus ? vcpus : 1, sizeof(*r->vcpu));
    r->mem = sizeof(*r) + ((size_t)vcpus + 2) * sizeof(*r->banks) +
             (vcpus ? vcpus : 1) * sizeof(*r->vcpu);
    for (int m = 0; m < REC_NR_METRICS; m++) {
        r->per_vcpu[m] = xcalloc((size_t)vcpus + 1, sizeof(struct latency_stats));
        r->mem += ((size_t)vcpus + 1) * sizeof(struct latency_stats);
        r->all[m].stamp = VIEW_STALE;
        for (int c = 0; c < REC_NR_CLASSES; c++)
            r->cls[m][c].stamp = VIEW_STALE;
    }
    return r;
}

void rec_enable_lpis(struct recorder *r, uint32_t lpis)
{
    r->lpis = lpis < GIC_MAX_LPIS ? lpis : GIC_MAX_LPIS;
}

uint32_t rec_lpis(const struct recorder *r) { return r->lpis; }

static uint32_t lpi_bank(const struct recorder *r) { return r->vcpus + 1; }

static uint32_t bank_keys(const struct recorder *r, uint32_t bank)
{
    if (bank == lpi_bank(r))
        return r->lpis;
    return bank < r->vcpus ? BANK_PRIVATE_KEYS : r->nr_irqs - GIC_NR_PRIVATE;
}

static void free_lpi_chunks(uint64_t **chunks)
{
    for (uint32_t c = 0; chunks && c < LPI_CHUNKS; c++)
        free(chunks[c]);
    free(chunks);
}

void recorder_free(struct recorder *r)
{
    if (!r)
        return;
    for (uint32_t b = 0; b <= lpi_bank(r); b++) {
        struct fifo *bank = r->banks[b];
        if (!bank)
            continue;
        for (uint32_t k = 0; k < bank_keys(r, b); k++)
            free(bank[k].buf);
        free(bank);
    }
    free(r->banks);
    for (uint32_t v = 0; v < r->vcpus; v++) {
        free(r->vcpu[v].ack_counts);
        free_lpi_chunks(r->vcpu[v].lpi_acks);
        free(r->vcpu[v].order);
    }
    free(r->vcpu);
    stages_free(&r->stages);
    for (int m = 0; m < REC_NR_METRICS; m++) {
        lat_free(&r->all[m].st);
        for (int c = 0; c < REC_NR_CLASSES; c++)
            lat_free(&r->cls[m][c].st);
        for (uint32_t v = 0; v <= r->vcpus; v++)
            lat_free(&r->per_vcpu[m][v]);
        free(r->per_vcpu[m]);
        for (uint32_t i = 0; r->per_intid[m] && i < r->nr_irqs; i++)
            lat_free(&r->per_intid[m][i]);
        free(r->per_intid[m]);
        for (uint32_t c = 0; c < LPI_CHUNKS; c++) {
            for (uint32_t i = 0; r->per_lpi[m][c] && i < LPI_CHUNK; i++)
                lat_free(&r->per_lpi[m][c][i]);
            free(r->per_lpi[m][c]);
        }
    }
    for (uint32_t k = 0; k < r->n_access_kinds; k++) {
        lat_free(&r->access_kind[k]);
        free(r->access_kind_name[k]);
    }
    free(r);
}

/* ---- keys and rings ------------------------------------------------------- */

/* The INTID of a value: an LPI's whole value, else bits 9:0. */
static uint32_t intid_of(uint32_t value)
{
    return value >= GIC_LPI_BASE ? value : value & INTID_MASK;
}

enum rec_class rec_class_of(uint32_t value)
{
    if (value >= GIC_LPI_BASE)
        return REC_LPI;
    uint32_t intid = value & INTID_MASK;
    return intid < GIC_NR_SGIS ? REC_SGI : intid < GIC_NR_PRIVATE ? REC_PPI : REC_SPI;
}

/* Key of (vcpu, value); false if the call names no valid key. */
static bool key_of(const struct recorder *r, int64_t vcpu, uint32_t value, uint32_t *bank,
                   uint32_t *slot)
{
    if (value >= GIC_LPI_BASE) {
        if (value - GIC_LPI_BASE >= r->lpis)
            return false;
        *bank = lpi_bank(r);
        *slot = value - GIC_LPI_BASE;
        return true;
    }
    if (value >> 13)
        return false;
    uint32_t intid = value & INTID_MASK, src = (value >> 10) & (SGI_SOURCES - 1);
    if (src && intid >= GIC_NR_SGIS)
        return false;
    if (intid < GIC_NR_PRIVATE) {
        if (vcpu < 0 || vcpu >= (int64_t)r->vcpus)
            return false;
        *bank = (uint32_t)vcpu;
        *slot = intid < GIC_NR_SGIS ? intid * SGI_SOURCES + src
                                    : GIC_NR_SGIS * SGI_SOURCES + intid - GIC_NR_SGIS;
    } else {
        if (intid >= r->nr_irqs)
            return false;
        *bank = r->vcpus;
        *slot = intid - GIC_NR_PRIVATE;
    }
    return true;
}

/* The key's FIFO, or NULL if its bank was never used (then it holds nothing). */
static struct fifo *fifo_peek(const struct recorder *r, uint32_t bank, uint32_t slot)
{
    return r->banks[bank] ? &r->banks[bank][slot] : NULL;
}

/* The instances of (vcpu, value) so far, or NULL when there are none yet or the key
 * names no interrupt (counted as invalid). */
static struct fifo *fifo_of_key(struct recorder *r, int32_t vcpu, uint32_t value)
{
    uint32_t bank, slot;
    if (!key_of(r, vcpu, value, &bank, &slot)) {
        r->c.invalid++;
        return NULL;
    }
    return fifo_peek(r, bank, slot);
}

static struct fifo *fifo_get(struct recorder *r, uint32_t bank, uint32_t slot)
{
    if (!r->banks[bank]) {
        r->banks[bank] = xcalloc(bank_keys(r, bank), sizeof(struct fifo));
        r->mem += bank_keys(r, bank) * sizeof(struct fifo);
    }
    return &r->banks[bank][slot];
}

static inline struct inst *at(const struct fifo *f, uint32_t k)
{
    return &f->buf[(f->head + k) & (f->cap - 1)];
}

/* An instance's id: its key and its number among the key's instances (never 0). */
static uint64_t inst_id(uint32_t bank, uint32_t slot, const struct fifo *f, uint32_t k)
{
    return ((uint64_t)bank * 1024 + slot + 1) << 32 | (f->ordinal - f->size + k);
}

static struct inst *fifo_push(struct recorder *r, struct fifo *f)
{
    if (f->size == f->cap) {
        uint32_t ncap = f->cap ? f->cap * 2 : RING_INIT;
        struct inst *nbuf = xmalloc(ncap * sizeof(*nbuf));
        for (uint32_t k = 0; k < f->size; k++)
            nbuf[k] = *at(f, k);
        free(f->buf);
        r->mem += (size_t)(ncap - f->cap) * sizeof(*nbuf);
        f->buf = nbuf;
        f->cap = ncap;
        f->head = 0;
    }
    struct inst *in = at(f, f->size);
    f->size++;
    return in;
}

/* ---- samples -------------------------------------------------------------- */

/* The distribution of LPI `intid` for metric m, its chunk allocated if `create`; NULL
 * when it has none. */
static struct latency_stats *lpi_stats(const struct recorder *r, enum rec_metric m,
                                       uint32_t intid, bool create)
{
    uint32_t i = intid - GIC_LPI_BASE, c = i / LPI_CHUNK;
    struct latency_stats **chunk = (struct latency_stats **)&r->per_lpi[m][c];
    if (!*chunk) {
        if (!create)
            return NULL;
        *chunk = xcalloc(LPI_CHUNK, sizeof(**chunk));
        ((struct recorder *)r)->mem += LPI_CHUNK * sizeof(**chunk);
    }
    return &(*chunk)[i % LPI_CHUNK];
}

static struct latency_stats *intid_stats(struct recorder *r, enum rec_metric m, uint32_t intid)
{
    if (intid >= GIC_LPI_BASE)
        return lpi_stats(r, m, intid, true);
    if (!r->per_intid[m]) {   /* allocated with the metric's first sample */
        r->per_intid[m] = xcalloc(r->nr_irqs, sizeof(struct latency_stats));
        r->mem += r->nr_irqs * sizeof(struct latency_stats);
    }
    return &r->per_intid[m][intid];
}

/* One sample of metric m for an instance of `value` (an INTID with, for v2 SGIs, the
 * source in bits 12:10) acknowledged on vcpu: into its vCPU's and its INTID's
 * distributions (callers pass a vcpu < vcpus and a matched key, so intid < nr_irqs). */
static void sample(struct recorder *r, enum rec_metric m, uint32_t value, uint32_t vcpu,
                   uint64_t from, uint64_t to)
{
    uint64_t d = 0;
    if (to >= from)
        d = to - from;
    else
        r->c.negative++;
    lat_add(&r->per_vcpu[m][vcpu], d);
    lat_add(intid_stats(r, m, intid_of(value)), d);
    r->n_samples[m]++;
}

/* ---- events --------------------------------------------------------------- */

/* The input digest: every call, folded in order (FNV-1a over 64-bit words). It
 * pins what the simulation told the recorder, whatever the recorder makes of it. */
static void digest(struct recorder *r, uint64_t kind, uint64_t a, uint64_t b, uint64_t t)
{
    const uint64_t words[4] = {kind, a, b, t};
    for (int i = 0; i < 4; i++) {
        r->digest ^= words[i];
        r->digest *= UINT64_C(0x100000001b3);
    }
}

void rec_enable_digest(struct recorder *r)
{
    r->digest_on = true;
    r->digest = UINT64_C(0xcbf29ce484222325);
}

uint64_t rec_digest(const struct recorder *r) { return r->digest; }

uint64_t rec_raised(struct recorder *r, int32_t vcpu, uint32_t value, uint64_t t)
{
    if (r->digest_on)
        digest(r, 1, (uint64_t)(int64_t)vcpu, value, t);
    uint32_t bank, slot;
    if (!key_of(r, vcpu, value, &bank, &slot)) {
        r->c.invalid++;
        return 0;
    }
    r->c.raised++;
    if (r->open >= REC_MAX_OPEN_INSTANCES) {
        r->c.untracked++;
        return 0;
    }
    struct fifo *f = fifo_get(r, bank, slot);
    struct inst *in = fifo_push(r, f);
    *in = (struct inst){.raised = t};
    f->ordinal++;
    r->open++;
    r->unacked++;
    return inst_id(bank, slot, f, f->size - 1);
}

void rec_set_timeline(struct recorder *r, struct timeline *tl) { r->tl = tl; }

void rec_pended(struct recorder *r, int32_t vcpu, uint32_t value, uint64_t start, uint64_t t)
{
    if (r->digest_on)
        digest(r, 5, (uint64_t)(int64_t)vcpu, value, t);
    struct fifo *f = fifo_of_key(r, vcpu, value);
    if (!f)
        return;
    for (uint32_t k = f->n_acked + f->n_listed + f->n_injected; k < f->size; k++) {
        if (at(f, k)->raised > start)
            break;
        f->n_injected++;
    }
}

void rec_injected(struct recorder *r, int32_t vcpu, uint32_t value, uint64_t start,
                  uint64_t wait, uint64_t done)
{
    if (r->digest_on) {
        digest(r, 6, (uint64_t)(int64_t)vcpu, value, start);
        digest(r, 7, wait, done, 0);
    }
    struct fifo *f = fifo_of_key(r, vcpu, value);
    if (!f)
        return;
    if (f->n_stamped < f->n_acked)
        f->n_stamped = f->n_acked;
    for (; f->n_stamped < f->size; f->n_stamped++) {
        struct inst *in = at(f, f->n_stamped);
        if (in->raised > start)
            break;
        in->inject_start = start;
        in->inject_done = done;
        in->inject_wait = wait > UINT32_MAX ? UINT32_MAX : (uint32_t)wait;
    }
}

/* Listed in a list register, or shown to a resident vPE (`direct`). */
static void list_instances(struct recorder *r, uint32_t vcpu, uint32_t value, uint64_t t,
                           bool direct)
{
    uint32_t bank, slot;
    if (vcpu >= r->vcpus || !key_of(r, vcpu, value, &bank, &slot)) {
        r->c.invalid++;
        return;
    }
    struct fifo *f = fifo_peek(r, bank, slot);
    uint32_t unacked = f ? f->size - f->n_acked : 0;
    if (unacked == 0) {
        r->c.unmatched_lists++;
        return;
    }
    uint32_t first = f->n_acked + f->n_listed;
    for (uint32_t k = first; k < first + f->n_injected; k++) {
        at(f, k)->listed = t;
        at(f, k)->direct = direct;
        if (r->tl)
            timeline_instant(r->tl, vcpu, TL_LISTED, intid_of(value),
                             inst_id(bank, slot, f, k), t);
    }
    f->n_listed += f->n_injected;
    f->n_injected = 0;
}

void rec_listed(struct recorder *r, uint32_t vcpu, uint32_t value, uint64_t t)
{
    if (r->digest_on)
        digest(r, 2, vcpu, value, t);
    list_instances(r, vcpu, value, t, false);
}

void rec_shown(struct recorder *r, uint32_t vcpu, uint32_t value, uint64_t t)
{
    if (r->digest_on)
        digest(r, 9, vcpu, value, t);
    list_instances(r, vcpu, value, t, true);
}

/* The acknowledgement count of `intid` on a vCPU; NULL (when not `create`) if it has none. */
static uint64_t *ack_slot(const struct recorder *r, const struct vcpu_data *cvd, uint32_t intid,
                          bool create)
{
    struct vcpu_data *vd = (struct vcpu_data *)cvd;
    struct recorder *w = (struct recorder *)r;
    if (intid < NR_VALUES) {
        if (!vd->ack_counts) {
            if (!create)
                return NULL;
            vd->ack_counts = xcalloc(NR_VALUES, sizeof(uint64_t));
            w->mem += NR_VALUES * sizeof(uint64_t);
        }
        return &vd->ack_counts[intid];
    }
    uint32_t i = intid - GIC_LPI_BASE, c = i / LPI_CHUNK;
    if (intid < GIC_LPI_BASE || c >= LPI_CHUNKS)
        return NULL;
    if (!vd->lpi_acks || !vd->lpi_acks[c]) {
        if (!create)
            return NULL;
        if (!vd->lpi_acks) {
            vd->lpi_acks = xcalloc(LPI_CHUNKS, sizeof(*vd->lpi_acks));
            w->mem += LPI_CHUNKS * sizeof(*vd->lpi_acks);
        }
        vd->lpi_acks[c] = xcalloc(LPI_CHUNK, sizeof(uint64_t));
        w->mem += LPI_CHUNK * sizeof(uint64_t);
    }
    return &vd->lpi_acks[c][i % LPI_CHUNK];
}

/* Every IAR read counts for its INTID (ack counts), whatever it matches. */
static void count_ack(struct recorder *r, struct vcpu_data *vd, uint32_t intid)
{
    uint64_t *n = ack_slot(r, vd, intid, true);
    if (n)
        (*n)++;
}

void rec_acked(struct recorder *r, uint32_t vcpu, uint32_t value, uint64_t t)
{
    if (r->digest_on)
        digest(r, 3, vcpu, value, t);
    if (vcpu >= r->vcpus) {
        r->c.invalid++;
        return;
    }
    struct vcpu_data *vd = &r->vcpu[vcpu];
    uint32_t intid = intid_of(value);
    count_ack(r, vd, intid);
    /* 1020-1023 acknowledge nothing: 1023 is the spurious INTID the contract counts;
     * 1022 (a GICv2 Group 1 interrupt without AckCtl) is counted for its INTID only. */
    if (gic_intid_is_special(intid)) {
        if (intid == GIC_INTID_SPURIOUS)
            r->c.spurious++;
        return;
    }
    r->c.acked++;
    if (vd->keep_order) {
        if (vd->order_n == vd->order_cap) {
            size_t ncap = vd->order_cap ? vd->order_cap * 2 : 64;
            vd->order = xrealloc(vd->order, ncap * sizeof(*vd->order));
            r->mem += (ncap - vd->order_cap) * sizeof(*vd->order);
            vd->order_cap = ncap;
        }
        vd->order[vd->order_n++] = intid;
    }

    uint32_t bank, slot;
    struct fifo *f = NULL;
    if (key_of(r, vcpu, value, &bank, &slot))
        f = fifo_peek(r, bank, slot);
    if (!f || f->size == f->n_acked) {
        r->c.unmatched_acks++;
        return;
    }
    uint32_t first = f->n_acked, n = f->n_listed;
    bool listed = n > 0;
    if (n == 0) {
        n = 1; /* the oldest raised instance; injection unknown */
        r->c.unlisted_acks++;
        if (f->n_injected)
            f->n_injected--;
    }
    for (uint32_t k = first; k < first + n; k++) {
        struct inst *in = at(f, k);
        in->acked = t;
        in->ack_vcpu = vcpu;
        sample(r, REC_DELIVERY, value, vcpu, in->raised, t);
        if (listed)
            sample(r, REC_INJECTION, value, vcpu, in->raised, in->listed);
        struct stages_instance si = {
            .raised = in->raised, .inject_start = in->inject_start,
            .inject_done = in->inject_done, .inject_wait = in->inject_wait,
            .listed = listed ? in->listed : 0, .acked = t, .direct = listed && in->direct,
        };
        stages_sample(&r->stages, vcpu, &si, NULL);
        if (r->tl)
            timeline_instant(r->tl, vcpu, TL_ACKED, intid, inst_id(bank, slot, f, k), t);
    }
    r->c.delivered += n;
    r->c.coalesced += n - 1;
    r->unacked -= n;
    f->n_acked += n;
    f->n_listed = 0;
}

void rec_completed(struct recorder *r, uint32_t vcpu, uint32_t value, uint64_t t)
{
    if (r->digest_on)
        digest(r, 4, vcpu, value, t);
    if (vcpu >= r->vcpus) {
        r->c.invalid++;
        return;
    }
    uint32_t bank, slot;
    struct fifo *f = NULL;
    if (key_of(r, vcpu, value, &bank, &slot))
        f = fifo_peek(r, bank, slot);
    uint32_t removed = 0;
    if (f) {
        /* Walk the acknowledged prefix from its end, sliding the instances that
         * stay (acknowledged by another vCPU) towards the listed ones, so the
         * removed ones end up at the head and the order is kept. */
        uint32_t w = f->n_acked;
        for (uint32_t k = f->n_acked; k-- > 0;) {
            struct inst *in = at(f, k);
            if (in->ack_vcpu == vcpu) {
                sample(r, REC_SERVICE, value, vcpu, in->acked, t);
                if (r->tl)
                    timeline_instant(r->tl, vcpu, TL_COMPLETED, intid_of(value),
                                     inst_id(bank, slot, f, k), t);
                removed++;
            } else if (--w != k) {
                *at(f, w) = *in;
            }
        }
    }
    if (removed == 0) {
        r->c.unmatched_completions++;
        return;
    }
    r->c.completed++;
    f->head = (f->head + removed) & (f->cap - 1);
    f->size -= removed;
    f->n_acked -= removed;
    f->n_stamped = f->n_stamped > removed ? f->n_stamped - removed : 0;
    r->open -= removed;
    if (f->size == 0 && f->cap > RING_KEEP) {
        r->mem -= f->cap * sizeof(*f->buf);
        free(f->buf);
        f->buf = NULL;
        f->cap = 0;
        f->head = 0;
    }
}

uint32_t rec_access_kind(struct recorder *r, const char *name)
{
    for (uint32_t k = 0; k < r->n_access_kinds; k++)
        if (strcmp(r->access_kind_name[k], name) == 0)
            return k;
    if (r->n_access_kinds == REC_MAX_ACCESS_KINDS)
        return REC_ACCESS_KIND_NONE;
    r->access_kind_name[r->n_access_kinds] = xstrdup(name);
    return r->n_access_kinds++;
}

uint32_t rec_access_kinds(const struct recorder *r) { return r->n_access_kinds; }

const char *rec_access_kind_name(const struct recorder *r, uint32_t kind)
{
    return kind < r->n_access_kinds ? r->access_kind_name[kind] : NULL;
}

void rec_access(struct recorder *r, uint32_t vcpu, uint32_t kind, uint64_t issued,
                uint64_t completed)
{
    /* The kind only labels the sample: it is not part of the digest. */
    if (r->digest_on)
        digest(r, 5, vcpu, issued, completed);
    r->c.accesses++;
    uint64_t d = 0;
    if (completed >= issued)
        d = completed - issued;
    else
        r->c.negative++;
    /* The row after the vCPUs holds host contexts' accesses (overall only). */
    lat_add(&r->per_vcpu[REC_ACCESS][vcpu < r->vcpus ? vcpu : r->vcpus], d);
    if (kind < r->n_access_kinds)
        lat_add(&r->access_kind[kind], d);
    r->n_samples[REC_ACCESS]++;
}

/* ---- queries -------------------------------------------------------------- */

void rec_keep_ack_order(struct recorder *r, uint32_t vcpu)
{
    if (vcpu < r->vcpus)
        r->vcpu[vcpu].keep_order = true;
}

const uint32_t *rec_ack_order(const struct recorder *r, uint32_t vcpu, size_t *n)
{
    if (vcpu >= r->vcpus || !r->vcpu[vcpu].order_n) {
        *n = 0;
        return NULL;
    }
    *n = r->vcpu[vcpu].order_n;
    return r->vcpu[vcpu].order;
}

uint64_t rec_ack_count(const struct recorder *r, int32_t vcpu, uint32_t intid)
{
    if (vcpu >= 0) {
        if ((uint32_t)vcpu >= r->vcpus)
            return 0;
        const uint64_t *n = ack_slot(r, &r->vcpu[vcpu], intid, false);
        return n ? *n : 0;
    }
    uint64_t sum = 0;
    for (uint32_t v = 0; v < r->vcpus; v++) {
        const uint64_t *n = ack_slot(r, &r->vcpu[v], intid, false);
        sum += n ? *n : 0;
    }
    return sum;
}

uint64_t rec_spurious(const struct recorder *r, int32_t vcpu)
{
    return rec_ack_count(r, vcpu, GIC_INTID_SPURIOUS);
}

void rec_get_counts(const struct recorder *r, struct rec_counts *out)
{
    *out = r->c;
    out->undelivered = r->unacked;
    out->uncompleted = r->open - r->unacked;
}

/* Rebuilds a view from `n` distributions unless it is current.  Queries are const
 * for their callers; the view cache is the recorder's own business (the recorder is
 * always heap-allocated and never const itself). */
static const struct latency_stats *view_of(const struct recorder *r, enum rec_metric m,
                                           const struct view *cv,
                                           const struct latency_stats *parts, size_t n)
{
    struct view *v = (struct view *)cv;
    if (v->stamp != r->n_samples[m]) {
        lat_reset(&v->st);
        for (size_t i = 0; parts && i < n; i++)
            lat_merge(&v->st, &parts[i]);
        v->stamp = r->n_samples[m];
    }
    return &v->st;
}

const struct latency_stats *rec_stats(const struct recorder *r, enum rec_metric m)
{
    if ((unsigned)m >= REC_NR_METRICS)
        return &empty_stats;
    /* Every sample is in exactly one vCPU row (the host row included). */
    return view_of(r, m, &r->all[m], r->per_vcpu[m], (size_t)r->vcpus + 1);
}

/* The LPIs' class: the merge of every chunk's distributions. */
static const struct latency_stats *lpi_class_view(const struct recorder *r, enum rec_metric m)
{
    struct view *v = (struct view *)&r->cls[m][REC_LPI];
    if (v->stamp != r->n_samples[m]) {
        lat_reset(&v->st);
        for (uint32_t c = 0; c < LPI_CHUNKS; c++)
            for (uint32_t i = 0; r->per_lpi[m][c] && i < LPI_CHUNK; i++)
                lat_merge(&v->st, &r->per_lpi[m][c][i]);
        v->stamp = r->n_samples[m];
    }
    return &v->st;
}

/* INTIDs of a class but LPIs: [first, first + n). */
static void class_range(const struct recorder *r, enum rec_class c, uint32_t *first,
                        uint32_t *n)
{
    static const uint32_t lo[REC_NR_CLASSES] = {0, GIC_NR_SGIS, GIC_NR_PRIVATE};
    *first = lo[c];
    *n = (c == REC_SGI ? GIC_NR_SGIS : c == REC_PPI ? GIC_NR_PRIVATE : r->nr_irqs) - lo[c];
}

const struct latency_stats *rec_stats_class(const struct recorder *r, enum rec_metric m,
                                            enum rec_class c)
{
    if ((unsigned)m >= REC_NR_METRICS || m == REC_ACCESS || (unsigned)c >= REC_NR_CLASSES)
        return &empty_stats;
    if (c == REC_LPI)
        return lpi_class_view(r, m);
    uint32_t first, n;
    class_range(r, c, &first, &n);
    return view_of(r, m, &r->cls[m][c], r->per_intid[m] ? r->per_intid[m] + first : NULL, n);
}

const struct latency_stats *rec_stats_vcpu(const struct recorder *r, enum rec_metric m,
                                           uint32_t vcpu)
{
    if ((unsigned)m >= REC_NR_METRICS || vcpu >= r->vcpus)
        return &empty_stats;
    return &r->per_vcpu[m][vcpu];
}

const struct latency_stats *rec_stats_intid(const struct recorder *r, enum rec_metric m,
                                            uint32_t intid)
{
    if ((unsigned)m >= REC_NR_METRICS)
        return &empty_stats;
    if (intid >= GIC_LPI_BASE) {
        const struct latency_stats *st =
            intid - GIC_LPI_BASE < r->lpis ? lpi_stats(r, m, intid, false) : NULL;
        return st ? st : &empty_stats;
    }
    if (intid >= r->nr_irqs || !r->per_intid[m])
        return &empty_stats;
    return &r->per_intid[m][intid];
}

const struct latency_stats *rec_stats_access_kind(const struct recorder *r, uint32_t kind)
{
    return kind < r->n_access_kinds ? &r->access_kind[kind] : &empty_stats;
}

uint32_t rec_nr_irqs(const struct recorder *r) { return r->nr_irqs; }

uint32_t rec_vcpus(const struct recorder *r) { return r->vcpus; }

size_t rec_open_instances(const struct recorder *r) { return (size_t)r->open; }

size_t rec_memory(const struct recorder *r)
{
    size_t n = r->mem + r->stages.mem;
    for (int i = 0; i < REC_NR_STAGES; i++)
        n += lat_memory(&r->stages.dist[i]);
    for (int m = 0; m < REC_NR_METRICS; m++) {
        n += lat_memory(&r->all[m].st);
        for (int c = 0; c < REC_NR_CLASSES; c++)
            n += lat_memory(&r->cls[m][c].st);
        for (uint32_t v = 0; v <= r->vcpus; v++)
            n += lat_memory(&r->per_vcpu[m][v]);
        for (uint32_t i = 0; r->per_intid[m] && i < r->nr_irqs; i++)
            n += lat_memory(&r->per_intid[m][i]);
        for (uint32_t c = 0; c < LPI_CHUNKS; c++)
            for (uint32_t i = 0; r->per_lpi[m][c] && i < LPI_CHUNK; i++)
                n += lat_memory(&r->per_lpi[m][c][i]);
    }
    for (uint32_t k = 0; k < r->n_access_kinds; k++)
        n += lat_memory(&r->access_kind[k]) + strlen(r->access_kind_name[k]) + 1;
    return n;
}

const struct latency_stats *rec_stats_stage(const struct recorder *r, enum rec_stage s)
{
    return (unsigned)s < REC_NR_STAGES ? &r->stages.dist[s] : &empty_stats;
}

void rec_vcpu_mark(struct recorder *r, uint32_t vcpu, enum rec_vcpu_mark mark, uint64_t t)
{
    if (r->digest_on)
        digest(r, 8, vcpu, (uint64_t)mark, t);
    stages_mark(&r->stages, vcpu, mark, t);
}
