/* SPDX-License-Identifier: GPL-2.0-only */
/* Event-queue candidates side by side (bench/queues/queues.h lists them; `eq` is the
 * engine's queue), measured two ways:
 *
 *  1. the hold model (bench/lib/hold_model.h) at fixed queue sizes;
 *  2. replays of real simulations: the generated workloads of bench_queue_sizes and
 *     bursts of SPIs are run once with an observer on the engine (eq_set_observer)
 *     that records every push, pop and cancel; each candidate then replays exactly
 *     those operations (same times, same cancels), timed.  This measures the queue
 *     on the sizes and time patterns the simulator really has.  Every candidate must
 *     pop the same events in the same order: the replay checks a digest of the pops.
 *
 * Figures are median M events/s (pops per second) of R repetitions.
 *   bench_engine [--holds H] [--reps R] [--interrupts I] [--no-replay] [--no-hold] [N ...]
 *     N   hold-model queue sizes (default 10 100 1000 10000 100000)
 *     H   holds per repetition (default 5000000), R repetitions (default 5),
 *     I   interrupts of each replayed generated workload (default 200000) */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "bench_sim.h"
#include "bench_util.h"
#include "bench_workloads.h"
#include "engine/event_queue.h"
#include "hold_model.h"
#include "queues/queues.h"
#include "util/xalloc.h"

/* ---- the candidates, with one create/destroy/size shape ---- */

#define ENGINE_ADAPTER(P)                                                                 \
    static struct event_queue *P##_new(void)                                               \
    {                                                                                      \
        struct event_queue *q = xmalloc(sizeof(*q));                                       \
        P##_init(q);                                                                       \
        return q;                                                                          \
    }                                                                                      \
    static void P##_delete(struct event_queue *q)                                          \
    {                                                                                      \
        P##_free(q);                                                                       \
        free(q);                                                                           \
    }
ENGINE_ADAPTER(eq)
ENGINE_ADAPTER(eq2)
ENGINE_ADAPTER(eq8)

HOLD_MODEL(hold_eq, struct event_queue, eq_new, eq_delete, eq_push, eq_pop, eq_size)
HOLD_MODEL(hold_eq2, struct event_queue, eq2_new, eq2_delete, eq2_push, eq2_pop, eq2_size)
HOLD_MODEL(hold_eq8, struct event_queue, eq8_new, eq8_delete, eq8_push, eq8_pop, eq8_size)
HOLD_MODEL(hold_bh24, struct bh24, bh24_create, bh24_destroy, bh24_push, bh24_pop, bh24_size)
HOLD_MODEL(hold_radix, struct radix, radix_create, radix_destroy, radix_push, radix_pop, radix_size)
HOLD_MODEL(hold_wheel, struct wheel, wheel_create, wheel_destroy, wheel_push, wheel_pop, wheel_size)
HOLD_MODEL(hold_cal, struct cal, cal_create, cal_destroy, cal_push, cal_pop, cal_size)

/* ---- recorded operations ---- */

enum op_kind { OP_PUSH, OP_POP, OP_CANCEL };
#define STALE UINT64_MAX /* a cancel of a handle that named no pending event */

struct op {
    uint64_t kind;
    uint64_t arg; /* push: time; cancel: push index or STALE */
};

struct recording {
    struct op *ops;
    size_t n, cap;
    uint64_t pushes, pops;
    uint64_t *slot_push; /* push index of each slot's current occupant */
    size_t slot_cap;
};

static void add_op(struct recording *r, enum op_kind k, uint64_t arg)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1 << 20;
        r->ops = xrealloc(r->ops, r->cap * sizeof(*r->ops));
    }
    r->ops[r->n++] = (struct op){k, arg};
}

static void rec_push(void *ctx, uint64_t time, struct eq_handle h, size_t pending)
{
    (void)pending;
    struct recording *r = ctx;
    if (h.slot >= r->slot_cap) {
        size_t cap = r->slot_cap ? r->slot_cap : 64;
        while (cap <= h.slot)
            cap *= 2;
        r->slot_push = xrealloc(r->slot_push, cap * sizeof(*r->slot_push));
        r->slot_cap = cap;
    }
    r->slot_push[h.slot] = r->pushes++;
    add_op(r, OP_PUSH, time);
}

static void rec_pop(void *ctx, uint64_t time, size_t pending)
{
    (void)time, (void)pending;
    struct recording *r = ctx;
    r->pops++;
    add_op(r, OP_POP, 0);
}

static void rec_cancel(void *ctx, struct eq_handle h, bool cancelled, size_t pending)
{
    (void)pending;
    struct recording *r = ctx;
    add_op(r, OP_CANCEL, cancelled ? r->slot_push[h.slot] : STALE);
}

static void record(struct recording *r, const char *label, char *yaml)
{
    struct scenario s;
    bench_load_text(label, yaml, &s);
    memset(r, 0, sizeof(*r));
    const struct eq_observer obs = {r, rec_push, rec_pop, rec_cancel};
    eq_set_observer(&obs);
    struct sim_result res;
    sim_run(&s, vgic_model_by_name("ref"), s.seed, &res);
    eq_set_observer(NULL);
    sim_result_free(&res);
    scenario_free(&s);
}

/* Defines `static uint64_t NAME(const struct recording *r, struct eq_handle *h)`: replays
 * the operations on a fresh queue, returns a digest of the pops (time and push index). */
#define REPLAY(NAME, Q, CREATE, DESTROY, PUSH, POP, CANCEL)                               \
    static uint64_t NAME(const struct recording *r, struct eq_handle *h)                   \
    {                                                                                      \
        Q *q = CREATE();                                                                   \
        uint64_t digest = 0xcbf29ce484222325ULL, pushed = 0;                               \
        struct eq_event ev;                                                                \
        for (size_t i = 0; i < r->n; i++) {                                                \
            const struct op *o = &r->ops[i];                                               \
            switch (o->kind) {                                                             \
            case OP_PUSH:                                                                  \
                h[pushed] = PUSH(q, o->arg, 0, NULL, pushed, 0);                            \
                pushed++;                                                                  \
                break;                                                                     \
            case OP_POP:                                                                   \
                POP(q, &ev);                                                               \
                digest = (digest ^ (ev.time * 31 + ev.a)) * 0x100000001b3ULL;              \
                break;                                                                     \
            default:                                                                       \
                CANCEL(q, o->arg == STALE ? EQ_HANDLE_NONE : h[o->arg]);                   \
                break;                                                                     \
            }                                                                              \
        }                                                                                  \
        DESTROY(q);                                                                        \
        return digest;                                                                     \
    }

REPLAY(replay_eq, struct event_queue, eq_new, eq_delete, eq_push, eq_pop, eq_cancel)
REPLAY(replay_eq2, struct event_queue, eq2_new, eq2_delete, eq2_push, eq2_pop, eq2_cancel)
REPLAY(replay_eq8, struct event_queue, eq8_new, eq8_delete, eq8_push, eq8_pop, eq8_cancel)
REPLAY(replay_bh24, struct bh24, bh24_create, bh24_destroy, bh24_push, bh24_pop, bh24_cancel)
REPLAY(replay_radix, struct radix, radix_create, radix_destroy, radix_push, radix_pop,
       radix_cancel)
REPLAY(replay_wheel, struct wheel, wheel_create, wheel_destroy, wheel_push, wheel_pop,
       wheel_cancel)
REPLAY(replay_cal, struct cal, cal_create, cal_destroy, cal_push, cal_pop, cal_cancel)

struct candidate {
    const char *name;
    void (*setup)(struct hold_state *st, uint64_t n);
    double (*run)(struct hold_state *st, uint64_t holds);
    void (*teardown)(struct hold_state *st);
    uint64_t (*replay)(const struct recording *r, struct eq_handle *h);
};

#define CANDIDATE(name, P) {name, hold_##P##_setup, hold_##P##_run, hold_##P##_teardown, replay_##P}
static const struct candidate candidates[] = {
    CANDIDATE("eq", eq),       CANDIDATE("eq2", eq2),     CANDIDATE("eq8", eq8),
    CANDIDATE("bh24", bh24),   CANDIDATE("radix", radix), CANDIDATE("cal", cal),
    CANDIDATE("wheel", wheel),
};
enum { N_CANDIDATES = sizeof(candidates) / sizeof(candidates[0]) };

static void print_header(const char *first)
{
    printf("%-22s", first);
    for (int c = 0; c < N_CANDIDATES; c++)
        printf(" %8s", candidates[c].name);
    printf("   (M events/s, median of the repetitions)\n");
}

/* Repetitions are interleaved (candidate 1, 2, ..., then again) so that a burst of
 * noise on the shared machine hits every candidate alike. */
static void hold_table(const uint64_t *sizes, size_t nsizes, uint64_t holds, int reps)
{
    printf("hold model: exponential increments (mean %.0f cycles), %" PRIu64
           " holds x %d interleaved repetitions\n",
           HOLD_MEAN_INCREMENT, holds, reps);
    print_header("pending");
    for (size_t i = 0; i < nsizes; i++) {
        struct hold_state st[N_CANDIDATES];
        double secs[N_CANDIDATES][HOLD_MAX_REPS];
        for (int c = 0; c < N_CANDIDATES; c++)
            candidates[c].setup(&st[c], sizes[i]);
        for (int k = 0; k < reps; k++)
            for (int c = 0; c < N_CANDIDATES; c++)
                secs[c][k] = candidates[c].run(&st[c], holds);
        printf("%-22" PRIu64, sizes[i]);
        for (int c = 0; c < N_CANDIDATES; c++) {
            candidates[c].teardown(&st[c]);
            if (st[c].checksum != st[0].checksum) {
                fprintf(stderr, "\nbench_engine: %s popped other events than %s\n",
                        candidates[c].name, candidates[0].name);
                exit(1);
            }
            printf(" %8.2f", (double)holds / bench_median(secs[c], (size_t)reps) / 1e6);
        }
        printf("\n");
        fflush(stdout);
    }
    double alone[HOLD_MAX_REPS];
    for (int k = 0; k < reps; k++)
        alone[k] = hold_increments_alone(holds);
    printf("drawing the increments alone: %.1f ns per hold (median; part of every figure "
           "above)\n",
           bench_median(alone, (size_t)reps) / (double)holds * 1e9);
}

static void replay_row(const char *label, char *yaml, int reps)
{
    struct recording r;
    record(&r, label, yaml);
    struct eq_handle *h = xmalloc((r.pushes ? r.pushes : 1) * sizeof(*h));
    double secs[N_CANDIDATES][HOLD_MAX_REPS];
    uint64_t want = 0;
    for (int k = 0; k < reps; k++)
        for (int c = 0; c < N_CANDIDATES; c++) {
            double t0 = bench_now();
            uint64_t d = candidates[c].replay(&r, h);
            secs[c][k] = bench_now() - t0;
            if (c == 0 && k == 0)
                want = d;
            else if (d != want) {
                fprintf(stderr, "bench_engine: %s replayed %s differently\n",
                        candidates[c].name, label);
                exit(1);
            }
        }
    printf("%-22s", label);
    for (int c = 0; c < N_CANDIDATES; c++)
        printf(" %8.2f", (double)r.pops / bench_median(secs[c], (size_t)reps) / 1e6);
    printf("   %" PRIu64 " ops\n", (uint64_t)r.n);
    free(h);
    free(r.ops);
    free(r.slot_push);
}

static void replay_table(uint64_t interrupts, int reps)
{
    printf("replay of simulations' queue operations (model ref; generated workloads of "
           "%" PRIu64 " interrupts)\n",
           interrupts);
    print_header("simulation");
    static const uint32_t vcpus[] = {8, 64, 512};
    for (size_t i = 0; i < sizeof(vcpus) / sizeof(vcpus[0]); i++) {
        char label[64];
        snprintf(label, sizeof(label), "generated %u vCPUs", vcpus[i]);
        replay_row(label, bench_generated_yaml(vcpus[i], interrupts), reps);
    }
    replay_row("burst 960 SPIs x20", bench_burst_yaml(960, 20), reps);
}

int main(int argc, char **argv)
{
    uint64_t holds = 5000000, interrupts = 200000;
    int reps = 5;
    bool do_hold = true, do_replay = true;
    static const struct option opts[] = {
        {"holds", required_argument, NULL, 'h'}, {"reps", required_argument, NULL, 'r'},
        {"interrupts", required_argument, NULL, 'i'}, {"no-replay", no_argument, NULL, 'R'},
        {"no-hold", no_argument, NULL, 'H'}, {0}};
    int c;
    while ((c = getopt_long(argc, argv, "h:r:i:", opts, NULL)) != -1) {
        switch (c) {
        case 'h': holds = bench_parse_u64("bench_engine", optarg, "hold count"); break;
        case 'i': interrupts = bench_parse_u64("bench_engine", optarg, "interrupt count"); break;
        case 'R': do_replay = false; break;
        case 'H': do_hold = false; break;
        case 'r': reps = bench_parse_reps("bench_engine", optarg, HOLD_MAX_REPS); break;
        default:
            fprintf(stderr, "usage: bench_engine [--holds H] [--reps R] [--interrupts I] "
                            "[--no-replay] [--no-hold] [N ...]\n");
            return 2;
        }
    }
    static const uint64_t default_sizes[] = {10, 100, 1000, 10000, 100000};
    uint64_t sizes[BENCH_MAX_OPERANDS];
    size_t nsizes = bench_parse_operands("bench_engine", argc, argv, optind, "pending size",
                                         UINT64_MAX, NULL, default_sizes,
                                         sizeof(default_sizes) / sizeof(default_sizes[0]), sizes);
    if (do_hold)
        hold_table(sizes, nsizes, holds, reps);
    if (do_replay)
        replay_table(interrupts, reps);
    return 0;
}
