/* count_primes.c — pi(hi) - pi(lo) by the segmented wheel sieve. */
#include "sieve.h"

#include <string.h>

static int count_segment(void *context, const uint8_t *segment, uint64_t first_byte,
                         size_t nbytes) {
    (void)first_byte;
    uint64_t *count = context, total = 0;
    size_t b = 0;
    for (; b + 8 <= nbytes; b += 8) {
        uint64_t word;
        memcpy(&word, segment + b, 8);
        total += (uint64_t)__builtin_popcountll(word);
    }
    for (; b < nbytes; b++) total += (uint64_t)__builtin_popcount(segment[b]);
    *count += total;
    return 0;
}

gs_status gs_count_primes(uint64_t lo, uint64_t hi, const int *cancel, uint64_t *count) {
    if (!count || lo > hi) return GS_INVALID_ARGUMENT;
    uint64_t total = 0;
    /* The wheel has no bits for 2, 3 and 5. */
    static const uint8_t wheel_primes[3] = {2, 3, 5};
    for (int i = 0; i < 3; i++) total += lo <= wheel_primes[i] && wheel_primes[i] < hi;
    gs_status status = gs__sieve_walk(lo, hi, cancel, count_segment, &total);
    if (status == GS_OK) *count = total;
    return status;
}
