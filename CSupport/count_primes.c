/* count_primes.c — pi(hi) - pi(lo) by the segmented wheel sieve. */
#include "sieve.h"

#include <string.h>

/* Set bits of segment[0, nbytes), 64 at a time. The baseline x86-64 target has
 * no popcount instruction, so __builtin_popcountll becomes a dozen shifts and
 * masks; where the CPU has one, the same loop compiled for it runs instead
 * (chosen per segment from the CPU model the runtime fills in at start-up). */
#define COUNT_BITS_BODY                                                      \
    uint64_t total = 0;                                                      \
    size_t b = 0;                                                            \
    for (; b + 8 <= nbytes; b += 8) {                                        \
        uint64_t word;                                                       \
        memcpy(&word, segment + b, 8);                                       \
        total += (uint64_t)__builtin_popcountll(word);                       \
    }                                                                        \
    for (; b < nbytes; b++) total += (uint64_t)__builtin_popcount(segment[b]); \
    return total;

static uint64_t count_bits(const uint8_t *segment, size_t nbytes) { COUNT_BITS_BODY }

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("popcnt"))) static uint64_t count_bits_popcnt(const uint8_t *segment,
                                                                     size_t nbytes) {
    COUNT_BITS_BODY
}
#define HAVE_POPCNT_VARIANT 1
#endif

static int count_segment(void *context, const uint8_t *segment, uint64_t first_byte,
                         size_t nbytes) {
    (void)first_byte;
    uint64_t *count = context;
#ifdef HAVE_POPCNT_VARIANT
    if (nbytes >= 4096 && __builtin_cpu_supports("popcnt")) {
        *count += count_bits_popcnt(segment, nbytes);
        return 0;
    }
#endif
    *count += count_bits(segment, nbytes);
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
