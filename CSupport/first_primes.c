/* first_primes.c — the first k primes, the classic Cython primes(kmax) example
 * without its 1000 cap. */
#include "sieve.h"

#include <math.h>

typedef struct {
    uint64_t *out;
    size_t k, n;
} collector;

static int collect(void *context, const uint8_t *segment, uint64_t first_byte, size_t nbytes) {
    collector *c = context;
    c->n += gs__segment_primes(segment, first_byte, nbytes, c->out + c->n, c->k - c->n);
    return c->n == c->k; /* stop the walk once k primes are in */
}

gs_status gs_first_primes(size_t k, uint64_t *out) {
    if (k == 0) return GS_OK;
    if (!out) return GS_INVALID_ARGUMENT;
    /* pi(2^64) = 425656284035217743: no 64-bit k-th prime beyond that. */
    if ((uint64_t)k > 425656284035217743ULL) return GS_OUT_OF_RANGE;
    static const uint64_t wheel_primes[3] = {2, 3, 5};
    size_t n = 0;
    for (; n < 3 && n < k; n++) out[n] = wheel_primes[n];
    if (n == k) return GS_OK;
    /* Rosser: p_k < k (ln k + ln ln k) for k >= 6; the +64 and 1.0001 cover
     * small k and rounding. */
    double kd = (double)k;
    double bound = kd * (log(kd) + log(log(kd))) * 1.0001 + 64;
    uint64_t hi = bound >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)bound;
    collector c = {out, k, n};
    gs_status status = gs__sieve_walk(7, hi, NULL, collect, &c);
    if (status != GS_OK) return status;
    return c.n == k ? GS_OK : GS_OUT_OF_RANGE;
}
