/* bigint.c — arbitrary-precision integers over GMP behind an opaque handle.
 * The only file that includes <gmp.h>: GMP's names are macros that Swift
 * cannot import, and its header lives in a multiarch folder on Debian. */
#include "CSupport.h"

#include <gmp.h>
#include <stdlib.h>
#include <string.h>

struct gs_bigint {
    mpz_t value;
};

gs_status gs_bigint_create(gs_bigint **out) {
    if (!out) return GS_INVALID_ARGUMENT;
    gs_bigint *x = malloc(sizeof *x);
    if (!x) return GS_OUT_OF_MEMORY;
    mpz_init(x->value);
    *out = x;
    return GS_OK;
}

void gs_bigint_destroy(gs_bigint *x) {
    if (!x) return;
    mpz_clear(x->value);
    free(x);
}

gs_status gs_bigint_copy(gs_bigint *dst, const gs_bigint *src) {
    if (!dst || !src) return GS_INVALID_ARGUMENT;
    mpz_set(dst->value, src->value);
    return GS_OK;
}

gs_status gs_bigint_set_i64(gs_bigint *x, int64_t value) {
    if (!x) return GS_INVALID_ARGUMENT;
    /* Through the magnitude: a long may be 32 bits elsewhere, and INT64_MIN
     * has no positive twin. */
    uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    gs_bigint_set_u64(x, magnitude);
    if (value < 0) mpz_neg(x->value, x->value);
    return GS_OK;
}

gs_status gs_bigint_set_u64(gs_bigint *x, uint64_t value) {
    if (!x) return GS_INVALID_ARGUMENT;
    mpz_import(x->value, 1, 1, sizeof value, 0, 0, &value);
    return GS_OK;
}

gs_status gs_bigint_set_bytes(gs_bigint *x, const uint8_t *bytes, size_t len, int big_endian,
                              int negative) {
    if (!x || (!bytes && len > 0)) return GS_INVALID_ARGUMENT;
    if (len == 0) {
        mpz_set_ui(x->value, 0);
        return GS_OK;
    }
    mpz_import(x->value, len, big_endian ? 1 : -1, 1, 0, 0, bytes);
    if (negative) mpz_neg(x->value, x->value);
    return GS_OK;
}

size_t gs_bigint_byte_length(const gs_bigint *x) {
    if (!x || mpz_sgn(x->value) == 0) return 0;
    return (mpz_sizeinbase(x->value, 2) + 7) / 8;
}

gs_status gs_bigint_get_bytes(const gs_bigint *x, uint8_t *buf, size_t capacity, int big_endian,
                              size_t *len, int *negative) {
    if (!x) return GS_INVALID_ARGUMENT;
    size_t need = gs_bigint_byte_length(x);
    if (need > capacity) return GS_BUFFER_TOO_SMALL;
    if (need > 0 && !buf) return GS_INVALID_ARGUMENT;
    size_t written = 0;
    if (need > 0) mpz_export(buf, &written, big_endian ? 1 : -1, 1, 0, 0, x->value);
    if (len) *len = written;
    if (negative) *negative = mpz_sgn(x->value) < 0;
    return GS_OK;
}

/* GMP's digit values: up to base 36 letters of either case are 10..35; above
 * it upper case is 10..35 and lower case 36..61. */
static int digit_value(char c, int base) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    if (c >= 'a' && c <= 'z') return c - 'a' + (base <= 36 ? 10 : 36);
    return -1;
}

gs_status gs_bigint_set_string(gs_bigint *x, const char *text, int base) {
    if (!x || !text || base < 2 || base > 62) return GS_INVALID_ARGUMENT;
    const char *digits = text;
    if (*digits == '+' || *digits == '-') digits++;
    if (*digits == '\0') return GS_INVALID_ARGUMENT;
    /* Validate first: mpz_set_str skips whitespace and would leave x
     * half-written on a bad digit. Up to base 36 GMP ignores case. */
    for (const char *c = digits; *c; c++) {
        int v = digit_value(*c, base);
        if (v < 0 || v >= base) return GS_INVALID_ARGUMENT;
    }
    if (mpz_set_str(x->value, digits, base) != 0) return GS_INVALID_ARGUMENT;
    if (*text == '-') mpz_neg(x->value, x->value);
    return GS_OK;
}

size_t gs_bigint_string_capacity(const gs_bigint *x, int base) {
    if (!x || base < 2 || base > 62) return 0;
    return mpz_sizeinbase(x->value, base) + 2; /* sign and NUL */
}

gs_status gs_bigint_get_string(const gs_bigint *x, int base, char *buf, size_t capacity) {
    if (!x || !buf || base < 2 || base > 62) return GS_INVALID_ARGUMENT;
    if (capacity < gs_bigint_string_capacity(x, base)) return GS_BUFFER_TOO_SMALL;
    mpz_get_str(buf, base, x->value);
    return GS_OK;
}

int gs_bigint_compare(const gs_bigint *a, const gs_bigint *b) {
    int c = mpz_cmp(a->value, b->value);
    return (c > 0) - (c < 0);
}

int gs_bigint_get_u64(const gs_bigint *x, uint64_t *value) {
    if (!x || mpz_sgn(x->value) < 0 || mpz_sizeinbase(x->value, 2) > 64) return 0;
    uint64_t v = 0;
    if (mpz_sgn(x->value) != 0) {
        size_t count = 0;
        uint8_t bytes[8] = {0};
        mpz_export(bytes, &count, -1, 1, 0, 0, x->value);
        for (size_t i = count; i-- > 0;) v = (v << 8) | bytes[i];
    }
    if (value) *value = v;
    return 1;
}

gs_status gs_bigint_gcd(gs_bigint *out, const gs_bigint *a, const gs_bigint *b) {
    if (!out || !a || !b) return GS_INVALID_ARGUMENT;
    mpz_gcd(out->value, a->value, b->value);
    return GS_OK;
}

gs_status gs_bigint_probab_prime(const gs_bigint *x, int rounds, int *answer) {
    if (!x || !answer) return GS_INVALID_ARGUMENT;
    if (rounds < 1 || rounds > 1000) return GS_OUT_OF_RANGE;
    *answer = mpz_probab_prime_p(x->value, rounds);
    return GS_OK;
}

gs_status gs_bigint_next_prime(gs_bigint *out, const gs_bigint *x) {
    if (!out || !x) return GS_INVALID_ARGUMENT;
    mpz_nextprime(out->value, x->value);
    return GS_OK;
}
