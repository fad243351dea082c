/* sieve_sieving_primes.c — the sieving primes, the bottom of the sieve: the
 * stored primes that the walk in sieve.c places in its tiers, and the
 * streamed tier's primes above them, which a small sieve of this file's own
 * generates. It calls only the pre-sieve and the small tier's loop, never the
 * walk, so the walk and the tiers depend on it and the dependencies run one
 * way (primesieve's SievingPrimes is likewise a sieve of its own). */
#include "isqrt.h"
#include "sieve_tiers.h"

#include <stdlib.h>

const uint8_t gs__wheel_residue[8] = {1, 7, 11, 13, 17, 19, 23, 29};

/* An odd-only sieve of Eratosthenes: the stored primes go up to 2^22 only. */
gs_status gs__stored_primes(uint64_t after, uint64_t limit, uint32_t **out, size_t *count) {
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

void gs__mask_ends(uint8_t *bytes, size_t n, uint64_t first_byte, uint64_t lo, uint64_t hi) {
    if (first_byte == lo / 30) {
        unsigned below = (unsigned)(lo % 30);
        for (int bit = 0; bit < 8; bit++)
            if (gs__wheel_residue[bit] < below) bytes[0] &= (uint8_t)~(1u << bit);
    }
    if (first_byte + n - 1 == (hi - 1) / 30) {
        unsigned end = (unsigned)((hi - 1) % 30) + 1; /* residues >= end are >= hi */
        for (int bit = 0; bit < 8; bit++)
            if (gs__wheel_residue[bit] >= end) bytes[n - 1] &= (uint8_t)~(1u << bit);
    }
}

/* One segment (absolute byte seg_first, n bytes): the small primes[0, small)
 * per L1 window, as the walk does; the rest, below 2^16 and so the walk's
 * medium primes, over the whole segment with the same loop. */
static void sieve_segment(presieve *ps, sieving_prime *primes, size_t small, size_t count,
                          uint8_t *segment, uint64_t seg_first, size_t n) {
    for (size_t w0 = 0; w0 < n; w0 += WINDOW_BYTES) {
        const size_t wn = n - w0 < WINDOW_BYTES ? n - w0 : WINDOW_BYTES;
        gs__presieve_fill(ps, segment + w0, wn, seg_first + w0);
        gs__cross_off_turns(segment + w0, (int64_t)wn, primes, small);
    }
    gs__cross_off_turns(segment, (int64_t)n, primes + small, count - small);
}

gs_status gs__sieving_primes_walk(uint64_t lo, uint64_t hi, const int *cancel,
                                  gs__segment_visitor visit, void *context) {
    if (hi <= lo) return GS_OK;
    const uint64_t first = lo / 30, last = (hi - 1) / 30, total_bytes = last - first + 1;
    presieve ps;
    if (!gs__presieve_init(&ps, total_bytes >= WIDE_RANGE_BYTES ? PRESIEVE_GROUPS_MAX : 1, first))
        return GS_OUT_OF_MEMORY;
    uint32_t *base;
    size_t nbase, small = 0;
    gs_status status = gs__stored_primes(ps.largest, gs__isqrt(hi - 1), &base, &nbase);
    sieving_prime *primes = malloc(sizeof *primes * (nbase ? nbase : 1));
    const size_t segment_bytes = (size_t)(total_bytes < SEGMENT_BYTES ? total_bytes : SEGMENT_BYTES);
    uint8_t *segment = malloc(segment_bytes);
    if (status == GS_OK && (!primes || !segment)) status = GS_OUT_OF_MEMORY;
    if (status == GS_OK) {
        while (small < nbase && base[small] < SMALL_LIMIT) small++;
        for (size_t k = 0; k < nbase; k++) place(&primes[k], base[k], first);
    }
    for (uint64_t s0 = first; status == GS_OK && s0 <= last;) {
        if (cancelled(cancel)) {
            status = GS_CANCELLED;
            break;
        }
        const size_t n = last - s0 + 1 < segment_bytes ? (size_t)(last - s0 + 1) : segment_bytes;
        sieve_segment(&ps, primes, small, nbase, segment, s0, n);
        gs__mask_ends(segment, n, s0, lo, hi);
        if (visit(context, segment, s0, n)) break;
        s0 += n;
    }
    free(segment);
    free(primes);
    free(base);
    gs__presieve_free(&ps);
    return status;
}
