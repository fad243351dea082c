/* isqrt.h — internal: the integer square root, in a header of its own so that
 * is_prime.c and the sieve files share it without including each other. */
#ifndef GILSWEEP_ISQRT_H
#define GILSWEEP_ISQRT_H

#include <stdint.h>

/* Floor of the square root of n, exact for every 64-bit n. */
static inline uint64_t gs__isqrt(uint64_t n) {
    uint64_t r = (uint64_t)__builtin_sqrt((double)n);
    /* The double may be off by one either way near 2^64; fix it exactly. */
    while (r > 4294967295ULL || r * r > n) r--;
    while (r < 4294967295ULL && (r + 1) * (r + 1) <= n) r++;
    return r;
}

#endif
