/* sieve.h — internal: the segmented mod-30 wheel sieve shared by
 * gs_count_primes, gs_first_primes and gs_next_prime-style scans.
 *
 * A byte stands for the 30 numbers [30b, 30b + 30); its bits 0..7 for the
 * residues 1, 7, 11, 13, 17, 19, 23, 29 (the numbers coprime to 30). A set bit
 * after sieving is a prime; 2, 3 and 5 are not represented at all, so callers
 * account for them. Not exported: every name here has internal linkage or the
 * gs__ prefix. */
#ifndef GILSWEEP_SIEVE_H
#define GILSWEEP_SIEVE_H

#include "CSupport.h"

extern const uint8_t gs__wheel_residue[8];

/* Called once per sieved segment; bytes [0, nbytes) stand for the numbers
 * [30 * first_byte, 30 * (first_byte + nbytes)), already masked to the walk's
 * [lo, hi). Return non-zero to stop the walk early (not an error). */
typedef int (*gs__segment_visitor)(void *context, const uint8_t *segment,
                                   uint64_t first_byte, size_t nbytes);

/* Sieves [lo, hi) (0 <= lo <= hi <= 2^64 - 1) segment by segment, calling
 * visit for each; checks *cancel (may be NULL) between segments.
 * GS_OK, GS_OUT_OF_MEMORY or GS_CANCELLED. */
gs_status gs__sieve_walk(uint64_t lo, uint64_t hi, const int *cancel,
                         gs__segment_visitor visit, void *context);

/* Appends the primes (>= 7) of one visited segment to out[*n..cap), stopping
 * at cap; returns the number appended. */
size_t gs__segment_primes(const uint8_t *segment, uint64_t first_byte, size_t nbytes,
                          uint64_t *out, size_t cap);

#endif
