/* Event-queue throughput, "hold model" (Jones, CACM 1986; Vaucher & Duval).
 *
 * The queue is filled with N pending events, then each "hold" pops the
 * earliest event and pushes a new one at its time plus an exponentially
 * distributed increment (mean 1000 cycles).  The queue size stays N, and the
 * time distribution of pending events reaches the steady state a simulator
 * sees, which is why this is the standard priority-queue benchmark for
 * discrete-event engines.  One hold = one event processed.
 *
 * Usage: bench_engine [--holds H] [--reps R] [N ...]
 *   N      pending-queue sizes to measure (default: 1000 100000)
 *   H      timed holds per repetition (default: 5000000)
 *   R      timed repetitions; best and median are reported (default: 5)
 *
 * Everything is deterministic (fixed-seed splitmix64), so the checksum of
 * popped times is reproducible and keeps the compiler from dropping the work.
 * The cost of drawing the random increments alone is printed too, so the
 * queue's share of the time can be judged.
 */
#include "engine/event_queue.h"

#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MEAN_INCREMENT 1000.0
#define MAX_REPS 64

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Exponential(mean) variate, truncated to whole cycles.  u is in (0, 1] so
 * log(u) is finite. */
static uint64_t exp_increment(uint64_t *state)
{
    double u = (double)((splitmix64(state) >> 11) + 1) * 0x1.0p-53;
    return (uint64_t)(-MEAN_INCREMENT * log(u));
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* Runs `holds` holds; returns the sum of popped times (the checksum) and
 * aborts if an event ever pops earlier than its predecessor. */
static uint64_t run_holds(struct event_queue *q, uint64_t *rng, uint64_t holds, uint64_t *last_time)
{
    uint64_t sum = 0;
    uint64_t last = *last_time;
    struct eq_event ev;
    for (uint64_t i = 0; i < holds; i++) {
        eq_pop(q, &ev);
        if (ev.time < last) {
            fprintf(stderr, "bench_engine: order violated (%" PRIu64 " after %" PRIu64 ")\n",
                    ev.time, last);
            exit(1);
        }
        last = ev.time;
        sum += ev.time;
        eq_push(q, ev.time + exp_increment(rng), ev.kind, ev.ptr, ev.a + 1, ev.b);
    }
    *last_time = last;
    return sum;
}

static void bench_size(uint64_t n, uint64_t holds, int reps)
{
    struct event_queue q;
    eq_init(&q);
    uint64_t rng = 0x5eed0000ULL + n;
    for (uint64_t i = 0; i < n; i++)
        eq_push(&q, exp_increment(&rng), (uint32_t)(i & 7), NULL, 0, i);

    /* Warm-up: long enough for the pending-time distribution to reach steady
     * state (every initial event replaced several times) and for caches and
     * the CPU clock to settle. */
    uint64_t last = 0;
    uint64_t warm = 4 * n > 1000000 ? 4 * n : 1000000;
    uint64_t checksum = run_holds(&q, &rng, warm, &last);

    double secs[MAX_REPS];
    for (int r = 0; r < reps; r++) {
        double t0 = now_seconds();
        checksum += run_holds(&q, &rng, holds, &last);
        secs[r] = now_seconds() - t0;
    }
    if (eq_size(&q) != n) {
        fprintf(stderr, "bench_engine: queue size drifted to %zu\n", eq_size(&q));
        exit(1);
    }

    double best = secs[0];
    for (int r = 1; r < reps; r++)
        if (secs[r] < best)
            best = secs[r];
    double med = median(secs, reps);
    printf("pending=%-7" PRIu64 " holds=%" PRIu64 "x%d  best %.3f s %6.2f Mev/s  "
           "median %.3f s %6.2f Mev/s  checksum=%016" PRIx64 "\n",
           n, holds, reps, best, (double)holds / best / 1e6, med, (double)holds / med / 1e6,
           checksum);
    eq_free(&q);
}

/* Same loop without the queue: what drawing the increments costs per hold. */
static void bench_rng_only(uint64_t holds)
{
    uint64_t rng = 1, sum = 0;
    double t0 = now_seconds();
    for (uint64_t i = 0; i < holds; i++)
        sum += exp_increment(&rng);
    double s = now_seconds() - t0;
    printf("rng only:      %" PRIu64 " draws %.3f s (%.1f ns/draw)  checksum=%016" PRIx64 "\n",
           holds, s, s / (double)holds * 1e9, sum);
}

static uint64_t parse_u64(const char *s, const char *what)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v == 0 || s[0] == '-') {
        fprintf(stderr, "bench_engine: invalid %s '%s'\n", what, s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    uint64_t holds = 5000000;
    int reps = 5;
    static const struct option opts[] = {
        { "holds", required_argument, NULL, 'h' },
        { "reps", required_argument, NULL, 'r' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "h:r:", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            holds = parse_u64(optarg, "hold count");
            break;
        case 'r': {
            uint64_t r = parse_u64(optarg, "repetition count");
            if (r > MAX_REPS) {
                fprintf(stderr, "bench_engine: at most %d repetitions\n", MAX_REPS);
                return 2;
            }
            reps = (int)r;
            break;
        }
        default:
            fprintf(stderr, "usage: bench_engine [--holds H] [--reps R] [N ...]\n");
            return 2;
        }
    }

    /* Validate every size before spending time on any measurement. */
    static const uint64_t default_sizes[] = { 1000, 100000 };
    size_t nsizes = optind == argc ? 2 : (size_t)(argc - optind);
    uint64_t *sizes = malloc(nsizes * sizeof(*sizes));
    if (!sizes)
        return 3;
    for (size_t i = 0; i < nsizes; i++)
        sizes[i] = optind == argc ? default_sizes[i] : parse_u64(argv[optind + (int)i], "pending size");

    printf("event-queue hold model: exponential increments (mean %.0f cycles), "
           "best and median of %d repetitions\n", MEAN_INCREMENT, reps);
    bench_rng_only(holds);
    for (size_t i = 0; i < nsizes; i++)
        bench_size(sizes[i], holds, reps);
    free(sizes);
    return 0;
}
