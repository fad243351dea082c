/* sieve.c — internal: the segmented sieve of Eratosthenes on a mod-30 wheel,
 * and its walk over the tiers of sieving primes.
 *
 * Why this shape: a mod-30 wheel keeps 8 of every 30 numbers (one byte per
 * 30; sieve_wheel.h), and each tier of sieving primes gets the loop and the
 * cache level that suit it, in a file of its own (the organisation of
 * primesieve's EratSmall, EratMedium and EratBig; this code is our own). The
 * walk takes the range a chunk at a time, a chunk a segment at a time:
 *
 *   pre-sieve  7..53 (sieve_presieve.c): each L1 window starts as the AND of
 *              periodic patterns with their multiples already cleared;
 *   small      p < SMALL_LIMIT (sieve_small.c): crossed off in that window,
 *              a whole wheel turn per step, 8 stores with constant masks;
 *   medium     p < MEDIUM_LIMIT (sieve_small.c): the same loop over the whole
 *              L2 segment;
 *   sparse     p < SPARSE_LIMIT (sieve_sparse.c): a few multiples per segment,
 *              stepped one by one;
 *   big        the rest of the stored primes (sieve_big.c): kept in buckets,
 *              one list per coming segment;
 *   streamed   p > STORED_PRIME_LIMIT, only when hi > 2^44 (sieve_streamed.c):
 *              generated once per chunk by the small sieve of
 *              sieve_sieving_primes.c and applied to the whole chunk;
 *
 * then the numbers outside [lo, hi) are masked and the chunk goes to the
 * visitor (count_primes.c counts it, first_primes.c collects it). The stored
 * primes come from sieve_sieving_primes.c too, which calls no tier but the
 * pre-sieve and the small one, so that nothing calls back into this walk.
 *
 * Memory: the stored primes (O(sqrt(hi) / log hi), capped at 2^22), the
 * segment or chunk, the patterns; nothing global, so every call is reentrant. */
#include "isqrt.h"
#include "sieve_tiers.h"

#include <stdlib.h>
#include <string.h>

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

/* -------------------------------------------------------------------- walk */

/* One walk over [lo, hi): its bytes, its tiers and its buffer. */
typedef struct {
    uint64_t lo, hi, first, last; /* [lo, hi) and its bytes [first, last] */
    const int *cancel;
    presieve ps;
    uint32_t *base; /* the stored sieving primes, ascending */
    size_t nbase;
    sieving_prime *tiered; /* base[0, sparse_end), placed: small, then medium, then sparse */
    size_t small_end, medium_end, sparse_end;
    big_tier big; /* base[sparse_end, nbase) */
    int streaming;
    streamed_tier streamed;
    uint8_t *buffer; /* a segment, or a chunk of segments when streaming */
    size_t buffer_bytes;
} walk;

static void split_tiers(walk *w) {
    size_t k = 0;
    while (k < w->nbase && w->base[k] < SMALL_LIMIT) k++;
    w->small_end = k;
    while (k < w->nbase && w->base[k] < MEDIUM_LIMIT) k++;
    w->medium_end = k;
    while (k < w->nbase && w->base[k] < SPARSE_LIMIT) k++;
    w->sparse_end = k;
}

/* Everything a walk needs before its first segment; on failure the walk is
 * still safe to free. The big primes are placed later, as the walk reaches
 * their squares; the others now. */
static gs_status walk_init(walk *w, uint64_t lo, uint64_t hi, const int *cancel) {
    *w = (walk){.lo = lo, .hi = hi, .first = lo / 30, .last = (hi - 1) / 30, .cancel = cancel};
    const uint64_t total_bytes = w->last - w->first + 1;
    const uint64_t limit = gs__isqrt(hi - 1);
    w->streaming = limit > STORED_PRIME_LIMIT;
    /* Wide ranges pre-sieve 7..53; short ones only 7..17. */
    if (!gs__presieve_init(&w->ps, total_bytes >= WIDE_RANGE_BYTES ? PRESIEVE_GROUPS_MAX : 1, w->first))
        return GS_OUT_OF_MEMORY;
    gs_status status = gs__stored_primes(w->ps.largest, w->streaming ? STORED_PRIME_LIMIT : limit, &w->base, &w->nbase);
    if (status != GS_OK) return status;
    split_tiers(w);
    w->tiered = malloc(sizeof *w->tiered * (w->sparse_end ? w->sparse_end : 1));
    const uint64_t buffer_max = w->streaming ? CHUNK_BYTES : SEGMENT_BYTES;
    w->buffer_bytes = (size_t)(total_bytes < buffer_max ? total_bytes : buffer_max);
    w->buffer = malloc(w->buffer_bytes);
    int big = gs__big_tier_init(&w->big, w->base + w->sparse_end, w->nbase - w->sparse_end, w->first, total_bytes);
    if (!w->tiered || !w->buffer || !big) return GS_OUT_OF_MEMORY;
    for (size_t k = 0; k < w->sparse_end; k++) place(&w->tiered[k], w->base[k], w->first);
    return GS_OK;
}

static void walk_free(walk *w) {
    gs__streamed_free(&w->streamed);
    gs__big_tier_free(&w->big);
    free(w->buffer);
    free(w->tiered);
    free(w->base);
    gs__presieve_free(&w->ps);
}

/* The last number of the bytes up to `byte` (inclusive); 30 * (byte + 1) - 1
 * would overflow in the walk's last byte near 2^64. */
static uint64_t top_number(const walk *w, uint64_t byte) {
    return byte == w->last ? w->hi - 1 : 30 * (byte + 1) - 1;
}

/* One segment (absolute byte seg_first, n bytes) through every stored tier.
 * 0 when out of memory. */
static int sieve_segment(walk *w, uint8_t *segment, uint64_t seg_first, size_t n) {
    for (size_t w0 = 0; w0 < n; w0 += WINDOW_BYTES) {
        const size_t wn = n - w0 < WINDOW_BYTES ? n - w0 : WINDOW_BYTES;
        gs__presieve_fill(&w->ps, segment + w0, wn, seg_first + w0);
        gs__cross_off_turns(segment + w0, (int64_t)wn, w->tiered, w->small_end);
    }
    gs__cross_off_turns(segment, (int64_t)n, w->tiered + w->small_end, w->medium_end - w->small_end);
    gs__cross_off_sparse(segment, (int64_t)n, w->tiered + w->medium_end, w->sparse_end - w->medium_end);
    return gs__big_tier_sieve(&w->big, segment, seg_first, (uint32_t)n, top_number(w, seg_first + n - 1));
}

/* The chunk at absolute byte c0 (chunk_n bytes) into the buffer, sieved. */
static gs_status sieve_chunk(walk *w, uint64_t c0, size_t chunk_n) {
    for (size_t s0 = 0; s0 < chunk_n; s0 += SEGMENT_BYTES) {
        if (cancelled(w->cancel)) return GS_CANCELLED;
        const size_t n = chunk_n - s0 < SEGMENT_BYTES ? chunk_n - s0 : SEGMENT_BYTES;
        if (!sieve_segment(w, w->buffer + s0, c0 + s0, n)) return GS_OUT_OF_MEMORY;
    }
    if (w->streaming) {
        gs_status status = gs__streamed_sieve_chunk(&w->streamed, w->buffer, c0, chunk_n,
                                                     top_number(w, c0 + chunk_n - 1), w->cancel);
        if (status != GS_OK) return status;
    }
    gs__mask_ends(w->buffer, chunk_n, c0, w->lo, w->hi);
    return GS_OK;
}

gs_status gs__sieve_walk(uint64_t lo, uint64_t hi, const int *cancel,
                         gs__segment_visitor visit, void *context) {
    if (hi <= lo) return GS_OK;
    walk w;
    gs_status status = walk_init(&w, lo, hi, cancel);
    for (uint64_t c0 = w.first; status == GS_OK && c0 <= w.last;) {
        const size_t chunk_n = w.last - c0 + 1 < w.buffer_bytes ? (size_t)(w.last - c0 + 1) : w.buffer_bytes;
        status = sieve_chunk(&w, c0, chunk_n);
        if (status != GS_OK || visit(context, w.buffer, c0, chunk_n)) break;
        c0 += chunk_n;
    }
    walk_free(&w);
    return status;
}
