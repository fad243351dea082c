/* sieve.c — internal: segmented sieve of Eratosthenes on a mod-30 wheel.
 *
 * Why this shape: a mod-30 wheel keeps 8 of every 30 numbers (one byte per
 * 30), so a segment of SEGMENT_BYTES fits the L1/L2 cache and each prime p
 * crosses off only 8 multiples per 30p. Within one turn of the wheel the 8
 * byte offsets of a prime's multiples are fixed, and the 8 bit masks depend
 * only on p mod 30, so the hot loop is unrolled per residue class with
 * constant masks (the idea of primesieve's EratSmall). 7, 11 and 13 are
 * removed by copying a 1001-byte pattern instead of crossing them off.
 *
 * Base primes up to STORED_PRIME_LIMIT keep their position from segment to
 * segment; larger ones (only when hi > 2^44) are regenerated for each segment
 * by an inner walk, so memory stays O(sqrt(hi) / log(hi) + segment) even at
 * 2^64; one remainder per streamed prime skips those with no multiple in the
 * segment, which near 2^64 is almost all of them. */
#include "sieve.h"

#include <stdlib.h>
#include <string.h>

enum {
    SEGMENT_BYTES = 64 * 1024,          /* 1.97 million numbers per segment */
    PATTERN_BYTES = 7 * 11 * 13,        /* the period of the 7/11/13 pattern, in bytes */
    STORED_PRIME_LIMIT = 1 << 22,       /* base primes kept with their state */
    STREAMING_SEGMENT_BYTES = 8 << 20,  /* bigger segments amortise regeneration */
};

const uint8_t gs__wheel_residue[8] = {1, 7, 11, 13, 17, 19, 23, 29};

/* The multipliers q of one wheel turn, q = 30k + Q_CYCLE[j], coprime to 30. */
static const uint8_t Q_CYCLE[8] = {7, 11, 13, 17, 19, 23, 29, 31};

/* Bit index of each residue mod 30 (0xFF: not coprime to 30). */
static const uint8_t BIT_OF_RESIDUE[30] = {
    0xFF, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0xFF, 0xFF, 0xFF, 2, 0xFF, 3, 0xFF,
    0xFF, 0xFF, 4, 0xFF, 5, 0xFF, 0xFF, 0xFF, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 7};

/* For p = 30a + r (r the residue with index ri) and q = Q_CYCLE[j]:
 * p*q = 30(a q) + r q, so the multiple's byte is a*q + CARRY[ri][j] and its
 * bit is cleared by AND with CLEAR[ri][j]. Both are (r q) / 30 and (r q) % 30. */
#define CARRY(r, q) ((r) * (q) / 30)
#define CLEAR(r, q) ((uint8_t)~(1u << BIT_OF_RESIDUE_C((r) * (q) % 30)))
#define BIT_OF_RESIDUE_C(x)                                                                   \
    ((x) == 1 ? 0 : (x) == 7 ? 1 : (x) == 11 ? 2 : (x) == 13 ? 3 : (x) == 17 ? 4 : (x) == 19 ? 5 \
     : (x) == 23 ? 6 : 7)
#define ROW(f, r) {f(r, 7), f(r, 11), f(r, 13), f(r, 17), f(r, 19), f(r, 23), f(r, 29), f(r, 31)}
static const uint8_t CARRY_TABLE[8][8] = {ROW(CARRY, 1), ROW(CARRY, 7), ROW(CARRY, 11),
                                          ROW(CARRY, 13), ROW(CARRY, 17), ROW(CARRY, 19),
                                          ROW(CARRY, 23), ROW(CARRY, 29)};
static const uint8_t CLEAR_TABLE[8][8] = {ROW(CLEAR, 1), ROW(CLEAR, 7), ROW(CLEAR, 11),
                                          ROW(CLEAR, 13), ROW(CLEAR, 17), ROW(CLEAR, 19),
                                          ROW(CLEAR, 23), ROW(CLEAR, 29)};

/* A base prime and where its next multiple falls: the wheel turn starting at
 * byte `next` (relative to the current segment, may be negative) and the
 * index j of the next multiplier within that turn. */
typedef struct {
    uint32_t prime;
    uint32_t j;
    int64_t next;
} sieving_prime;

uint64_t gs__isqrt(uint64_t n) {
    uint64_t r = (uint64_t)__builtin_sqrt((double)n);
    /* The double may be off by one either way near 2^64; fix it exactly. */
    while (r > 4294967295ULL || r * r > n) r--;
    while (r < 4294967295ULL && (r + 1) * (r + 1) <= n) r++;
    return r;
}

/* Positions p on its first multiple p*q with q coprime to 30 and q >= max(p,
 * the given q), where q = ceil(30 * first_byte / p). Works in bytes so nothing
 * overflows near 2^64. */
static void place_at(sieving_prime *sp, uint64_t p, uint64_t first_byte, uint64_t q) {
    if (q < p) q = p;
    uint64_t t = q - 7;
    uint64_t k = t / 30;
    unsigned rem = (unsigned)(t % 30) + 7, j = 0;
    while (j < 8 && Q_CYCLE[j] < rem) j++;
    if (j == 8) {
        k++;
        j = 0;
    }
    sp->prime = (uint32_t)p;
    sp->j = j;
    sp->next = (int64_t)(p * k) - (int64_t)first_byte;
}

static void place(sieving_prime *sp, uint64_t p, uint64_t first_byte) {
    uint64_t low = 30 * first_byte; /* <= 2^64 - 1 since first_byte <= (2^64 - 1) / 30 */
    place_at(sp, p, first_byte, low / p + (low % p != 0));
}

/* Crosses off p's multiples in segment[0, nbytes) and leaves sp ready for the
 * next segment. */
static void cross_off(uint8_t *segment, int64_t nbytes, sieving_prime *sp) {
    const int64_t p = sp->prime;
    const int64_t a = p / 30;
    const unsigned ri = BIT_OF_RESIDUE[p % 30];
    const uint8_t *carry = CARRY_TABLE[ri], *clear = CLEAR_TABLE[ri];
    int64_t o[8];
    for (int j = 0; j < 8; j++) o[j] = a * Q_CYCLE[j] + carry[j];

    int64_t i = sp->next;
    unsigned j = sp->j;
    /* Finish the wheel turn left over from the previous segment. */
    for (; j < 8; j++) {
        int64_t pos = i + o[j];
        if (pos >= nbytes) goto done;
        segment[pos] &= clear[j];
    }
    i += p;
    j = 0;

    /* Whole turns: 8 stores with offsets in registers and constant masks. */
    const int64_t o0 = o[0], o1 = o[1], o2 = o[2], o3 = o[3], o4 = o[4], o5 = o[5], o6 = o[6],
                  o7 = o[7];
    const int64_t limit = nbytes - o7;
#define TURNS(R)                                                                                \
    case R:                                                                                     \
        for (; i < limit; i += p) {                                                             \
            uint8_t *s = segment + i;                                                           \
            s[o0] &= CLEAR_TABLE[R][0]; s[o1] &= CLEAR_TABLE[R][1]; s[o2] &= CLEAR_TABLE[R][2];  \
            s[o3] &= CLEAR_TABLE[R][3]; s[o4] &= CLEAR_TABLE[R][4]; s[o5] &= CLEAR_TABLE[R][5];  \
            s[o6] &= CLEAR_TABLE[R][6]; s[o7] &= CLEAR_TABLE[R][7];                              \
        }                                                                                       \
        break;
    switch (ri) {
        TURNS(0) TURNS(1) TURNS(2) TURNS(3) TURNS(4) TURNS(5) TURNS(6) TURNS(7)
    }
#undef TURNS
    /* The partial last turn; it cannot complete, since i + o7 >= nbytes. */
    for (; j < 8; j++) {
        int64_t pos = i + o[j];
        if (pos >= nbytes) break;
        segment[pos] &= clear[j];
    }
done:
    sp->next = i - nbytes;
    sp->j = j;
}

/* Odd-only sieve of Eratosthenes; returns the primes in [17, limit] as
 * sieving primes placed at first_byte (limit <= STORED_PRIME_LIMIT). */
static gs_status stored_primes(uint64_t limit, uint64_t first_byte, sieving_prime **out,
                               size_t *count) {
    *out = NULL;
    *count = 0;
    if (limit < 17) return GS_OK;
    size_t half = (size_t)(limit / 2) + 1; /* index i stands for 2i + 1 */
    uint8_t *composite = calloc(half, 1);
    /* pi(x) < 1.26 x / ln x; x / 2 is a simple cover for x >= 17. */
    sieving_prime *primes = malloc(sizeof *primes * (half / 2 + 8));
    if (!composite || !primes) {
        free(composite);
        free(primes);
        return GS_OUT_OF_MEMORY;
    }
    for (size_t i = 1; (2 * i + 1) * (2 * i + 1) <= limit; i++) {
        if (composite[i]) continue;
        size_t p = 2 * i + 1;
        for (size_t m = p * p / 2; m < half; m += p) composite[m] = 1;
    }
    size_t n = 0;
    for (size_t i = 8; i < half; i++) { /* 2*8+1 = 17 */
        uint64_t v = 2 * i + 1;
        if (v > limit) break;
        if (!composite[i]) place(&primes[n++], v, first_byte);
    }
    free(composite);
    *out = primes;
    *count = n;
    return GS_OK;
}

/* The bytes [0, PATTERN_BYTES) with every multiple of 7, 11 and 13 cleared. */
static void build_pattern(uint8_t pattern[PATTERN_BYTES]) {
    memset(pattern, 0xFF, PATTERN_BYTES);
    static const uint32_t small[3] = {7, 11, 13};
    for (int k = 0; k < 3; k++) {
        /* Start at p*1 = p*(30*(-1) + 31): the turn at byte -p, multiplier 31. */
        sieving_prime sp = {small[k], 7, -(int64_t)small[k]};
        cross_off(pattern, PATTERN_BYTES, &sp);
    }
}

static void fill_from_pattern(uint8_t *segment, size_t nbytes, uint64_t first_byte,
                              const uint8_t *pattern) {
    size_t offset = (size_t)(first_byte % PATTERN_BYTES), done = 0;
    while (done < nbytes) {
        size_t chunk = PATTERN_BYTES - offset;
        if (chunk > nbytes - done) chunk = nbytes - done;
        memcpy(segment + done, pattern + offset, chunk);
        done += chunk;
        offset = 0;
    }
}

size_t gs__segment_primes(const uint8_t *segment, uint64_t first_byte, size_t nbytes,
                          uint64_t *out, size_t cap) {
    /* Eight bytes at a time: one ctz per prime, and empty words skipped whole. */
    size_t n = 0;
    for (size_t b = 0; b < nbytes && n < cap; b += 8) {
        uint64_t word = 0;
        size_t len = nbytes - b < 8 ? nbytes - b : 8;
        memcpy(&word, segment + b, len);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        word = __builtin_bswap64(word); /* byte k of the chunk in bits 8k..8k+7 */
#endif
        while (word && n < cap) {
            int bit = __builtin_ctzll(word);
            word &= word - 1;
            out[n++] = 30 * (first_byte + b + (size_t)(bit >> 3)) + gs__wheel_residue[bit & 7];
        }
    }
    return n;
}

/* The inner walk for base primes above STORED_PRIME_LIMIT: each prime it
 * finds is placed by division and crossed off in the outer segment. */
typedef struct {
    uint8_t *segment;
    uint64_t first_byte;
    int64_t nbytes;
} streaming_target;

static int cross_off_streamed(void *context, const uint8_t *segment, uint64_t first_byte,
                              size_t nbytes) {
    streaming_target *target = context;
    const uint64_t low = 30 * target->first_byte;          /* the outer segment's first number */
    const uint64_t span = 30 * (uint64_t)target->nbytes;   /* and how many numbers it covers */
    uint64_t primes[64];
    for (size_t b = 0; b < nbytes; b += 8) {
        size_t len = nbytes - b < 8 ? nbytes - b : 8;
        size_t n = gs__segment_primes(segment + b, first_byte + b, len, primes, 64);
        for (size_t k = 0; k < n; k++) {
            uint64_t p = primes[k], r = low % p;
            /* Most streamed primes (up to 2^32) have no multiple at all in a
             * short outer segment: this one remainder rules them out before
             * the wheel placement, which then reuses the quotient. */
            if ((r ? p - r : 0) >= span) continue;
            sieving_prime sp;
            place_at(&sp, p, target->first_byte, low / p + (r != 0));
            cross_off(target->segment, target->nbytes, &sp);
        }
    }
    return 0;
}

static int cancelled(const int *cancel) {
    return cancel && __atomic_load_n(cancel, __ATOMIC_RELAXED) != 0;
}

gs_status gs__sieve_walk(uint64_t lo, uint64_t hi, const int *cancel,
                         gs__segment_visitor visit, void *context) {
    if (hi <= lo) return GS_OK;
    const uint64_t first = lo / 30, last = (hi - 1) / 30; /* inclusive byte range */
    const uint64_t limit = gs__isqrt(hi - 1);
    const int streaming = limit > STORED_PRIME_LIMIT;

    sieving_prime *primes;
    size_t nprimes;
    gs_status status =
        stored_primes(streaming ? STORED_PRIME_LIMIT : limit, first, &primes, &nprimes);
    if (status != GS_OK) return status;

    size_t segment_bytes = SEGMENT_BYTES;
    if (streaming) {
        segment_bytes = limit / 30 < STREAMING_SEGMENT_BYTES ? (size_t)(limit / 30)
                                                              : STREAMING_SEGMENT_BYTES;
    }
    if (last - first + 1 < segment_bytes) segment_bytes = (size_t)(last - first + 1);
    uint8_t pattern[PATTERN_BYTES];
    uint8_t *segment = malloc(segment_bytes);
    if (!segment) {
        free(primes);
        return GS_OUT_OF_MEMORY;
    }
    build_pattern(pattern);

    for (uint64_t b0 = first; b0 <= last;) {
        if (cancelled(cancel)) {
            status = GS_CANCELLED;
            break;
        }
        size_t n = (last - b0 + 1 < segment_bytes) ? (size_t)(last - b0 + 1) : segment_bytes;
        fill_from_pattern(segment, n, b0, pattern);
        if (b0 == 0) segment[0] = (uint8_t)((segment[0] | 0x0E) & ~1u); /* keep 7, 11, 13; drop 1 */
        for (size_t k = 0; k < nprimes; k++) cross_off(segment, (int64_t)n, &primes[k]);
        if (streaming) {
            /* The segment's last number; 30 * (last + 1) would overflow near 2^64. */
            uint64_t top = b0 + n - 1 == last ? hi - 1 : 30 * (b0 + n) - 1;
            uint64_t segment_limit = gs__isqrt(top);
            if (segment_limit > STORED_PRIME_LIMIT) {
                streaming_target target = {segment, b0, (int64_t)n};
                status = gs__sieve_walk(STORED_PRIME_LIMIT + 1, segment_limit + 1, cancel,
                                        cross_off_streamed, &target);
                if (status != GS_OK) break;
            }
        }
        /* Mask the numbers outside [lo, hi) in the first and last bytes. */
        if (b0 == first) {
            unsigned below = (unsigned)(lo % 30);
            for (int bit = 0; bit < 8; bit++)
                if (gs__wheel_residue[bit] < below) segment[0] &= (uint8_t)~(1u << bit);
        }
        if (b0 + n - 1 == last) {
            unsigned end = (unsigned)((hi - 1) % 30) + 1; /* residues >= end are >= hi */
            for (int bit = 0; bit < 8; bit++)
                if (gs__wheel_residue[bit] >= end) segment[n - 1] &= (uint8_t)~(1u << bit);
        }
        if (visit(context, segment, b0, n)) break;
        b0 += n;
    }
    free(segment);
    free(primes);
    return status;
}
