/* fuzz_bigint.c — libFuzzer harness for the big integers of CSupport.h (gs_bigint_*).
 *
 * Run by `make fuzz` (FUZZ_RUNS executions) and `make fuzz-smoke` (part of
 * `make test`); built by clang with -fsanitize=fuzzer,address,undefined, the
 * kernels instrumented too. Each input is a header of three bytes (a base, which
 * may be out of 2..62 on purpose, a second base, and flags) and a body used
 * both as text and as raw bytes. Every check abort()s on a mismatch:
 *   parse        gs_bigint_set_string(body as text, base) is GS_OK exactly when
 *                the text follows CSupport.h's grammar (checked by a
 *                reference parser written from that comment, which also
 *                computes the value digit by digit); on GS_INVALID_ARGUMENT the
 *                handle keeps its old value;
 *   strings      gs_bigint_get_string writes the canonical form (no '+', no
 *                leading zeros, the documented alphabet) within
 *                gs_bigint_string_capacity, refuses one byte less, and parses back
 *                to the same value, in the input's base and in a second base;
 *   bytes        gs_bigint_get_bytes / set_bytes round trips in both byte
 *                orders, exactly gs_bigint_byte_length bytes, the sign apart;
 *                set_bytes from the raw body against a byte-by-byte reference;
 *   u64, compare gs_bigint_get_u64 and gs_bigint_compare against the reference;
 *   gcd          gs_bigint_gcd (also in place) against Euclid by remainders;
 *   primes       gs_bigint_probab_prime (rounds in and out of 1..1000) and
 *                gs_bigint_next_prime on operands up to 160 bits: below 2^64
 *                against the 64-bit kernels, above it no prime is skipped.
 * The reference values are GMP integers built with plain arithmetic, not with
 * the GMP calls the kernels wrap (mpz_set_str, mpz_import, mpz_gcd); the digit
 * alphabet is the C suite's (Tests/CSupportTests/reference.h). */
#include "reference.h"

#include <gmp.h>
#include <string.h>

/* ------------------------------------------------------------ references */

/* 1 and the value in out when text is valid in base, else 0. */
static int ref_parse(const char *text, int base, mpz_t out) {
    if (base < 2 || base > 62) return 0;
    int negative = *text == '-';
    if (*text == '+' || *text == '-') text++;
    if (!*text) return 0;
    mpz_set_ui(out, 0);
    for (; *text; text++) {
        int v = ref_digit(*text, base);
        if (v < 0) return 0;
        mpz_mul_ui(out, out, (unsigned long)base);
        mpz_add_ui(out, out, (unsigned long)v);
    }
    if (negative) mpz_neg(out, out);
    return 1;
}

/* The canonical text of a valid input: sign only when negative and non-zero,
 * no leading zeros, the documented output alphabet. Caller frees. */
static char *ref_canonical(const char *text, int base) {
    int negative = *text == '-';
    if (*text == '+' || *text == '-') text++;
    while (text[0] == '0' && text[1]) text++;
    char *out = exact_malloc(strlen(text) + 2), *w = out;
    if (negative && strcmp(text, "0") != 0) *w++ = '-';
    for (; *text; text++) *w++ = ref_digit_char(ref_digit(*text, base), base);
    *w = '\0';
    return out;
}

/* The magnitude's bytes of x, least significant first, and its sign: the
 * observable value of a handle, through the documented calls only. */
static void value_of(const gs_bigint *x, mpz_t out) {
    size_t n = gs_bigint_byte_length(x), len = 0;
    uint8_t *buf = exact_malloc(n);
    int negative = -1;
    REQUIRE(gs_bigint_get_bytes(x, buf, n, 0, &len, &negative) == GS_OK && len == n, "get_bytes");
    mpz_set_ui(out, 0);
    for (size_t i = n; i-- > 0;) {
        mpz_mul_2exp(out, out, 8);
        mpz_add_ui(out, out, buf[i]);
    }
    REQUIRE(negative == 0 || (negative == 1 && n > 0), "sign %d of a %zu-byte value", negative, n);
    if (negative) mpz_neg(out, out);
    free(buf);
}

static int equals(const gs_bigint *x, const mpz_t want) {
    mpz_t got;
    mpz_init(got);
    value_of(x, got);
    int same = mpz_cmp(got, want) == 0;
    mpz_clear(got);
    return same;
}

static void set_ref(gs_bigint *x, const mpz_t value) {
    /* Through a hex string that the reference writes digit by digit. */
    mpz_t rest, digit;
    mpz_inits(rest, digit, NULL);
    mpz_abs(rest, value);
    size_t n = mpz_sizeinbase(rest, 16);
    char *text = exact_malloc(n + 2), *w = text + n + 1;
    *w = '\0';
    do {
        unsigned long d = mpz_fdiv_q_ui(rest, rest, 16);
        *--w = ref_digit_char((int)d, 16);
    } while (mpz_sgn(rest) != 0);
    if (mpz_sgn(value) < 0) *--w = '-';
    REQUIRE(gs_bigint_set_string(x, w, 16) == GS_OK, "set_string(%s, 16)", w);
    free(text);
    mpz_clears(rest, digit, NULL);
}

/* --------------------------------------------------------------- checks */

static void check_string_round_trip(const gs_bigint *x, const mpz_t want, int base, const char *canonical) {
    size_t capacity = gs_bigint_string_capacity(x, base);
    REQUIRE(capacity >= 2, "capacity %zu", capacity);
    char *buf = exact_malloc(capacity); /* exactly capacity bytes: ASan sees one past */
    REQUIRE(gs_bigint_get_string(x, base, buf, capacity - 1) == GS_BUFFER_TOO_SMALL, "capacity - 1");
    REQUIRE(gs_bigint_get_string(x, base, buf, capacity) == GS_OK, "get_string base %d", base);
    REQUIRE(strlen(buf) < capacity, "wrote %zu of %zu", strlen(buf), capacity);
    if (canonical) REQUIRE(strcmp(buf, canonical) == 0, "base %d: wrote %s, want %s", base, buf, canonical);
    mpz_t back;
    mpz_init(back);
    REQUIRE(ref_parse(buf, base, back) && mpz_cmp(back, want) == 0, "base %d: %s reads back wrong", base, buf);
    gs_bigint *y = new_bigint();
    REQUIRE(gs_bigint_set_string(y, buf, base) == GS_OK && gs_bigint_compare(x, y) == 0, "base %d: %s", base, buf);
    gs_bigint_destroy(y);
    mpz_clear(back);
    free(buf);
}

static void check_bytes_round_trip(const gs_bigint *x, const mpz_t want) {
    size_t n = gs_bigint_byte_length(x);
    REQUIRE(n == (mpz_sgn(want) == 0 ? 0 : (mpz_sizeinbase(want, 2) + 7) / 8), "byte_length %zu", n);
    for (int big_endian = 0; big_endian < 2; big_endian++) {
        uint8_t *buf = exact_malloc(n);
        size_t len = 99;
        int negative = 99;
        if (n > 0)
            REQUIRE(gs_bigint_get_bytes(x, buf, n - 1, big_endian, &len, &negative) == GS_BUFFER_TOO_SMALL,
                    "capacity n - 1");
        REQUIRE(gs_bigint_get_bytes(x, buf, n, big_endian, &len, &negative) == GS_OK && len == n, "get_bytes");
        REQUIRE(negative == (mpz_sgn(want) < 0), "negative %d", negative);
        if (n > 0) REQUIRE(buf[big_endian ? 0 : n - 1] != 0, "a leading zero byte");
        gs_bigint *y = new_bigint();
        REQUIRE(gs_bigint_set_bytes(y, buf, n, big_endian, negative) == GS_OK, "set_bytes");
        REQUIRE(gs_bigint_compare(x, y) == 0, "bytes round trip");
        gs_bigint_destroy(y);
        free(buf);
    }
}

static void check_u64(const gs_bigint *x, const mpz_t want) {
    uint64_t v = 12345;
    int fits = gs_bigint_get_u64(x, &v);
    int should = mpz_sgn(want) >= 0 && mpz_sizeinbase(want, 2) <= 64;
    REQUIRE(fits == should, "get_u64 fits %d", fits);
    if (fits) {
        mpz_t back;
        mpz_init(back);
        mpz_set_ui(back, (unsigned long)(v >> 32));
        mpz_mul_2exp(back, back, 32);
        mpz_add_ui(back, back, (unsigned long)(v & 0xFFFFFFFFu));
        REQUIRE(mpz_cmp(back, want) == 0, "get_u64 value");
        mpz_clear(back);
    } else {
        REQUIRE(v == 12345, "get_u64 wrote when it did not fit");
    }
}

/* set_string with a text and base from the input; then round trips. */
static void check_parse(const char *text, int base, int base2) {
    gs_bigint *x = new_bigint();
    REQUIRE(gs_bigint_set_i64(x, -4242) == GS_OK, "set_i64");
    mpz_t want;
    mpz_init(want);
    int valid = ref_parse(text, base, want);
    gs_status status = gs_bigint_set_string(x, text, base);
    REQUIRE(status == (valid ? GS_OK : GS_INVALID_ARGUMENT), "set_string(\"%s\", %d) = %d", text, base, status);
    if (!valid) mpz_set_si(want, -4242);
    REQUIRE(equals(x, want), "set_string(\"%s\", %d): wrong value", text, base);
    if (valid) {
        char *canonical = ref_canonical(text, base);
        check_string_round_trip(x, want, base, canonical);
        free(canonical);
    } else {
        REQUIRE(gs_bigint_string_capacity(x, base) == 0 || (base >= 2 && base <= 62), "capacity of bad base");
    }
    if (base2 >= 2 && base2 <= 62) check_string_round_trip(x, want, base2, NULL);
    char small[8];
    if (base2 < 2 || base2 > 62) {
        REQUIRE(gs_bigint_string_capacity(x, base2) == 0, "capacity base %d", base2);
        REQUIRE(gs_bigint_get_string(x, base2, small, sizeof small) == GS_INVALID_ARGUMENT, "base %d", base2);
    }
    check_bytes_round_trip(x, want);
    check_u64(x, want);
    gs_bigint_destroy(x);
    mpz_clear(want);
}

/* The body as raw magnitude bytes, then arithmetic on two halves. */
static void check_raw(const uint8_t *body, size_t size, uint8_t flags) {
    int big_endian = flags & 1, negative = (flags >> 1) & 1;
    gs_bigint *x = new_bigint();
    REQUIRE(gs_bigint_set_bytes(x, body, size, big_endian, negative) == GS_OK, "set_bytes");
    mpz_t want;
    mpz_init(want);
    for (size_t i = 0; i < size; i++) {
        mpz_mul_2exp(want, want, 8);
        mpz_add_ui(want, want, body[big_endian ? i : size - 1 - i]);
    }
    if (negative) mpz_neg(want, want);
    REQUIRE(equals(x, want), "set_bytes of %zu bytes", size);
    check_bytes_round_trip(x, want);
    check_u64(x, want);
    REQUIRE(gs_bigint_set_bytes(x, NULL, 1, 0, 0) == GS_INVALID_ARGUMENT, "set_bytes NULL");

    /* Two operands from the halves, each with its own sign. */
    size_t half = size / 2;
    gs_bigint *a = new_bigint(), *b = new_bigint(), *g = new_bigint();
    mpz_t ra, rb, rg, t;
    mpz_inits(ra, rb, rg, t, NULL);
    gs_bigint_set_bytes(a, body, half, 1, (flags >> 2) & 1);
    gs_bigint_set_bytes(b, body + half, size - half, 1, (flags >> 3) & 1);
    value_of(a, ra);
    value_of(b, rb);
    if ((flags >> 4) & 1) { /* a common factor: multiply both by a third of b */
        mpz_fdiv_q_2exp(t, rb, (mpz_sizeinbase(rb, 2) * 2) / 3);
        mpz_add_ui(t, t, 1);
        mpz_mul(ra, ra, t);
        mpz_mul(rb, rb, t);
        set_ref(a, ra);
        set_ref(b, rb);
    }
    int c = mpz_cmp(ra, rb);
    REQUIRE(gs_bigint_compare(a, b) == (c > 0) - (c < 0), "compare");
    REQUIRE(gs_bigint_compare(b, a) == (c < 0) - (c > 0), "compare swapped");
    REQUIRE(gs_bigint_compare(a, a) == 0, "compare self");
    /* Euclid by remainders on magnitudes. */
    mpz_abs(rg, ra);
    mpz_abs(t, rb);
    while (mpz_sgn(t) != 0) {
        mpz_tdiv_r(rg, rg, t);
        mpz_swap(rg, t);
    }
    REQUIRE(gs_bigint_gcd(g, a, b) == GS_OK && equals(g, rg), "gcd");
    gs_bigint *copy = new_bigint();
    REQUIRE(gs_bigint_copy(copy, a) == GS_OK && gs_bigint_compare(copy, a) == 0, "copy");
    REQUIRE(gs_bigint_copy(copy, copy) == GS_OK && gs_bigint_compare(copy, a) == 0, "copy to itself");
    REQUIRE(gs_bigint_gcd(copy, copy, b) == GS_OK && equals(copy, rg), "gcd in place");
    REQUIRE(gs_bigint_gcd(b, a, b) == GS_OK && equals(b, rg), "gcd into b");
    REQUIRE(gs_bigint_gcd(NULL, a, b) == GS_INVALID_ARGUMENT, "gcd NULL");

    /* Primality and next prime on operands up to 160 bits (GMP's cost grows fast). */
    if (mpz_sizeinbase(ra, 2) <= 160) {
        int rounds = (int)(int8_t)flags * 8; /* -1024..1016: both sides of 1..1000 */
        int answer = 77;
        gs_status status = gs_bigint_probab_prime(a, rounds, &answer);
        if (rounds < 1 || rounds > 1000) {
            REQUIRE(status == GS_OUT_OF_RANGE && answer == 77, "probab_prime rounds %d: %d", rounds, status);
            rounds = 25;
            status = gs_bigint_probab_prime(a, rounds, &answer);
        }
        REQUIRE(status == GS_OK && answer >= 0 && answer <= 2, "probab_prime: %d %d", status, answer);
        mpz_abs(t, ra); /* negative numbers by their magnitude, as documented */
        uint64_t small = 0;
        gs_bigint *m = new_bigint();
        set_ref(m, t);
        if (gs_bigint_get_u64(m, &small)) REQUIRE((answer != 0) == gs_is_prime_u64(small), "probab_prime small");
        gs_bigint_destroy(m);

        gs_bigint *next = new_bigint();
        REQUIRE(gs_bigint_next_prime(next, a) == GS_OK, "next_prime");
        mpz_t rn;
        mpz_init(rn);
        value_of(next, rn);
        REQUIRE(mpz_cmp(rn, ra) > 0, "next_prime not above");
        if (mpz_cmp_ui(ra, 2) < 0) {
            REQUIRE(mpz_cmp_ui(rn, 2) == 0, "next_prime below 2");
        } else if (gs_bigint_get_u64(a, &small) && small < 18446744073709551557u) {
            uint64_t want64 = 0;
            REQUIRE(gs_next_prime_u64(small, &want64) == GS_OK && gs_bigint_get_u64(next, &small) &&
                        small == want64, "next_prime 64");
        } else { /* nothing prime skipped: every odd number between is composite */
            int p = 0;
            gs_bigint *between = new_bigint();
            mpz_add_ui(t, ra, 1);
            for (; mpz_cmp(t, rn) < 0; mpz_add_ui(t, t, 1)) {
                if (mpz_even_p(t)) continue;
                set_ref(between, t);
                REQUIRE(gs_bigint_probab_prime(between, 25, &p) == GS_OK && p == 0, "next_prime skipped a prime");
            }
            gs_bigint_destroy(between);
            REQUIRE(gs_bigint_probab_prime(next, 25, &p) == GS_OK && p > 0, "next_prime not prime");
        }
        REQUIRE(gs_bigint_next_prime(a, a) == GS_OK && gs_bigint_compare(a, next) == 0, "next_prime in place");
        mpz_clear(rn);
        gs_bigint_destroy(next);
    }
    gs_bigint_destroy(copy);
    gs_bigint_destroy(a);
    gs_bigint_destroy(b);
    gs_bigint_destroy(g);
    gs_bigint_destroy(x);
    mpz_clears(want, ra, rb, rg, t, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 3) return 0;
    /* Bases -3..66 (so 0, 1, 63 and negatives come up), most often a valid one. */
    int base = data[0] % 70 - 3, base2 = data[1] % 70 - 3;
    uint8_t flags = data[2];
    const uint8_t *body = data + 3;
    size_t n = size - 3;
    char *text = exact_malloc(n + 1); /* NUL-terminated; an embedded NUL ends the text early */
    memcpy(text, body, n);
    text[n] = '\0';
    check_parse(text, base, base2);
    free(text);
    check_raw(body, n, flags);

    gs_bigint *x = new_bigint();
    REQUIRE(gs_bigint_set_string(x, NULL, 10) == GS_INVALID_ARGUMENT, "set_string NULL");
    REQUIRE(gs_bigint_set_string(NULL, "1", 10) == GS_INVALID_ARGUMENT, "set_string NULL handle");
    gs_bigint_destroy(x);
    gs_bigint_destroy(NULL);
    return 0;
}
