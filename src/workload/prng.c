/* SPDX-License-Identifier: GPL-2.0-only */
/* xoshiro256** seeded by splitmix64; see prng.h. Written from the published descriptions
 * of the algorithms (both public domain). */
#include "workload/prng.h"

#include <math.h>

#define SPLITMIX_GAMMA UINT64_C(0x9e3779b97f4a7c15)
/* Arbitrary odd constant that separates the stream hash from the seed's own splitmix walk. */
#define STREAM_SALT UINT64_C(0xd1b54a32d192ed03)

/* The splitmix64 output function (a bijection on 64 bits). */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t splitmix64_next(uint64_t *state)
{
    *state += SPLITMIX_GAMMA;
    return mix64(*state);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void prng_seed(struct prng *p, uint64_t seed, uint64_t stream)
{
    /* XOR with a hash of the stream index (not an additive offset: seeds that differ by a
     * multiple of the splitmix increment would give shifted copies of one sequence). */
    uint64_t sm = seed ^ mix64(stream + STREAM_SALT);
    for (int i = 0; i < 4; i++)
        p->s[i] = splitmix64_next(&sm);
    /* Four consecutive outputs of a bijection applied to distinct inputs are never all
     * zero, so the all-zero state (xoshiro's only forbidden state) cannot occur. */
}

uint64_t prng_next(struct prng *p)
{
    uint64_t *s = p->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t prng_below(struct prng *p, uint64_t n)
{
    if (n == 0)
        return 0;
    /* Lemire, "Fast random integer generation in an interval" (2019): the high word of
     * x * n is uniform on [0, n) once the low words below 2^64 mod n are rejected. */
    unsigned __int128 m = (unsigned __int128)prng_next(p) * n;
    uint64_t low = (uint64_t)m;
    if (low < n) {
        const uint64_t threshold = (0 - n) % n; /* 2^64 mod n */
        while (low < threshold) {
            m = (unsigned __int128)prng_next(p) * n;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double prng_unit(struct prng *p)
{
    return (double)(prng_next(p) >> 11) * 0x1.0p-53;
}

uint64_t prng_exponential(struct prng *p, uint64_t mean)
{
    const double u = prng_unit(p);
    if (mean == 0)
        return 0;
    /* u < 1, so 1 - u >= 2^-53 and the logarithm is finite (at most 53 ln 2 ~ 36.7). */
    const double x = -(double)mean * log1p(-u);
    const double r = round(x); /* nearest, halves away from zero */
    if (!(r < 0x1.0p64))
        return UINT64_MAX;
    return (uint64_t)r;
}
