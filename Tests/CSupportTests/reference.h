/* reference.h — the naive references that every C test checks the kernels
 * against: the suite in this folder (make sanitize-c) and the libFuzzer
 * harnesses in Tests/Fuzz (make fuzz). Each is the slow, obvious way (Euclid
 * by remainders, trial division, a plain sieve, Miller-Rabin with __int128
 * products, digits one at a time) and shares no code with CSupport/, so a
 * kernel and its reference are not wrong together. One copy of each, here. */
#ifndef GILSWEEP_TESTS_REFERENCE_H
#define GILSWEEP_TESTS_REFERENCE_H

#include "CSupport.h"

#include <stdio.h>
#include <stdlib.h>

/* Stops the process with a message when cond is false: the fuzzers' checks
 * (a mismatch must leave the input behind) and the helpers' own failures. */
#define REQUIRE(cond, ...)                                                                          \
    do {                                                                                            \
        if (!(cond)) {                                                                              \
            fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #cond);                              \
            fprintf(stderr, __VA_ARGS__);                                                           \
            fputc('\n', stderr);                                                                    \
            abort();                                                                                \
        }                                                                                           \
    } while (0)

/* 2^64 - 59, the largest prime below 2^64. */
#define REF_LARGEST_PRIME UINT64_C(18446744073709551557)

/* Exactly `bytes` bytes on the heap (one for 0), so AddressSanitizer flags an
 * access one past what a kernel may touch. Never NULL. */
void *exact_malloc(size_t bytes);

/* A new gs_bigint equal to 0. Never NULL. */
gs_bigint *new_bigint(void);

/* gcd(a, b) by Euclid's remainders. */
uint64_t ref_gcd(uint64_t a, uint64_t b);

/* The magnitude of a batch item of the given kind (two's complement for GS_ITEMS_I64). */
uint64_t ref_magnitude(uint64_t item, gs_items kind);

/* Trial division: slow, and obviously right for small n. */
int ref_is_prime_trial(uint64_t n);

/* Deterministic Miller-Rabin: the first 12 primes as bases decide every n < 2^64. */
int ref_is_prime(uint64_t n);

/* is_prime[i] for i < limit, a plain sieve; free() it. */
unsigned char *ref_sieve(size_t limit);

/* The value of digit c in base 2..62 as CSupport.h documents it (up to base
 * 36 either case is 10..35; above, A-Z are 10..35 and a-z 36..61), or -1. */
int ref_digit(char c, int base);

/* The digit CSupport.h says gs_bigint_get_string writes for v in base. */
char ref_digit_char(int v, int base);

/* A 64-bit magnitude with its sign in base 2..62, as gs_bigint_get_string
 * writes it, into buf (66 bytes are enough). */
void ref_to_string(uint64_t magnitude, int negative, int base, char *buf);

#endif
