/* SPDX-License-Identifier: GPL-2.0-only */
/* The stages of each delivered instance (see stages_internal.h and recorder.h). */
#include "record/stages_internal.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

const char *const rec_stage_names[REC_NR_STAGES] = {
    [REC_STAGE_INJECTOR_WAIT] = "injector_wait", [REC_STAGE_HOST_WORK] = "host_work",
    [REC_STAGE_CONTENTION] = "contention", [REC_STAGE_NOTIFY] = "notify",
    [REC_STAGE_EXIT] = "exit", [REC_STAGE_LR_WAIT] = "lr_wait",
    [REC_STAGE_FLUSH_ENTRY] = "flush_entry", [REC_STAGE_GUEST] = "guest",
};

const char *const rec_stage_meanings[REC_NR_STAGES] = {
    [REC_STAGE_INJECTOR_WAIT] = "raised -> its injector (a host thread) takes it up",
    [REC_STAGE_HOST_WORK] = "the injection's host work, the path into KVM included, less contention",
    [REC_STAGE_CONTENTION] = "the injection's waits for locks (ref) or cache lines (perf)",
    [REC_STAGE_NOTIFY] = "injected -> its vCPU begins leaving the guest or waking from WFI",
    [REC_STAGE_EXIT] = "leaving or waking -> the first flush of its list registers begins",
    [REC_STAGE_LR_WAIT] = "that flush -> the flush that lists it begins (no free list register before)",
    [REC_STAGE_FLUSH_ENTRY] = "the flush that lists it -> the guest runs again",
    [REC_STAGE_GUEST] = "in the guest -> the guest acknowledges it (IAR)",
};

void stages_init(struct stages *s, uint32_t vcpus)
{
    memset(s, 0, sizeof(*s));
    s->vcpus = vcpus;
    s->vcpu = xcalloc(vcpus ? vcpus : 1, sizeof(*s->vcpu));
    s->mem = (vcpus ? vcpus : 1) * sizeof(*s->vcpu);
}

void stages_free(struct stages *s)
{
    for (uint32_t v = 0; v < s->vcpus; v++)
        free(s->vcpu[v].log);
    free(s->vcpu);
    for (int i = 0; i < REC_NR_STAGES; i++)
        lat_free(&s->dist[i]);
    memset(s, 0, sizeof(*s));
}

void stages_mark(struct stages *s, uint32_t vcpu, enum rec_vcpu_mark mark, uint64_t t)
{
    if (vcpu >= s->vcpus)
        return;
    struct stages_vcpu *v = &s->vcpu[vcpu];
    if (!v->log) {
        v->log = xmalloc(STAGES_LOG * sizeof(*v->log));
        s->mem += STAGES_LOG * sizeof(*v->log);
    }
    uint32_t at;
    if (v->n < STAGES_LOG) {
        at = (v->head + v->n++) & (STAGES_LOG - 1);
    } else {
        at = v->head;
        v->head = (v->head + 1) & (STAGES_LOG - 1);
    }
    v->log[at] = (struct stages_mark){t, (uint32_t)mark};
}

static const struct stages_mark *entry(const struct stages_vcpu *v, uint32_t k)
{
    return &v->log[(v->head + k) & (STAGES_LOG - 1)];
}

/* The index of the first mark at or after t (v->n if none): the log is in cycle order. */
static uint32_t first_at(const struct stages_vcpu *v, uint64_t t)
{
    uint32_t lo = 0, hi = v->n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (entry(v, mid)->t < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first mark of kind a or b at or after index k, before `limit`: its cycle, or
 * `fallback`. */
static uint64_t next_of(const struct stages_vcpu *v, uint32_t k, uint64_t limit, uint32_t a,
                        uint32_t b, uint64_t fallback)
{
    for (; k < v->n && entry(v, k)->t <= limit; k++)
        if (entry(v, k)->mark == a || entry(v, k)->mark == b)
            return entry(v, k)->t;
    return fallback;
}

static uint64_t clamp(uint64_t x, uint64_t lo, uint64_t hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* GICv4 direct injection: no list register, no flush. The vLPI is visible from `shown`
 * (its vPE resident: at once, or at the load after the doorbell woke a blocked vCPU);
 * notify runs until the vCPU begins waking (or leaving), exit until it is visible, lr_wait
 * is empty, flush_entry runs until the vCPU is in the guest (it may have been visible in
 * the hypervisor, resident since its load), guest until IAR. Sets *x (waking) and *e (in
 * the guest). */
static void direct_stages(const struct stages_vcpu *v, uint64_t m_done, uint64_t shown,
                          uint64_t a, uint64_t *x, uint64_t *e)
{
    *x = *e = shown;
    if (!v || !v->n)
        return;
    if (shown > m_done)
        *x = clamp(next_of(v, first_at(v, m_done + 1), shown, REC_MARK_WAKE, REC_MARK_EXIT,
                           shown), m_done, shown);
    /* In the guest at `shown` when its last mark by then is an entry (or nothing is
     * known: the vCPU has not left the guest within the log). */
    uint32_t j = first_at(v, shown + 1);
    if (j > 0 && entry(v, j - 1)->mark != REC_MARK_ENTER)
        *e = clamp(next_of(v, j, a, REC_MARK_ENTER, REC_MARK_ENTER, a), shown, a);
}

void stages_sample(struct stages *s, uint32_t vcpu, const struct stages_instance *in,
                   uint64_t out[REC_NR_STAGES])
{
    uint64_t a = in->acked, r = in->raised;
    if (a < r)
        a = r;
    uint64_t start = in->inject_done ? in->inject_start : r;
    uint64_t done = in->inject_done ? in->inject_done : r;
    uint64_t m_start = clamp(start, r, a);
    uint64_t m_done = clamp(done, m_start, a);
    uint64_t contention = in->inject_wait < m_done - m_start ? in->inject_wait : m_done - m_start;

    /* What the vCPU did from the injection on. */
    uint64_t x = m_done, f1 = m_done, fl = m_done, e = m_done;
    const struct stages_vcpu *v = vcpu < s->vcpus ? &s->vcpu[vcpu] : NULL;
    uint64_t listed = in->listed ? clamp(in->listed, m_done, a) : a;
    if (v && v->n) {
        uint32_t k = first_at(v, m_done + 1);   /* marks after the injection */
        /* Where it was when the injection was done: in the hypervisor (after an exit, a
         * wake or a flush began), nothing to notify; in the guest or blocked, until it
         * leaves or wakes. */
        uint32_t before = k;
        bool in_hyp = false;
        if (before > 0) {
            uint32_t m = entry(v, before - 1)->mark;
            in_hyp = m == REC_MARK_EXIT || m == REC_MARK_WAKE || m == REC_MARK_FLUSH;
        }
        x = in_hyp ? m_done : next_of(v, k, a, REC_MARK_EXIT, REC_MARK_WAKE, a);
        x = clamp(x, m_done, a);
        f1 = clamp(next_of(v, first_at(v, x), a, REC_MARK_FLUSH, REC_MARK_FLUSH, a), x, a);
        /* The flush that listed it: the last one begun by the listing. */
        uint64_t flush_l = f1;
        for (uint32_t j = first_at(v, f1); j < v->n && entry(v, j)->t <= listed; j++)
            if (entry(v, j)->mark == REC_MARK_FLUSH)
                flush_l = entry(v, j)->t;
        fl = clamp(flush_l, f1, a);
        e = clamp(next_of(v, first_at(v, listed), a, REC_MARK_ENTER, REC_MARK_ENTER, a), fl, a);
    } else {
        x = f1 = fl = e = a;
    }
    if (in->direct) {
        direct_stages(v, m_done, listed, a, &x, &e);
        f1 = fl = clamp(listed, x, e);
    }
    uint64_t st[REC_NR_STAGES] = {
        [REC_STAGE_INJECTOR_WAIT] = m_start - r,
        [REC_STAGE_HOST_WORK] = m_done - m_start - contention,
        [REC_STAGE_CONTENTION] = contention,
        [REC_STAGE_NOTIFY] = x - m_done,
        [REC_STAGE_EXIT] = f1 - x,
        [REC_STAGE_LR_WAIT] = fl - f1,
        [REC_STAGE_FLUSH_ENTRY] = e - fl,
        [REC_STAGE_GUEST] = a - e,
    };
    for (int i = 0; i < REC_NR_STAGES; i++) {
        lat_add(&s->dist[i], st[i]);
        if (out)
            out[i] = st[i];
    }
}
