/* gcd.c — 64-bit binary (Stein) gcd. */
#include "CSupport.h"

uint64_t gs_gcd_u64(uint64_t a, uint64_t b) {
    if (a == 0) return b;
    if (b == 0) return a;
    /* The common power of two, then an odd-only subtract-and-shift loop: no
     * division, and ctz removes all trailing zeros in one step. */
    int shift = __builtin_ctzll(a | b);
    a >>= __builtin_ctzll(a);
    do {
        b >>= __builtin_ctzll(b);
        if (a > b) {
            uint64_t t = a;
            a = b;
            b = t;
        }
        b -= a;
    } while (b != 0);
    return a << shift;
}

static uint64_t magnitude(int64_t v) {
    /* Unsigned negation is defined for INT64_MIN, where -v would overflow. */
    return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

uint64_t gs_gcd_i64(int64_t a, int64_t b) {
    return gs_gcd_u64(magnitude(a), magnitude(b));
}
