/* is_prime.c — deterministic primality for every 64-bit integer.
 *
 * Baillie-PSW: a strong probable-prime test to base 2, then a strong Lucas
 * test with Selfridge's parameters. Feitsma and Galway's list of base-2
 * pseudoprimes shows no 64-bit number passes both, so the answer is exact.
 * All modular products use Montgomery multiplication (one 64x64->128 product
 * and no division), which is why this beats GMP's mpz_probab_prime_p here. */
#include "CSupport.h"
#include "isqrt.h"

typedef unsigned __int128 u128;

typedef struct {
    uint64_t n;    /* odd modulus */
    uint64_t ninv; /* n^-1 mod 2^64 */
    uint64_t one;  /* 2^64 mod n: 1 in Montgomery form */
} montgomery;

static montgomery mont_setup(uint64_t n) {
    montgomery m;
    m.n = n;
    uint64_t x = (3 * n) ^ 2; /* correct to 5 bits; each Newton step doubles that */
    for (int i = 0; i < 4; i++) x *= 2 - n * x;
    m.ninv = x;
    m.one = (0 - n) % n;
    return m;
}

/* a*b*2^-64 mod n for a, b < n; the low words of a*b and m*n cancel exactly, so
 * the result is hi(a*b) - hi(m*n), corrected into [0, n). */
static inline uint64_t mont_mul(const montgomery *m, uint64_t a, uint64_t b) {
    u128 t = (u128)a * b;
    uint64_t q = (uint64_t)t * m->ninv;
    uint64_t qn_hi = (uint64_t)(((u128)q * m->n) >> 64);
    uint64_t t_hi = (uint64_t)(t >> 64);
    uint64_t r = t_hi - qn_hi;
    return t_hi < qn_hi ? r + m->n : r;
}

static inline uint64_t mod_add(uint64_t a, uint64_t b, uint64_t n) {
    uint64_t s = a + b;
    return (s < a || s >= n) ? s - n : s;
}

static inline uint64_t mod_sub(uint64_t a, uint64_t b, uint64_t n) {
    return a >= b ? a - b : a - b + n;
}

/* x/2 mod n for odd n: (x + n)/2 when x is odd, computed without overflow. */
static inline uint64_t mod_half(uint64_t x, uint64_t n) {
    return (x & 1) ? (x >> 1) + (n >> 1) + 1 : x >> 1;
}

/* v (any value) into Montgomery form: v * 2^64 mod n. */
static uint64_t to_mont(const montgomery *m, uint64_t v) {
    return (uint64_t)((((u128)(v % m->n)) << 64) % m->n);
}

static int strong_probable_prime_base2(const montgomery *m) {
    uint64_t n = m->n, d = n - 1;
    int s = __builtin_ctzll(d);
    d >>= s;
    /* Left-to-right powering; multiplying by the base 2 is a modular doubling. */
    uint64_t x = m->one;
    for (int bit = 63 - __builtin_clzll(d); bit >= 0; bit--) {
        x = mont_mul(m, x, x);
        if ((d >> bit) & 1) x = mod_add(x, x, n);
    }
    uint64_t minus_one = n - m->one;
    if (x == m->one || x == minus_one) return 1;
    for (int r = 1; r < s; r++) {
        x = mont_mul(m, x, x);
        if (x == minus_one) return 1;
        if (x == m->one) return 0;
    }
    return 0;
}

/* Jacobi symbol (a/n) for odd n > 0. */
static int jacobi(int64_t a_signed, uint64_t n) {
    uint64_t a;
    int result = 1;
    if (a_signed < 0) {
        a = (uint64_t)(-a_signed) % n;
        if ((n & 3) == 3) result = -result; /* (-1/n) */
    } else {
        a = (uint64_t)a_signed % n;
    }
    while (a != 0) {
        while ((a & 1) == 0) {
            a >>= 1;
            uint64_t r = n & 7;
            if (r == 3 || r == 5) result = -result;
        }
        uint64_t t = a;
        a = n;
        n = t;
        if ((a & 3) == 3 && (n & 3) == 3) result = -result;
        a %= n;
    }
    return n == 1 ? result : 0;
}

static int is_square(uint64_t n) {
    uint64_t r = gs__isqrt(n);
    return r * r == n;
}

static int strong_lucas_probable_prime(const montgomery *m) {
    uint64_t n = m->n;
    if (is_square(n)) return 0; /* no Selfridge D exists for a square */
    /* Selfridge method A: the first D in 5, -7, 9, -11, ... with (D/n) = -1. */
    int64_t D = 5;
    for (;;) {
        int j = jacobi(D, n);
        if (j == -1) break;
        if (j == 0 && (uint64_t)(D < 0 ? -D : D) != n) return 0;
        D = D > 0 ? -(D + 2) : -(D - 2);
    }
    /* P = 1, Q = (1 - D) / 4. */
    int64_t Q = (1 - D) / 4;
    uint64_t Dm = D >= 0 ? to_mont(m, (uint64_t)D) : mod_sub(0, to_mont(m, (uint64_t)(-D)), n);
    uint64_t Qm = Q >= 0 ? to_mont(m, (uint64_t)Q) : mod_sub(0, to_mont(m, (uint64_t)(-Q)), n);

    uint64_t d = n + 1; /* n < 2^64 - 1 here: trial division removed 2^64 - 1 */
    int s = __builtin_ctzll(d);
    d >>= s;

    /* U_1 = 1, V_1 = P = 1, Q^1; then double (and add one) per bit of d. */
    uint64_t U = m->one, V = m->one, Qk = Qm;
    for (int bit = 62 - __builtin_clzll(d); bit >= 0; bit--) {
        U = mont_mul(m, U, V);                                /* U_2k = U_k V_k */
        V = mod_sub(mont_mul(m, V, V), mod_add(Qk, Qk, n), n); /* V_2k = V_k^2 - 2Q^k */
        Qk = mont_mul(m, Qk, Qk);
        if ((d >> bit) & 1) {
            uint64_t U_next = mod_half(mod_add(U, V, n), n);                   /* (P U + V)/2 */
            uint64_t V_next = mod_half(mod_add(mont_mul(m, Dm, U), V, n), n); /* (D U + P V)/2 */
            U = U_next;
            V = V_next;
            Qk = mont_mul(m, Qk, Qm);
        }
    }
    if (U == 0 || V == 0) return 1;
    for (int r = 1; r < s; r++) {
        V = mod_sub(mont_mul(m, V, V), mod_add(Qk, Qk, n), n);
        if (V == 0) return 1;
        Qk = mont_mul(m, Qk, Qk);
    }
    return 0;
}

/* 1 if a prime below 59 divides n. Each remainder is by a constant, which the
 * compiler turns into one multiply and one compare (n * p^-1 mod 2^64 <= (2^64
 * - 1) / p) instead of a division, and | instead of || keeps the tests free of
 * branches that random inputs would mispredict. */
static inline int has_small_factor(uint64_t n) {
#define DIVIDES(p) (n % (p) == 0)
    return ((n & 1) == 0) | DIVIDES(3) | DIVIDES(5) | DIVIDES(7) | DIVIDES(11) | DIVIDES(13) | DIVIDES(17) |
           DIVIDES(19) | DIVIDES(23) | DIVIDES(29) | DIVIDES(31) | DIVIDES(37) | DIVIDES(41) | DIVIDES(43) |
           DIVIDES(47) | DIVIDES(53);
#undef DIVIDES
}

int gs_is_prime_u64(uint64_t n) {
    static const uint64_t primes_below_59 = 0x208a20a08a28acu; /* bit p set for each prime p < 59 */
    if (n < 59) return (int)((primes_below_59 >> n) & 1);
    if (has_small_factor(n)) return 0;
    if (n < 59 * 59) return 1;
    montgomery m = mont_setup(n);
    return strong_probable_prime_base2(&m) && strong_lucas_probable_prime(&m);
}

gs_status gs_next_prime_u64(uint64_t n, uint64_t *out) {
    if (!out) return GS_INVALID_ARGUMENT;
    if (n >= 18446744073709551557ULL) return GS_OUT_OF_RANGE; /* the largest 64-bit prime */
    if (n < 2) {
        *out = 2;
        return GS_OK;
    }
    uint64_t c = (n + 1) | 1; /* odd candidates only; n >= 2 so 2 is never the answer */
    while (!gs_is_prime_u64(c)) c += 2;
    *out = c;
    return GS_OK;
}
