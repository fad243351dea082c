/* sieve_wheel.h — internal: the mod-30 wheel arithmetic that every tier of
 * the sieve shares (sieve.c walks the tiers; sieve_tiers.h lists them).
 *
 * A byte stands for 30 numbers and its bits for the residues 1, 7, 11, 13,
 * 17, 19, 23, 29 (gs__wheel_residue). A prime p = 30a + r crosses off p*q for
 * the multipliers q coprime to 30; within one turn of the wheel (q from 30k + 7
 * to 30k + 31) the 8 byte offsets of those multiples are fixed and the 8 bit
 * masks depend only on r. The tables are static const in this header, not
 * extern in a .c file, so that each tier's compiler sees them as constants:
 * the unrolled loops of sieve_small.c then store immediate masks. */
#ifndef GILSWEEP_SIEVE_WHEEL_H
#define GILSWEEP_SIEVE_WHEEL_H

#include "sieve.h"

/* The multipliers q of one wheel turn, q = 30k + Q_CYCLE[j], coprime to 30. */
static const uint8_t Q_CYCLE[8] = {7, 11, 13, 17, 19, 23, 29, 31};
/* Q_CYCLE[j + 1] - Q_CYCLE[j], and 30 + 7 - 31 for the step into the next turn. */
static const uint8_t Q_STEP[8] = {4, 2, 4, 2, 4, 6, 2, 6};

/* Bit index of each residue mod 30 (0xFF: not coprime to 30). */
static const uint8_t BIT_OF_RESIDUE[30] = {
    0xFF, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0xFF, 0xFF, 0xFF, 2, 0xFF, 3, 0xFF,
    0xFF, 0xFF, 4, 0xFF, 5, 0xFF, 0xFF, 0xFF, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 7};

/* For p = 30a + r (r the residue with index ri) and q = Q_CYCLE[j]:
 * p*q = 30(a q) + r q, so the multiple's byte is a*q + CARRY[ri][j] and its
 * bit is cleared by AND with CLEAR[ri][j]. Both are (r q) / 30 and (r q) % 30. */
#define CARRY(r, q) ((r) * (q) / 30)
#define CLEAR(r, q) ((uint8_t)~(1u << BIT_OF_RESIDUE_C((r) * (q) % 30)))
#define BIT_OF_RESIDUE_C(x)                                                                   \
    ((x) == 1 ? 0 : (x) == 7 ? 1 : (x) == 11 ? 2 : (x) == 13 ? 3 : (x) == 17 ? 4 : (x) == 19 ? 5 \
     : (x) == 23 ? 6 : 7)
#define ROW(f, r) {f(r, 7), f(r, 11), f(r, 13), f(r, 17), f(r, 19), f(r, 23), f(r, 29), f(r, 31)}
static const uint8_t CARRY_TABLE[8][8] = {ROW(CARRY, 1), ROW(CARRY, 7), ROW(CARRY, 11),
                                          ROW(CARRY, 13), ROW(CARRY, 17), ROW(CARRY, 19),
                                          ROW(CARRY, 23), ROW(CARRY, 29)};
static const uint8_t CLEAR_TABLE[8][8] = {ROW(CLEAR, 1), ROW(CLEAR, 7), ROW(CLEAR, 11),
                                          ROW(CLEAR, 13), ROW(CLEAR, 17), ROW(CLEAR, 19),
                                          ROW(CLEAR, 23), ROW(CLEAR, 29)};
/* The byte distance from multiple j to multiple j + 1 (j = 7: into the next
 * turn) is a * Q_STEP[j] + STEP_CARRY[ri][j]. */
#define STEP_CARRY(r, j)                                                                      \
    ((j) < 7 ? CARRY(r, Q_CYCLE_C((j) + 1)) - CARRY(r, Q_CYCLE_C(j)) : (r) + CARRY(r, 7) - CARRY(r, 31))
#define Q_CYCLE_C(j) ((j) == 0 ? 7 : (j) == 1 ? 11 : (j) == 2 ? 13 : (j) == 3 ? 17 : (j) == 4 ? 19 \
                      : (j) == 5 ? 23 : (j) == 6 ? 29 : 31)
#define STEP_ROW(r) {STEP_CARRY(r, 0), STEP_CARRY(r, 1), STEP_CARRY(r, 2), STEP_CARRY(r, 3),      \
                     STEP_CARRY(r, 4), STEP_CARRY(r, 5), STEP_CARRY(r, 6), STEP_CARRY(r, 7)}
static const uint8_t STEP_CARRY_TABLE[8][8] = {STEP_ROW(1), STEP_ROW(7), STEP_ROW(11), STEP_ROW(13),
                                               STEP_ROW(17), STEP_ROW(19), STEP_ROW(23), STEP_ROW(29)};

/* A base prime and where its next multiple falls: the wheel turn starting at
 * byte `next` (relative to the current window, may be negative) and the
 * index j of the next multiplier within that turn. */
typedef struct {
    uint32_t prime;
    uint32_t j;
    int64_t next;
} sieving_prime;

/* Positions p on its first multiple p*q with q coprime to 30 and q >= max(p,
 * the given q), where q = ceil(30 * first_byte / p). Works in bytes so nothing
 * overflows near 2^64. */
static inline void place_at(sieving_prime *sp, uint64_t p, uint64_t first_byte, uint64_t q) {
    if (q < p) q = p;
    uint64_t t = q - 7;
    uint64_t k = t / 30;
    unsigned rem = (unsigned)(t % 30) + 7, j = 0;
    while (j < 8 && Q_CYCLE[j] < rem) j++;
    if (j == 8) {
        k++;
        j = 0;
    }
    sp->prime = (uint32_t)p;
    sp->j = j;
    sp->next = (int64_t)(p * k) - (int64_t)first_byte;
}

/* Positions p on its first multiple at or after byte first_byte (and >= p*p). */
static inline void place(sieving_prime *sp, uint64_t p, uint64_t first_byte) {
    uint64_t low = 30 * first_byte; /* <= 2^64 - 1 since first_byte <= (2^64 - 1) / 30 */
    place_at(sp, p, first_byte, low / p + (low % p != 0));
}

#endif
