/* kernels_driver.c — every public function of CSupport/include/CSupport.h,
 * checked against simple references, for `make sanitize-c`.
 *
 * The Makefile compiles it together with every CSupport C file under AddressSanitizer
 * and UndefinedBehaviorSanitizer with -fno-sanitize-recover=all, so an
 * out-of-bounds access, a use after free or undefined behaviour in a kernel
 * aborts the run and a leak fails it at exit; the checks below make it a real
 * test as well: a wrong answer fails it too. Arrays handed to the kernels are heap blocks of exactly
 * the size the contract allows, so ASan sees a write one past the end.
 *
 * The references are deliberately naive (trial division, a plain sieve,
 * Euclid by remainders, Miller-Rabin with __int128 products, digit-by-digit
 * base conversion) and share no code with the kernels. Not part of any Swift
 * target: SwiftPM ignores this folder, since no target names it. */
#include "CSupport.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond, ...)                                                                            \
    do {                                                                                            \
        checks++;                                                                                   \
        if (!(cond)) {                                                                              \
            failures++;                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);                 \
            fprintf(stderr, __VA_ARGS__);                                                           \
            fputc('\n', stderr);                                                                    \
            if (failures > 50) abort();                                                             \
        }                                                                                           \
    } while (0)

/* Exactly `bytes` bytes on the heap (at least one), so ASan flags any access past them. */
static void *xmalloc(size_t bytes) {
    void *p = malloc(bytes ? bytes : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

/* --------------------------------------------------------------- references */

static uint64_t splitmix_state = 0x9E3779B97F4A7C15u;
static uint64_t next_random(void) {
    uint64_t z = (splitmix_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static uint64_t ref_gcd(uint64_t a, uint64_t b) {
    while (b != 0) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) {
    return (uint64_t)((unsigned __int128)a * b % m);
}

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m) {
    uint64_t r = 1 % m;
    b %= m;
    while (e) {
        if (e & 1) r = mulmod(r, b, m);
        b = mulmod(b, b, m);
        e >>= 1;
    }
    return r;
}

/* Deterministic Miller-Rabin: the first 12 primes as bases decide every n < 2^64. */
static int ref_is_prime(uint64_t n) {
    static const uint64_t bases[12] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
    if (n < 2) return 0;
    for (int i = 0; i < 12; i++) {
        if (n == bases[i]) return 1;
        if (n % bases[i] == 0) return 0;
    }
    uint64_t d = n - 1;
    int s = 0;
    while ((d & 1) == 0) {
        d >>= 1;
        s++;
    }
    for (int i = 0; i < 12; i++) {
        uint64_t x = powmod(bases[i], d, n);
        if (x == 1 || x == n - 1) continue;
        int witness = 1;
        for (int r = 1; r < s && witness; r++) {
            x = mulmod(x, x, n);
            if (x == n - 1) witness = 0;
        }
        if (witness) return 0;
    }
    return 1;
}

/* Trial division, for the small numbers where it is obviously right. */
static int trial_is_prime(uint64_t n) {
    if (n < 2) return 0;
    for (uint64_t d = 2; d * d <= n; d++)
        if (n % d == 0) return 0;
    return 1;
}

/* isprime[i] for i < limit, a plain sieve. */
static unsigned char *ref_sieve(size_t limit) {
    unsigned char *isprime = xmalloc(limit);
    memset(isprime, 1, limit);
    for (size_t i = 0; i < limit && i < 2; i++) isprime[i] = 0;
    for (size_t p = 2; p * p < limit; p++)
        if (isprime[p])
            for (size_t m = p * p; m < limit; m += p) isprime[m] = 0;
    return isprime;
}

static const uint64_t LARGEST_PRIME = 18446744073709551557u; /* 2^64 - 59 */

/* ------------------------------------------------------------ status, churn */

static void test_status_and_flags(void) {
    const int codes[] = {GS_OK, GS_INVALID_ARGUMENT, GS_OUT_OF_RANGE, GS_OUT_OF_MEMORY,
                         GS_CANCELLED, GS_BUFFER_TOO_SMALL};
    const char *seen[6];
    for (int i = 0; i < 6; i++) {
        seen[i] = gs_status_message(codes[i]);
        CHECK(seen[i] && *seen[i], "status %d", codes[i]);
        for (int j = 0; j < i; j++) CHECK(strcmp(seen[i], seen[j]) != 0, "%d and %d share a message", i, j);
    }
    CHECK(strcmp(gs_status_message(GS_OK), "ok") == 0, "%s", gs_status_message(GS_OK));
    CHECK(strcmp(gs_status_message(12345), "unknown status") == 0, "%s", gs_status_message(12345));
    CHECK(strcmp(gs_status_message(-2147483647 - 1), "unknown status") == 0, "INT_MIN");

    int flag = 0;
    gs_cancel_flag_raise(&flag);
    CHECK(flag == 1, "%d", flag);
    gs_cancel_flag_clear(&flag);
    CHECK(flag == 0, "%d", flag);
    gs_cancel_flag_raise(NULL); /* documented as ignored */
    gs_cancel_flag_clear(NULL);
}

static void test_churn(void) {
    const int64_t ns[] = {INT64_MIN, -1, 0, 1, 2, 1000, 1000003};
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) gs_churn(ns[i]);
    /* Linear cost: 10^8 iterations take measurably longer than none. */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    gs_churn(100000000);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    CHECK(seconds > 0.005, "churn(10^8) took %g s: the loop was optimized away", seconds);
}

/* ---------------------------------------------------------------------- gcd */

static void test_gcd(void) {
    const uint64_t edges[] = {0, 1, 2, 3, 4, 6, 12, 1u << 31, (uint64_t)1 << 32, ((uint64_t)1 << 63) - 1,
                              (uint64_t)1 << 63, UINT64_MAX - 1, UINT64_MAX, LARGEST_PRIME};
    const size_t ne = sizeof edges / sizeof *edges;
    for (size_t i = 0; i < ne; i++)
        for (size_t j = 0; j < ne; j++)
            CHECK(gs_gcd_u64(edges[i], edges[j]) == ref_gcd(edges[i], edges[j]), "gcd(%" PRIu64 ", %" PRIu64 ")",
                  edges[i], edges[j]);
    for (int i = 0; i < 20000; i++) {
        uint64_t g = next_random() >> (next_random() % 64);
        uint64_t a = next_random() >> (next_random() % 64), b = next_random() >> (next_random() % 64);
        if (i % 2) { /* a large common factor now and then */
            a = (a >> 32) * (g >> 32);
            b = (b >> 32) * (g >> 32);
        }
        CHECK(gs_gcd_u64(a, b) == ref_gcd(a, b), "gcd(%" PRIu64 ", %" PRIu64 ")", a, b);
    }
    CHECK(gs_gcd_i64(INT64_MIN, 0) == (uint64_t)1 << 63, "gcd(INT64_MIN, 0)");
    CHECK(gs_gcd_i64(0, INT64_MIN) == (uint64_t)1 << 63, "gcd(0, INT64_MIN)");
    CHECK(gs_gcd_i64(INT64_MIN, INT64_MIN) == (uint64_t)1 << 63, "gcd(INT64_MIN, INT64_MIN)");
    CHECK(gs_gcd_i64(INT64_MIN, INT64_MAX) == 1, "gcd(INT64_MIN, INT64_MAX)");
    CHECK(gs_gcd_i64(-12, 18) == 6, "gcd(-12, 18)");
    CHECK(gs_gcd_i64(-12, -18) == 6, "gcd(-12, -18)");
    CHECK(gs_gcd_i64(0, 0) == 0, "gcd(0, 0)");
    for (int i = 0; i < 5000; i++) {
        int64_t a = (int64_t)next_random(), b = (int64_t)(next_random() >> (next_random() % 64));
        uint64_t ma = a < 0 ? 0 - (uint64_t)a : (uint64_t)a, mb = b < 0 ? 0 - (uint64_t)b : (uint64_t)b;
        CHECK(gs_gcd_i64(a, b) == ref_gcd(ma, mb), "gcd_i64(%" PRId64 ", %" PRId64 ")", a, b);
    }
}

/* ------------------------------------------------------------ 64-bit primes */

static void test_is_prime_and_next_prime(void) {
    /* Every n below 200000 against trial division. */
    for (uint64_t n = 0; n < 200000; n++) CHECK(gs_is_prime_u64(n) == trial_is_prime(n), "is_prime(%" PRIu64 ")", n);
    /* Random 64-bit numbers, odd numbers near 2^32 and 2^64, squares and semiprimes. */
    for (int i = 0; i < 20000; i++) {
        uint64_t n = next_random() >> (next_random() % 64);
        CHECK(gs_is_prime_u64(n) == ref_is_prime(n), "is_prime(%" PRIu64 ")", n);
    }
    for (uint64_t n = UINT64_MAX - 20000; n != 0; n++) /* up to and including 2^64 - 1 */
        CHECK(gs_is_prime_u64(n) == ref_is_prime(n), "is_prime(%" PRIu64 ")", n);
    for (uint64_t n = ((uint64_t)1 << 32) - 5000; n < ((uint64_t)1 << 32) + 5000; n++)
        CHECK(gs_is_prime_u64(n) == ref_is_prime(n), "is_prime(%" PRIu64 ")", n);
    const uint64_t primes32[] = {4294967291u, 4294967279u, 4294967231u, 65521u, 65519u};
    for (size_t i = 0; i < 5; i++) {
        for (size_t j = i; j < 5; j++) {
            uint64_t n = primes32[i] * primes32[j];
            CHECK(gs_is_prime_u64(n) == 0, "%" PRIu64 " * %" PRIu64, primes32[i], primes32[j]);
        }
    }
    /* Strong pseudoprimes to base 2 and Carmichael numbers. */
    const uint64_t pseudo[] = {2047, 3277, 4033, 561, 1105, 1729, 2465, 3215031751u, 2152302898747u,
                               3474749660383u, 341550071728321u, 3825123056546413051u};
    for (size_t i = 0; i < sizeof pseudo / sizeof *pseudo; i++)
        CHECK(gs_is_prime_u64(pseudo[i]) == 0, "pseudoprime %" PRIu64, pseudo[i]);
    CHECK(gs_is_prime_u64(LARGEST_PRIME) == 1, "2^64 - 59");

    uint64_t out = 0;
    CHECK(gs_next_prime_u64(0, NULL) == GS_INVALID_ARGUMENT, "NULL out");
    for (uint64_t n = 0; n < 20000; n++) {
        CHECK(gs_next_prime_u64(n, &out) == GS_OK, "next_prime(%" PRIu64 ")", n);
        uint64_t expected = n + 1;
        while (!trial_is_prime(expected)) expected++;
        CHECK(out == expected, "next_prime(%" PRIu64 ") = %" PRIu64 ", expected %" PRIu64, n, out, expected);
    }
    for (int i = 0; i < 500; i++) {
        uint64_t n = next_random() >> (next_random() % 64);
        if (n >= LARGEST_PRIME) continue;
        CHECK(gs_next_prime_u64(n, &out) == GS_OK, "next_prime(%" PRIu64 ")", n);
        uint64_t expected = n + 1;
        while (!ref_is_prime(expected)) expected++;
        CHECK(out == expected, "next_prime(%" PRIu64 ") = %" PRIu64 ", expected %" PRIu64, n, out, expected);
    }
    CHECK(gs_next_prime_u64(LARGEST_PRIME - 1, &out) == GS_OK && out == LARGEST_PRIME, "below the largest");
    CHECK(gs_next_prime_u64(LARGEST_PRIME - 60, &out) == GS_OK && out == LARGEST_PRIME - 36, "2^64 - 95");
    out = 7;
    CHECK(gs_next_prime_u64(LARGEST_PRIME, &out) == GS_OUT_OF_RANGE && out == 7, "past the largest");
    CHECK(gs_next_prime_u64(UINT64_MAX, &out) == GS_OUT_OF_RANGE && out == 7, "2^64 - 1");
}

/* ----------------------------------------------------- counting, first primes */

static uint64_t count_or_die(uint64_t lo, uint64_t hi) {
    uint64_t count = UINT64_MAX;
    gs_status status = gs_count_primes(lo, hi, NULL, &count);
    CHECK(status == GS_OK, "count_primes(%" PRIu64 ", %" PRIu64 ") = %d", lo, hi, (int)status);
    return count;
}

struct cancel_context {
    int flag;
    gs_status status;
    uint64_t count;
};

static void *count_until_cancelled(void *arg) {
    struct cancel_context *c = arg;
    c->status = gs_count_primes(0, (uint64_t)1 << 40, &c->flag, &c->count);
    return NULL;
}

static void test_count_primes(void) {
    enum { LIMIT = 3000000 };
    unsigned char *isprime = ref_sieve(LIMIT);
    uint64_t *prefix = xmalloc(sizeof *prefix * (LIMIT + 1)); /* prefix[n] = primes below n */
    prefix[0] = 0;
    for (size_t n = 0; n < LIMIT; n++) prefix[n + 1] = prefix[n] + isprime[n];
    /* Every range with both ends below 200 (all wheel residues and byte edges). */
    for (uint64_t lo = 0; lo < 200; lo++)
        for (uint64_t hi = lo; hi < 200; hi++)
            CHECK(count_or_die(lo, hi) == prefix[hi] - prefix[lo], "[%" PRIu64 ", %" PRIu64 ")", lo, hi);
    /* Random ranges, short and long (a 32 KiB window is 983040 numbers). */
    for (int i = 0; i < 300; i++) {
        uint64_t a = next_random() % (LIMIT + 1), b = next_random() % (LIMIT + 1);
        if (i % 2) b = a + next_random() % 100 > LIMIT ? LIMIT : a + next_random() % 100;
        uint64_t lo = a < b ? a : b, hi = a < b ? b : a;
        CHECK(count_or_die(lo, hi) == prefix[hi] - prefix[lo], "[%" PRIu64 ", %" PRIu64 ")", lo, hi);
    }
    CHECK(count_or_die(0, LIMIT) == prefix[LIMIT], "[0, %d)", LIMIT);
    CHECK(count_or_die(0, 100000000) == 5761455, "pi(10^8)");
    free(prefix);
    free(isprime);

    /* Near 2^32 (where base primes reach 2^16) and near 10^12, against Miller-Rabin. */
    const uint64_t bases[] = {((uint64_t)1 << 32) - 3000, 1000000000000u - 1500, (uint64_t)1 << 45};
    for (size_t b = 0; b < 3; b++) {
        uint64_t expected = 0;
        for (uint64_t n = bases[b]; n < bases[b] + 6000; n++) expected += (uint64_t)ref_is_prime(n);
        CHECK(count_or_die(bases[b], bases[b] + 6000) == expected, "6000 from %" PRIu64, bases[b]);
    }
    /* Near 2^64, the streaming sieve (every base prime up to 2^32; about a second
     * each, three under ASan): the top 3000 numbers against Miller-Rabin, and the
     * largest prime alone, masked at both ends of one byte. The Swift suite has
     * primesieve's count for the top 10^6. */
    uint64_t expected = 0;
    for (uint64_t n = UINT64_MAX - 3000; n < UINT64_MAX; n++) expected += (uint64_t)ref_is_prime(n);
    CHECK(count_or_die(UINT64_MAX - 3000, UINT64_MAX) == expected, "top 3000: expected %" PRIu64, expected);
    CHECK(count_or_die(LARGEST_PRIME, LARGEST_PRIME + 1) == 1, "[2^64 - 59, 2^64 - 58)");

    /* The tiers of the sieve (CSupport/sieve.c), against primesieve: segment
     * edges (a segment is 256 KiB = 7864320 numbers, a small-prime window
     * 983040), ranges wide enough for the full 7..53 pre-sieve that start and
     * end inside its periods, big primes in buckets whose ring of segments
     * wraps (near 2^40), and the streaming tier with its bins (near 2^50:
     * base primes above 2^22 generated by an inner walk, their multiples
     * binned per region and applied when a bin fills). */
    static const struct {
        uint64_t lo, hi, count;
    } tiers[] = {
        {7864313, 15728647, 483481},        {7864320, 7864321, 0},
        {0, 7864320, 531252},               {7864320, 62914560, 3193326},
        {62914559, 62914580, 0},            {983033, 983047, 0},
        {510510, 126000000, 7121483},       {16054957, 216054957, 10882900},
        {1099481627776, 1099571627776, 3248184},
        {1125899906842624, 1125899926842624, 576620},
        {1125899906842623, 1125899926842625, 576620},
    };
    for (size_t t = 0; t < sizeof tiers / sizeof *tiers; t++)
        CHECK(count_or_die(tiers[t].lo, tiers[t].hi) == tiers[t].count, "[%" PRIu64 ", %" PRIu64 ")",
              tiers[t].lo, tiers[t].hi);
    /* Cut anywhere, the parts add up: across windows, segments, pattern periods
     * and bucket slots. */
    const uint64_t starts[] = {0, 7864320 - 1000, (uint64_t)1 << 40, ((uint64_t)1 << 50) + 7};
    for (size_t b = 0; b < sizeof starts / sizeof *starts; b++) {
        const uint64_t span = 40000000;
        uint64_t whole = count_or_die(starts[b], starts[b] + span);
        for (int i = 0; i < 3; i++) {
            uint64_t cut = starts[b] + next_random() % span;
            CHECK(count_or_die(starts[b], cut) + count_or_die(cut, starts[b] + span) == whole,
                  "cut at %" PRIu64, cut);
        }
    }

    /* Empty ranges, bad ranges, NULL. */
    uint64_t count = 99;
    CHECK(gs_count_primes(7, 7, NULL, &count) == GS_OK && count == 0, "empty");
    CHECK(gs_count_primes(UINT64_MAX, UINT64_MAX, NULL, &count) == GS_OK && count == 0, "empty at the top");
    count = 99;
    CHECK(gs_count_primes(10, 9, NULL, &count) == GS_INVALID_ARGUMENT && count == 99, "lo > hi");
    CHECK(gs_count_primes(UINT64_MAX, 0, NULL, &count) == GS_INVALID_ARGUMENT && count == 99, "lo > hi");
    CHECK(gs_count_primes(0, 10, NULL, NULL) == GS_INVALID_ARGUMENT, "NULL count");

    /* Cancellation: raised before the call, and from another thread mid-call. */
    int flag = 1;
    count = 99;
    CHECK(gs_count_primes(0, 1000, &flag, &count) == GS_CANCELLED && count == 99, "raised before");
    flag = 0;
    CHECK(gs_count_primes(0, 1000, &flag, &count) == GS_OK && count == 168, "flag down");
    struct cancel_context c = {0, GS_OK, 99};
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, count_until_cancelled, &c) == 0, "pthread_create");
    struct timespec pause = {0, 50 * 1000 * 1000};
    nanosleep(&pause, NULL);
    gs_cancel_flag_raise(&c.flag);
    pthread_join(thread, NULL);
    CHECK(c.status == GS_CANCELLED && c.count == 99, "cancelled mid-count: %d", (int)c.status);
}

static void test_first_primes(void) {
    enum { K = 200000 }; /* p_K = 2750159 */
    unsigned char *isprime = ref_sieve(2750160);
    uint64_t *reference = xmalloc(sizeof *reference * K);
    size_t n = 0;
    for (size_t v = 0; n < K; v++)
        if (isprime[v]) reference[n++] = v;
    free(isprime);
    const size_t ks[] = {1, 2, 3, 4, 5, 6, 7, 8, 100, 1000, 78498, K};
    for (size_t i = 0; i < sizeof ks / sizeof *ks; i++) {
        uint64_t *out = xmalloc(sizeof *out * ks[i]); /* exactly k: a write past it is an ASan error */
        CHECK(gs_first_primes(ks[i], out) == GS_OK, "first_primes(%zu)", ks[i]);
        CHECK(memcmp(out, reference, sizeof *out * ks[i]) == 0, "first_primes(%zu) differs", ks[i]);
        free(out);
    }
    CHECK(gs_first_primes(0, NULL) == GS_OK, "k = 0, NULL");
    uint64_t one = 0;
    CHECK(gs_first_primes(0, &one) == GS_OK && one == 0, "k = 0 writes nothing");
    CHECK(gs_first_primes(5, NULL) == GS_INVALID_ARGUMENT, "NULL out");
    /* Beyond pi(2^64): out of range before anything is touched (out is too small on purpose). */
    CHECK(gs_first_primes((size_t)425656284035217744u, &one) == GS_OUT_OF_RANGE, "k > pi(2^64)");
    CHECK(gs_first_primes(SIZE_MAX, &one) == GS_OUT_OF_RANGE, "k = SIZE_MAX");
    free(reference);
}

/* ------------------------------------------------------------------ batches */

static void test_batches(void) {
    enum { N = 5000 }; /* several CANCEL_EVERY blocks and a ragged end */
    uint64_t *values = xmalloc(sizeof *values * N), *b = xmalloc(sizeof *b * N);
    uint64_t *out64 = xmalloc(sizeof *out64 * N);
    uint8_t *out8 = xmalloc(N);
    for (size_t i = 0; i < N; i++) {
        uint64_t r = next_random();
        values[i] = i < 100 ? i : i < 200 ? UINT64_MAX - 300 + i : i < 300 ? (uint64_t)(-(int64_t)(i - 200))
                                                                           : r >> (r % 64);
        b[i] = next_random() >> (next_random() % 64);
        if (i % 7 == 0) b[i] = values[i] * 3;
    }
    values[N - 1] = (uint64_t)INT64_MIN;

    for (int kind = GS_ITEMS_U64; kind <= GS_ITEMS_I64; kind++) {
        CHECK(gs_is_prime_many(values, N, (gs_items)kind, out8, NULL) == GS_OK, "is_prime_many");
        for (size_t i = 0; i < N; i++) {
            int negative = kind == GS_ITEMS_I64 && (int64_t)values[i] < 0;
            CHECK(out8[i] == (negative ? 0 : ref_is_prime(values[i])), "is_prime_many[%zu] = %u for %" PRIu64, i,
                  out8[i], values[i]);
        }
        CHECK(gs_gcd_many(values, (gs_items)kind, b, GS_ITEMS_U64, N, out64, NULL) == GS_OK, "gcd_many");
        for (size_t i = 0; i < N; i++) {
            uint64_t a = kind == GS_ITEMS_I64 && (int64_t)values[i] < 0 ? 0 - values[i] : values[i];
            CHECK(out64[i] == ref_gcd(a, b[i]), "gcd_many[%zu]", i);
        }
        CHECK(gs_gcd_many(b, GS_ITEMS_U64, values, (gs_items)kind, N, out64, NULL) == GS_OK, "gcd_many swapped");
        for (size_t i = 0; i < N; i++) {
            uint64_t a = kind == GS_ITEMS_I64 && (int64_t)values[i] < 0 ? 0 - values[i] : values[i];
            CHECK(out64[i] == ref_gcd(b[i], a), "gcd_many swapped[%zu]", i);
        }
    }
    int64_t signed_pairs[4] = {INT64_MIN, 0, -12, -18};
    uint64_t pair_a[2] = {(uint64_t)signed_pairs[0], (uint64_t)signed_pairs[2]};
    uint64_t pair_b[2] = {(uint64_t)signed_pairs[1], (uint64_t)signed_pairs[3]};
    uint64_t pair_out[2];
    CHECK(gs_gcd_many(pair_a, GS_ITEMS_I64, pair_b, GS_ITEMS_I64, 2, pair_out, NULL) == GS_OK &&
              pair_out[0] == (uint64_t)1 << 63 && pair_out[1] == 6,
          "gcd_many(INT64_MIN, 0), (-12, -18)");

    /* next_prime_many: signed items (negatives give 2), then unsigned up to the failure. */
    size_t failed = 12345;
    CHECK(gs_next_prime_many(values, N, GS_ITEMS_I64, out64, &failed, NULL) == GS_OK && failed == 12345,
          "next_prime_many signed");
    for (size_t i = 0; i < N; i++) {
        uint64_t expected;
        if ((int64_t)values[i] < 0) {
            expected = 2;
        } else {
            CHECK(gs_next_prime_u64(values[i], &expected) == GS_OK, "scalar");
        }
        CHECK(out64[i] == expected, "next_prime_many[%zu]", i);
    }
    /* Unsigned: values[100..199] run up to 2^64 - 102, below the largest prime; put one item past it. */
    uint64_t saved = values[150];
    values[150] = LARGEST_PRIME;
    failed = 0;
    CHECK(gs_next_prime_many(values, N, GS_ITEMS_U64, out64, &failed, NULL) == GS_OUT_OF_RANGE && failed == 150,
          "next_prime_many failure at %zu", failed);
    for (size_t i = 0; i < 150; i++) {
        uint64_t expected = 0;
        gs_next_prime_u64(values[i], &expected);
        CHECK(out64[i] == expected, "next_prime_many before the failure [%zu]", i);
    }
    CHECK(gs_next_prime_many(values, N, GS_ITEMS_U64, out64, NULL, NULL) == GS_OUT_OF_RANGE, "NULL failed_index");
    values[150] = saved;

    /* n = 0 with NULL arrays; NULL arrays with n > 0; cancellation. */
    CHECK(gs_is_prime_many(NULL, 0, GS_ITEMS_U64, NULL, NULL) == GS_OK, "n = 0");
    CHECK(gs_next_prime_many(NULL, 0, GS_ITEMS_U64, NULL, NULL, NULL) == GS_OK, "n = 0");
    CHECK(gs_gcd_many(NULL, GS_ITEMS_U64, NULL, GS_ITEMS_U64, 0, NULL, NULL) == GS_OK, "n = 0");
    CHECK(gs_is_prime_many(NULL, 1, GS_ITEMS_U64, out8, NULL) == GS_INVALID_ARGUMENT, "NULL values");
    CHECK(gs_is_prime_many(values, 1, GS_ITEMS_U64, NULL, NULL) == GS_INVALID_ARGUMENT, "NULL out");
    CHECK(gs_next_prime_many(NULL, 1, GS_ITEMS_U64, out64, NULL, NULL) == GS_INVALID_ARGUMENT, "NULL values");
    CHECK(gs_next_prime_many(values, 1, GS_ITEMS_U64, NULL, NULL, NULL) == GS_INVALID_ARGUMENT, "NULL out");
    CHECK(gs_gcd_many(NULL, GS_ITEMS_U64, b, GS_ITEMS_U64, 1, out64, NULL) == GS_INVALID_ARGUMENT, "NULL a");
    CHECK(gs_gcd_many(values, GS_ITEMS_U64, NULL, GS_ITEMS_U64, 1, out64, NULL) == GS_INVALID_ARGUMENT, "NULL b");
    CHECK(gs_gcd_many(values, GS_ITEMS_U64, b, GS_ITEMS_U64, 1, NULL, NULL) == GS_INVALID_ARGUMENT, "NULL out");
    int flag = 1;
    CHECK(gs_is_prime_many(values, N, GS_ITEMS_U64, out8, &flag) == GS_CANCELLED, "cancelled");
    CHECK(gs_next_prime_many(values, N, GS_ITEMS_I64, out64, NULL, &flag) == GS_CANCELLED, "cancelled");
    CHECK(gs_gcd_many(values, GS_ITEMS_U64, b, GS_ITEMS_U64, N, out64, &flag) == GS_CANCELLED, "cancelled");
    flag = 0;
    CHECK(gs_is_prime_many(values, N, GS_ITEMS_U64, out8, &flag) == GS_OK, "flag down");

    /* Exact-size single-item arrays: the kernels must not touch item 1. */
    uint64_t *one_value = xmalloc(sizeof *one_value), *one_out = xmalloc(sizeof *one_out);
    uint8_t *one_flag = xmalloc(1);
    *one_value = 97;
    CHECK(gs_is_prime_many(one_value, 1, GS_ITEMS_U64, one_flag, NULL) == GS_OK && *one_flag == 1, "one item");
    CHECK(gs_next_prime_many(one_value, 1, GS_ITEMS_U64, one_out, NULL, NULL) == GS_OK && *one_out == 101, "one item");
    CHECK(gs_gcd_many(one_value, GS_ITEMS_U64, one_value, GS_ITEMS_I64, 1, one_out, NULL) == GS_OK && *one_out == 97,
          "one item");
    free(one_value);
    free(one_out);
    free(one_flag);
    free(values);
    free(b);
    free(out64);
    free(out8);
}

/* ------------------------------------------------------------- big integers */

static const char DIGITS[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char DIGITS_ABOVE_36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* The digits of a 64-bit value in base 2..62, the way the header documents them. */
static void ref_to_string(uint64_t magnitude, int negative, int base, char *buf) {
    const char *alphabet = base <= 36 ? DIGITS : DIGITS_ABOVE_36;
    char tmp[80];
    size_t n = 0;
    do {
        tmp[n++] = alphabet[magnitude % (uint64_t)base];
        magnitude /= (uint64_t)base;
    } while (magnitude);
    size_t k = 0;
    if (negative) buf[k++] = '-';
    while (n) buf[k++] = tmp[--n];
    buf[k] = '\0';
}

/* The string in an exactly sized heap buffer, so ASan checks the capacity rule. */
static char *to_string(const gs_bigint *x, int base) {
    size_t capacity = gs_bigint_string_capacity(x, base);
    CHECK(capacity >= 2, "capacity %zu", capacity);
    char *buf = xmalloc(capacity);
    gs_status status = gs_bigint_get_string(x, base, buf, capacity);
    CHECK(status == GS_OK, "get_string base %d: %d", base, (int)status);
    if (status != GS_OK) buf[0] = '\0';
    return buf;
}

static gs_bigint *make(void) {
    gs_bigint *x = NULL;
    gs_status status = gs_bigint_create(&x);
    if (status != GS_OK || !x) {
        fprintf(stderr, "gs_bigint_create: %d\n", (int)status);
        exit(2);
    }
    return x;
}

static void set_string_or_fail(gs_bigint *x, const char *text, int base) {
    gs_status status = gs_bigint_set_string(x, text, base);
    CHECK(status == GS_OK, "set_string(\"%.40s\", %d) = %d", text, base, (int)status);
}

static void test_bigint_strings_and_values(void) {
    gs_bigint *x = make(), *y = make();
    uint64_t v = 12345;
    CHECK(gs_bigint_get_u64(x, &v) == 1 && v == 0, "a new integer is 0");
    CHECK(gs_bigint_byte_length(x) == 0, "0 has no bytes");
    char *s = to_string(x, 10);
    CHECK(strcmp(s, "0") == 0, "%s", s);
    free(s);

    /* 64-bit values in every base, both ways, against the reference digits. */
    char expected[80];
    for (int i = 0; i < 400; i++) {
        uint64_t magnitude = i < 4 ? (uint64_t[]){0, 1, UINT64_MAX, (uint64_t)1 << 63}[i]
                                   : next_random() >> (next_random() % 64);
        int negative = i % 3 == 1 && magnitude != 0 && magnitude <= (uint64_t)1 << 63;
        if (negative) {
            CHECK(gs_bigint_set_i64(x, (int64_t)(0 - magnitude)) == GS_OK, "set_i64");
        } else {
            CHECK(gs_bigint_set_u64(x, magnitude) == GS_OK, "set_u64");
        }
        uint64_t back = 0;
        CHECK(gs_bigint_get_u64(x, &back) == !negative && (negative || back == magnitude), "get_u64 %" PRIu64,
              magnitude);
        for (int base = 2; base <= 62; base++) {
            ref_to_string(magnitude, negative, base, expected);
            s = to_string(x, base);
            CHECK(strcmp(s, expected) == 0, "base %d: %s, expected %s", base, s, expected);
            free(s);
            CHECK(gs_bigint_set_string(y, expected, base) == GS_OK, "parse %s base %d", expected, base);
            CHECK(gs_bigint_compare(x, y) == 0, "round trip %s base %d", expected, base);
            if (base <= 36) { /* case is ignored up to base 36 */
                for (char *c = expected; *c; c++)
                    if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
                CHECK(gs_bigint_set_string(y, expected, base) == GS_OK && gs_bigint_compare(x, y) == 0,
                      "upper case %s base %d", expected, base);
            }
        }
    }
    CHECK(gs_bigint_set_i64(x, INT64_MIN) == GS_OK, "INT64_MIN");
    s = to_string(x, 10);
    CHECK(strcmp(s, "-9223372036854775808") == 0, "%s", s);
    free(s);
    CHECK(gs_bigint_get_u64(x, NULL) == 0, "negative does not fit");

    /* Signs, and values just past 64 bits. */
    set_string_or_fail(x, "+17", 10);
    CHECK(gs_bigint_get_u64(x, &v) && v == 17, "+17");
    set_string_or_fail(x, "-0", 10);
    CHECK(gs_bigint_get_u64(x, &v) && v == 0, "-0");
    s = to_string(x, 10);
    CHECK(strcmp(s, "0") == 0, "-0 prints as %s", s);
    free(s);
    set_string_or_fail(x, "18446744073709551616", 10);
    CHECK(gs_bigint_get_u64(x, &v) == 0, "2^64 does not fit");
    CHECK(gs_bigint_byte_length(x) == 9, "2^64 has 9 bytes");
    set_string_or_fail(y, "z", 62);
    CHECK(gs_bigint_get_u64(y, &v) && v == 61, "z in base 62");
    set_string_or_fail(y, "Z", 62);
    CHECK(gs_bigint_get_u64(y, &v) && v == 35, "Z in base 62");
    set_string_or_fail(y, "a", 37);
    CHECK(gs_bigint_get_u64(y, &v) && v == 36, "a in base 37");

    /* A 3000-digit number and its negation, in several bases. */
    char *long_text = xmalloc(3002);
    long_text[0] = '-';
    for (int i = 1; i <= 3000; i++) long_text[i] = (char)('1' + (i * 7) % 9);
    long_text[3001] = '\0';
    set_string_or_fail(x, long_text, 10);
    s = to_string(x, 10);
    CHECK(strcmp(s, long_text) == 0, "3000 digits");
    free(s);
    for (int base = 2; base <= 62; base += 5) {
        s = to_string(x, base);
        CHECK(gs_bigint_set_string(y, s, base) == GS_OK && gs_bigint_compare(x, y) == 0, "base %d", base);
        free(s);
    }
    set_string_or_fail(y, long_text + 1, 10);
    CHECK(gs_bigint_compare(x, y) == -1 && gs_bigint_compare(y, x) == 1, "sign orders");

    /* Bad strings and bases leave the value alone. */
    const char *bad[] = {"", "-", "+", " 1", "1 ", "1 2", "0x10", "1_000", "12a", "--1", "+-1", "1.5",
                         "\xd9\xa1\xd9\xa2", "\t1", "1\n"};
    set_string_or_fail(x, "4242", 10);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK(gs_bigint_set_string(x, bad[i], 10) == GS_INVALID_ARGUMENT, "accepted \"%s\"", bad[i]);
        CHECK(gs_bigint_get_u64(x, &v) && v == 4242, "changed by \"%s\"", bad[i]);
    }
    CHECK(gs_bigint_set_string(x, "2", 2) == GS_INVALID_ARGUMENT, "2 in base 2");
    CHECK(gs_bigint_set_string(x, "g", 16) == GS_INVALID_ARGUMENT, "g in base 16");
    CHECK(gs_bigint_set_string(x, "z", 40) == GS_INVALID_ARGUMENT, "z in base 40");
    const int bad_bases[] = {-1, 0, 1, 63, 1000};
    for (size_t i = 0; i < 5; i++) {
        CHECK(gs_bigint_set_string(x, "10", bad_bases[i]) == GS_INVALID_ARGUMENT, "base %d", bad_bases[i]);
        CHECK(gs_bigint_string_capacity(x, bad_bases[i]) == 0, "capacity in base %d", bad_bases[i]);
        char buf[64];
        CHECK(gs_bigint_get_string(x, bad_bases[i], buf, sizeof buf) == GS_INVALID_ARGUMENT, "get base %d",
              bad_bases[i]);
    }
    CHECK(gs_bigint_get_u64(x, &v) && v == 4242, "bad bases changed the value");
    CHECK(gs_bigint_set_string(x, NULL, 10) == GS_INVALID_ARGUMENT, "NULL text");
    CHECK(gs_bigint_set_string(NULL, "1", 10) == GS_INVALID_ARGUMENT, "NULL handle");

    /* get_string: buffer one too small, NULL buffer. */
    size_t capacity = gs_bigint_string_capacity(x, 10);
    char *small = xmalloc(capacity - 1);
    CHECK(gs_bigint_get_string(x, 10, small, capacity - 1) == GS_BUFFER_TOO_SMALL, "too small");
    CHECK(gs_bigint_get_string(x, 10, NULL, capacity) == GS_INVALID_ARGUMENT, "NULL buffer");
    CHECK(gs_bigint_get_string(NULL, 10, small, capacity - 1) == GS_INVALID_ARGUMENT, "NULL handle");
    CHECK(gs_bigint_string_capacity(NULL, 10) == 0, "NULL handle");
    free(small);

    /* copy, including onto itself. */
    set_string_or_fail(x, long_text, 10);
    CHECK(gs_bigint_copy(y, x) == GS_OK && gs_bigint_compare(x, y) == 0, "copy");
    CHECK(gs_bigint_copy(x, x) == GS_OK && gs_bigint_compare(x, y) == 0, "copy onto itself");
    CHECK(gs_bigint_copy(NULL, x) == GS_INVALID_ARGUMENT && gs_bigint_copy(x, NULL) == GS_INVALID_ARGUMENT,
          "NULL copy");
    CHECK(gs_bigint_set_i64(NULL, 1) == GS_INVALID_ARGUMENT && gs_bigint_set_u64(NULL, 1) == GS_INVALID_ARGUMENT,
          "NULL set");
    free(long_text);
    gs_bigint_destroy(x);
    gs_bigint_destroy(y);
}

static void test_bigint_bytes(void) {
    gs_bigint *x = make(), *y = make();
    for (size_t len = 0; len <= 70; len++) {
        uint8_t *bytes = xmalloc(len);
        for (size_t i = 0; i < len; i++) bytes[i] = (uint8_t)next_random();
        if (len) bytes[0] |= 1; /* no leading zero: byte_length is then exactly len */
        for (int big_endian = 0; big_endian <= 1; big_endian++) {
            /* Little-endian input: its most significant byte is the last one. */
            uint8_t *ordered = xmalloc(len);
            for (size_t i = 0; i < len; i++) ordered[i] = big_endian ? bytes[i] : bytes[len - 1 - i];
            for (int negative = 0; negative <= 1; negative++) {
                CHECK(gs_bigint_set_bytes(x, len ? ordered : NULL, len, big_endian, negative) == GS_OK, "set_bytes");
                CHECK(gs_bigint_byte_length(x) == len, "byte_length %zu", gs_bigint_byte_length(x));
                uint8_t *back = xmalloc(len);
                size_t written = 99;
                int sign = 99;
                CHECK(gs_bigint_get_bytes(x, back, len, big_endian, &written, &sign) == GS_OK, "get_bytes");
                CHECK(written == len && sign == (negative && len > 0), "len %zu sign %d", written, sign);
                CHECK(memcmp(back, ordered, len) == 0, "bytes differ at length %zu", len);
                if (len > 0) {
                    CHECK(gs_bigint_get_bytes(x, back, len - 1, big_endian, &written, &sign) == GS_BUFFER_TOO_SMALL,
                          "capacity one short");
                    CHECK(gs_bigint_get_bytes(x, NULL, len, big_endian, NULL, NULL) == GS_INVALID_ARGUMENT,
                          "NULL buffer");
                }
                CHECK(gs_bigint_get_bytes(x, back, len, big_endian, NULL, NULL) == GS_OK, "NULL out-pointers");
                free(back);
                if (len <= 8 && !negative) {
                    uint64_t expected = 0, v = 0;
                    for (size_t i = 0; i < len; i++) expected = expected << 8 | bytes[i];
                    CHECK(gs_bigint_get_u64(x, &v) == 1 && v == expected, "get_u64 from %zu bytes", len);
                }
            }
            free(ordered);
        }
        free(bytes);
    }
    /* Leading zero bytes are dropped; negative zero is zero. */
    const uint8_t padded[4] = {0, 0, 1, 2};
    CHECK(gs_bigint_set_bytes(x, padded, 4, 1, 1) == GS_OK && gs_bigint_byte_length(x) == 2, "padded");
    CHECK(gs_bigint_set_bytes(y, NULL, 0, 1, 1) == GS_OK && gs_bigint_byte_length(y) == 0, "-0");
    int sign = 99;
    size_t written = 99;
    CHECK(gs_bigint_get_bytes(y, NULL, 0, 1, &written, &sign) == GS_OK && written == 0 && sign == 0, "0 to bytes");
    CHECK(gs_bigint_set_bytes(x, NULL, 3, 1, 0) == GS_INVALID_ARGUMENT, "NULL bytes");
    CHECK(gs_bigint_set_bytes(NULL, padded, 4, 1, 0) == GS_INVALID_ARGUMENT, "NULL handle");
    CHECK(gs_bigint_get_bytes(NULL, NULL, 0, 1, NULL, NULL) == GS_INVALID_ARGUMENT, "NULL handle");
    CHECK(gs_bigint_byte_length(NULL) == 0, "NULL handle");
    CHECK(gs_bigint_get_u64(NULL, NULL) == 0, "NULL handle");
    gs_bigint_destroy(x);
    gs_bigint_destroy(y);
}

/* 2^bits - 1 as a string of ones in base 2. */
static void set_mersenne(gs_bigint *x, int bits) {
    char *ones = xmalloc((size_t)bits + 1);
    memset(ones, '1', (size_t)bits);
    ones[bits] = '\0';
    set_string_or_fail(x, ones, 2);
    free(ones);
}

static void test_bigint_gcd_and_primes(void) {
    gs_bigint *a = make(), *b = make(), *g = make(), *expected = make();
    /* 64-bit operands, signs included, against Euclid. */
    for (int i = 0; i < 2000; i++) {
        uint64_t x = next_random() >> (next_random() % 64), y = next_random() >> (next_random() % 64);
        gs_bigint_set_u64(a, x);
        gs_bigint_set_u64(b, y);
        if (i % 4 == 1) gs_bigint_set_i64(a, -(int64_t)(x >> 1));
        if (i % 4 == 2) gs_bigint_set_i64(b, -(int64_t)(y >> 1));
        uint64_t ma = i % 4 == 1 ? x >> 1 : x, mb = i % 4 == 2 ? y >> 1 : y;
        uint64_t v = 0;
        CHECK(gs_bigint_gcd(g, a, b) == GS_OK && gs_bigint_get_u64(g, &v) && v == ref_gcd(ma, mb),
              "gcd(%" PRIu64 ", %" PRIu64 ")", ma, mb);
    }
    /* gcd(2^m - 1, 2^n - 1) = 2^gcd(m, n) - 1, far beyond 64 bits; out aliasing an input. */
    const int pairs[][2] = {{3000, 2100}, {1279, 2203}, {4096, 1024}, {97, 97}, {64, 65}};
    for (size_t i = 0; i < 5; i++) {
        set_mersenne(a, pairs[i][0]);
        set_mersenne(b, pairs[i][1]);
        set_mersenne(expected, (int)ref_gcd((uint64_t)pairs[i][0], (uint64_t)pairs[i][1]));
        CHECK(gs_bigint_gcd(g, a, b) == GS_OK && gs_bigint_compare(g, expected) == 0, "Mersenne gcd %zu", i);
        CHECK(gs_bigint_gcd(a, a, b) == GS_OK && gs_bigint_compare(a, expected) == 0, "aliased gcd %zu", i);
    }
    gs_bigint_set_u64(a, 0);
    gs_bigint_set_u64(b, 0);
    uint64_t v = 99;
    CHECK(gs_bigint_gcd(g, a, b) == GS_OK && gs_bigint_get_u64(g, &v) && v == 0, "gcd(0, 0)");
    CHECK(gs_bigint_gcd(NULL, a, b) == GS_INVALID_ARGUMENT && gs_bigint_gcd(g, NULL, b) == GS_INVALID_ARGUMENT &&
              gs_bigint_gcd(g, a, NULL) == GS_INVALID_ARGUMENT,
          "NULL gcd");

    /* Primality: small numbers against trial division, Mersenne numbers, rounds. */
    int answer = -1;
    for (uint64_t n = 0; n < 3000; n++) {
        gs_bigint_set_u64(a, n);
        CHECK(gs_bigint_probab_prime(a, 25, &answer) == GS_OK && (answer != 0) == trial_is_prime(n),
              "probab_prime(%" PRIu64 ") = %d", n, answer);
        gs_bigint_set_i64(a, -(int64_t)n);
        CHECK(gs_bigint_probab_prime(a, 1, &answer) == GS_OK && (answer != 0) == trial_is_prime(n),
              "probab_prime(-%" PRIu64 ") = %d", n, answer);
    }
    const int mersenne_exponents[] = {61, 89, 107, 127, 521, 607};
    for (size_t i = 0; i < 6; i++) {
        set_mersenne(a, mersenne_exponents[i]);
        CHECK(gs_bigint_probab_prime(a, 30, &answer) == GS_OK && answer >= 1, "M%d", mersenne_exponents[i]);
        set_mersenne(a, mersenne_exponents[i] + 2); /* no exponent p + 2 here gives a prime */
        CHECK(gs_bigint_probab_prime(a, 30, &answer) == GS_OK && answer == 0, "M%d", mersenne_exponents[i] + 2);
    }
    gs_bigint_set_u64(a, 97);
    CHECK(gs_bigint_probab_prime(a, 0, &answer) == GS_OUT_OF_RANGE, "rounds 0");
    CHECK(gs_bigint_probab_prime(a, 1001, &answer) == GS_OUT_OF_RANGE, "rounds 1001");
    CHECK(gs_bigint_probab_prime(a, 1000, &answer) == GS_OK && answer == 2, "rounds 1000");
    CHECK(gs_bigint_probab_prime(a, 10, NULL) == GS_INVALID_ARGUMENT, "NULL answer");
    CHECK(gs_bigint_probab_prime(NULL, 10, &answer) == GS_INVALID_ARGUMENT, "NULL handle");

    /* next_prime against the 64-bit kernel, across 2^64, negatives, aliasing. */
    for (int i = 0; i < 300; i++) {
        uint64_t n = i < 50 ? (uint64_t)i : next_random() >> (next_random() % 64);
        if (n >= LARGEST_PRIME) continue;
        uint64_t want = 0, got = 0;
        gs_next_prime_u64(n, &want);
        gs_bigint_set_u64(a, n);
        CHECK(gs_bigint_next_prime(b, a) == GS_OK && gs_bigint_get_u64(b, &got) && got == want,
              "next_prime(%" PRIu64 ")", n);
        CHECK(gs_bigint_next_prime(a, a) == GS_OK && gs_bigint_compare(a, b) == 0, "aliased next_prime");
    }
    gs_bigint_set_u64(a, LARGEST_PRIME);
    set_string_or_fail(expected, "18446744073709551629", 10); /* 2^64 + 13 */
    CHECK(gs_bigint_next_prime(b, a) == GS_OK && gs_bigint_compare(b, expected) == 0, "past 2^64");
    gs_bigint_set_i64(a, -1000);
    CHECK(gs_bigint_next_prime(b, a) == GS_OK && gs_bigint_get_u64(b, &v) && v == 2, "negative gives 2");
    set_mersenne(a, 127);
    gs_bigint_set_u64(g, 0);
    CHECK(gs_bigint_next_prime(g, a) == GS_OK && gs_bigint_compare(g, a) == 1, "above M127");
    CHECK(gs_bigint_probab_prime(g, 30, &answer) == GS_OK && answer >= 1, "next prime above M127 is prime");
    CHECK(gs_bigint_next_prime(NULL, a) == GS_INVALID_ARGUMENT && gs_bigint_next_prime(a, NULL) == GS_INVALID_ARGUMENT,
          "NULL next_prime");

    /* create and destroy: NULL, and many handles (a leak would show in LeakSanitizer). */
    CHECK(gs_bigint_create(NULL) == GS_INVALID_ARGUMENT, "create(NULL)");
    gs_bigint_destroy(NULL);
    for (int i = 0; i < 1000; i++) {
        gs_bigint *t = make();
        set_mersenne(t, 100 + i % 50);
        gs_bigint_destroy(t);
    }
    gs_bigint_destroy(a);
    gs_bigint_destroy(b);
    gs_bigint_destroy(g);
    gs_bigint_destroy(expected);
}

int main(void) {
    struct {
        const char *name;
        void (*run)(void);
    } tests[] = {
        {"status and cancellation flags", test_status_and_flags},
        {"churn", test_churn},
        {"gcd", test_gcd},
        {"is_prime and next_prime", test_is_prime_and_next_prime},
        {"count_primes", test_count_primes},
        {"first_primes", test_first_primes},
        {"batches", test_batches},
        {"bigint strings and values", test_bigint_strings_and_values},
        {"bigint bytes", test_bigint_bytes},
        {"bigint gcd and primes", test_bigint_gcd_and_primes},
    };
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++) {
        int before = failures;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        tests[i].run();
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
        printf("%-32s %s (%.2f s)\n", tests[i].name, failures == before ? "ok" : "FAILED", seconds);
    }
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
