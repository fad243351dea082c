/* sieve.c — internal: segmented sieve of Eratosthenes on a mod-30 wheel,
 * with the sieving primes split into tiers by size.
 *
 * Why this shape: a mod-30 wheel keeps 8 of every 30 numbers (one byte per
 * 30), and within one turn of the wheel the 8 byte offsets of a prime's
 * multiples are fixed while the 8 bit masks depend only on p mod 30. Each
 * tier of sieving primes gets the loop and the cache level that suit it (the
 * organisation of primesieve's EratSmall, EratMedium and EratBig; this code
 * is our own):
 *
 *   pre-sieve  7..53: AND of four periodic patterns (7*11*13*17, 19*23*29,
 *              31*37*41 and 43*47*53 bytes long; all but the first for wide
 *              ranges only), so these primes cost a few vector ANDs per byte;
 *   small      p < SMALL_LIMIT: crossed off in L1-sized windows, with loops
 *              unrolled per residue class, each turn 8 stores with constant masks;
 *   medium     p < TURNS_LIMIT: the same loop over the whole L2-sized segment
 *              (a call per window cost more than the stores for these);
 *   sparse     p < BIG_LIMIT: a few multiples per segment, stepped one by one;
 *   big        the rest of the stored primes, at most a few multiples per
 *              segment: kept in buckets, one list per coming segment, so a
 *              prime is touched only in the segments where it has a multiple
 *              (Tomas Oliveira e Silva's bucket sieve);
 *   streamed   p > STORED_PRIME_LIMIT (only when hi > 2^44): generated in
 *              order by an inner walk, once per chunk of up to CHUNK_BYTES
 *              (a billion numbers), and their multiples cleared directly in
 *              the chunk. Near 2^64 nearly all of the ~2 * 10^8 primes up to
 *              2^32 have no multiple in a chunk; a floating-point quotient
 *              rules each out without a 64-bit division.
 *
 * Memory: the stored primes (O(sqrt(hi) / log hi), capped at 2^22), the
 * segment or chunk, the patterns; nothing global, so every call is reentrant. */
#include "sieve.h"

#include <stdlib.h>
#include <string.h>

#ifndef GS_WINDOW_KB
#define GS_WINDOW_KB 32
#endif
#ifndef GS_SEGMENT_KB
#define GS_SEGMENT_KB 256
#endif
#ifndef GS_SMALL_LIMIT
#define GS_SMALL_LIMIT 4096
#endif
#ifndef GS_TURNS_LIMIT
#define GS_TURNS_LIMIT 65536
#endif
enum {
    WINDOW_BYTES = GS_WINDOW_KB * 1024, /* L1: the small primes' window */
    SEGMENT_BYTES = GS_SEGMENT_KB * 1024, /* L2: 7.9 million numbers per segment */
    SMALL_LIMIT = GS_SMALL_LIMIT,       /* primes below: 8+ turns per window */
    TURNS_LIMIT = GS_TURNS_LIMIT,       /* primes below: unrolled turns over the L2 segment */
    BIG_LIMIT = 2 * SEGMENT_BYTES,      /* primes from here: buckets */
    STORED_PRIME_LIMIT = 1 << 22,       /* base primes kept with their state */
    CHUNK_BYTES = 32 << 20,             /* streaming: numbers sieved per regeneration */
    BUCKET_CAPACITY = 1024,             /* entries per bucket block */
    REGION_BYTES = 128 * 1024,          /* streaming: multiples binned per region of the chunk */
    BIN_CAPACITY = 8192,                /* entries per region's bin (32 KiB) */
    WIDE_RANGE_BYTES = 16 * SEGMENT_BYTES, /* from here: the full pre-sieve (~100 us to build) */
    PRESIEVE_GROUPS_MAX = 4,
};

const uint8_t gs__wheel_residue[8] = {1, 7, 11, 13, 17, 19, 23, 29};

/* The multipliers q of one wheel turn, q = 30k + Q_CYCLE[j], coprime to 30. */
static const uint8_t Q_CYCLE[8] = {7, 11, 13, 17, 19, 23, 29, 31};
/* Q_CYCLE[j + 1] - Q_CYCLE[j], and 30 + 7 - 31 for the step into the next turn. */
static const uint8_t Q_STEP[8] = {4, 2, 4, 2, 4, 6, 2, 6};

/* Bit index of each residue mod 30 (0xFF: not coprime to 30). */
static const uint8_t BIT_OF_RESIDUE[30] = {
    0xFF, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0xFF, 0xFF, 0xFF, 2, 0xFF, 3, 0xFF,
    0xFF, 0xFF, 4, 0xFF, 5, 0xFF, 0xFF, 0xFF, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 7};

/* For q = residue r mod 30 (r may be anything): the distance to the next q' >= q
 * coprime to 30, and the index of Q_CYCLE it lands on (q' mod 30 = 1 is index 7,
 * multiplier 31 of the previous turn). */
static const uint8_t NEXT_COPRIME_DELTA[30] = {1, 0, 5, 4, 3, 2, 1, 0, 3, 2, 1, 0, 1, 0, 3,
                                               2, 1, 0, 1, 0, 3, 2, 1, 0, 5, 4, 3, 2, 1, 0};

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
/* The byte distance from multiple j to multiple j + 1 (j = 7: into the next
 * turn) is a * Q_STEP[j] + STEP_CARRY[ri][j]. */
#define STEP_CARRY(r, j)                                                                      \
    ((j) < 7 ? CARRY(r, Q_CYCLE_C((j) + 1)) - CARRY(r, Q_CYCLE_C(j)) : (r) + CARRY(r, 7) - CARRY(r, 31))
#define Q_CYCLE_C(j) ((j) == 0 ? 7 : (j) == 1 ? 11 : (j) == 2 ? 13 : (j) == 3 ? 17 : (j) == 4 ? 19 \
                      : (j) == 5 ? 23 : (j) == 6 ? 29 : 31)
#define STEP_ROW(r) {STEP_CARRY(r, 0), STEP_CARRY(r, 1), STEP_CARRY(r, 2), STEP_CARRY(r, 3),      \
                     STEP_CARRY(r, 4), STEP_CARRY(r, 5), STEP_CARRY(r, 6), STEP_CARRY(r, 7)}
static const uint8_t STEP_CARRY_TABLE[8][8] = {STEP_ROW(1), STEP_ROW(7), STEP_ROW(11), STEP_ROW(13),
                                               STEP_ROW(17), STEP_ROW(19), STEP_ROW(23), STEP_ROW(29)};

/* A base prime and where its next multiple falls: the wheel turn starting at
 * byte `next` (relative to the current window, may be negative) and the
 * index j of the next multiplier within that turn. */
typedef struct {
    uint32_t prime;
    uint32_t j;
    int64_t next;
} sieving_prime;

/* A big prime in a bucket: a = p / 30 and the residue index of p in one word,
 * the byte of its next multiple within that multiple's segment and the
 * multiplier index j in the other. */
typedef struct {
    uint32_t a_ri;
    uint32_t offset_j;
} bucket_entry;

/* The big primes whose next multiple falls in one coming segment. */
typedef struct {
    bucket_entry *entries;
    size_t count, capacity;
} bucket;

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
 * window that follows. */
static void cross_off(uint8_t *segment, int64_t nbytes, sieving_prime *sp) {
    const int64_t p = sp->prime;
    const int64_t a = p / 30;
    const unsigned ri = BIT_OF_RESIDUE[p % 30];
    const uint8_t *carry = CARRY_TABLE[ri], *clear = CLEAR_TABLE[ri];
    int64_t o[8];
    for (int j = 0; j < 8; j++) o[j] = a * Q_CYCLE[j] + carry[j];

    int64_t i = sp->next;
    unsigned j = sp->j;
    /* Finish the wheel turn left over from the previous window. */
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

/* A sparse prime has a few dozen multiples per segment at most: step
 * multiple by multiple instead of by turns. */
static void cross_off_medium(uint8_t *segment, int64_t nbytes, sieving_prime *sp) {
    const int64_t p = sp->prime;
    const int64_t a = p / 30;
    const unsigned ri = BIT_OF_RESIDUE[p % 30];
    const uint8_t *carry = CARRY_TABLE[ri], *clear = CLEAR_TABLE[ri], *step = STEP_CARRY_TABLE[ri];
    unsigned j = sp->j;
    /* The byte of the next multiple, relative to this segment. */
    int64_t pos = sp->next + a * Q_CYCLE[j] + carry[j];
    if (pos >= nbytes) {
        sp->next -= nbytes;
        return;
    }
    do {
        segment[pos] &= clear[j];
        pos += a * Q_STEP[j] + step[j];
        j = (j + 1) & 7;
    } while (pos < nbytes);
    /* Back to the turn-start form: the turn of multiple j starts a*Q+carry earlier. */
    sp->next = pos - (a * Q_CYCLE[j] + carry[j]) - nbytes;
    sp->j = j;
}

/* ----------------------------------------------------------------- buckets */

typedef struct {
    bucket *slots;       /* slot s % nslots: the big primes for segment s */
    size_t nslots;
    uint64_t nsegments;  /* segments in the walk; multiples beyond are dropped */
} bucket_sieve;

static int bucket_push(bucket *b, bucket_entry e) {
    if (b->count == b->capacity) {
        size_t capacity = b->capacity ? 2 * b->capacity : BUCKET_CAPACITY;
        bucket_entry *grown = realloc(b->entries, capacity * sizeof *grown);
        if (!grown) return 0;
        b->entries = grown;
        b->capacity = capacity;
    }
    b->entries[b->count++] = e;
    return 1;
}

/* Files p's multiple at byte `offset` (from the walk's first byte) with
 * multiplier index j under its segment. */
static int bucket_file(bucket_sieve *bs, uint64_t p, uint64_t offset, unsigned j) {
    uint64_t s = offset / SEGMENT_BYTES;
    if (s >= bs->nsegments) return 1;
    bucket_entry e = {(uint32_t)((p / 30) << 3 | BIT_OF_RESIDUE[p % 30]),
                      (uint32_t)((offset % SEGMENT_BYTES) << 3 | j)};
    return bucket_push(&bs->slots[s % bs->nslots], e);
}

/* Crosses off the multiples listed for segment s (nbytes long) and files each
 * prime under the segment of its next multiple. */
static int bucket_sieve_segment(bucket_sieve *bs, uint64_t s, uint8_t *segment, uint32_t nbytes) {
    bucket *b = &bs->slots[s % bs->nslots];
    bucket_entry *e = b->entries, *end = e + b->count;
    for (; e < end; e++) {
        uint32_t a = e->a_ri >> 3, ri = e->a_ri & 7;
        uint32_t offset = e->offset_j >> 3, j = e->offset_j & 7;
        const uint8_t *clear = CLEAR_TABLE[ri], *step = STEP_CARRY_TABLE[ri];
        uint64_t pos = offset;
        while (pos < nbytes) {
            segment[pos] &= clear[j];
            pos += (uint64_t)a * Q_STEP[j] + step[j];
            j = (j + 1) & 7;
        }
        uint64_t next = s + pos / SEGMENT_BYTES;
        /* next == s: the walk's short last segment, past its end. */
        if (next >= bs->nsegments || next == s) continue;
        bucket_entry moved = {e->a_ri, (uint32_t)((pos % SEGMENT_BYTES) << 3 | j)};
        /* pos / SEGMENT_BYTES >= 1 and < nslots: never the slot being read. */
        if (!bucket_push(&bs->slots[next % bs->nslots], moved)) return 0;
    }
    b->count = 0;
    return 1;
}

static void bucket_sieve_free(bucket_sieve *bs) {
    if (!bs->slots) return;
    for (size_t i = 0; i < bs->nslots; i++) free(bs->slots[i].entries);
    free(bs->slots);
}

/* ---------------------------------------------------------------- pre-sieve */

/* Up to four patterns; pattern k repeats every period[k] bytes and is stored
 * with WINDOW_BYTES more so a window is read without wrapping. */
typedef struct {
    uint8_t *data[PRESIEVE_GROUPS_MAX];
    size_t period[PRESIEVE_GROUPS_MAX];
    size_t offset[PRESIEVE_GROUPS_MAX]; /* where the next window starts in each pattern */
    int count;
    uint32_t largest; /* the largest pre-sieved prime */
} presieve;

static const uint32_t PRESIEVE_GROUPS[PRESIEVE_GROUPS_MAX][5] = {
    {7, 11, 13, 17, 0}, {19, 23, 29, 0, 0}, {31, 37, 41, 0, 0}, {43, 47, 53, 0, 0}};

static int presieve_init(presieve *ps, int groups, uint64_t first_byte) {
    memset(ps, 0, sizeof *ps);
    for (int g = 0; g < groups; g++) {
        size_t period = 1;
        for (int k = 0; k < 5 && PRESIEVE_GROUPS[g][k]; k++) period *= PRESIEVE_GROUPS[g][k];
        size_t length = period + WINDOW_BYTES;
        uint8_t *data = malloc(length);
        if (!data) {
            for (int k = 0; k < g; k++) free(ps->data[k]);
            return 0;
        }
        memset(data, 0xFF, length);
        for (int k = 0; k < 5 && PRESIEVE_GROUPS[g][k]; k++) {
            uint32_t q = PRESIEVE_GROUPS[g][k];
            /* Start at q*1 = q*(30*(-1) + 31): the turn at byte -q, multiplier 31. */
            sieving_prime sp = {q, 7, -(int64_t)q};
            cross_off(data, (int64_t)length, &sp);
            ps->largest = q;
        }
        ps->data[g] = data;
        ps->period[g] = period;
        ps->offset[g] = (size_t)(first_byte % period);
    }
    ps->count = groups;
    return 1;
}

static void presieve_free(presieve *ps) {
    for (int g = 0; g < ps->count; g++) free(ps->data[g]);
}

/* window[0, n) from the patterns (n <= WINDOW_BYTES); advances the offsets. */
static void presieve_fill(presieve *ps, uint8_t *window, size_t n) {
    const uint8_t *a = ps->data[0] + ps->offset[0];
    if (ps->count == PRESIEVE_GROUPS_MAX) {
        const uint8_t *b = ps->data[1] + ps->offset[1], *c = ps->data[2] + ps->offset[2],
                      *d = ps->data[3] + ps->offset[3];
        for (size_t i = 0; i < n; i++) window[i] = (uint8_t)(a[i] & b[i] & c[i] & d[i]);
    } else {
        memcpy(window, a, n);
        for (int g = 1; g < ps->count; g++) {
            const uint8_t *b = ps->data[g] + ps->offset[g];
            for (size_t i = 0; i < n; i++) window[i] &= b[i];
        }
    }
    for (int g = 0; g < ps->count; g++) ps->offset[g] = (ps->offset[g] + n) % ps->period[g];
}

/* --------------------------------------------------------- stored primes */

/* Odd-only sieve of Eratosthenes: the primes in (after, limit] in order
 * (limit <= STORED_PRIME_LIMIT). */
static gs_status stored_primes(uint64_t after, uint64_t limit, uint32_t **out, size_t *count) {
    *out = NULL;
    *count = 0;
    if (limit <= after) return GS_OK;
    size_t half = (size_t)(limit / 2) + 1; /* index i stands for 2i + 1 */
    uint8_t *composite = calloc(half, 1);
    /* pi(x) < 1.26 x / ln x; x / 2 is a simple cover for x >= 17. */
    uint32_t *primes = malloc(sizeof *primes * (half / 2 + 16));
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
    for (size_t i = (size_t)(after / 2) + 1; i < half; i++) {
        uint64_t v = 2 * i + 1;
        if (v > limit) break;
        if (v > after && !composite[i]) primes[n++] = (uint32_t)v;
    }
    free(composite);
    *out = primes;
    *count = n;
    return GS_OK;
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

/* ------------------------------------------------------------ streamed tier */

/* The inner walk for base primes above STORED_PRIME_LIMIT: each prime it
 * finds files its multiples in the outer chunk under the chunk's region where
 * they fall; a region's bin is applied when full. Clearing them directly was
 * a cache miss per multiple (a chunk is 32 MiB), 80% of the time near 2^64;
 * a full bin touches its region's lines several times each, in a tight loop. */
typedef struct {
    uint8_t *chunk;
    uint64_t low;      /* the chunk's first number, 30 * its first byte */
    double low_double; /* the same, converted once */
    uint64_t span;     /* numbers the chunk covers */
    uint32_t *bins;    /* region r: bins[r * BIN_CAPACITY ...], (byte in region) << 8 | mask */
    uint32_t *filled;  /* entries in each bin */
    size_t nregions;
} streaming_target;

static void flush_bin(streaming_target *t, size_t region) {
    uint8_t *base = t->chunk + region * REGION_BYTES;
    const uint32_t *e = t->bins + region * BIN_CAPACITY;
    for (uint32_t k = 0, n = t->filled[region]; k < n; k++)
        base[e[k] >> 8] &= (uint8_t)e[k];
    t->filled[region] = 0;
}

/* Index j in Q_CYCLE of a residue coprime to 30 (1 is 31, index 7). */
static const uint8_t J_OF_RESIDUE[30] = {0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0,
                                         0, 0, 3, 0, 4, 0, 0, 0, 5, 0, 0, 0, 0, 0, 6};

/* Files the multiples of p in the chunk, the first at distance d from low
 * (p * q with q the quotient, not yet >= p nor coprime to 30). */
static void file_streamed(streaming_target *t, uint64_t p, uint64_t q, uint64_t d) {
    if (q < p) {
        d += (p - q) * p;
        q = p;
    }
    unsigned delta = NEXT_COPRIME_DELTA[q % 30];
    d += delta * p;
    if (d >= t->span) return;
    /* From here the byte wheel, as for medium primes: no division per multiple. */
    const uint64_t a = p / 30;
    const unsigned ri = BIT_OF_RESIDUE[p % 30];
    const uint8_t *clear = CLEAR_TABLE[ri], *step = STEP_CARRY_TABLE[ri];
    unsigned j = J_OF_RESIDUE[(q + delta) % 30];
    const uint64_t nbytes = t->span / 30;
    for (uint64_t byte = d / 30; byte < nbytes; j = (j + 1) & 7) {
        size_t region = (size_t)(byte / REGION_BYTES);
        uint32_t n = t->filled[region];
        t->bins[region * BIN_CAPACITY + n] = (uint32_t)((byte % REGION_BYTES) << 8 | clear[j]);
        t->filled[region] = ++n;
        if (n == BIN_CAPACITY) flush_bin(t, region);
        byte += a * Q_STEP[j] + step[j];
    }
}

static int cross_off_streamed(void *context, const uint8_t *segment, uint64_t first_byte,
                              size_t nbytes) {
    streaming_target *t = context;
    const uint64_t low = t->low, span = t->span;
    const double low_double = t->low_double;
    for (size_t b = 0; b < nbytes; b += 8) {
        uint64_t word = 0;
        size_t len = nbytes - b < 8 ? nbytes - b : 8;
        memcpy(&word, segment + b, len);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        word = __builtin_bswap64(word);
#endif
        const uint64_t base = 30 * (first_byte + b);
        while (word) {
            int bit = __builtin_ctzll(word);
            word &= word - 1;
            const uint64_t p = base + 30 * (uint64_t)(bit >> 3) + gs__wheel_residue[bit & 7];
            /* q = floor(low / p) from a double quotient, off by at most one:
             * low / p < 2^42, so the double's relative error 2^-52 is far below 1.
             * Signed conversions: the unsigned ones branch. */
            int64_t q = (int64_t)(low_double / (double)(int64_t)p);
            int64_t r = (int64_t)(low - (uint64_t)q * p);
            if (r < 0) {
                r += (int64_t)p;
                q--;
            } else if ((uint64_t)r >= p) {
                r -= (int64_t)p;
                q++;
            }
            /* The first multiple at or after low; near 2^64 almost every p has
             * none in the chunk, and q >= p adds to the distance, never takes. */
            uint64_t d = r ? p - (uint64_t)r : 0;
            if (d >= span) continue;
            file_streamed(t, p, (uint64_t)q + (r != 0), d);
        }
    }
    return 0;
}

static int cancelled(const int *cancel) {
    return cancel && __atomic_load_n(cancel, __ATOMIC_RELAXED) != 0;
}

/* -------------------------------------------------------------------- walk */

gs_status gs__sieve_walk(uint64_t lo, uint64_t hi, const int *cancel,
                         gs__segment_visitor visit, void *context) {
    if (hi <= lo) return GS_OK;
    const uint64_t first = lo / 30, last = (hi - 1) / 30; /* inclusive byte range */
    const uint64_t total_bytes = last - first + 1;
    const uint64_t limit = gs__isqrt(hi - 1);
    const int streaming = limit > STORED_PRIME_LIMIT;
    const uint64_t stored_limit = streaming ? STORED_PRIME_LIMIT : limit;

    /* Wide ranges pre-sieve 7..53; short ones only 7..17 (a 17 KB pattern
     * built in microseconds) and cross off the rest as small primes. */
    presieve ps;
    if (!presieve_init(&ps, total_bytes >= WIDE_RANGE_BYTES ? PRESIEVE_GROUPS_MAX : 1, first))
        return GS_OUT_OF_MEMORY;

    uint32_t *base = NULL;
    size_t nbase = 0;
    gs_status status = stored_primes(ps.largest, stored_limit, &base, &nbase);
    if (status != GS_OK) {
        presieve_free(&ps);
        return status;
    }

    /* Split the stored primes into tiers; each small and medium one is placed
     * now, each big one when the walk reaches its square (or at once). */
    size_t nsmall = 0, nturns = 0, nmedium = 0, big_begin;
    while (nsmall < nbase && base[nsmall] < SMALL_LIMIT) nsmall++;
    nturns = nsmall;
    while (nturns < nbase && base[nturns] < TURNS_LIMIT) nturns++;
    nmedium = nturns;
    while (nmedium < nbase && base[nmedium] < BIG_LIMIT) nmedium++;
    big_begin = nmedium;
    sieving_prime *tiered = malloc(sizeof *tiered * (nmedium ? nmedium : 1));
    uint32_t *bins = NULL, *filled = NULL; /* streaming only */

    const size_t segment_bytes = total_bytes < SEGMENT_BYTES ? (size_t)total_bytes : SEGMENT_BYTES;
    size_t buffer_bytes = segment_bytes;
    if (streaming) buffer_bytes = total_bytes < CHUNK_BYTES ? (size_t)total_bytes : CHUNK_BYTES;
    uint8_t *buffer = malloc(buffer_bytes);

    bucket_sieve bs = {NULL, 0, (total_bytes + SEGMENT_BYTES - 1) / SEGMENT_BYTES};
    if (big_begin < nbase) {
        /* A multiple is at most 6a + 6 bytes past the previous one, and the
         * first at most 7a + 2 bytes past the walk's start. */
        uint64_t max_step = 7 * (uint64_t)(base[nbase - 1] / 30) + 8;
        bs.nslots = (size_t)(max_step / SEGMENT_BYTES) + 2;
        bs.slots = calloc(bs.nslots, sizeof *bs.slots);
    }
    if (!tiered || !buffer || (big_begin < nbase && !bs.slots)) {
        status = GS_OUT_OF_MEMORY;
        goto out;
    }
    for (size_t k = 0; k < nmedium; k++) place(&tiered[k], base[k], first);

    size_t next_big = big_begin;
    for (uint64_t c0 = first; c0 <= last;) {
        const size_t chunk_n = (last - c0 + 1 < buffer_bytes) ? (size_t)(last - c0 + 1) : buffer_bytes;
        for (size_t s0 = 0; s0 < chunk_n; s0 += SEGMENT_BYTES) {
            if (cancelled(cancel)) {
                status = GS_CANCELLED;
                goto out;
            }
            uint8_t *segment = buffer + s0;
            const uint64_t seg_first = c0 + s0; /* absolute byte */
            const size_t n = chunk_n - s0 < SEGMENT_BYTES ? chunk_n - s0 : SEGMENT_BYTES;

            /* Pre-sieve and small primes, window by window while it is in L1. */
            for (size_t w0 = 0; w0 < n; w0 += WINDOW_BYTES) {
                const size_t wn = n - w0 < WINDOW_BYTES ? n - w0 : WINDOW_BYTES;
                uint8_t *window = segment + w0;
                presieve_fill(&ps, window, wn);
                if (seg_first + w0 < 2) {
                    /* The pre-sieved primes themselves (bytes 0 and 1), not 1. */
                    for (int g = 0; g < ps.count; g++)
                        for (int k = 0; k < 5 && PRESIEVE_GROUPS[g][k]; k++) {
                            uint32_t q = PRESIEVE_GROUPS[g][k];
                            uint64_t byte = q / 30;
                            if (byte >= seg_first + w0 && byte < seg_first + w0 + wn)
                                window[byte - (seg_first + w0)] |= (uint8_t)(1u << BIT_OF_RESIDUE[q % 30]);
                        }
                    if (seg_first + w0 == 0) window[0] &= (uint8_t)~1u;
                }
                for (size_t k = 0; k < nsmall; k++) cross_off(window, (int64_t)wn, &tiered[k]);
            }
            for (size_t k = nsmall; k < nturns; k++) cross_off(segment, (int64_t)n, &tiered[k]);
            for (size_t k = nturns; k < nmedium; k++) cross_off_medium(segment, (int64_t)n, &tiered[k]);

            if (bs.slots) {
                const uint64_t s = (seg_first - first) / SEGMENT_BYTES;
                /* Big primes join when the segment reaches their first multiple. */
                const uint64_t seg_top = seg_first + n - 1 == last ? hi - 1 : 30 * (seg_first + n) - 1;
                while (next_big < nbase && (uint64_t)base[next_big] * base[next_big] <= seg_top) {
                    sieving_prime sp;
                    uint64_t p = base[next_big++];
                    place(&sp, p, first);
                    const unsigned ri = BIT_OF_RESIDUE[p % 30];
                    uint64_t offset =
                        (uint64_t)(sp.next + (int64_t)(p / 30) * Q_CYCLE[sp.j] + CARRY_TABLE[ri][sp.j]);
                    if (!bucket_file(&bs, p, offset, sp.j)) {
                        status = GS_OUT_OF_MEMORY;
                        goto out;
                    }
                }
                if (!bucket_sieve_segment(&bs, s, segment, (uint32_t)n)) {
                    status = GS_OUT_OF_MEMORY;
                    goto out;
                }
            }
        }
        if (streaming) {
            /* The chunk's last number; 30 * (last + 1) would overflow near 2^64. */
            uint64_t top = c0 + chunk_n - 1 == last ? hi - 1 : 30 * (c0 + chunk_n) - 1;
            uint64_t chunk_limit = gs__isqrt(top);
            if (chunk_limit > STORED_PRIME_LIMIT) {
                size_t nregions = (chunk_n + REGION_BYTES - 1) / REGION_BYTES;
                if (!bins) {
                    /* Sized for the first chunk, the largest. */
                    bins = malloc(sizeof *bins * nregions * BIN_CAPACITY);
                    filled = calloc(nregions, sizeof *filled);
                    if (!bins || !filled) {
                        status = GS_OUT_OF_MEMORY;
                        goto out;
                    }
                }
                streaming_target target = {buffer, 30 * c0, (double)(30 * c0), 30 * (uint64_t)chunk_n,
                                           bins, filled, nregions};
                status = gs__sieve_walk(STORED_PRIME_LIMIT + 1, chunk_limit + 1, cancel,
                                        cross_off_streamed, &target);
                if (status != GS_OK) goto out;
                for (size_t region = 0; region < nregions; region++) flush_bin(&target, region);
            }
        }
        /* Mask the numbers outside [lo, hi) in the first and last bytes. */
        if (c0 == first) {
            unsigned below = (unsigned)(lo % 30);
            for (int bit = 0; bit < 8; bit++)
                if (gs__wheel_residue[bit] < below) buffer[0] &= (uint8_t)~(1u << bit);
        }
        if (c0 + chunk_n - 1 == last) {
            unsigned end = (unsigned)((hi - 1) % 30) + 1; /* residues >= end are >= hi */
            for (int bit = 0; bit < 8; bit++)
                if (gs__wheel_residue[bit] >= end) buffer[chunk_n - 1] &= (uint8_t)~(1u << bit);
        }
        if (visit(context, buffer, c0, chunk_n)) break;
        c0 += chunk_n;
    }
out:
    free(bins);
    free(filled);
    bucket_sieve_free(&bs);
    free(buffer);
    free(tiered);
    free(base);
    presieve_free(&ps);
    return status;
}
