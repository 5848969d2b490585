/* SPDX-License-Identifier: GPL-2.0-only */
/* The engine's own event queue (eq_*) in the hold model (bench/lib/hold_model.h), alone:
 * this program needs only src/engine/event_queue.c and src/util/xalloc.c, so
 * bench/compare-main.sh builds it against an older commit's engine too and compares.
 * bench_engine measures the same loop on every candidate queue side by side.
 *   eq_hold [--holds H] [--reps R] [N ...]     defaults 5000000, 5, N = 1000 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "engine/event_queue.h"
#include "hold_model.h"

static struct event_queue *eq_new(void)
{
    struct event_queue *q = malloc(sizeof(*q));
    if (!q)
        exit(3);
    eq_init(q);
    return q;
}

static void eq_delete(struct event_queue *q)
{
    eq_free(q);
    free(q);
}

HOLD_MODEL(hold_eq, struct event_queue, eq_new, eq_delete, eq_push, eq_pop, eq_size)

struct hold_result {
    double best, median; /* seconds per repetition */
    uint64_t checksum;
};

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Best and median of `reps` repetitions of the queue at n pending. */
static struct hold_result measure(uint64_t n, uint64_t holds, int reps)
{
    struct hold_state st;
    double secs[HOLD_MAX_REPS];
    hold_eq_setup(&st, n);
    for (int k = 0; k < reps; k++)
        secs[k] = hold_eq_run(&st, holds);
    hold_eq_teardown(&st);
    qsort(secs, (size_t)reps, sizeof(secs[0]), cmp_double);
    return (struct hold_result){
        .best = secs[0],
        .median = reps % 2 ? secs[reps / 2] : (secs[reps / 2 - 1] + secs[reps / 2]) / 2,
        .checksum = st.checksum,
    };
}

static uint64_t parse(const char *s, const char *what)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*s < '0' || *s > '9' || *end != '\0' || v == 0) {
        fprintf(stderr, "eq_hold: invalid %s '%s'\n", what, s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    uint64_t holds = 5000000, reps = 5;
    static const struct option opts[] = {
        {"holds", required_argument, NULL, 'h'}, {"reps", required_argument, NULL, 'r'}, {0}};
    int c;
    while ((c = getopt_long(argc, argv, "h:r:", opts, NULL)) != -1) {
        if (c == 'h')
            holds = parse(optarg, "hold count");
        else if (c == 'r' && (reps = parse(optarg, "repetition count")) <= HOLD_MAX_REPS)
            continue;
        else {
            fprintf(stderr, "usage: eq_hold [--holds H] [--reps R<=%d] [N ...]\n",
                    HOLD_MAX_REPS);
            return 2;
        }
    }
    uint64_t default_n = 1000;
    int nsizes = optind < argc ? argc - optind : 1;
    for (int i = 0; i < nsizes; i++) {
        uint64_t n = optind < argc ? parse(argv[optind + i], "pending size") : default_n;
        struct hold_result r = measure(n, holds, (int)reps);
        printf("pending=%-7" PRIu64 " holds=%" PRIu64 "x%d  best %.3f s %6.2f Mev/s  "
               "median %.3f s %6.2f Mev/s  checksum=%016" PRIx64 "\n",
               n, holds, (int)reps, r.best, (double)holds / r.best / 1e6, r.median,
               (double)holds / r.median / 1e6, r.checksum);
    }
    /* Median of the same number of repetitions, so the figure is as noisy as the holds'. */
    double alone[HOLD_MAX_REPS];
    for (uint64_t k = 0; k < reps; k++)
        alone[k] = hold_increments_alone(holds);
    qsort(alone, reps, sizeof(alone[0]), cmp_double);
    double med = reps % 2 ? alone[reps / 2] : (alone[reps / 2 - 1] + alone[reps / 2]) / 2;
    printf("drawing the increments alone: %.1f ns per hold (median); the rest of a hold is "
           "the queue's pop and push\n",
           med / (double)holds * 1e9);
    return 0;
}
