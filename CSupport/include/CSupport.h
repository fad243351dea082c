/*
 * CSupport.h — the gilsweep kernels, the one home of kernel logic.
 *
 * Swift (module GilsweepKernels) and Python (bindings/kernels.i) both wrap this header;
 * neither reimplements anything in it. It uses only <stdint.h>/<stddef.h> types
 * so Swift imports it cleanly; <gmp.h> stays private to bigint.c because GMP's
 * mpz_* names are macros Swift cannot see.
 *
 * Conventions (the README's Layout section shows where everything lives):
 *  - every exported symbol starts with gs_, every macro or enum constant GS_;
 *  - fallible functions return a gs_status and write results through
 *    out-parameters; functions that cannot fail return their value;
 *  - no printing, no global mutable state, no errno: every function is
 *    reentrant and may be called from any number of threads at once, as long
 *    as two threads do not modify the same gs_bigint at the same time;
 *  - prime ranges are half-open, [lo, hi).
 */
#ifndef GILSWEEP_CSUPPORT_H
#define GILSWEEP_CSUPPORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- statuses */

typedef enum gs_status {
    GS_OK = 0,
    GS_INVALID_ARGUMENT = -1, /* malformed input: bad base, bad digit, lo > hi, NULL */
    GS_OUT_OF_RANGE = -2,     /* the answer or an input does not fit the type */
    GS_OUT_OF_MEMORY = -3,    /* an allocation failed; nothing was changed */
    GS_CANCELLED = -4,        /* the caller's cancellation flag was raised */
    GS_BUFFER_TOO_SMALL = -5  /* the caller's buffer cannot hold the result */
} gs_status;

/* A static, human-readable English message for a status; never NULL. */
const char *gs_status_message(int status);

/* ------------------------------------------------------------------- churn */

/* Beazley's spin loop `while (n > 0) n--;`, kept from being deleted or
 * collapsed by a compiler barrier, so its cost is linear in n (about one
 * cycle per iteration). n <= 0 returns at once. Thread-safe; touches no memory. */
void gs_churn(int64_t n);

/* --------------------------------------------------------------------- gcd */

/* Binary (Stein) gcd with count-trailing-zeros; gcd(0, 0) = 0, gcd(a, 0) = a.
 * Cost O(log max(a, b)) steps. Cannot fail. */
uint64_t gs_gcd_u64(uint64_t a, uint64_t b);

/* gcd of the magnitudes of two signed values, as an unsigned value, so
 * gcd(INT64_MIN, 0) = 2^63 is representable. Cannot fail. */
uint64_t gs_gcd_i64(int64_t a, int64_t b);

/* ----------------------------------------------------------- 64-bit primes */

/* 1 if n is prime, else 0; deterministic for every 64-bit n: trial division by
 * the primes up to 53, then Baillie-PSW (a strong base-2 Miller-Rabin test and
 * a strong Lucas test, Selfridge parameters) in Montgomery arithmetic; no
 * BPSW pseudoprime exists below 2^64. About 1 µs for a 64-bit prime. */
int gs_is_prime_u64(uint64_t n);

/* The smallest prime strictly greater than n, in *out.
 * GS_OUT_OF_RANGE when there is none below 2^64 (n >= 18446744073709551557);
 * GS_INVALID_ARGUMENT when out is NULL. */
gs_status gs_next_prime_u64(uint64_t n, uint64_t *out);

/* The first k primes (2, 3, 5, ...) into out[0..k). out must hold k values.
 * Sieves [0, p_k] with the segmented sieve below; cost O(p_k log log p_k),
 * memory O(sqrt(p_k) + segment) besides out. k = 0 writes nothing.
 * GS_INVALID_ARGUMENT when out is NULL and k > 0; GS_OUT_OF_RANGE when the
 * k-th prime exceeds 2^64 - 1; GS_OUT_OF_MEMORY. */
gs_status gs_first_primes(size_t k, uint64_t *out);

/* The number of primes p with lo <= p < hi, in *count, for any
 * 0 <= lo <= hi <= 2^64 - 1. A segmented sieve of Eratosthenes over a mod-30
 * wheel bitset, its sieving primes in tiers (pre-sieve patterns, L1 windows,
 * L2 segments, a bucket sieve; CSupport/sieve.c); cost
 * O((hi - lo) log log hi + sqrt(hi)), memory O(sqrt(hi) / log(hi) + segment):
 * under 5 MB above the caller's for hi <= 2^44, up to about 45 MB above it
 * (a 32 MiB chunk and its bins) for hi > 2^44. Near 2^64 even a short range
 * costs about a second: every prime up to 2^32 must be generated and tested,
 * once per billion numbers.
 *
 * cancel may be NULL; otherwise it is read atomically (relaxed) between
 * segments, at least every few milliseconds, and a non-zero value ends the call
 * with GS_CANCELLED (*count is then left unchanged). Raise it from another
 * thread with gs_cancel_flag_raise.
 * GS_INVALID_ARGUMENT when lo > hi or count is NULL; GS_OUT_OF_MEMORY;
 * GS_CANCELLED. */
gs_status gs_count_primes(uint64_t lo, uint64_t hi, const int *cancel, uint64_t *count);

/* Store 1 (release order) / 0 into a cancellation flag, atomically, so that a
 * gs_count_primes running on another thread sees it. Safe from signal handlers. */
void gs_cancel_flag_raise(int *flag);
void gs_cancel_flag_clear(int *flag);

/* ----------------------------------------------------------------- batches */

/* The 64-bit kernels above, item by item over an array, so a caller can
 * release a lock (Python's GIL) once for many items. Each item gets exactly
 * the scalar kernel's answer. An array of GS_ITEMS_I64 holds int64_t values in
 * two's complement: a negative item is not prime, its next prime is 2, and gcd
 * takes its magnitude (so gcd(INT64_MIN, 0) = 2^63 fits the unsigned result).
 * n = 0 writes nothing. cancel as for gs_count_primes, read every 1024 items;
 * after GS_CANCELLED out is partly written. GS_INVALID_ARGUMENT when an array
 * is NULL and n > 0. */
typedef enum gs_items { GS_ITEMS_U64 = 0, GS_ITEMS_I64 = 1 } gs_items;

/* out[i] = 1 if values[i] is prime, else 0. */
gs_status gs_is_prime_many(const uint64_t *values, size_t n, gs_items kind, uint8_t *out, const int *cancel);

/* out[i] = the smallest prime > values[i]. GS_OUT_OF_RANGE at the first item
 * whose next prime exceeds 2^64 - 1, its index in *failed_index (may be NULL). */
gs_status gs_next_prime_many(const uint64_t *values, size_t n, gs_items kind, uint64_t *out,
                             size_t *failed_index, const int *cancel);

/* out[i] = gcd(|a[i]|, |b[i]|). */
gs_status gs_gcd_many(const uint64_t *a, gs_items a_kind, const uint64_t *b, gs_items b_kind, size_t n,
                      uint64_t *out, const int *cancel);

/* ------------------------------------------------------ big integers (GMP) */

/* An arbitrary-precision integer, owned by the caller: make it with
 * gs_bigint_create, free it with gs_bigint_destroy. A handle may be read from
 * many threads at once but written by one. A NULL handle is GS_INVALID_ARGUMENT. */
typedef struct gs_bigint gs_bigint;

/* A new integer equal to 0 in *out. GS_OUT_OF_MEMORY, GS_INVALID_ARGUMENT. */
gs_status gs_bigint_create(gs_bigint **out);
/* Frees x; NULL is allowed and ignored. */
void gs_bigint_destroy(gs_bigint *x);

/* dst = src (dst and src may be the same handle). */
gs_status gs_bigint_copy(gs_bigint *dst, const gs_bigint *src);
gs_status gs_bigint_set_i64(gs_bigint *x, int64_t value);
gs_status gs_bigint_set_u64(gs_bigint *x, uint64_t value);

/* x = (negative ? -1 : 1) * magnitude, where magnitude is len bytes, most
 * significant first when big_endian is non-zero, else least significant first.
 * len = 0 gives 0. GS_INVALID_ARGUMENT when bytes is NULL and len > 0. */
gs_status gs_bigint_set_bytes(gs_bigint *x, const uint8_t *bytes, size_t len,
                              int big_endian, int negative);

/* The number of bytes of |x| (0 for x = 0). Cannot fail for a valid handle. */
size_t gs_bigint_byte_length(const gs_bigint *x);

/* Writes |x| into buf as exactly gs_bigint_byte_length(x) bytes, in the given
 * order, into *len, and the sign (1 if x < 0, else 0) into *negative (either
 * out-pointer may be NULL). GS_BUFFER_TOO_SMALL when capacity is too small. */
gs_status gs_bigint_get_bytes(const gs_bigint *x, uint8_t *buf, size_t capacity,
                              int big_endian, size_t *len, int *negative);

/* Parses text in base 2..62: an optional '+' or '-', then one or more digits:
 * 0-9, then letters, as GMP reads them (up to base 36 a letter of either case
 * is 10..35; above, A-Z are 10..35 and a-z are 36..61).
 * No whitespace, no prefix such as 0x. GS_INVALID_ARGUMENT for anything else;
 * x is unchanged then. */
gs_status gs_bigint_set_string(gs_bigint *x, const char *text, int base);

/* An upper bound on the characters gs_bigint_get_string writes, including the
 * sign and the terminating NUL. 0 for a bad base or handle. */
size_t gs_bigint_string_capacity(const gs_bigint *x, int base);

/* Writes x in base 2..62 (lower-case letters up to base 36, then GMP's
 * 0-9A-Za-z) with a leading '-'
 * when negative and a NUL terminator. GS_BUFFER_TOO_SMALL, GS_INVALID_ARGUMENT. */
gs_status gs_bigint_get_string(const gs_bigint *x, int base, char *buf, size_t capacity);

/* -1, 0 or 1 as a <, =, > b. Cannot fail for valid handles. */
int gs_bigint_compare(const gs_bigint *a, const gs_bigint *b);

/* 1 when x fits a uint64_t (0 <= x < 2^64) and stores it in *value, else 0. */
int gs_bigint_get_u64(const gs_bigint *x, uint64_t *value);

/* out = gcd(a, b) >= 0 (GMP's mpz_gcd, subquadratic for large operands).
 * out may alias a or b. */
gs_status gs_bigint_gcd(gs_bigint *out, const gs_bigint *a, const gs_bigint *b);

/* GMP's mpz_probab_prime_p: *answer = 2 (certainly prime), 1 (probably prime)
 * or 0 (certainly composite), using Baillie-PSW and rounds - 24 extra
 * Miller-Rabin rounds. rounds must be 1..1000 (GS_OUT_OF_RANGE otherwise).
 * Negative numbers are treated by their magnitude, as GMP does. */
gs_status gs_bigint_probab_prime(const gs_bigint *x, int rounds, int *answer);

/* out = the smallest probable prime strictly greater than x (GMP's
 * mpz_nextprime; 2 for x < 2). out may alias x. */
gs_status gs_bigint_next_prime(gs_bigint *out, const gs_bigint *x);

#ifdef __cplusplus
}
#endif

#endif /* GILSWEEP_CSUPPORT_H */
