/* fuzz_primes.c — libFuzzer harness for the 64-bit kernels of CSupport.h.
 *
 * Run by `make fuzz` (FUZZ_RUNS executions) and `make fuzz-smoke` (part of
 * `make test`); built by clang with -fsanitize=fuzzer,address,undefined, the
 * kernels instrumented too, so the fuzzer steers by their branches and any
 * out-of-bounds access or undefined behaviour aborts. Each input's first byte
 * picks one check; the rest are its operands. Every check compares a kernel
 * with a reference that shares no code with it (Tests/CSupportTests/reference.h,
 * the C suite's own, or GMP), and abort()s on a mismatch:
 *   is_prime     gs_is_prime_u64 against trial division below 2^32 and
 *                GMP's mpz_probab_prime_p (exact below 2^64) everywhere;
 *   next_prime   gs_next_prime_u64 against GMP's mpz_nextprime, and its
 *                GS_OUT_OF_RANGE above the largest 64-bit prime;
 *   count        gs_count_primes on random small ranges against a plain
 *                sieve of [0, 2^23) (which spans several of the segmented
 *                sieve's segments), and short ranges up to 2^36 against
 *                gs_is_prime_u64 item by item; lo > hi is GS_INVALID_ARGUMENT;
 *   first        gs_first_primes(k) against the plain sieve, into a heap block
 *                of exactly k values;
 *   gcd          gs_gcd_u64 / gs_gcd_i64 against Euclid by remainders;
 *   batch        gs_is_prime_many, gs_next_prime_many, gs_gcd_many over
 *                arrays of either item kind against the scalar kernels;
 *   status       gs_status_message never NULL, for any int.
 * Costs are bounded so one execution stays under a few milliseconds. */
#include "reference.h"

#include <gmp.h>
#include <inttypes.h>
#include <string.h>

/* ------------------------------------------------------------- the input */

typedef struct {
    const uint8_t *data;
    size_t size;
} input;

/* The next n (<= 8) bytes as a little-endian integer; missing bytes are 0. */
static uint64_t take(input *in, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        uint8_t byte = 0;
        if (in->size > 0) {
            byte = in->data[0];
            in->data++;
            in->size--;
        }
        v |= (uint64_t)byte << (8 * i);
    }
    return v;
}

/* ------------------------------------------------------------ references */

enum { SIEVE_LIMIT = 1 << 23 };
static unsigned char *is_prime_table; /* [0, SIEVE_LIMIT), the reference sieve */
static uint32_t *primes_below;        /* primes_below[i] = pi(i) for i <= SIEVE_LIMIT */
static uint64_t *prime_list;          /* the primes below SIEVE_LIMIT, in order */
static size_t prime_count;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    is_prime_table = ref_sieve(SIEVE_LIMIT);
    primes_below = exact_malloc((SIEVE_LIMIT + 1) * sizeof *primes_below);
    prime_list = exact_malloc(SIEVE_LIMIT / 8 * sizeof *prime_list);
    primes_below[0] = 0;
    for (size_t i = 0; i < SIEVE_LIMIT; i++) {
        primes_below[i + 1] = primes_below[i] + is_prime_table[i];
        if (is_prime_table[i]) prime_list[prime_count++] = i;
    }
    return 0;
}

static void mpz_set_u64(mpz_t z, uint64_t v) { mpz_import(z, 1, 1, sizeof v, 0, 0, &v); }

/* GMP's test, for values beyond trial division's reach. */
static int gmp_is_prime(uint64_t n) {
    mpz_t z;
    mpz_init(z);
    mpz_set_u64(z, n);
    int answer = mpz_probab_prime_p(z, 25); /* BPSW first: exact below 2^64 */
    mpz_clear(z);
    return answer != 0;
}

/* --------------------------------------------------------------- checks */

static void check_is_prime(input *in) {
    uint64_t small = take(in, 4);
    REQUIRE(gs_is_prime_u64(small) == ref_is_prime_trial(small), "is_prime(%" PRIu64 ")", small);
    /* Anywhere in 64 bits; a byte picks how many high bits to drop, so small
     * and mid-sized values come up as often as 64-bit ones. */
    uint64_t shift = take(in, 1) % 64, n = take(in, 8) >> shift;
    REQUIRE(gs_is_prime_u64(n) == gmp_is_prime(n), "is_prime(%" PRIu64 ")", n);
    /* Near 2^64 and near squares of primes, where Montgomery and Lucas edges live. */
    uint64_t near_top = UINT64_MAX - take(in, 2);
    REQUIRE(gs_is_prime_u64(near_top) == gmp_is_prime(near_top), "is_prime(%" PRIu64 ")", near_top);
    uint64_t p = prime_list[take(in, 4) % prime_count];
    uint64_t square = p * p + (take(in, 1) % 5) - 2; /* p < 2^23: no overflow */
    REQUIRE(gs_is_prime_u64(square) == gmp_is_prime(square), "is_prime(%" PRIu64 ")", square);
}

static void check_next_prime(input *in) {
    uint64_t shift = take(in, 1) % 64, n = take(in, 8) >> shift;
    if (take(in, 1) & 1) n = UINT64_MAX - (n & 0xFFFF); /* the top of the range */
    uint64_t out = 12345;
    gs_status status = gs_next_prime_u64(n, &out);
    if (n >= REF_LARGEST_PRIME) {
        REQUIRE(status == GS_OUT_OF_RANGE && out == 12345, "next_prime(%" PRIu64 "): %d", n, status);
        return;
    }
    mpz_t z;
    mpz_init(z);
    mpz_set_u64(z, n);
    mpz_nextprime(z, z);
    uint64_t expected = 0;
    size_t words = 0;
    mpz_export(&expected, &words, -1, sizeof expected, 0, 0, z);
    mpz_clear(z);
    REQUIRE(words == 1, "mpz_nextprime(%" PRIu64 ") above 2^64", n);
    REQUIRE(status == GS_OK && out == expected, "next_prime(%" PRIu64 ") = %" PRIu64 ", want %" PRIu64, n,
            out, expected);
    REQUIRE(gs_next_prime_u64(n, NULL) == GS_INVALID_ARGUMENT, "next_prime(n, NULL)");
}

static void check_count(input *in) {
    uint8_t how = (uint8_t)take(in, 1);
    uint64_t lo, hi, count = 77;
    if (how & 1) { /* within the plain sieve: lengths up to 2^22 cross segments */
        lo = take(in, 3) % SIEVE_LIMIT;
        uint64_t length = take(in, 2) << ((how >> 1) % 4 == 0 ? 6 : 0);
        hi = lo + length < SIEVE_LIMIT ? lo + length : SIEVE_LIMIT;
        REQUIRE(gs_count_primes(lo, hi, NULL, &count) == GS_OK, "count(%" PRIu64 ", %" PRIu64 ")", lo, hi);
        REQUIRE(count == primes_below[hi] - primes_below[lo], "count(%" PRIu64 ", %" PRIu64 ") = %" PRIu64 ", want %u",
                lo, hi, count, primes_below[hi] - primes_below[lo]);
    } else { /* short ranges up to 2^36, item by item */
        lo = take(in, 5) & ((UINT64_C(1) << 36) - 1);
        hi = lo + take(in, 2) % 2048;
        REQUIRE(gs_count_primes(lo, hi, NULL, &count) == GS_OK, "count(%" PRIu64 ", %" PRIu64 ")", lo, hi);
        uint64_t expected = 0;
        for (uint64_t n = lo; n < hi; n++) expected += (uint64_t)gs_is_prime_u64(n);
        REQUIRE(count == expected, "count(%" PRIu64 ", %" PRIu64 ") = %" PRIu64 ", want %" PRIu64, lo, hi, count,
                expected);
    }
    /* A raised flag before the call and an inverted range change nothing. */
    if (hi > lo) {
        uint64_t untouched = 99;
        REQUIRE(gs_count_primes(hi, lo, NULL, &untouched) == GS_INVALID_ARGUMENT && untouched == 99,
                "count(%" PRIu64 ", %" PRIu64 ")", hi, lo);
    }
    int flag = 1;
    uint64_t untouched = 99;
    gs_status status = gs_count_primes(lo, hi, &flag, &untouched);
    REQUIRE((status == GS_CANCELLED && untouched == 99) || (status == GS_OK && untouched == count),
            "cancelled count(%" PRIu64 ", %" PRIu64 "): %d", lo, hi, status);
    REQUIRE(gs_count_primes(lo, hi, NULL, NULL) == GS_INVALID_ARGUMENT, "count NULL");
}

static void check_first(input *in) {
    size_t k = take(in, 2) % 20000;
    uint64_t *out = exact_malloc(k * sizeof *out); /* exactly k: ASan sees one past */
    REQUIRE(gs_first_primes(k, out) == GS_OK, "first_primes(%zu)", k);
    for (size_t i = 0; i < k; i++)
        REQUIRE(out[i] == prime_list[i], "first_primes(%zu)[%zu] = %" PRIu64, k, i, out[i]);
    free(out);
    REQUIRE(gs_first_primes(0, NULL) == GS_OK, "first_primes(0, NULL)");
    REQUIRE(gs_first_primes(1, NULL) == GS_INVALID_ARGUMENT, "first_primes(1, NULL)");
}

static void check_gcd(input *in) {
    uint8_t shifts = (uint8_t)take(in, 1);
    uint64_t a = take(in, 8) >> (shifts % 16 * 4), b = take(in, 8) >> (shifts / 16 * 4);
    uint64_t g = take(in, 4);
    if (g && (shifts & 1)) { /* a common factor */
        a = (a >> 32) * g;
        b = (b >> 32) * g;
    }
    REQUIRE(gs_gcd_u64(a, b) == ref_gcd(a, b), "gcd_u64(%" PRIu64 ", %" PRIu64 ")", a, b);
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    REQUIRE(gs_gcd_i64(sa, sb) == ref_gcd(ref_magnitude(a, GS_ITEMS_I64), ref_magnitude(b, GS_ITEMS_I64)),
            "gcd_i64(%" PRId64 ", %" PRId64 ")", sa, sb);
}

static void check_batch(input *in) {
    uint8_t kinds = (uint8_t)take(in, 1);
    gs_items kind = kinds & 1 ? GS_ITEMS_I64 : GS_ITEMS_U64, b_kind = kinds & 2 ? GS_ITEMS_I64 : GS_ITEMS_U64;
    size_t n = in->size / 16;
    if (n > 256) n = 256;
    uint64_t *values = exact_malloc(n * sizeof *values), *other = exact_malloc(n * sizeof *other);
    for (size_t i = 0; i < n; i++) {
        uint8_t shift = (uint8_t)take(in, 1) % 64;
        values[i] = take(in, 7) >> (shift / 8) | (shift & 1 ? UINT64_C(0xFF) << 56 : 0);
        other[i] = take(in, 8) >> shift;
    }
    uint8_t *flags = exact_malloc(n);
    uint64_t *out = exact_malloc(n * sizeof *out);
    REQUIRE(gs_is_prime_many(values, n, kind, flags, NULL) == GS_OK, "is_prime_many");
    for (size_t i = 0; i < n; i++) {
        int negative = kind == GS_ITEMS_I64 && (int64_t)values[i] < 0;
        REQUIRE(flags[i] == (negative ? 0 : gs_is_prime_u64(values[i])), "is_prime_many[%zu] %" PRIu64, i,
                values[i]);
    }
    size_t failed = 12345;
    gs_status status = gs_next_prime_many(values, n, kind, out, &failed, NULL);
    size_t expected_failure = n;
    for (size_t i = 0; i < n; i++) {
        int negative = kind == GS_ITEMS_I64 && (int64_t)values[i] < 0;
        uint64_t want = 2;
        if (!negative && gs_next_prime_u64(values[i], &want) != GS_OK) {
            expected_failure = i;
            break;
        }
        REQUIRE(out[i] == want, "next_prime_many[%zu] %" PRIu64 " = %" PRIu64, i, values[i], out[i]);
    }
    if (expected_failure < n)
        REQUIRE(status == GS_OUT_OF_RANGE && failed == expected_failure, "next_prime_many failed at %zu: %d %zu",
                expected_failure, status, failed);
    else
        REQUIRE(status == GS_OK, "next_prime_many: %d", status);
    REQUIRE(gs_gcd_many(values, kind, other, b_kind, n, out, NULL) == GS_OK, "gcd_many");
    for (size_t i = 0; i < n; i++) {
        uint64_t want = ref_gcd(ref_magnitude(values[i], kind), ref_magnitude(other[i], b_kind));
        REQUIRE(out[i] == want, "gcd_many[%zu]", i);
    }
    if (n > 0) {
        REQUIRE(gs_is_prime_many(NULL, n, kind, flags, NULL) == GS_INVALID_ARGUMENT, "is_prime_many NULL");
        REQUIRE(gs_gcd_many(values, kind, NULL, b_kind, n, out, NULL) == GS_INVALID_ARGUMENT, "gcd_many NULL");
    }
    free(values);
    free(other);
    free(flags);
    free(out);
}

static void check_status(input *in) {
    int status = (int)(uint32_t)take(in, 4);
    const char *message = gs_status_message(status);
    REQUIRE(message && strlen(message) < 200, "gs_status_message(%d)", status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    input in = {data + 1, size - 1};
    switch (data[0] % 7) {
    case 0: check_is_prime(&in); break;
    case 1: check_next_prime(&in); break;
    case 2: check_count(&in); break;
    case 3: check_first(&in); break;
    case 4: check_gcd(&in); break;
    case 5: check_batch(&in); break;
    default: check_status(&in); break;
    }
    return 0;
}
