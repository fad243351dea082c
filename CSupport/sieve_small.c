/* sieve_small.c — the small and medium tiers: primes below MEDIUM_LIMIT, with
 * at least a few wheel turns per window, crossed off a whole turn at a time
 * (primesieve's EratSmall does the same with its own code). The small tier
 * (p < SMALL_LIMIT) runs per 32 KiB window while it is in L1, the medium tier
 * over the whole 256 KiB segment in L2 (a call per window cost more than the
 * stores for these). The pre-sieve builds its patterns with this loop too. */
#include "sieve_tiers.h"

/* Crosses off p's multiples in segment[0, nbytes) and leaves sp ready for the
 * window that follows. */
static inline void cross_off(uint8_t *segment, int64_t nbytes, sieving_prime *sp) {
    const int64_t p = sp->prime;
    const int64_t a = p / 30;
    const unsigned ri = BIT_OF_RESIDUE[p % 30];
    const uint8_t *carry = CARRY_TABLE[ri], *clear = CLEAR_TABLE[ri];
    int64_t o[8];
    for (int j = 0; j < 8; j++) o[j] = a * Q_CYCLE[j] + carry[j];

    int64_t i = sp->next;
    unsigned j = sp->j;
    /* Finish the wheel turn left over from the previous window. */
    for (; j < 8; j++) {
        int64_t pos = i + o[j];
        if (pos >= nbytes) goto done;
        segment[pos] &= clear[j];
    }
    i += p;
    j = 0;

    /* Whole turns: 8 stores with offsets in registers and constant masks. */
    const int64_t o0 = o[0], o1 = o[1], o2 = o[2], o3 = o[3], o4 = o[4], o5 = o[5], o6 = o[6],
                  o7 = o[7];
    const int64_t limit = nbytes - o7;
#define TURNS(R)                                                                                \
    case R:                                                                                     \
        for (; i < limit; i += p) {                                                             \
            uint8_t *s = segment + i;                                                           \
            s[o0] &= CLEAR_TABLE[R][0]; s[o1] &= CLEAR_TABLE[R][1]; s[o2] &= CLEAR_TABLE[R][2];  \
            s[o3] &= CLEAR_TABLE[R][3]; s[o4] &= CLEAR_TABLE[R][4]; s[o5] &= CLEAR_TABLE[R][5];  \
            s[o6] &= CLEAR_TABLE[R][6]; s[o7] &= CLEAR_TABLE[R][7];                              \
        }                                                                                       \
        break;
    switch (ri) {
        TURNS(0) TURNS(1) TURNS(2) TURNS(3) TURNS(4) TURNS(5) TURNS(6) TURNS(7)
    }
#undef TURNS
    /* The partial last turn; it cannot complete, since i + o7 >= nbytes. */
    for (; j < 8; j++) {
        int64_t pos = i + o[j];
        if (pos >= nbytes) break;
        segment[pos] &= clear[j];
    }
done:
    sp->next = i - nbytes;
    sp->j = j;
}

void gs__cross_off_turns(uint8_t *segment, int64_t nbytes, sieving_prime *primes, size_t count) {
    for (size_t k = 0; k < count; k++) cross_off(segment, nbytes, &primes[k]);
}
