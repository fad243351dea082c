/* bigint_tests.c — the big integers (bigint.c): strings in every base, bytes
 * in both orders, u64 values, copy, gcd, primality and next prime, and the
 * NULL and bad-input paths of each. */
#include "check.h"

#include <inttypes.h>
#include <string.h>

/* The string in an exactly sized heap buffer, so ASan checks the capacity rule. */
static char *to_string(const gs_bigint *x, int base) {
    size_t capacity = gs_bigint_string_capacity(x, base);
    CHECK(capacity >= 2, "capacity %zu", capacity);
    char *buf = exact_malloc(capacity);
    gs_status status = gs_bigint_get_string(x, base, buf, capacity);
    CHECK(status == GS_OK, "get_string base %d: %d", base, (int)status);
    if (status != GS_OK) buf[0] = '\0';
    return buf;
}

static void set_string_or_fail(gs_bigint *x, const char *text, int base) {
    gs_status status = gs_bigint_set_string(x, text, base);
    CHECK(status == GS_OK, "set_string(\"%.40s\", %d) = %d", text, base, (int)status);
}

void test_bigint_strings_and_values(void) {
    gs_bigint *x = new_bigint(), *y = new_bigint();
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
    char *long_text = exact_malloc(3002);
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
    char *small = exact_malloc(capacity - 1);
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

void test_bigint_bytes(void) {
    gs_bigint *x = new_bigint(), *y = new_bigint();
    for (size_t len = 0; len <= 70; len++) {
        uint8_t *bytes = exact_malloc(len);
        for (size_t i = 0; i < len; i++) bytes[i] = (uint8_t)next_random();
        if (len) bytes[0] |= 1; /* no leading zero: byte_length is then exactly len */
        for (int big_endian = 0; big_endian <= 1; big_endian++) {
            /* Little-endian input: its most significant byte is the last one. */
            uint8_t *ordered = exact_malloc(len);
            for (size_t i = 0; i < len; i++) ordered[i] = big_endian ? bytes[i] : bytes[len - 1 - i];
            for (int negative = 0; negative <= 1; negative++) {
                CHECK(gs_bigint_set_bytes(x, len ? ordered : NULL, len, big_endian, negative) == GS_OK, "set_bytes");
                CHECK(gs_bigint_byte_length(x) == len, "byte_length %zu", gs_bigint_byte_length(x));
                uint8_t *back = exact_malloc(len);
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
    char *ones = exact_malloc((size_t)bits + 1);
    memset(ones, '1', (size_t)bits);
    ones[bits] = '\0';
    set_string_or_fail(x, ones, 2);
    free(ones);
}

void test_bigint_gcd_and_primes(void) {
    gs_bigint *a = new_bigint(), *b = new_bigint(), *g = new_bigint(), *expected = new_bigint();
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
        CHECK(gs_bigint_probab_prime(a, 25, &answer) == GS_OK && (answer != 0) == ref_is_prime_trial(n),
              "probab_prime(%" PRIu64 ") = %d", n, answer);
        gs_bigint_set_i64(a, -(int64_t)n);
        CHECK(gs_bigint_probab_prime(a, 1, &answer) == GS_OK && (answer != 0) == ref_is_prime_trial(n),
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
        if (n >= REF_LARGEST_PRIME) continue;
        uint64_t want = 0, got = 0;
        gs_next_prime_u64(n, &want);
        gs_bigint_set_u64(a, n);
        CHECK(gs_bigint_next_prime(b, a) == GS_OK && gs_bigint_get_u64(b, &got) && got == want,
              "next_prime(%" PRIu64 ")", n);
        CHECK(gs_bigint_next_prime(a, a) == GS_OK && gs_bigint_compare(a, b) == 0, "aliased next_prime");
    }
    gs_bigint_set_u64(a, REF_LARGEST_PRIME);
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
        gs_bigint *t = new_bigint();
        set_mersenne(t, 100 + i % 50);
        gs_bigint_destroy(t);
    }
    gs_bigint_destroy(a);
    gs_bigint_destroy(b);
    gs_bigint_destroy(g);
    gs_bigint_destroy(expected);
}
