/* sieve_streamed.c — the streamed tier: sieving primes above
 * STORED_PRIME_LIMIT (only when hi > 2^44), too many to keep with their
 * state. They are generated in order once per chunk of up to CHUNK_BYTES (a
 * billion numbers) by the small sieve of sieve_sieving_primes.c, not by the
 * walk, which calls this tier; their multiples are cleared in the chunk.
 * Near 2^64 nearly all of the ~2 * 10^8 primes up to 2^32 have no multiple in
 * a chunk; a floating-point quotient rules each out without a 64-bit division.
 *
 * The multiples are not cleared one by one: each is filed in a bin for the
 * chunk's region where it falls, and a region's bin is applied when full.
 * Clearing them directly was a cache miss per multiple (a chunk is 32 MiB),
 * most of the time near 2^64; a full bin touches its region's lines several
 * times each, in a tight loop. */
#include "isqrt.h"
#include "sieve_tiers.h"

#include <stdlib.h>
#include <string.h>

enum {
    REGION_BYTES = 128 * 1024, /* multiples binned per region of the chunk */
    BIN_CAPACITY = 8192,       /* entries per region's bin (32 KiB) */
};

/* The chunk the inner walk's primes cross off in. */
typedef struct {
    uint8_t *chunk;
    uint64_t low;      /* the chunk's first number, 30 * its first byte */
    double low_double; /* the same, converted once */
    uint64_t span;     /* numbers the chunk covers */
    uint32_t *bins;    /* region r: bins[r * BIN_CAPACITY ...], (byte in region) << 8 | mask */
    uint32_t *filled;  /* entries in each bin */
    size_t nregions;
} streaming_target;

/* For q = residue r mod 30 (r may be anything): the distance to the next q' >= q
 * coprime to 30. */
static const uint8_t NEXT_COPRIME_DELTA[30] = {1, 0, 5, 4, 3, 2, 1, 0, 3, 2, 1, 0, 1, 0, 3,
                                               2, 1, 0, 1, 0, 3, 2, 1, 0, 5, 4, 3, 2, 1, 0};
/* Index j in Q_CYCLE of a residue coprime to 30 (1 is 31 of the previous turn, index 7). */
static const uint8_t J_OF_RESIDUE[30] = {0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0,
                                         0, 0, 3, 0, 4, 0, 0, 0, 5, 0, 0, 0, 0, 0, 6};

static void flush_bin(streaming_target *t, size_t region) {
    uint8_t *base = t->chunk + region * REGION_BYTES;
    const uint32_t *e = t->bins + region * BIN_CAPACITY;
    for (uint32_t k = 0, n = t->filled[region]; k < n; k++)
        base[e[k] >> 8] &= (uint8_t)e[k];
    t->filled[region] = 0;
}

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
    /* From here the byte wheel, as in the sparse tier: no division per multiple. */
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

/* The inner walk's visitor: each prime of its segment files its multiples. */
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

gs_status gs__streamed_sieve_chunk(streamed_tier *st, uint8_t *chunk, uint64_t first_byte, size_t nbytes,
                                   uint64_t top, const int *cancel) {
    uint64_t limit = gs__isqrt(top);
    if (limit <= STORED_PRIME_LIMIT) return GS_OK;
    size_t nregions = (nbytes + REGION_BYTES - 1) / REGION_BYTES;
    if (!st->bins) {
        /* Sized for the first chunk, the largest. */
        st->bins = malloc(sizeof *st->bins * nregions * BIN_CAPACITY);
        st->filled = calloc(nregions, sizeof *st->filled);
    }
    if (!st->bins || !st->filled) return GS_OUT_OF_MEMORY;
    streaming_target target = {chunk, 30 * first_byte, (double)(30 * first_byte), 30 * (uint64_t)nbytes,
                               st->bins, st->filled, nregions};
    gs_status status = gs__sieving_primes_walk(STORED_PRIME_LIMIT + 1, limit + 1, cancel, cross_off_streamed, &target);
    if (status != GS_OK) return status;
    for (size_t region = 0; region < nregions; region++) flush_bin(&target, region);
    return GS_OK;
}

void gs__streamed_free(streamed_tier *st) {
    free(st->bins);
    free(st->filled);
    st->bins = st->filled = NULL;
}
