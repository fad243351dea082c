/* primes_tests.c — the 64-bit primes: gs_is_prime_u64 and gs_next_prime_u64
 * (is_prime.c), gs_count_primes over every tier of the sieve (count_primes.c,
 * sieve*.c) with cancellation from another thread, and gs_first_primes
 * (first_primes.c). */
#include "check.h"

#include <inttypes.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------ 64-bit primes */

void test_is_prime_and_next_prime(void) {
    /* Every n below 200000 against trial division. */
    for (uint64_t n = 0; n < 200000; n++) CHECK(gs_is_prime_u64(n) == ref_is_prime_trial(n), "is_prime(%" PRIu64 ")", n);
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
    CHECK(gs_is_prime_u64(REF_LARGEST_PRIME) == 1, "2^64 - 59");

    uint64_t out = 0;
    CHECK(gs_next_prime_u64(0, NULL) == GS_INVALID_ARGUMENT, "NULL out");
    for (uint64_t n = 0; n < 20000; n++) {
        CHECK(gs_next_prime_u64(n, &out) == GS_OK, "next_prime(%" PRIu64 ")", n);
        uint64_t expected = n + 1;
        while (!ref_is_prime_trial(expected)) expected++;
        CHECK(out == expected, "next_prime(%" PRIu64 ") = %" PRIu64 ", expected %" PRIu64, n, out, expected);
    }
    for (int i = 0; i < 500; i++) {
        uint64_t n = next_random() >> (next_random() % 64);
        if (n >= REF_LARGEST_PRIME) continue;
        CHECK(gs_next_prime_u64(n, &out) == GS_OK, "next_prime(%" PRIu64 ")", n);
        uint64_t expected = n + 1;
        while (!ref_is_prime(expected)) expected++;
        CHECK(out == expected, "next_prime(%" PRIu64 ") = %" PRIu64 ", expected %" PRIu64, n, out, expected);
    }
    CHECK(gs_next_prime_u64(REF_LARGEST_PRIME - 1, &out) == GS_OK && out == REF_LARGEST_PRIME, "below the largest");
    CHECK(gs_next_prime_u64(REF_LARGEST_PRIME - 60, &out) == GS_OK && out == REF_LARGEST_PRIME - 36, "2^64 - 95");
    out = 7;
    CHECK(gs_next_prime_u64(REF_LARGEST_PRIME, &out) == GS_OUT_OF_RANGE && out == 7, "past the largest");
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

void test_count_primes(void) {
    enum { LIMIT = 3000000 };
    unsigned char *isprime = ref_sieve(LIMIT);
    uint64_t *prefix = exact_malloc(sizeof *prefix * (LIMIT + 1)); /* prefix[n] = primes below n */
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
    CHECK(count_or_die(REF_LARGEST_PRIME, REF_LARGEST_PRIME + 1) == 1, "[2^64 - 59, 2^64 - 58)");

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

void test_first_primes(void) {
    enum { K = 200000 }; /* p_K = 2750159 */
    unsigned char *isprime = ref_sieve(2750160);
    uint64_t *reference = exact_malloc(sizeof *reference * K);
    size_t n = 0;
    for (size_t v = 0; n < K; v++)
        if (isprime[v]) reference[n++] = v;
    free(isprime);
    const size_t ks[] = {1, 2, 3, 4, 5, 6, 7, 8, 100, 1000, 78498, K};
    for (size_t i = 0; i < sizeof ks / sizeof *ks; i++) {
        uint64_t *out = exact_malloc(sizeof *out * ks[i]); /* exactly k: a write past it is an ASan error */
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
