/* reference.c — the naive references of reference.h. */
#include "reference.h"

#include <string.h>

void *exact_malloc(size_t bytes) {
    void *p = malloc(bytes ? bytes : 1);
    REQUIRE(p, "out of memory for %zu bytes", bytes);
    return p;
}

gs_bigint *new_bigint(void) {
    gs_bigint *x = NULL;
    gs_status status = gs_bigint_create(&x);
    REQUIRE(status == GS_OK && x, "gs_bigint_create: %d", (int)status);
    return x;
}

uint64_t ref_gcd(uint64_t a, uint64_t b) {
    while (b != 0) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

uint64_t ref_magnitude(uint64_t item, gs_items kind) {
    return kind == GS_ITEMS_I64 && (int64_t)item < 0 ? 0 - item : item;
}

int ref_is_prime_trial(uint64_t n) {
    if (n < 2) return 0;
    if (n % 2 == 0) return n == 2;
    for (uint64_t d = 3; d * d <= n; d += 2)
        if (n % d == 0) return 0;
    return 1;
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

int ref_is_prime(uint64_t n) {
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

unsigned char *ref_sieve(size_t limit) {
    unsigned char *is_prime = exact_malloc(limit);
    memset(is_prime, 1, limit);
    for (size_t i = 0; i < limit && i < 2; i++) is_prime[i] = 0;
    for (size_t p = 2; p * p < limit; p++)
        if (is_prime[p])
            for (size_t m = p * p; m < limit; m += p) is_prime[m] = 0;
    return is_prime;
}

int ref_digit(char c, int base) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'A' && c <= 'Z') v = c - 'A' + 10;
    else if (c >= 'a' && c <= 'z') v = base <= 36 ? c - 'a' + 10 : c - 'a' + 36;
    return v < base ? v : -1;
}

char ref_digit_char(int v, int base) {
    if (v < 10) return (char)('0' + v);
    if (base <= 36) return (char)('a' + v - 10);
    return v < 36 ? (char)('A' + v - 10) : (char)('a' + v - 36);
}

void ref_to_string(uint64_t magnitude, int negative, int base, char *buf) {
    char digits[64];
    size_t n = 0;
    do {
        digits[n++] = ref_digit_char((int)(magnitude % (uint64_t)base), base);
        magnitude /= (uint64_t)base;
    } while (magnitude);
    size_t k = 0;
    if (negative) buf[k++] = '-';
    while (n) buf[k++] = digits[--n];
    buf[k] = '\0';
}
