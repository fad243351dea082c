/* sieve_presieve.c — the pre-sieve: the primes 7..53 are not crossed off at
 * all; each window starts as the AND of four periodic patterns (7*11*13*17,
 * 19*23*29, 31*37*41 and 43*47*53 bytes long) that have their multiples
 * cleared already, so these primes cost a few vector ANDs per byte. Short
 * ranges use only the first pattern (17 KB, built in microseconds) and leave
 * 19..53 to the small tier. */
#include "sieve_tiers.h"

#include <stdlib.h>
#include <string.h>

static const uint32_t PRESIEVE_GROUPS[PRESIEVE_GROUPS_MAX][5] = {
    {7, 11, 13, 17, 0}, {19, 23, 29, 0, 0}, {31, 37, 41, 0, 0}, {43, 47, 53, 0, 0}};

int gs__presieve_init(presieve *ps, int groups, uint64_t first_byte) {
    memset(ps, 0, sizeof *ps);
    for (int g = 0; g < groups; g++) {
        size_t period = 1;
        for (int k = 0; k < 5 && PRESIEVE_GROUPS[g][k]; k++) period *= PRESIEVE_GROUPS[g][k];
        size_t length = period + WINDOW_BYTES;
        uint8_t *data = malloc(length);
        if (!data) {
            for (int k = 0; k < g; k++) free(ps->data[k]);
            return 0;
        }
        memset(data, 0xFF, length);
        for (int k = 0; k < 5 && PRESIEVE_GROUPS[g][k]; k++) {
            uint32_t q = PRESIEVE_GROUPS[g][k];
            /* Start at q*1 = q*(30*(-1) + 31): the turn at byte -q, multiplier 31. */
            sieving_prime sp = {q, 7, -(int64_t)q};
            gs__cross_off_turns(data, (int64_t)length, &sp, 1);
            ps->largest = q;
        }
        ps->data[g] = data;
        ps->period[g] = period;
        ps->offset[g] = (size_t)(first_byte % period);
    }
    ps->count = groups;
    return 1;
}

void gs__presieve_free(presieve *ps) {
    for (int g = 0; g < ps->count; g++) free(ps->data[g]);
    ps->count = 0;
}

/* The pre-sieved primes themselves (bytes 0 and 1) are prime; 1 is not. */
static void mark_presieved_primes(const presieve *ps, uint8_t *window, size_t n, uint64_t first_byte) {
    for (int g = 0; g < ps->count; g++)
        for (int k = 0; k < 5 && PRESIEVE_GROUPS[g][k]; k++) {
            uint32_t q = PRESIEVE_GROUPS[g][k];
            uint64_t byte = q / 30;
            if (byte >= first_byte && byte < first_byte + n)
                window[byte - first_byte] |= (uint8_t)(1u << BIT_OF_RESIDUE[q % 30]);
        }
    if (first_byte == 0) window[0] &= (uint8_t)~1u;
}

void gs__presieve_fill(presieve *ps, uint8_t *window, size_t n, uint64_t first_byte) {
    const uint8_t *a = ps->data[0] + ps->offset[0];
    if (ps->count == PRESIEVE_GROUPS_MAX) {
        const uint8_t *b = ps->data[1] + ps->offset[1], *c = ps->data[2] + ps->offset[2],
                      *d = ps->data[3] + ps->offset[3];
        for (size_t i = 0; i < n; i++) window[i] = (uint8_t)(a[i] & b[i] & c[i] & d[i]);
    } else {
        memcpy(window, a, n);
        for (int g = 1; g < ps->count; g++) {
            const uint8_t *b = ps->data[g] + ps->offset[g];
            for (size_t i = 0; i < n; i++) window[i] &= b[i];
        }
    }
    for (int g = 0; g < ps->count; g++) ps->offset[g] = (ps->offset[g] + n) % ps->period[g];
    if (first_byte < 2) mark_presieved_primes(ps, window, n, first_byte);
}
