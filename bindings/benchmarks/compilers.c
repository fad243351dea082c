/* compilers.c: the same CSupport kernels timed as built by whichever compiler
 * compiles this file (see compilers.sh, which builds it with gcc, as setuptools
 * does for the Python extension, and with clang, as SwiftPM does for Swift).
 * Prints ns per call for gs_gcd_u64 on random pairs with the top bit set and
 * gs_is_prime_u64 on random 64-bit values, best of 3 passes over 2^20 items,
 * then gs_is_prime_u64 on two primes, where every call runs the whole
 * Baillie-PSW test (best of 3 passes of 2^18 calls). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "CSupport.h"

static uint64_t state = 2009;
static uint64_t splitmix64(void) {
    uint64_t z = (state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

enum { N = 1 << 20 };

int main(void) {
    uint64_t *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
    if (!a || !b) return 1;
    for (size_t i = 0; i < N; i++) {
        a[i] = splitmix64() | (1ull << 63);
        b[i] = splitmix64() | (1ull << 63);
    }
    double best_gcd = 1e9, best_prime = 1e9;
    uint64_t sink = 0; /* printed, so the loops cannot be dropped */
    for (int pass = 0; pass < 3; pass++) {
        double start = seconds();
        for (size_t i = 0; i < N; i++) sink += gs_gcd_u64(a[i], b[i]);
        double middle = seconds();
        for (size_t i = 0; i < N; i++) sink += (uint64_t)gs_is_prime_u64(a[i] ^ b[i]);
        double end = seconds();
        if (middle - start < best_gcd) best_gcd = middle - start;
        if (end - middle < best_prime) best_prime = end - middle;
    }
    /* volatile: the prime is read anew for every call, so the call cannot be hoisted. */
    static volatile uint64_t primes[2] = {1099726899285419u, 18446744073709551557u};
    double best_bpsw[2] = {1e9, 1e9};
    for (int pass = 0; pass < 3; pass++) {
        for (int p = 0; p < 2; p++) {
            double start = seconds();
            for (size_t i = 0; i < N / 4; i++) sink += (uint64_t)gs_is_prime_u64(primes[p]);
            double took = seconds() - start;
            if (took < best_bpsw[p]) best_bpsw[p] = took;
        }
    }
    printf("gcd_u64 %.1f ns  is_prime_u64 %.1f ns  prime 1099726899285419 %.1f ns  prime 2^64-59 %.1f ns  (%llu)\n",
           best_gcd * 1e9 / N, best_prime * 1e9 / N, best_bpsw[0] * 1e9 / (N / 4), best_bpsw[1] * 1e9 / (N / 4),
           (unsigned long long)sink);
    free(a);
    free(b);
    return 0;
}
