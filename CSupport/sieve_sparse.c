/* sieve_sparse.c — the sparse tier: primes from MEDIUM_LIMIT to SPARSE_LIMIT,
 * a few dozen multiples per segment at most, so they step multiple by multiple
 * instead of by whole wheel turns (primesieve's EratMedium plays this part). */
#include "sieve_tiers.h"

static inline void cross_off_sparse(uint8_t *segment, int64_t nbytes, sieving_prime *sp) {
    const int64_t p = sp->prime;
    const int64_t a = p / 30;
    const unsigned ri = BIT_OF_RESIDUE[p % 30];
    const uint8_t *carry = CARRY_TABLE[ri], *clear = CLEAR_TABLE[ri], *step = STEP_CARRY_TABLE[ri];
    unsigned j = sp->j;
    /* The byte of the next multiple, relative to this segment. */
    int64_t pos = sp->next + a * Q_CYCLE[j] + carry[j];
    if (pos >= nbytes) {
        sp->next -= nbytes;
        return;
    }
    do {
        segment[pos] &= clear[j];
        pos += a * Q_STEP[j] + step[j];
        j = (j + 1) & 7;
    } while (pos < nbytes);
    /* Back to the turn-start form: the turn of multiple j starts a*Q+carry earlier. */
    sp->next = pos - (a * Q_CYCLE[j] + carry[j]) - nbytes;
    sp->j = j;
}

void gs__cross_off_sparse(uint8_t *segment, int64_t nbytes, sieving_prime *primes, size_t count) {
    for (size_t k = 0; k < count; k++) cross_off_sparse(segment, nbytes, &primes[k]);
}
